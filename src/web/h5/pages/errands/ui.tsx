import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import type { TMe } from '../../../../shared/auth.ts';
import type { TErrand } from '../../../../shared/errands.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Page, useOptionalMe } from '../../components.tsx';
import { type ErrandState, formatMinutes, telHref } from './data.ts';
import { IconPhone } from './icons.tsx';

export const isCourier = (me: TMe | null) =>
  me?.active?.role === 'partner' && me.active.org.type === 'courier';
export const isWorker = (me: TMe | null) => me?.active?.role === 'worker';

const tone: Record<ErrandState, string> = {
  pending: 'is-pending',
  dispatched: 'is-dispatched',
  accepted: 'is-active',
  picked_up: 'is-active',
  delivered: 'is-done',
  cancelled: 'is-off',
  merged: 'is-off',
};

export function StateChip({ state, testId }: { state: ErrandState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`h5-chip h5-errand-state ${tone[state]}`} data-testid={testId} data-state={state}>
      {t(`errands.state.${state}`)}
    </span>
  );
}

export function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** A big tap-to-call button. */
export function CallButton({
  number,
  label,
  testId,
  small,
}: {
  number: string;
  label?: string;
  testId?: string;
  small?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <a
      href={telHref(number)}
      className={`h5-errand-call${small ? ' is-small' : ''}`}
      data-testid={testId}
      aria-label={label ? `${t('errands.call')} ${label} ${number}` : `${t('errands.call')} ${number}`}
    >
      <IconPhone />
      <span className="h5-errand-call-text">
        {label ? <span className="h5-errand-call-label">{label}</span> : null}
        <span className="h5-errand-call-number">{number}</span>
      </span>
    </a>
  );
}

/** Minutes from the call to each step reached so far. */
export function Durations({ errand: e }: { errand: TErrand }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = e.durations;
  return (
    <section className="h5-card h5-card-flush" aria-labelledby="errand-times">
      <h2 id="errand-times" className="h5-card-title h5-errand-card-title">
        {t('errands.times')}
      </h2>
      <dl className="h5-dl">
        <Row label={t('errands.calledAt')}>{formatDateTime(e.calledAt, lang)}</Row>
        {d.toDispatch !== null ? (
          <Row label={t('errands.toDispatch')}>{formatMinutes(d.toDispatch, lang)}</Row>
        ) : null}
        {d.toAccept !== null ? (
          <Row label={t('errands.toAccept')}>{formatMinutes(d.toAccept, lang)}</Row>
        ) : null}
        {d.toPickup !== null ? (
          <Row label={t('errands.toPickup')}>{formatMinutes(d.toPickup, lang)}</Row>
        ) : null}
        {e.deliveredAt ? (
          <Row label={t('errands.deliveredAt')} testId="h5-errand-delivered-at">
            {formatDateTime(e.deliveredAt, lang)}
          </Row>
        ) : null}
        {d.toDelivery !== null ? (
          <Row label={t('errands.toDelivery')} testId="h5-errand-to-delivery">
            {formatMinutes(d.toDelivery, lang)}
          </Row>
        ) : null}
      </dl>
    </section>
  );
}

export function Timeline({ errand: e }: { errand: TErrand }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="h5-card" aria-labelledby="errand-timeline-title">
      <h2 id="errand-timeline-title" className="h5-card-title">
        {t('errands.timeline')}
      </h2>
      <ol className="h5-timeline" data-testid="h5-errand-timeline">
        {e.timeline.length === 0 ? <li className="h5-muted">{t('errands.noTimeline')}</li> : null}
        {e.timeline.map((ev, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only
            key={i}
            className={`h5-timeline-step is-done${i === e.timeline.length - 1 ? ' is-current' : ''}`}
          >
            <p className="h5-timeline-label">{ev.label}</p>
            <p className="h5-timeline-time">
              <time dateTime={ev.at}>{formatDateTime(ev.at, i18n.language)}</time>
              {ev.actor ? ` · ${ev.actor}` : null}
            </p>
            {ev.note ? <p className="h5-timeline-note">{ev.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Pages for one kind of account: signed out → 登录 with `next` back here; another role → a short note
 * and the 及时送 page instead of a blank page.
 */
export function RoleOnly({ only, children }: { only: 'worker' | 'courier'; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useOptionalMe();
  const location = useLocation();
  if (!me) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  const ok = only === 'worker' ? isWorker(me) : isCourier(me);
  if (!ok) {
    return (
      <Page title={t('errands.title')} back="/errands">
        <section className="h5-card">
          <p data-testid="h5-errand-role-only">
            {t(only === 'worker' ? 'errands.workerOnly' : 'errands.courierOnly')}
          </p>
          <Link to="/errands" className="h5-link-arrow">
            {t('errands.title')}
          </Link>
        </section>
      </Page>
    );
  }
  return <>{children}</>;
}

/** The delivery photo the courier took, when there is one. */
export function DeliveryPhoto({ url }: { url: string | null }) {
  const { t } = useTranslation();
  if (!url) return null;
  return (
    <div className="h5-errand-photo-row">
      <img className="h5-errand-photo" src={url} alt={t('errands.photoAlt')} data-testid="h5-errand-photo" />
    </div>
  );
}
