import { useQuery } from '@tanstack/react-query';
import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import type { TArchive, TArchiveQr, TMyProgressStep } from '../../../../shared/hardship.ts';
import { checkIdCard, type IdCardProblem } from '../../../../shared/idcard.ts';
import { api } from '../../../shared/api.ts';

/** The worker's own applications and archives (masked), newest first. */
export const myArchivesKey = ['hardship', 'my', 'archives'] as const;

export function useMyArchives(enabled = true) {
  return useQuery({
    queryKey: myArchivesKey,
    queryFn: () => api.get<{ items: TArchive[] }>('/api/v1/hardship/my/archives'),
    enabled,
    staleTime: 30_000,
  });
}

export function useMyProgress(id: number) {
  return useQuery({
    queryKey: ['hardship', 'my', 'progress', id],
    queryFn: () => api.get<{ items: TMyProgressStep[] }>(`/api/v1/hardship/my/archives/${id}/progress`),
    staleTime: 30_000,
  });
}

/** The worker's personal QR code (URL and server-made SVG) of their own filed archive. */
export function useMyQr(id: number) {
  return useQuery({
    queryKey: ['hardship', 'my', 'qr', id],
    queryFn: () => api.get<TArchiveQr>(`/api/v1/hardship/my/archives/${id}/qr`),
    staleTime: 60_000,
  });
}

/** States in which the platform counts the archive as active (one per ID number). */
export const isActive = (a: Pick<TArchive, 'state'>) => a.state !== 'rejected' && a.state !== 'exited';

/** Chip tone per state. */
export function stateTone(state: TArchive['state']): string {
  if (state === 'filed') return 'is-filed';
  if (state === 'rejected') return 'is-rejected';
  if (state === 'exited') return 'is-exited';
  return 'is-pending';
}

/** Fen (the server's unit) to a yuan figure for formatYuan. */
export const fenToYuan = (fen: number) => fen / 100;

/** What is wrong with a typed ID number (the server's own check), or null. */
export function idCardProblem(raw: string): 'required' | IdCardProblem | null {
  if (!raw.trim()) return 'required';
  const check = checkIdCard(raw);
  return check.ok ? null : check.problem;
}

interface BaseProps {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
}

function Describe({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {error ? (
        <p className="h5-field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="h5-field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </>
  );
}

const describedBy = (id: string, error?: string, hint?: ReactNode) =>
  [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

/** A native <select>: the phone's own picker, big and familiar. */
export function SelectField({
  id,
  label,
  error,
  hint,
  value,
  onValue,
  options,
  placeholder,
  required,
  ...rest
}: BaseProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> & {
    value: string;
    onValue: (v: string) => void;
    options: { value: string; label: string }[];
    placeholder: string;
  }) {
  return (
    <div className={`h5-field${error ? ' is-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <RequiredMark /> : null}
      </label>
      <div className="h5-input-row h5-select-row">
        <select
          {...rest}
          id={id}
          name={id}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-required={required || undefined}
          aria-describedby={describedBy(id, error, hint)}
        >
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <Describe id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  error,
  hint,
  value,
  onValue,
  ...rest
}: BaseProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange'> & {
    value: string;
    onValue: (v: string) => void;
  }) {
  return (
    <div className={`h5-field${error ? ' is-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        {...rest}
        id={id}
        name={id}
        className="h5-textarea"
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
      />
      <Describe id={id} error={error} hint={hint} />
    </div>
  );
}

/** The red asterisk of a required field; screen readers hear "required" from aria-required. */
export function RequiredMark() {
  return (
    <span className="h5-req" aria-hidden="true">
      {' '}
      *
    </span>
  );
}
