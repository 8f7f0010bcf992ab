import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { TWish } from '../../../../shared/wishes.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { formatDate } from '../../../shared/format.ts';
import { Alert, ConfirmSheet, EmptyCard, LoadFailed, Loading } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import { TextAreaField } from '../hardship/common.tsx';
import { optionalPhoto, uploadWishPhoto, useWish, wishesApi } from './data.ts';
import { ClaimRows, PhotoPicker, Row, StateChip, Timeline, WishPage, yuan } from './ui.tsx';

/** `/m/wishes/mine/:id`: the worker's own wish — review note, claim, 确认收到, thanks, timeline. */
export function MyWishPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const wish = useWish(id, valid);
  const notFound = !valid || (wish.error instanceof ApiError && wish.error.status === 404);
  const location = useLocation();
  const navigate = useNavigate();
  // The message handed over by the form, shown once: cleared from the history entry so a reload
  // or a later visit does not repeat it.
  const [flash] = useState(() => (location.state as { flash?: string } | null)?.flash);
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  return (
    <WishPage title={t('wishes.detailTitle')} back="/wishes/mine" testId="h5-wish-mine-detail">
      {flash ? <Alert tone="success" title={flash} testId="h5-wish-flash" /> : null}
      {notFound ? (
        <EmptyCard title={t('wishes.notFound')} testId="h5-wish-notfound">
          <Link to="/wishes/mine" className="h5-link-arrow">
            {t('wishes.mineTitle')}
          </Link>
        </EmptyCard>
      ) : wish.isPending ? (
        <Loading />
      ) : wish.isError ? (
        <LoadFailed onRetry={() => void wish.refetch()} />
      ) : (
        <Detail wish={wish.data} />
      )}
    </WishPage>
  );
}

type Notify = (message: string, tone: 'success' | 'warning') => void;

function Detail({ wish: w }: { wish: TWish }) {
  const { t, i18n } = useTranslation();
  // Said after a step whose form is gone once it succeeded.
  const [notice, setNotice] = useState<{ message: string; tone: 'success' | 'warning' } | null>(null);
  const can = (a: string) => w.actions.includes(a);
  const editable = w.state === 'pending' || w.state === 'returned';
  return (
    <>
      {notice ? <Alert tone={notice.tone} title={notice.message} testId="h5-wish-notice" /> : null}
      <article className="h5-card h5-card-flush h5-wish-article">
        {w.photoUrl ? (
          <img className="h5-wish-photo" src={w.photoUrl} alt={t('wishes.photoAlt', { title: w.title })} />
        ) : null}
        <div className="h5-wish-article-head">
          <div className="h5-wish-card-meta">
            <StateChip state={w.state} testId="h5-wish-state" />
            <span className="h5-chip">{t(`wishes.categoryLabel.${w.category}`)}</span>
          </div>
          <h2 className="h5-wish-title">{w.title}</h2>
          <p className="h5-wish-value">{yuan(w.valueFen)}</p>
        </div>
        <dl className="h5-dl">
          <Row label={t('wishes.org')}>{w.org.name}</Row>
          {w.publishedAt ? (
            <Row label={t('wishes.publishedAt')}>{formatDate(w.publishedAt, i18n.language)}</Row>
          ) : null}
          {w.state === 'returned' && w.reviewNote ? (
            <Row label={t('wishes.worker.reviewNote')} testId="h5-wish-review-note" text>
              {w.reviewNote}
            </Row>
          ) : null}
          {w.state === 'rejected' && w.rejectReason ? (
            <Row label={t('wishes.worker.rejectReason')} text>
              {w.rejectReason}
            </Row>
          ) : null}
        </dl>
        <section className="h5-wish-story" aria-labelledby="wish-story-title">
          <h3 id="wish-story-title">{t('wishes.story')}</h3>
          <p>{w.story}</p>
        </section>
      </article>

      {editable ? (
        <Link
          to={`/wishes/mine/${w.id}/edit`}
          className="h5-btn h5-btn-primary h5-btn-block"
          data-testid="h5-wish-edit"
        >
          {w.state === 'returned' ? t('wishes.worker.resubmit') : t('wishes.worker.edit')}
        </Link>
      ) : null}

      {w.claim && w.state !== 'published' ? (
        <section className="h5-card h5-card-flush" aria-labelledby="wish-claim-title">
          <h2 id="wish-claim-title" className="h5-card-title h5-wish-flush-title">
            {t('wishes.worker.claimInfo')}
          </h2>
          <dl className="h5-dl">
            <ClaimRows claim={w.claim} />
            {w.thanks ? (
              <Row label={t('wishes.worker.yourThanks')} testId="h5-wish-thanks-text" text>
                {w.thanks}
              </Row>
            ) : null}
          </dl>
        </section>
      ) : null}

      {can('confirm') || w.state === 'claimed' || w.state === 'sent' ? (
        <ConfirmReceipt wish={w} onNotice={(message, tone) => setNotice({ message, tone })} />
      ) : null}
      {w.state === 'fulfilled' && !w.thanks ? <Thanks wish={w} /> : null}

      <Timeline events={w.timeline} />

      {can('withdraw') || ['pending', 'returned', 'published'].includes(w.state) ? (
        <Withdraw wish={w} />
      ) : null}
    </>
  );
}

/** After a step: every wish query (this one, 我的心愿 and the wall) is stale. */
function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['wishes'] });
}

function ConfirmReceipt({ wish: w, onNotice }: { wish: TWish; onNotice: Notify }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefresh();
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const confirm = useMutation({
    mutationFn: async () => {
      const { photoFileId, problem } = photo
        ? await optionalPhoto(() => uploadWishPhoto(w.id, photo))
        : { photoFileId: null, problem: null };
      await api.post<TWish>(`${wishesApi}/${w.id}/confirm`, { note: note.trim() || null, photoFileId });
      return problem;
    },
    onSuccess: (problem) => {
      onNotice(
        problem
          ? t('wishes.photoSkipped', { message: describeError(problem, t, i18n.language).message })
          : t('wishes.worker.confirmed'),
        problem ? 'warning' : 'success',
      );
      return refresh();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate();
  };
  return (
    <form className="h5-card h5-form-card" onSubmit={submit} aria-labelledby="wish-confirm-title">
      <h2 id="wish-confirm-title" className="h5-card-title">
        {t('wishes.worker.confirmTitle')}
      </h2>
      <p className="h5-muted">{t('wishes.worker.confirmIntro')}</p>
      {confirm.error ? (
        <Alert tone="error">{describeError(confirm.error, t, i18n.language).message}</Alert>
      ) : null}
      <TextAreaField
        id="confirm-note"
        label={t('wishes.worker.confirmNote')}
        value={note}
        onValue={setNote}
        rows={3}
        maxLength={500}
      />
      <PhotoPicker
        id="confirm-photo"
        label={t('wishes.claims.photo')}
        hint={t('wishes.form.photoHint')}
        file={photo}
        onFile={setPhoto}
      />
      <button
        type="submit"
        className="h5-btn h5-btn-primary h5-btn-block"
        disabled={confirm.isPending}
        aria-busy={confirm.isPending}
        data-testid="h5-wish-confirm"
      >
        {confirm.isPending ? t('wishes.worker.confirming') : t('wishes.worker.confirm')}
      </button>
    </form>
  );
}

function Thanks({ wish: w }: { wish: TWish }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: () => api.post<TWish>(`${wishesApi}/${w.id}/thanks`, { thanks: text.trim() }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setMissing(true);
      document.getElementById('wish-thanks')?.focus();
      return;
    }
    setMissing(false);
    send.mutate();
  };
  const serverField = send.error ? describeError(send.error, t, i18n.language) : null;
  return (
    <form className="h5-card h5-form-card" onSubmit={submit} aria-labelledby="wish-thanks-title" noValidate>
      <h2 id="wish-thanks-title" className="h5-card-title">
        {t('wishes.worker.thanksTitle')}
      </h2>
      {serverField && !serverField.fields.thanks ? <Alert tone="error">{serverField.message}</Alert> : null}
      <TextAreaField
        id="wish-thanks"
        label={t('wishes.worker.thanksTitle')}
        placeholder={t('wishes.worker.thanksPlaceholder')}
        value={text}
        onValue={setText}
        rows={3}
        maxLength={300}
        error={missing ? t('wishes.worker.thanksRequired') : serverField?.fields.thanks}
      />
      <button
        type="submit"
        className="h5-btn h5-btn-primary h5-btn-block"
        disabled={send.isPending}
        aria-busy={send.isPending}
        data-testid="h5-wish-thanks-send"
      >
        {send.isPending ? t('wishes.worker.thanksSending') : t('wishes.worker.thanksSend')}
      </button>
    </form>
  );
}

function Withdraw({ wish: w }: { wish: TWish }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefresh();
  const [asking, setAsking] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => api.post<TWish>(`${wishesApi}/${w.id}/withdraw`),
    onSuccess: refresh,
    onSettled: () => setAsking(false),
  });
  return (
    <div className="h5-wish-danger-zone">
      {withdraw.error ? (
        <Alert tone="error">{describeError(withdraw.error, t, i18n.language).message}</Alert>
      ) : null}
      <button
        type="button"
        className="h5-btn h5-btn-danger h5-btn-block"
        disabled={withdraw.isPending}
        onClick={() => setAsking(true)}
        data-testid="h5-wish-withdraw"
      >
        {withdraw.isPending ? t('wishes.worker.withdrawing') : t('wishes.worker.withdraw')}
      </button>
      <ConfirmSheet
        open={asking}
        title={t('wishes.worker.withdraw')}
        message={t('wishes.worker.withdrawConfirm')}
        confirmLabel={t('wishes.worker.withdraw')}
        busy={withdraw.isPending}
        onConfirm={() => withdraw.mutate()}
        onClose={() => setAsking(false)}
        testId="h5-wish-withdraw-sheet"
        confirmTestId="h5-wish-withdraw-confirm"
      />
    </div>
  );
}
