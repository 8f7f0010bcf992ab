import { type ComponentProps, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import type { TClaim, TWallWish, TWish, TWishEvent } from '../../../../shared/wishes.ts';
import { formatDate, formatDateTime, formatYuan } from '../../../shared/format.ts';
import { Page, useOptionalMe } from '../../components.tsx';
import { fenToYuan } from '../hardship/common.tsx';
import { daysUntil } from './data.ts';

/** A wish page: the shared frame with the wish pages' styles. */
export function WishPage(props: Omit<ComponentProps<typeof Page>, 'className'>) {
  return <Page {...props} className="h5-wish-page" />;
}

export const yuan = (fen: number) => formatYuan(fenToYuan(fen));

const stateTone: Record<TWish['state'], string> = {
  pending: 'is-pending',
  returned: 'is-returned',
  rejected: 'is-rejected',
  published: 'is-open',
  claimed: 'is-claimed',
  sent: 'is-claimed',
  fulfilled: 'is-fulfilled',
  withdrawn: 'is-rejected',
};

export function StateChip({ state, testId }: { state: TWish['state']; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`h5-chip h5-wish-state ${stateTone[state]}`} data-testid={testId} data-state={state}>
      {t(`wishes.state.${state}`)}
    </span>
  );
}

/** A wish on the wall: photo, title, category, value, masked name, region, state. */
export function WishCard({ wish: w }: { wish: TWallWish }) {
  const { t } = useTranslation();
  return (
    <li className="h5-wish-card" data-testid="h5-wish-card" data-wish-id={w.id}>
      <Link to={`/wishes/${w.id}`} className="h5-wish-card-link">
        {w.photoUrl ? (
          <img className="h5-wish-thumb" src={w.photoUrl} alt="" loading="lazy" />
        ) : (
          <span className={`h5-wish-thumb is-empty is-${w.category}`} aria-hidden="true">
            {t(`wishes.categoryLabel.${w.category}`).slice(0, 2)}
          </span>
        )}
        <span className="h5-wish-card-body">
          <span className="h5-wish-card-title">{w.title}</span>
          <span className="h5-wish-card-meta">
            <span className="h5-chip">{t(`wishes.categoryLabel.${w.category}`)}</span>
            <StateChip state={w.state} />
          </span>
          <span className="h5-wish-card-who">
            <span>{w.maskedName}</span>
            <span>{w.region}</span>
          </span>
          <span className="h5-wish-card-value">{yuan(w.valueFen)}</span>
        </span>
      </Link>
    </li>
  );
}

/** One line of a detail list; `text` for sentences (notes, thanks), shown under the label. */
export function Row({
  label,
  children,
  testId,
  text,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  text?: boolean;
}) {
  return (
    <div className={text ? 'h5-wish-row-text' : undefined}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** The wish's events so far (oldest first), as the viewer may see them. */
export function Timeline({ events }: { events: TWishEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="h5-card" aria-labelledby="wish-timeline-title">
      <h2 id="wish-timeline-title" className="h5-card-title">
        {t('wishes.timeline')}
      </h2>
      <ol className="h5-timeline" data-testid="h5-wish-timeline">
        {events.length === 0 ? <li className="h5-muted">{t('wishes.noTimeline')}</li> : null}
        {events.map((e, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only
            key={i}
            className={`h5-timeline-step is-done${i === events.length - 1 ? ' is-current' : ''}`}
          >
            <p className="h5-timeline-label">
              {i18n.language.startsWith('zh')
                ? e.label
                : t(`wishes.event.${e.event}`, { defaultValue: e.label })}
            </p>
            <p className="h5-timeline-time">
              <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
              {e.actor ? ` · ${e.actor}` : null}
            </p>
            {e.note ? <p className="h5-timeline-note">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The deadline with the days left, in words. */
export function Deadline({ date }: { date: string }) {
  const { t, i18n } = useTranslation();
  const days = daysUntil(date);
  const shown = formatDate(`${date}T00:00:00+08:00`, i18n.language);
  const key = days > 0 ? 'deadlineLeft' : days === 0 ? 'deadlineToday' : 'deadlinePast';
  return (
    <span className={days < 0 ? 'h5-wish-overdue' : days <= 3 ? 'h5-wish-due-soon' : undefined}>
      {t(`wishes.claims.${key}`, { date: shown, days })}
    </span>
  );
}

/** What the worker or the donor sees of the claim. */
export function ClaimRows({ claim: c }: { claim: TClaim }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      <Row label={t('wishes.claimedBy')}>{c.donorName}</Row>
      <Row label={t('wishes.claims.claimedAt')}>{formatDate(c.claimedAt, lang)}</Row>
      {c.state === 'active' ? (
        <Row label={t('wishes.claims.deadline')} testId="h5-wish-deadline">
          <Deadline date={c.deadline} />
        </Row>
      ) : null}
      <Row label={t('wishes.claims.method')}>
        {c.method ? t(`wishes.method.${c.method}`) : t('wishes.claims.noMethod')}
      </Row>
      {c.sentAt ? <Row label={t('wishes.claims.sentAt')}>{formatDate(c.sentAt, lang)}</Row> : null}
      {c.sentNote ? (
        <Row label={t('wishes.claims.sentNote')} text>
          {c.sentNote}
        </Row>
      ) : null}
      {c.trackingNote ? (
        <Row label={t('wishes.claims.trackingNote')} text>
          {c.trackingNote}
        </Row>
      ) : null}
      {c.receivedAt ? (
        <Row label={t('wishes.claims.receivedAt')}>{formatDate(c.receivedAt, lang)}</Row>
      ) : null}
      {c.releasedAt ? (
        <Row label={t('wishes.claims.releasedAt')}>{formatDate(c.releasedAt, lang)}</Row>
      ) : null}
      {c.releaseReason ? (
        <Row label={t('wishes.claims.releaseReason')} text>
          {c.releaseReason}
        </Row>
      ) : null}
    </>
  );
}

/**
 * Pages for one role: signed out → 登录 with `next` back here; another role → a short note and the
 * wall instead of a blank page.
 */
export function RoleOnly({ only: role, children }: { only: 'worker' | 'donor'; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useOptionalMe();
  const location = useLocation();
  if (!me) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.active?.role !== role) {
    return (
      <WishPage title={t(role === 'worker' ? 'wishes.mineTitle' : 'wishes.claimsTitle')} back="/wishes">
        <section className="h5-card">
          <p data-testid="h5-wish-role-only">{t(`wishes.roleOnly.${role}`)}</p>
          <Link to="/wishes" className="h5-link-arrow">
            {t('wishes.wallTitle')}
          </Link>
        </section>
      </WishPage>
    );
  }
  return <>{children}</>;
}

/** An optional photo: the phone's camera or gallery. */
export function PhotoPicker({
  id,
  label,
  hint,
  file,
  onFile,
}: {
  id: string;
  label: string;
  hint: string;
  file: File | null;
  onFile: (f: File | null) => void;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return (
    <div className="h5-field h5-wish-photo-field">
      <span className="h5-wish-file-label" id={`${id}-label`}>
        {label}
      </span>
      {/* The native input is hidden behind a big button in our words (its own says "Choose File"). */}
      <input
        id={id}
        name={id}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        className="h5-wish-file"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
      />
      <label htmlFor={id} className="h5-btn h5-btn-outline h5-wish-file-btn">
        {file ? t('wishes.form.photoChange') : t('wishes.form.photoPick')}
      </label>
      <p className="h5-field-hint" id={`${id}-hint`}>
        {file ? t('wishes.form.photoChosen', { name: file.name }) : hint}
      </p>
      {preview ? (
        <div className="h5-wish-photo-preview">
          <img src={preview} alt="" />
          <button
            type="button"
            className="h5-btn h5-btn-text"
            onClick={() => {
              onFile(null);
              const input = document.getElementById(id) as HTMLInputElement | null;
              if (input) input.value = '';
            }}
          >
            {t('wishes.form.photoRemove')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** Radio cards for the fulfilment method. */
export function MethodChoice({
  name,
  value,
  onValue,
  legend,
  error,
}: {
  name: string;
  value: string;
  onValue: (v: 'viaUnion' | 'direct' | 'money') => void;
  legend: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className={`h5-fieldset${error ? ' is-invalid' : ''}`}>
      <legend>{legend}</legend>
      <div className="h5-choices">
        {(['viaUnion', 'direct', 'money'] as const).map((m) => (
          <div key={m} className="h5-choice">
            <input
              className="h5-choice-input"
              type="radio"
              id={`${name}-${m}`}
              name={name}
              value={m}
              checked={value === m}
              onChange={() => onValue(m)}
            />
            <label htmlFor={`${name}-${m}`} className="h5-choice-label">
              <span className="h5-choice-title">{t(`wishes.method.${m}`)}</span>
              <span className="h5-choice-desc">{t(`wishes.methodDesc.${m}`)}</span>
            </label>
          </div>
        ))}
      </div>
      {error ? <p className="h5-field-error">{error}</p> : null}
    </fieldset>
  );
}
