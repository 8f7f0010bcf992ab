import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { TErrand, TErrandListItem } from '../../../../shared/errands.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, EmptyCard, LoadFailed, Loading, Page, Sheet, TextField } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import { photoProblem } from '../../uploads.ts';
import { RequiredMark, TextAreaField } from '../hardship/common.tsx';
import {
  courierQueueKey,
  errandKey,
  errandsApi,
  type QueueTab,
  tabOf,
  uploadDeliveryPhoto,
  useCourierQueue,
  useErrand,
} from './data.ts';
import { CallButton, DeliveryPhoto, Durations, Row, StateChip, Timeline } from './ui.tsx';

const tabs: { key: QueueTab; label: string }[] = [
  { key: 'waiting', label: 'errands.tabWaiting' },
  { key: 'active', label: 'errands.tabActive' },
  { key: 'done', label: 'errands.tabDone' },
];

/** `/m/errands/courier`: the courier org's queue, 待接单 / 进行中 / 已完成. */
export function CourierQueuePage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (tabs.find((x) => x.key === params.get('tab'))?.key ?? 'waiting') as QueueTab;
  const queue = useCourierQueue();
  const counts = { waiting: 0, active: 0, done: 0 };
  for (const e of queue.data ?? []) counts[tabOf(e.state)] += 1;
  const shown = (queue.data ?? []).filter((e) => tabOf(e.state) === tab);
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  return (
    <Page title={t('errands.queueTitle')} back="/errands" testId="h5-errand-queue">
      {flash ? (
        <Alert tone="success" testId="h5-errand-flash">
          {flash}
        </Alert>
      ) : null}
      <div className="h5-segmented h5-errand-tabs" role="tablist" data-testid="h5-errand-tabs">
        {tabs.map((x) => (
          <button
            key={x.key}
            type="button"
            role="tab"
            aria-selected={tab === x.key}
            data-testid={`h5-errand-tab-${x.key}`}
            onClick={() => setParams(x.key === 'waiting' ? {} : { tab: x.key }, { replace: true })}
          >
            {t(x.label)}
            {queue.data ? <span className="h5-errand-count">{counts[x.key]}</span> : null}
          </button>
        ))}
      </div>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <LoadFailed onRetry={() => void queue.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyCard title={t('errands.queueEmpty')} />
      ) : (
        <ul className="h5-errand-list" data-testid="h5-errand-queue-list">
          {shown.map((e) => (
            <li key={e.id} data-errand-id={e.id} data-errand-code={e.code}>
              <Link to={`/errands/courier/${e.id}`} className="h5-errand-item">
                <span className="h5-errand-item-head">
                  <span className="h5-errand-code">{e.code}</span>
                  {e.urgency === 'urgent' ? (
                    <span className="h5-chip h5-chip-red">{t('errands.urgency.urgent')}</span>
                  ) : null}
                  <StateChip state={e.state} />
                </span>
                <span className="h5-errand-item-title">{e.items}</span>
                <span className="h5-small">
                  {e.recipientName} · {e.recipientAddress}
                </span>
                <span className="h5-muted h5-small">{formatDateTime(e.calledAt, i18n.language)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

type Step = 'accept' | 'decline' | 'pickup' | 'deliver';

/** `/m/errands/courier/:id`: who and where, tap-to-call, and the courier's next step. */
export function CourierErrandPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const errand = useErrand(Number.isInteger(id) ? id : 0, 'courier');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [flash, setFlash] = useState<{ tone: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [busy, setBusy] = useState<Step | null>(null);
  const [sheet, setSheet] = useState<'decline' | 'deliver' | null>(null);

  const run = async (step: Step, body: object = {}, after?: (e: TErrand) => Promise<string | null>) => {
    setBusy(step);
    setFlash(null);
    try {
      const saved = await api.post<TErrand>(`${errandsApi}/${id}/${step}`, body);
      const problem = after ? await after(saved) : null;
      setSheet(null);
      if (step === 'decline') {
        // Back to the union's dispatch: no longer this courier org's errand, so back to the queue, which
        // must not show it again from its cache while it refetches.
        client.setQueryData<TErrandListItem[]>(courierQueueKey, (queue) => queue?.filter((e) => e.id !== id));
        await client.invalidateQueries({ queryKey: courierQueueKey });
        navigate('/errands/courier', { replace: true, state: { flash: t('errands.done.decline') } });
        return true;
      }
      setFlash(
        problem
          ? { tone: 'warning', text: t('errands.photoFailed', { message: problem }) }
          : { tone: 'success', text: t(`errands.done.${step}`) },
      );
      await client.invalidateQueries({ queryKey: ['errands'] });
      return true;
    } catch (err) {
      setFlash({ tone: 'error', text: describeError(err, t, i18n.language).message });
      await client.invalidateQueries({ queryKey: errandKey(id) });
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title={t('errands.detailTitle')} back="/errands/courier" testId="h5-errand-courier-detail">
      {flash ? (
        <Alert tone={flash.tone} testId="h5-errand-flash">
          {flash.text}
        </Alert>
      ) : null}
      {errand.isPending ? (
        <Loading />
      ) : errand.isError ? (
        <LoadFailed onRetry={() => void errand.refetch()} message={t('errands.notFound')} />
      ) : (
        <>
          <section className="h5-card h5-card-flush">
            <div className="h5-errand-head">
              <span className="h5-errand-code" data-testid="h5-errand-code">
                {errand.data.code}
              </span>
              {errand.data.urgency === 'urgent' ? (
                <span className="h5-chip h5-chip-red">{t('errands.urgency.urgent')}</span>
              ) : null}
              <StateChip state={errand.data.state} testId="h5-errand-state" />
            </div>
            <dl className="h5-dl">
              <Row label={t('errands.itemsLabel')}>{errand.data.items}</Row>
              <Row label={t('errands.itemKindsShort')}>
                {errand.data.itemKinds.map((k) => t(`errands.itemKind.${k}`)).join('、')}
              </Row>
              {errand.data.note ? <Row label={t('errands.note')}>{errand.data.note}</Row> : null}
              {errand.data.receivedBy ? (
                <Row label={t('errands.receivedBy')} testId="h5-errand-received-by">
                  {errand.data.receivedBy}
                </Row>
              ) : null}
            </dl>
            <DeliveryPhoto url={errand.data.photoUrl} />
          </section>
          <section className="h5-card" aria-labelledby="errand-pickup">
            <h2 id="errand-pickup" className="h5-card-title">
              {t('errands.pickup')}
            </h2>
            <p className="h5-errand-place">{errand.data.pickup.address}</p>
            <CallButton
              number={errand.data.pickup.mobile}
              label={errand.data.pickup.contact}
              testId="h5-errand-call-pickup"
              small
            />
          </section>
          <section className="h5-card" aria-labelledby="errand-recipient">
            <h2 id="errand-recipient" className="h5-card-title">
              {t('errands.recipient')}
            </h2>
            <p className="h5-errand-place">{errand.data.recipient.address}</p>
            <CallButton
              number={errand.data.recipient.phone}
              label={errand.data.recipient.name}
              testId="h5-errand-call-recipient"
              small
            />
          </section>
          <Actions errand={errand.data} busy={busy} run={run} onSheet={setSheet} />
          <Durations errand={errand.data} />
          <Timeline errand={errand.data} />
          <DeclineSheet
            open={sheet === 'decline'}
            onClose={() => setSheet(null)}
            busy={busy === 'decline'}
            onSubmit={(reason) => run('decline', { reason })}
          />
          <DeliverSheet
            open={sheet === 'deliver'}
            onClose={() => setSheet(null)}
            busy={busy === 'deliver'}
            onSubmit={(receivedBy, photo) =>
              photo
                ? // The photo goes first (it must exist before the errand is delivered); if the upload
                  // fails the delivery still goes ahead, and the courier is told.
                  uploadDeliveryPhoto(id, photo).then(
                    (photoFileId) => run('deliver', { receivedBy, photoFileId }),
                    (err) =>
                      run(
                        'deliver',
                        { receivedBy },
                        async () => describeError(err, t, i18n.language).message,
                      ),
                  )
                : run('deliver', { receivedBy })
            }
          />
        </>
      )}
    </Page>
  );
}

function Actions({
  errand: e,
  busy,
  run,
  onSheet,
}: {
  errand: TErrand;
  busy: Step | null;
  run: (step: Step) => Promise<boolean>;
  onSheet: (s: 'decline' | 'deliver') => void;
}) {
  const { t } = useTranslation();
  const can = (a: string) => e.actions.includes(a);
  if (!['accept', 'decline', 'pickup', 'deliver'].some(can)) return null;
  return (
    <section className="h5-card h5-errand-actions is-sticky" data-testid="h5-errand-actions">
      {can('accept') ? (
        <button
          type="button"
          className="h5-btn h5-btn-primary"
          disabled={busy !== null}
          aria-busy={busy === 'accept'}
          onClick={() => void run('accept')}
          data-testid="h5-errand-accept"
        >
          {busy === 'accept' ? t('errands.working') : t('errands.accept')}
        </button>
      ) : null}
      {can('pickup') ? (
        <button
          type="button"
          className="h5-btn h5-btn-primary"
          disabled={busy !== null}
          aria-busy={busy === 'pickup'}
          onClick={() => void run('pickup')}
          data-testid="h5-errand-pickup"
        >
          {busy === 'pickup' ? t('errands.working') : t('errands.pickedUp')}
        </button>
      ) : null}
      {can('deliver') ? (
        <button
          type="button"
          className="h5-btn h5-btn-primary"
          disabled={busy !== null}
          onClick={() => onSheet('deliver')}
          data-testid="h5-errand-deliver"
        >
          {t('errands.deliver')}
        </button>
      ) : null}
      {can('decline') ? (
        <button
          type="button"
          className="h5-btn h5-btn-outline"
          disabled={busy !== null}
          onClick={() => onSheet('decline')}
          data-testid="h5-errand-decline"
        >
          {t('errands.decline')}
        </button>
      ) : null}
    </section>
  );
}

function DeclineSheet({
  open,
  onClose,
  busy,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  busy: boolean;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (open) {
      setReason('');
      setError(undefined);
    }
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 2) {
      setError(t('errands.declineRequired'));
      document.getElementById('errand-decline-reason')?.focus();
      return;
    }
    void onSubmit(reason.trim());
  };
  return (
    <Sheet open={open} title={t('errands.declineTitle')} onClose={onClose} testId="h5-errand-decline-sheet">
      <form onSubmit={submit} noValidate>
        <TextAreaField
          id="errand-decline-reason"
          label={
            <>
              {t('errands.declineReason')}
              <RequiredMark />
            </>
          }
          placeholder={t('errands.declinePlaceholder')}
          value={reason}
          onValue={(v) => {
            setReason(v);
            setError(undefined);
          }}
          error={error}
          rows={3}
          maxLength={200}
          aria-required
        />
        <div className="h5-sheet-actions">
          <button type="button" className="h5-btn h5-btn-outline" onClick={onClose}>
            {t('errands.cancel')}
          </button>
          <button
            type="submit"
            className="h5-btn h5-btn-primary"
            disabled={busy}
            aria-busy={busy}
            data-testid="h5-errand-decline-submit"
          >
            {busy ? t('errands.working') : t('errands.declineSubmit')}
          </button>
        </div>
      </form>
    </Sheet>
  );
}

function DeliverSheet({
  open,
  onClose,
  busy,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  busy: boolean;
  onSubmit: (receivedBy: string, photo: File | null) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [receivedBy, setReceivedBy] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [photoError, setPhotoError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setReceivedBy('');
      setPhoto(null);
      setError(undefined);
      setPhotoError(null);
    }
  }, [open]);
  // A photo the server would refuse is refused when chosen: once 送达 is recorded it could not be added.
  const pick = (file: File | null) => {
    const why = file ? photoProblem(file) : null;
    setPhotoError(why && file ? t(`errands.${why}`, { name: file.name }) : null);
    setPhoto(why ? null : file);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!receivedBy.trim()) {
      setError(t('errands.receivedByRequired'));
      document.getElementById('errand-received-by')?.focus();
      return;
    }
    void onSubmit(receivedBy.trim(), photo);
  };
  return (
    <Sheet open={open} title={t('errands.deliverTitle')} onClose={onClose} testId="h5-errand-deliver-sheet">
      <form onSubmit={submit} noValidate>
        <TextField
          id="errand-received-by"
          label={
            <>
              {t('errands.receivedBy')}
              <RequiredMark />
            </>
          }
          placeholder={t('errands.receivedByPlaceholder')}
          value={receivedBy}
          onValue={(v) => {
            setReceivedBy(v);
            setError(undefined);
          }}
          error={error}
          maxLength={20}
          aria-required
        />
        <div className="h5-field">
          <span className="h5-errand-file-label" id="errand-photo-label">
            {t('errands.photo')}
          </span>
          <input
            id="errand-photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            className="h5-errand-file"
            aria-labelledby="errand-photo-label"
            onChange={(e) => {
              pick(e.target.files?.[0] ?? null);
              e.target.value = '';
            }}
          />
          <label htmlFor="errand-photo" className="h5-btn h5-btn-outline h5-btn-block h5-errand-file-btn">
            {photo ? t('errands.photoChange') : t('errands.photoPick')}
          </label>
          {photo ? <p className="h5-field-hint">{t('errands.photoChosen', { name: photo.name })}</p> : null}
          {photoError ? (
            <p className="h5-field-error" role="alert" data-testid="h5-errand-photo-error">
              {photoError}
            </p>
          ) : null}
        </div>
        <div className="h5-sheet-actions">
          <button type="button" className="h5-btn h5-btn-outline" onClick={onClose}>
            {t('errands.cancel')}
          </button>
          <button
            type="submit"
            className="h5-btn h5-btn-primary"
            disabled={busy}
            aria-busy={busy}
            data-testid="h5-errand-deliver-submit"
          >
            {busy ? t('errands.working') : t('errands.deliverSubmit')}
          </button>
        </div>
      </form>
    </Sheet>
  );
}
