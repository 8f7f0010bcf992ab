import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { ApiError } from '../shared/api.ts';

/**
 * Put the server's field errors next to the fields they belong to. The server names fields like
 * `body.username`; the form's names are the part after the location. Returns true when at least
 * one field matched (the caller then skips the generic message).
 */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  /** Contract fields shown by another form field (e.g. activeFrom/activeUntil by one range picker). */
  aliases: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const fields = error.fieldIssues
    .map((i) => {
      const name = i.field.replace(/^(body|querystring|params)\./, '');
      return { name: aliases[name] ?? name, errors: [i.message] };
    })
    .filter((f) => known.has(f.name.split('.')[0] ?? ''));
  if (fields.length === 0) return false;
  // `basic.members.0.idCard` → ['basic', 'members', 0, 'idCard']: a Form.List row's path has number indexes.
  const path = (name: string) => name.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  form.setFields(fields.map((f) => ({ name: path(f.name), errors: f.errors })));
  return true;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后再试';
}

/**
 * The range of a number field, said in words. InputNumber's own min/max would silently change a
 * typed −5 into 0 on blur; the field keeps what was typed and the form says what is allowed.
 */
export function numberRange(t: TFunction, field: string, min: number, max: number) {
  return {
    type: 'number' as const,
    min,
    max,
    message: t('msg.range', { field, min: min.toLocaleString('zh-CN'), max: max.toLocaleString('zh-CN') }),
  };
}

/**
 * Enter in a date picker confirms the date, and in a number field ends the number; the browser would
 * also submit the form (implicit submission): a half-filled form flagged all over, or a request sent
 * with a quantity nobody checked. Forms are sent with their buttons. Installed once for the console.
 */
export function keepEnterInFields(doc: Document): void {
  doc.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.isComposing) return;
    const target = e.target;
    if (!(target instanceof HTMLInputElement) || !target.form) return;
    if (target.closest('.ant-picker, .ant-input-number')) e.preventDefault();
  });
}

/**
 * A dialog opens with the cursor in its first field, so a cadre can type at once (the dialog itself
 * would take the focus, and Tab would go to its × first). Date pickers are passed over: focusing one
 * opens its calendar. A dialog whose first field is usually preset (新建下级组织's type) marks the field
 * to start in with `data-autofocus`; a click inside an open dialog is left alone. Installed once for
 * the console.
 */
export function focusFirstFieldOnOpen(doc: Document): void {
  let pressed: { at: number; target: EventTarget | null } = { at: 0, target: null };
  doc.addEventListener(
    'pointerdown',
    (e) => {
      pressed = { at: Date.now(), target: e.target };
    },
    true,
  );
  doc.addEventListener('focusin', (e) => {
    const target = e.target;
    if (!(target instanceof HTMLElement)) return;
    const dialog = target.closest<HTMLElement>('.ant-modal');
    // Focus arriving from outside onto the dialog box or its × is the dialog opening (its focus
    // lock takes the first thing it can); Tab and Shift+Tab inside the dialog are left alone.
    if (!dialog || !(target === dialog || target.matches('.ant-modal-close'))) return;
    if (e.relatedTarget instanceof Node && dialog.contains(e.relatedTarget)) return;
    if (pressed.target instanceof Node && dialog.contains(pressed.target) && Date.now() - pressed.at < 1000)
      return;
    const usable = (el: HTMLElement) => !(el as HTMLInputElement).disabled && el.getClientRects().length > 0;
    const marked = dialog.querySelector<HTMLElement>('.ant-modal-body [data-autofocus]');
    if (marked && usable(marked)) {
      marked.focus({ preventScroll: true });
      return;
    }
    const field = [
      ...dialog.querySelectorAll<HTMLElement>(
        '.ant-modal-body :is(input:not([type="hidden"]), textarea, [role="combobox"])',
      ),
    ].find(
      (el) =>
        !el.closest('.ant-picker') &&
        usable(el) &&
        // A select's search box is read-only when it cannot search, and still the field to start in.
        (!(el as HTMLInputElement).readOnly || el.getAttribute('role') === 'combobox'),
    );
    field?.focus({ preventScroll: true });
  });
}

/**
 * A day that cannot be in the future (a record of what happened) or in the past (a deadline), said at
 * the field. A picker's disabledDate would silently put back a typed date it refuses.
 */
export function dayNotAfterToday(t: TFunction, field: string) {
  return {
    validator: async (_: unknown, v?: Dayjs | null) => {
      if (v?.isAfter(dayjs(), 'day')) throw new Error(t('msg.dayFuture', { field }));
    },
  };
}

export function dayNotBeforeToday(t: TFunction, field: string) {
  return {
    validator: async (_: unknown, v?: Dayjs | null) => {
      if (v?.isBefore(dayjs(), 'day')) throw new Error(t('msg.dayPast', { field }));
    },
  };
}

/**
 * How many times a dialog has opened. A dialog keys its body with it, so each opening gets a new
 * useForm store: the store outlives the dialog's content (destroyOnHidden unmounts the fields, not the
 * store), so a second opening showed what the first had left — edit, save, edit again, and the form
 * held the values from before the save (saving again put them back).
 */
export function useOpenings(open: boolean): number {
  const [openings, setOpenings] = useState(open ? 1 : 0);
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOpenings(openings + 1);
  }
  return openings;
}
