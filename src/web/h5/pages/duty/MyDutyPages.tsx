import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TDutyRecord } from '../../../../shared/duty.ts';
import { formatDate } from '../../../shared/format.ts';
import { Alert, LoadFailed, Loading, Page, useOptionalMe } from '../../components.tsx';
import { Entry, useFlash } from '../proposals/ui.tsx';
import {
  formatPoints,
  formatScore,
  type MySeat,
  recordTone,
  useDutyProfile,
  useLeaderboard,
  useMyDuty,
} from './data.ts';
import { Radar } from './Radar.tsx';

/** Pages for representatives; a signed-in member of another role reads a short note (the server decides too). */
export function RepsOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useOptionalMe();
  if (me?.active?.role !== 'representative') {
    return (
      <Page title={t('duty.title')} back="/services">
        <section className="h5-card">
          <p data-testid="h5-duty-reps-only">{t('duty.repsOnly')}</p>
          <Link to="/services" className="h5-link-arrow">
            {t('services.title')}
          </Link>
        </section>
      </Page>
    );
  }
  return <>{children}</>;
}

export function RecordChip({ state }: { state: TDutyRecord['state'] }) {
  const { t } = useTranslation();
  return (
    <span className={`h5-chip h5-errand-state ${recordTone(state)}`} data-state={state}>
      {t(`duty.state.${state}`)}
    </span>
  );
}

/** `/m/duty`: 我的履职 — each seat's total, rank, first-level scores, the radar and every record. */
export function MyDutyPage() {
  const { t } = useTranslation();
  const mine = useMyDuty();
  const [flash] = useFlash();
  return (
    <main className="h5-page h5-errand-page" data-testid="h5-duty">
      <header className="h5-errand-hero">
        <h1>{t('duty.heroTitle')}</h1>
        <p>{t('duty.heroText')}</p>
      </header>
      <div className="h5-stack">
        {flash ? (
          <Alert tone="success" testId="h5-duty-flash">
            {flash}
          </Alert>
        ) : null}
        {mine.isPending ? (
          <Loading />
        ) : mine.isError ? (
          <LoadFailed onRetry={() => void mine.refetch()} />
        ) : mine.data.length === 0 ? (
          <section className="h5-card">
            <p className="h5-muted" data-testid="h5-duty-no-seat">
              {t('duty.noSeat')}
            </p>
          </section>
        ) : (
          mine.data.map((seat) => <Seat key={seat.representativeId} seat={seat} />)
        )}
      </div>
    </main>
  );
}

function Seat({ seat }: { seat: MySeat }) {
  const { t, i18n } = useTranslation();
  const profile = useDutyProfile(seat.representativeId);
  const p = profile.data;
  const active = seat.congress.state === 'active' && !p?.archived;
  return (
    <>
      <section className="h5-card h5-duty-score" data-congress={seat.congress.id}>
        <p className="h5-duty-congress">
          {seat.congress.name}
          {p?.archived ? (
            <span className="h5-chip">{t('duty.archived')}</span>
          ) : seat.congress.state === 'closed' ? (
            <span className="h5-chip">{t('duty.closed')}</span>
          ) : null}
        </p>
        <div className="h5-duty-total-row">
          <div>
            <p className="h5-muted h5-small">{t('duty.total')}</p>
            <p className="h5-duty-total" data-testid="h5-duty-total">
              {formatScore(seat.total)}
            </p>
          </div>
          <div className="h5-duty-rank">
            <p data-testid="h5-duty-rank">
              {seat.rank > 0
                ? t('duty.rank', { rank: seat.rank, count: seat.representativeCount })
                : t('duty.notRanked')}
            </p>
          </div>
        </div>
        <p className="h5-muted h5-small h5-duty-counts">
          {t('duty.recordCount', { count: seat.records })}
          {seat.pending > 0 ? (
            <>
              {' · '}
              <span className="h5-duty-pending" data-testid="h5-duty-pending">
                {t('duty.pendingCount', { count: seat.pending })}
              </span>
            </>
          ) : null}
        </p>
        {p ? (
          <>
            <h2 className="h5-duty-subtitle">{t('duty.firstLevel')}</h2>
            <ul className="h5-duty-levels" data-testid="h5-duty-first-level">
              {p.score.firstLevel.map((f) => (
                <li key={f.code}>
                  <span className="h5-duty-level-head">
                    <strong>{f.name}</strong>
                    <span>{formatScore(f.weighted)}</span>
                  </span>
                  <span className="h5-duty-bar" aria-hidden="true">
                    <span style={{ width: `${f.max > 0 ? Math.min(100, (f.points / f.max) * 100) : 0}%` }} />
                  </span>
                  <span className="h5-muted h5-small">
                    {t('duty.firstLevelValue', {
                      points: formatScore(f.points),
                      max: formatScore(f.max),
                      weighted: formatScore(f.weighted),
                      weight: f.weight,
                    })}
                  </span>
                </li>
              ))}
              {p.score.bonus > 0 || p.score.penalty > 0 ? (
                <li className="h5-duty-adjust">
                  <span>
                    {t('duty.bonus')} {formatPoints(p.score.bonus)}
                  </span>
                  <span>
                    {t('duty.penalty')} {formatPoints(-p.score.penalty)}
                  </span>
                </li>
              ) : null}
            </ul>
          </>
        ) : null}
      </section>
      <nav className="h5-card h5-card-flush h5-congress-entries" aria-label={seat.congress.name}>
        {active ? (
          <Entry
            to={`/duty/records/new?congress=${seat.congress.id}`}
            title={t('duty.report')}
            hint={t('duty.reportHint')}
            testId="h5-duty-report"
          />
        ) : null}
        <Entry
          to={`/duty/leaderboard/${seat.congress.id}`}
          title={t('duty.leaderboard')}
          hint={t('duty.leaderboardHint')}
          testId="h5-duty-leaderboard-link"
        />
      </nav>
      {profile.isPending ? (
        <Loading />
      ) : profile.isError || !p ? (
        <LoadFailed onRetry={() => void profile.refetch()} />
      ) : (
        <>
          <section className="h5-card" aria-labelledby={`duty-radar-${seat.representativeId}`}>
            <h2 id={`duty-radar-${seat.representativeId}`} className="h5-card-title">
              {t('duty.radar')}
            </h2>
            <Radar axes={p.radar} label={t('duty.radarLabel')} testId="h5-duty-radar" />
            <details className="h5-duty-definition">
              <summary>{t('duty.definition')}</summary>
              <p className="h5-muted h5-small">{p.definition}</p>
            </details>
          </section>
          <section className="h5-card" aria-labelledby={`duty-records-${seat.representativeId}`}>
            <h2 id={`duty-records-${seat.representativeId}`} className="h5-card-title">
              {t('duty.records')}
            </h2>
            {p.records.length === 0 ? (
              <p className="h5-muted">{t('duty.noRecords')}</p>
            ) : (
              <ul className="h5-duty-records" data-testid="h5-duty-records">
                {p.records.map((r) => (
                  <li
                    key={r.id}
                    data-state={r.state}
                    data-source={r.source}
                    data-testid={`h5-duty-record-${r.id}`}
                  >
                    <div className="h5-duty-record-head">
                      <p className="h5-duty-record-title">{r.title}</p>
                      {/* Only counted and approved records earn points; the others show their state alone. */}
                      {r.state === 'counted' || r.state === 'approved' ? (
                        <span className={`h5-duty-points${r.points < 0 ? ' is-minus' : ''}`}>
                          {t('duty.pointsUnit', { points: formatPoints(r.points) })}
                        </span>
                      ) : null}
                    </div>
                    <p className="h5-duty-record-meta">
                      <RecordChip state={r.state} />
                      <span className="h5-muted h5-small">
                        {r.item ? `${r.item.name} · ` : ''}
                        {formatDate(r.occurredAt, i18n.language)}
                        {r.fileCount > 0 ? ` · ${t('duty.photoCount', { count: r.fileCount })}` : ''}
                        {r.capped && r.state !== 'pending' ? ` · ${t('duty.cappedNote')}` : ''}
                      </span>
                    </p>
                    {r.state === 'rejected' && r.rejectReason ? (
                      <p className="h5-small h5-duty-reject">
                        {t('duty.rejectReason', { reason: r.rejectReason })}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

/** `/m/duty/leaderboard/:congressId`: the term's ranking, my own row highlighted. */
export function LeaderboardPage() {
  const { t } = useTranslation();
  const congressId = Number(useParams().congressId);
  const board = useLeaderboard(Number.isInteger(congressId) ? congressId : 0);
  const mine = useMyDuty();
  const myReps = new Set((mine.data ?? []).map((s) => s.representativeId));
  return (
    <Page title={t('duty.boardTitle')} back="/duty" testId="h5-duty-leaderboard">
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <LoadFailed onRetry={() => void board.refetch()} />
      ) : (
        <section className="h5-card h5-card-flush">
          <div className="h5-duty-board-head">
            <h2 className="h5-card-title">{board.data.congress.name}</h2>
          </div>
          {board.data.rows.length === 0 ? (
            <p className="h5-muted h5-duty-board-empty">{t('duty.boardEmpty')}</p>
          ) : (
            <ol className="h5-duty-board" data-testid="h5-duty-board">
              {board.data.rows.map((row) => {
                const me = myReps.has(row.representative.id);
                return (
                  <li
                    key={row.representative.id}
                    className={me ? 'is-me' : undefined}
                    data-testid={me ? 'h5-duty-board-me' : undefined}
                    aria-current={me ? 'true' : undefined}
                  >
                    <span className={`h5-duty-board-rank${row.rank <= 3 ? ' is-top' : ''}`}>{row.rank}</span>
                    <span className="h5-duty-board-name">
                      <strong>
                        {row.representative.name}
                        {me ? <span className="h5-chip h5-chip-red">{t('duty.boardMe')}</span> : null}
                      </strong>
                      <span className="h5-muted h5-small">
                        {row.representative.delegation} · {row.representative.org.name}
                      </span>
                    </span>
                    <span className="h5-duty-board-total">{formatScore(row.total)}</span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      )}
    </Page>
  );
}
