import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TCheckinView } from '../../../../shared/duty.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, LoadFailed, Loading, Page } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import { Row } from '../errands/ui.tsx';
import { base, checkinKey, formatScore, myDutyKey, useCheckin } from './data.ts';

/** 09:00 – 11:30 on one day, else both dates in full. */
function sessionTime(startsAt: string, endsAt: string, lang: string): string {
  const start = formatDateTime(startsAt, lang);
  const end = formatDateTime(endsAt, lang);
  const sameDay = start.slice(0, -6) === end.slice(0, -6);
  return `${start} – ${sameDay ? end.slice(-5) : end}`;
}

/**
 * `/m/duty/checkin/:token`: what the representative's phone opens from the session's QR code. The
 * session, then one big 确认签到; afterwards 已签到 with the time and the points it earned. Signed-out
 * visitors were sent to 登录 and back here by the app's sign-in gate (`?next=`).
 */
export function CheckinPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const token = useParams().token ?? '';
  const client = useQueryClient();
  const view = useCheckin(token);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const done = await api.post<TCheckinView>(`${base}/checkin`, { token });
      client.setQueryData(checkinKey(token), done);
      await client.invalidateQueries({ queryKey: myDutyKey });
      await client.invalidateQueries({ queryKey: ['duty', 'profile'] });
    } catch (err) {
      setFailure(describeError(err, t, lang).message);
      // The server may have closed the session meanwhile: show its current answer.
      await view.refetch();
    } finally {
      setBusy(false);
    }
  };

  if (view.isPending) {
    return (
      <Page title={t('duty.checkinTitle')} back="/duty">
        <Loading />
      </Page>
    );
  }
  if (view.isError) {
    const missing = view.error instanceof ApiError && view.error.status === 404;
    // The server says which: an invalid code, or one replaced since it was printed.
    const why =
      view.error instanceof ApiError && /[\u4e00-\u9fff]/.test(view.error.message) && lang.startsWith('zh')
        ? view.error.message
        : t('duty.checkinNotFound');
    return (
      <Page title={t('duty.checkinTitle')} back="/duty" testId="h5-checkin">
        {missing ? (
          <Alert tone="warning" title={t('duty.checkinBlocked')} testId="h5-checkin-blocked">
            {why}
          </Alert>
        ) : (
          <LoadFailed onRetry={() => void view.refetch()} />
        )}
      </Page>
    );
  }
  const v = view.data;
  const present = v.state === 'present';
  return (
    <Page title={t('duty.checkinTitle')} back="/duty" testId="h5-checkin">
      <section className="h5-card h5-card-flush" aria-labelledby="checkin-session">
        <div className="h5-congress-body">
          <h2 id="checkin-session" className="h5-congress-title" data-testid="h5-checkin-session">
            {v.session.title}
          </h2>
        </div>
        <dl className="h5-dl">
          <Row label={t('duty.checkinTime')} testId="h5-checkin-time">
            {sessionTime(v.session.startsAt, v.session.endsAt, lang)}
          </Row>
          <Row label={t('duty.checkinVenue')} testId="h5-checkin-venue">
            {v.session.venue}
          </Row>
          <Row label={t('duty.checkinCongress')}>{v.congress.name}</Row>
        </dl>
      </section>
      {failure ? (
        <Alert tone="error" title={t('duty.failed')} testId="h5-checkin-error">
          {failure}
        </Alert>
      ) : null}
      {present ? (
        <section className="h5-card h5-duty-checked" data-testid="h5-checkin-result" aria-live="polite">
          <span className="h5-duty-checked-mark" aria-hidden="true">
            ✓
          </span>
          <p className="h5-duty-checked-title">{t('duty.checkinDone')}</p>
          {v.representative ? <p className="h5-muted">{v.representative.name}</p> : null}
          <p className="h5-muted" data-testid="h5-checkin-at">
            {t('duty.checkinAt', { time: formatDateTime(v.checkedInAt, lang) })}
          </p>
          {v.points !== null && v.points > 0 ? (
            <p className="h5-duty-checked-points" data-testid="h5-checkin-points">
              {t('duty.checkinPoints', { points: formatScore(v.points) })}
            </p>
          ) : (
            <p className="h5-muted h5-small" data-testid="h5-checkin-points">
              {t('duty.checkinNoPoints')}
            </p>
          )}
          <Link to="/duty" className="h5-btn h5-btn-outline h5-btn-block" data-testid="h5-checkin-my-duty">
            {t('duty.toMyDuty')}
          </Link>
        </section>
      ) : v.blockedReason ? (
        <Alert tone="warning" title={t('duty.checkinBlocked')} testId="h5-checkin-blocked">
          {v.blockedReason}
        </Alert>
      ) : v.state === 'leave' || v.state === 'absent' ? (
        <Alert tone="info" testId="h5-checkin-blocked">
          {v.state === 'leave' ? t('duty.checkinLeave') : t('duty.checkinAbsent')}
        </Alert>
      ) : (
        <button
          type="button"
          className="h5-btn h5-btn-primary h5-btn-block h5-duty-checkin-btn"
          onClick={() => void confirm()}
          disabled={busy}
          data-testid="h5-checkin-confirm"
        >
          {busy ? t('duty.checkinBusy') : t('duty.checkinConfirm')}
        </button>
      )}
    </Page>
  );
}
