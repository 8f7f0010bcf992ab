import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { formatDateTime } from '../../../shared/format.ts';
import { Page, useOptionalMe } from '../../components.tsx';
import {
  type AppealState,
  appealTone,
  isMember,
  type ProposalState,
  type ProposalView,
  proposalTone,
} from './data.ts';

export function ProposalChip({ state, testId }: { state: ProposalState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`h5-chip h5-errand-state ${proposalTone(state)}`}
      data-testid={testId}
      data-state={state}
    >
      {t(`congress.state.${state}`)}
    </span>
  );
}

export function AppealChip({ state, testId }: { state: AppealState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`h5-chip h5-errand-state ${appealTone(state)}`} data-testid={testId} data-state={state}>
      {t(`congress.appealState.${state}`)}
    </span>
  );
}

/** Pages for members (workers and representatives); signed out → 登录, another role → a short note. */
export function MembersOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useOptionalMe();
  const location = useLocation();
  if (!me) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (!isMember(me)) {
    return (
      <Page title={t('congress.title')} back="/services">
        <section className="h5-card">
          <p data-testid="h5-congress-members-only">{t('congress.membersOnly')}</p>
          <Link to="/services" className="h5-link-arrow">
            {t('services.title')}
          </Link>
        </section>
      </Page>
    );
  }
  return <>{children}</>;
}

/** The five steps of the loop with their dates, who acted and what was said. */
export function LoopSteps({ proposal: p }: { proposal: ProposalView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section className="h5-card" aria-labelledby="proposal-steps-title">
      <h2 id="proposal-steps-title" className="h5-card-title">
        {t('congress.steps')}
      </h2>
      <ol className="h5-timeline" data-testid="h5-proposal-steps">
        {p.steps.map((s) => (
          <li
            key={s.step}
            data-step={s.step}
            data-status={s.status}
            className={`h5-timeline-step ${
              s.status === 'done' ? 'is-done' : s.status === 'current' ? 'is-done is-current' : 'is-todo'
            }`}
          >
            <p className="h5-timeline-label">
              {s.label}
              <span className="h5-muted h5-small"> · {t(`congress.stepStatus.${s.status}`)}</span>
            </p>
            {s.startedAt || s.finishedAt ? (
              <p className="h5-timeline-time">
                {s.finishedAt ? formatDateTime(s.finishedAt, lang) : formatDateTime(s.startedAt, lang)}
                {s.actor ? ` · ${s.actor}` : null}
              </p>
            ) : null}
            {s.status === 'current' && s.dueAt ? (
              <p className="h5-timeline-time">
                {t('congress.stepDue', { time: formatDateTime(s.dueAt, lang) })}
              </p>
            ) : null}
            {s.note ? <p className="h5-timeline-note">{s.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Progress updates and replies of the handling units, oldest first. */
export function Updates({ proposal: p }: { proposal: ProposalView }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="h5-card" aria-labelledby="proposal-updates-title">
      <h2 id="proposal-updates-title" className="h5-card-title">
        {t('congress.updates')}
      </h2>
      {p.updates.length === 0 ? (
        <p className="h5-muted">{t('congress.noUpdates')}</p>
      ) : (
        <ul className="h5-congress-updates" data-testid="h5-proposal-updates">
          {p.updates.map((u) => (
            <li key={u.id} className={u.kind === 'reply' ? 'is-reply' : undefined} data-kind={u.kind}>
              <p className="h5-congress-update-head">
                <strong>
                  {u.kind === 'reply' ? t('congress.replyUpdate') : t('congress.progressUpdate')}
                  {u.round > 1 ? t('congress.round2') : null}
                </strong>
                {u.percent !== null ? <span className="h5-chip">{u.percent}%</span> : null}
              </p>
              <p className="h5-congress-text">{u.text}</p>
              <p className="h5-muted h5-small">
                {u.org.name} · {u.author} · {formatDateTime(u.createdAt, i18n.language)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A row-shaped link to a sub-page of the hub. */
export function Entry({
  to,
  title,
  hint,
  count,
  testId,
}: {
  to: string;
  title: string;
  hint: string;
  count?: number | undefined;
  testId?: string;
}) {
  return (
    <Link to={to} className="h5-congress-entry" data-testid={testId}>
      <span className="h5-congress-entry-text">
        <span className="h5-congress-entry-title">
          {title}
          {count ? <span className="h5-errand-count h5-congress-badge">{count}</span> : null}
        </span>
        <span className="h5-muted h5-small">{hint}</span>
      </span>
      <span className="h5-congress-entry-arrow" aria-hidden="true">
        ›
      </span>
    </Link>
  );
}

/**
 * A one-time note handed over by the page before (e.g. 草稿已保存): shown until the next action, and taken
 * out of the history entry so a reload does not show it again.
 */
export function useFlash(): [string | null, () => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const handed = (location.state as { flash?: string } | null)?.flash ?? null;
  const [flash, setFlash] = useState<string | null>(handed);
  useEffect(() => {
    if (handed) {
      setFlash(handed);
      navigate(location.pathname + location.search, { replace: true, state: null });
    }
  }, [handed, navigate, location.pathname, location.search]);
  return [flash, () => setFlash(null)];
}
