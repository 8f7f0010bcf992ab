import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ArchiveState, TArchive, TArchiveQr, TMyProgressStep } from '../../../../shared/hardship.ts';
import { formatDate, formatDateTime, formatYuan } from '../../../shared/format.ts';
import { EmptyCard, LoadFailed, Spinner, SubHeader, usePageTitle } from '../../components.tsx';
import { fenToYuan, stateTone, useMyArchives, useMyProgress, useMyQr } from './common.tsx';

/** The usual path of an application, as timeline events, and the state each one leads to. */
const path: { event: string; state: ArchiveState }[] = [
  { event: 'create', state: 'applied' },
  { event: 'accept', state: 'accepted' },
  { event: 'submit', state: 'reviewing' },
  { event: 'pass', state: 'reviewed' },
  { event: 'publicize', state: 'publicizing' },
  { event: 'approve', state: 'filed' },
];

/** `/m/hardship/:id`: the state, the progress timeline, and what the union recorded. */
export function HardshipDetailPage() {
  const { t } = useTranslation();
  usePageTitle(t('hardship.detailTitle'));
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const archives = useMyArchives(valid);
  const archive = archives.data?.items.find((a) => a.id === id);

  let body: ReactNode;
  if (!valid || (archives.data && !archive)) {
    body = <EmptyCard title={t('hardship.notFound')} testId="h5-hardship-notfound" />;
  } else if (archives.isError) {
    body = <LoadFailed onRetry={() => void archives.refetch()} />;
  } else if (!archive) {
    body = <Spinner />;
  } else {
    body = <Detail archive={archive} />;
  }
  return (
    <main className="h5-page" data-testid="h5-hardship-detail">
      <SubHeader title={t('hardship.detailTitle')} back="/hardship" />
      <div className="h5-stack">{body}</div>
    </main>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Detail({ archive: a }: { archive: TArchive }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const category = a.income.category;
  return (
    <>
      <section className="h5-card h5-card-flush" aria-label={t('hardship.detailTitle')}>
        <div className="h5-hs-detail-head">
          <span className={`h5-chip h5-hs-state ${stateTone(a.state)}`} data-testid="h5-hardship-state">
            {t(`hardship.state.${a.state}`)}
          </span>
          {category ? <span className="h5-chip">{t(`hardship.category.${category}`)}</span> : null}
        </div>
        <dl className="h5-dl">
          <Row label={t('hardship.org')}>{a.org.name}</Row>
          <Row label={t('hardship.appliedAt')}>{formatDate(a.createdAt, lang)}</Row>
          {a.filedAt ? <Row label={t('hardship.filedAt')}>{formatDate(a.filedAt, lang)}</Row> : null}
          {a.publicity ? (
            <Row label={t('hardship.publicity')}>
              {t('hardship.range', {
                start: formatDate(a.publicity.start, lang),
                end: formatDate(a.publicity.end, lang),
              })}
            </Row>
          ) : null}
          {a.state === 'filed' && a.reviewDue ? (
            <Row label={t('hardship.reviewDue')}>{formatDate(a.reviewDue, lang)}</Row>
          ) : null}
          {a.helper ? (
            <Row label={t('hardship.helper')}>
              {a.helper.name}
              {a.helper.orgName ? <span className="h5-hs-sub">{a.helper.orgName}</span> : null}
            </Row>
          ) : null}
          {a.state === 'rejected' && a.rejectReason ? (
            <Row label={t('hardship.rejectReason')}>{a.rejectReason}</Row>
          ) : null}
          {a.state === 'exited' && a.exit ? (
            <Row label={t('hardship.exitReason')}>
              {t(`hardship.exit.${a.exit.reason}`)}
              {a.exit.note ? <span className="h5-hs-sub">{a.exit.note}</span> : null}
            </Row>
          ) : null}
        </dl>
      </section>

      {a.state === 'filed' ? <MyQr id={a.id} /> : null}

      <Progress archive={a} />

      {a.plan.length > 0 ? (
        <section className="h5-card" aria-labelledby="hs-plan-title">
          <h2 id="hs-plan-title" className="h5-card-title">
            {t('hardship.plan')}
          </h2>
          <ul className="h5-hs-plan">
            {a.plan.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: measures have no id and never reorder here
              <li key={i}>
                <p className="h5-hs-plan-head">
                  <span className="h5-hs-plan-type">{m.type}</span>
                  <span className={`h5-chip h5-hs-measure is-${m.status}`}>
                    {t(`hardship.measure.${m.status}`)}
                  </span>
                </p>
                <p className="h5-muted h5-hs-plan-meta">
                  {t('hardship.planResponsibleIs', { name: m.responsible })}
                  {m.targetDate
                    ? ` · ${t('hardship.planTargetIs', { date: formatDate(m.targetDate, lang) })}`
                    : null}
                </p>
                {m.result ? (
                  <p className="h5-hs-plan-result">{t('hardship.planResultIs', { result: m.result })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="h5-card h5-card-flush" aria-labelledby="hs-summary-title">
        <h2 id="hs-summary-title" className="h5-card-title h5-hs-flush-title">
          {t('hardship.summary')}
        </h2>
        <dl className="h5-dl">
          <Row label={t('hardship.mainCause')}>
            {t(`hardship.cause.${a.causes.main}`)}
            {a.causes.main === 'other' && a.causes.otherText ? (
              <span className="h5-hs-sub">{a.causes.otherText}</span>
            ) : null}
          </Row>
          {a.causes.secondary.length > 0 ? (
            <Row label={t('hardship.secondaryCauses')}>
              {a.causes.secondary
                .map((c) => t(`hardship.cause.${c}`))
                .join(lang.startsWith('zh') ? '、' : ', ')}
            </Row>
          ) : null}
          <Row label={t('hardship.householdSize')}>
            {t('hardship.persons', { count: a.income.householdSize })}
          </Row>
          <Row label={t('hardship.annualIncome')}>{formatYuan(fenToYuan(a.income.annualIncomeFen))}</Row>
          <Row label={t('hardship.perCapita')}>{formatYuan(fenToYuan(a.income.perCapitaMonthlyFen))}</Row>
        </dl>
      </section>
    </>
  );
}

/** The steps so far from `/my/archives/:id/progress`, then the usual ones still to come. */
function Progress({ archive }: { archive: TArchive }) {
  const { t, i18n } = useTranslation();
  const { data, isPending, isError, refetch } = useMyProgress(archive.id);
  const done: TMyProgressStep[] = data?.items ?? [];
  const reached = path.findIndex((p) => p.state === archive.state);
  const upcoming = reached >= 0 && archive.state !== 'filed' ? path.slice(reached + 1) : [];

  return (
    <section className="h5-card" aria-labelledby="hs-progress-title" aria-busy={isPending}>
      <h2 id="hs-progress-title" className="h5-card-title">
        {t('hardship.progress')}
      </h2>
      {isPending ? (
        <Spinner />
      ) : isError ? (
        <div className="h5-empty h5-empty-inline">
          <p className="h5-muted">{t('ui.loadFailed')}</p>
          <button type="button" className="h5-btn h5-btn-outline" onClick={() => void refetch()}>
            {t('ui.retry')}
          </button>
        </div>
      ) : (
        <ol className="h5-timeline" data-testid="h5-hardship-timeline">
          {done.length === 0 ? <li className="h5-muted">{t('hardship.noProgress')}</li> : null}
          {done.map((s, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only
              key={i}
              className={`h5-timeline-step is-done${s.state === 'rejected' ? ' is-bad' : ''}${
                i === done.length - 1 && upcoming.length > 0 ? ' is-current' : ''
              }`}
            >
              <p className="h5-timeline-label">{t(`hardship.event.${s.event}`, { defaultValue: s.label })}</p>
              <p className="h5-timeline-time">
                <time dateTime={s.at}>{formatDateTime(s.at, i18n.language)}</time>
              </p>
              {s.note ? <p className="h5-timeline-note">{s.note}</p> : null}
            </li>
          ))}
          {upcoming.map((p) => (
            <li key={p.event} className="h5-timeline-step is-todo">
              <p className="h5-timeline-label">{t(`hardship.event.${p.event}`)}</p>
              <p className="h5-timeline-time">{t('hardship.upcoming')}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The worker's personal QR code (filed archives only): what cadres scan to see the status. */
function MyQr({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, isPending, isError, refetch } = useMyQr(id);
  return (
    <section
      className="h5-card h5-hs-qr"
      aria-labelledby="hs-qr-title"
      aria-busy={isPending}
      data-testid="h5-hardship-qr"
    >
      <h2 id="hs-qr-title" className="h5-card-title">
        {t('hardship.qr.title')}
      </h2>
      {isPending ? (
        <Spinner />
      ) : isError ? (
        <div className="h5-empty h5-empty-inline">
          <p className="h5-muted">{t('ui.loadFailed')}</p>
          <button type="button" className="h5-btn h5-btn-outline" onClick={() => void refetch()}>
            {t('ui.retry')}
          </button>
        </div>
      ) : (
        <QrBody qr={data} />
      )}
    </section>
  );
}

function QrBody({ qr }: { qr: TArchiveQr }) {
  const { t } = useTranslation();
  return (
    <>
      <div
        className="h5-hs-qr-img"
        role="img"
        aria-label={t('hardship.qr.imageLabel')}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is generated by our own server (qrcode library) from the QR URL, not user input
        dangerouslySetInnerHTML={{ __html: qr.svg }}
      />
      <p className="h5-hs-qr-hint">{t('hardship.qr.hint')}</p>
      <a
        className="h5-btn h5-btn-outline h5-btn-block"
        href={qr.url}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t('hardship.qr.open')}
      </a>
    </>
  );
}
