import { type InputHTMLAttributes, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TMe } from '../../shared/auth.ts';
import { changeLanguage, type Language, languages } from '../shared/i18n.ts';
import { useMe } from '../shared/session.ts';
import { IconBack, IconEye, IconEyeOff } from './icons.tsx';

/** Sets the document title (WeChat shows it in its top bar). */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : t('ui.title');
  }, [title, app, t]);
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'>;

interface FieldProps extends InputProps {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  /** Something next to the input, e.g. the send-code button. */
  addon?: ReactNode;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function TextField({
  id,
  name,
  label,
  value,
  onValue,
  error,
  hint,
  addon,
  className,
  ...rest
}: FieldProps) {
  // A hint that only repeats the error (e.g. the password rule) is not shown twice.
  const showHint = hint && !(error && hint === error);
  const hintId = showHint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`h5-field${error ? ' is-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="h5-input-row">
        <input
          {...rest}
          id={id}
          name={name ?? id}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        />
        {addon}
      </div>
      {error ? (
        <p className="h5-field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {showHint ? (
        <p className="h5-field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A password input with a show / hide toggle. */
export function PasswordField(props: Omit<FieldProps, 'type' | 'addon'>) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <TextField
      {...props}
      className={props.className ? `has-eye ${props.className}` : 'has-eye'}
      type={shown ? 'text' : 'password'}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      addon={
        <button
          type="button"
          className="h5-eye"
          aria-controls={props.id}
          aria-pressed={shown}
          aria-label={shown ? t('ui.hidePassword') : t('ui.showPassword')}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? <IconEyeOff /> : <IconEye />}
        </button>
      }
    />
  );
}

export function Alert({
  tone,
  title,
  children,
  testId,
}: {
  tone: 'error' | 'warning' | 'success' | 'info';
  title?: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`h5-alert h5-alert-${tone}`}
      role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {title ? <p className="h5-alert-title">{title}</p> : null}
      {children ? <p className="h5-alert-body">{children}</p> : null}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="h5-loading" role="status">
      <span className="h5-spinner" aria-hidden="true" />
      <span>{label ?? t('msg.loading')}</span>
    </div>
  );
}

export function FullPageSpinner() {
  return (
    <div className="h5-fullpage">
      <Spinner />
    </div>
  );
}

/** A sub-page's top bar with a back link. */
export function SubHeader({ title, back }: { title: string; back?: string }) {
  const { t } = useTranslation();
  return (
    <header className="h5-subheader">
      {back ? (
        <Link to={back} className="h5-back" aria-label={t('ui.back')}>
          <IconBack />
        </Link>
      ) : (
        <span className="h5-back-placeholder" />
      )}
      <h1>{title}</h1>
      <span className="h5-back-placeholder" />
    </header>
  );
}

/** 中文 / English, remembered in localStorage by changeLanguage. */
export function LangSwitch({ testId, compact }: { testId?: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className={`h5-lang${compact ? ' is-compact' : ''}`} data-testid={testId}>
      <legend className={compact ? 'h5-sr-only' : undefined}>{t('lang.label')}</legend>
      <div className="h5-segmented">
        {languages.map((lng: Language) => (
          <button
            key={lng}
            type="button"
            lang={lng}
            aria-pressed={i18n.language === lng}
            onClick={() => void changeLanguage(lng)}
          >
            {lng === 'zh-CN' ? '中文' : 'English'}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** The signed-in account on pages anyone may open (null while signed out). */
export function useOptionalMe(): TMe | null {
  return useMe().data ?? null;
}

/** A sub-page frame: title (also the document title), back link, body. */
export function Page({
  title,
  back,
  children,
  testId,
  className = 'h5-errand-page',
}: {
  title: string;
  back?: string;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  usePageTitle(title);
  return (
    <main className={`h5-page ${className}`} data-testid={testId}>
      <SubHeader title={title} back={back} />
      <div className="h5-stack">{children}</div>
    </main>
  );
}

export function Loading() {
  return <Spinner />;
}

/** A card saying something is empty or missing, with what to do next (a link or a button) below. */
export function EmptyCard({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="h5-card h5-empty h5-empty-inline" data-testid={testId}>
      <p className="h5-empty-title">{title}</p>
      {children}
    </section>
  );
}

export function LoadFailed({ onRetry, message }: { onRetry: () => void; message?: string }) {
  const { t } = useTranslation();
  return (
    <EmptyCard title={message ?? t('ui.loadFailed')}>
      <button type="button" className="h5-btn h5-btn-outline" onClick={onRetry}>
        {t('ui.retry')}
      </button>
    </EmptyCard>
  );
}

/** A bottom sheet on the native <dialog>: Esc and the back gesture close it. */
export function Sheet({
  open,
  title,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="h5-sheet"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
      data-testid={testId}
    >
      {open ? (
        <>
          <h2 id={titleId} className="h5-card-title">
            {title}
          </h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** 取消 / confirm buttons at the foot of a sheet. */
export function SheetActions({
  onCancel,
  onConfirm,
  confirmLabel,
  busy,
  confirmTestId,
}: {
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel?: string;
  busy?: boolean;
  confirmTestId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="h5-sheet-actions">
      <button type="button" className="h5-btn h5-btn-outline" onClick={onCancel}>
        {t('ui.cancel')}
      </button>
      <button
        type="button"
        className="h5-btn h5-btn-primary"
        disabled={busy}
        aria-busy={busy}
        data-testid={confirmTestId}
        onClick={onConfirm}
      >
        {confirmLabel ?? t('ui.confirm')}
      </button>
    </div>
  );
}

/** Asks before a step that cannot be undone (提交, 撤回): the message, then 取消 / confirm. */
export function ConfirmSheet({
  open,
  title,
  message,
  confirmLabel,
  busy,
  onConfirm,
  onClose,
  testId,
  messageTestId,
  confirmTestId,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
  messageTestId?: string;
  confirmTestId?: string;
}) {
  return (
    <Sheet open={open} title={title} onClose={onClose} testId={testId}>
      <p data-testid={messageTestId}>{message}</p>
      <SheetActions
        onCancel={onClose}
        onConfirm={onConfirm}
        confirmLabel={confirmLabel}
        busy={busy}
        confirmTestId={confirmTestId}
      />
    </Sheet>
  );
}
