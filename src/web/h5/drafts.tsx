import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../shared/session.ts';

/**
 * Drafts of the H5 forms: what a worker typed survives 返回, a reload or a phone that drops the page
 * (cheap phones do), until they submit or 清空. Kept in sessionStorage under the account's id, so it
 * goes with the tab and at 退出登录, and never reaches another account on a shared phone.
 */
const PREFIX = 'niangjia.draft.';
const DISCARD = 'niangjia-draft-discard';

const storage = (): Storage | null => {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage can be refused (private mode, policies): the form then simply has no draft.
    return null;
  }
};

const formKey = (owner: string, form: string) => `${PREFIX}${owner}.${form}.`;

function keysOf(prefix: string): string[] {
  const s = storage();
  if (!s) return [];
  const found: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(prefix)) found.push(k);
  }
  return found;
}

function read<T>(key: string): T | undefined {
  const raw = storage()?.getItem(key);
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

function useOwner(): string {
  const me = useMe().data;
  return me ? String(me.user.id) : 'guest';
}

/**
 * `useState` that is also saved as part of the draft of `form`. The `initial` value of the first render is
 * what 清空 goes back to. Values must survive JSON (no File: photos are chosen again).
 */
export function useDraft<T>(
  form: string,
  field: string,
  initial: T,
  /** Fields of an object value never written to the phone (an ID number): they start blank again. */
  omit: readonly (keyof T)[] = [],
): [T, Dispatch<SetStateAction<T>>] {
  const key = formKey(useOwner(), form) + field;
  const first = useRef(initial);
  const [value, setValue] = useState<T>(() => {
    const saved = read<T>(key);
    if (saved === undefined) return initial;
    return omit.length ? { ...initial, ...saved } : saved;
  });
  const touched = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `omit` is a fixed list for a form
  useEffect(() => {
    // Only what the worker changed is a draft; the starting values are not saved.
    if (!touched.current) return;
    try {
      let kept: unknown = value;
      if (omit.length) {
        const copy = { ...value };
        for (const f of omit) delete copy[f];
        kept = copy;
      }
      storage()?.setItem(key, JSON.stringify(kept));
    } catch {
      // Full or refused storage: keep working without the draft.
    }
  }, [key, value]);
  useEffect(() => {
    const reset = (e: Event) => {
      if ((e as CustomEvent<string>).detail === form) {
        touched.current = false;
        setValue(first.current);
      }
    };
    window.addEventListener(DISCARD, reset);
    return () => window.removeEventListener(DISCARD, reset);
  }, [form]);
  const set: Dispatch<SetStateAction<T>> = useCallback((next) => {
    touched.current = true;
    setValue(next);
  }, []);
  return [value, set];
}

/**
 * The draft of `form` as a whole: whether the page opened on a restored draft, `discard` (清空: the fields go
 * back to their starting values) and `done` (after a successful submit).
 */
export function useDraftForm(form: string) {
  const prefix = formKey(useOwner(), form);
  const [restored, setRestored] = useState(() => keysOf(prefix).length > 0);
  const clear = useCallback(() => {
    for (const k of keysOf(prefix)) storage()?.removeItem(k);
  }, [prefix]);
  const discard = useCallback(() => {
    clear();
    setRestored(false);
    window.dispatchEvent(new CustomEvent(DISCARD, { detail: form }));
  }, [clear, form]);
  return { restored, discard, done: clear };
}

/** Every draft of this tab (at 退出登录: the next person on the phone must not find them). */
export function forgetDrafts() {
  for (const k of keysOf(PREFIX)) storage()?.removeItem(k);
}

/** The notice at the top of a form that opened on a restored draft, with 清空重填. */
export function DraftNotice({
  draft,
  unsaved,
}: {
  draft: { restored: boolean; discard: () => void };
  /** What the draft did not keep, to be filled in again. */
  unsaved?: string;
}) {
  const { t } = useTranslation();
  if (!draft.restored) return null;
  return (
    <div className="h5-alert h5-alert-info h5-draft" role="status" data-testid="h5-draft-restored">
      <p className="h5-alert-body">
        {t('draft.restored')}{' '}
        <button type="button" className="h5-link-button" onClick={draft.discard}>
          {t('draft.discard')}
        </button>
      </p>
      {unsaved ? <p className="h5-alert-body">{unsaved}</p> : null}
    </div>
  );
}
