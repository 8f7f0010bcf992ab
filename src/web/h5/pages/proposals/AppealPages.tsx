import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { TAppeal } from '../../../../shared/appeals.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import {
  Alert,
  ConfirmSheet,
  EmptyCard,
  LoadFailed,
  Loading,
  Page,
  TextField,
  useOptionalMe,
} from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError } from '../../errors.ts';
import { Row } from '../errands/ui.tsx';
import { RequiredMark, SelectField, TextAreaField } from '../hardship/common.tsx';
import { AppealPhotos, PhotoPickerField, photoRefusal } from './AppealPhotos.tsx';
import {
  type AppealScope,
  appealKey,
  base,
  categories,
  isRepresentative,
  type ProposalCategory,
  uploadAppealPhoto,
  useAppeal,
  useAppeals,
  useMySeats,
} from './data.ts';
import { RateSheet } from './ProposalPages.tsx';
import { AppealChip, useFlash } from './ui.tsx';

/** `/m/congress/appeals`: 职工事大家议, everyone's (newest or most supported) and mine. */
export function AppealsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const scope: AppealScope = params.get('tab') === 'mine' ? 'mine' : 'all';
  const sort = params.get('sort') === 'support' ? 'support' : 'latest';
  const list = useAppeals(scope, sort);
  const go = (next: Record<string, string>) =>
    setParams(
      { ...(scope === 'mine' ? { tab: 'mine' } : {}), ...(sort === 'support' ? { sort } : {}), ...next },
      { replace: true },
    );
  return (
    <Page title={t('congress.appeals')} back="/services" testId="h5-appeals">
      <section className="h5-card">
        <p className="h5-muted">{t('congress.appealsIntro')}</p>
        <Link
          to="/congress/appeals/new"
          className="h5-btn h5-btn-primary h5-btn-block h5-congress-gap"
          data-testid="h5-appeal-new"
        >
          {t('congress.newAppeal')}
        </Link>
        <Link to="/congress" className="h5-link-arrow h5-congress-gap" data-testid="h5-appeals-to-hub">
          {t('congress.heroTitle')}
        </Link>
      </section>
      <div className="h5-segmented h5-errand-tabs" role="tablist">
        {(['all', 'mine'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={scope === k}
            data-testid={`h5-appeals-tab-${k}`}
            onClick={() => go({ tab: k === 'mine' ? 'mine' : '' })}
          >
            {t(k === 'all' ? 'congress.tabAll' : 'congress.tabMine')}
          </button>
        ))}
      </div>
      {scope === 'all' ? (
        <div className="h5-congress-sort">
          {(['latest', 'support'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className={`h5-chip${sort === k ? ' h5-chip-red' : ''}`}
              aria-pressed={sort === k}
              onClick={() => setParams(k === 'support' ? { sort: k } : {}, { replace: true })}
            >
              {t(k === 'latest' ? 'congress.sortLatest' : 'congress.sortSupport')}
            </button>
          ))}
        </div>
      ) : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyCard title={t(scope === 'mine' ? 'congress.myAppealsEmpty' : 'congress.appealsEmpty')} />
      ) : (
        <ul className="h5-errand-list" data-testid="h5-appeals-list">
          {list.data.items.map((a) => (
            <li key={a.id} data-appeal-id={a.id}>
              <Link
                to={`/congress/appeals/${a.id}`}
                className="h5-errand-item"
                data-testid={`h5-appeal-item-${a.id}`}
              >
                <span className="h5-errand-item-head">
                  <span className="h5-errand-code">
                    {t(`congress.appealKind.${a.kind}`)} · {t(`congress.categoryName.${a.category}`)}
                  </span>
                  <AppealChip state={a.state} />
                </span>
                <span className="h5-errand-item-title">{a.title}</span>
                <span className="h5-muted h5-small">
                  {a.author} · {formatDateTime(a.createdAt, i18n.language)}
                </span>
                <span className="h5-congress-counts">
                  <span className={a.supportedByMe ? 'is-on' : undefined}>
                    {t('congress.supportCount', { count: a.supportCount })}
                  </span>
                  <span>{t('congress.commentCount', { count: a.commentCount })}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

type Field = 'title' | 'category' | 'text' | 'location';
type Errors = Partial<Record<Field, string>>;
const order: Field[] = ['category', 'title', 'text', 'location'];

/** `/m/congress/appeals/new`: a member raises an appeal or a suggestion (ZAppealInput). */
export function NewAppealPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const draft = useDraftForm('appeals.new');
  const [kind, setKind] = useDraft<'appeal' | 'suggestion'>('appeals.new', 'kind', 'appeal');
  const [v, setV] = useDraft('appeals.new', 'fields', { title: '', category: '', text: '', location: '' });
  const [anonymous, setAnonymous] = useDraft('appeals.new', 'anonymous', false);
  const [shareContact, setShareContact] = useDraft('appeals.new', 'shareContact', false);
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (f: Field) => (x: string) => {
    setV((s) => ({ ...s, [f]: x }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found: Errors = {
      category: v.category ? undefined : t('congress.categoryRequired'),
      title: v.title.trim().length >= 4 ? undefined : t('congress.titleRequired'),
      text: v.text.trim().length >= 10 ? undefined : t('congress.textRequired'),
    };
    setErrors(found);
    const first = order.find((k) => found[k]);
    if (first) {
      setFailure(t('congress.checkFields'));
      document.getElementById(`appeal-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await api.post<TAppeal>(`${base}/appeals`, {
        kind,
        category: v.category as ProposalCategory,
        title: v.title.trim(),
        text: v.text.trim(),
        location: v.location.trim() || null,
        anonymous,
        shareContact,
      });
      draft.done();
      // The appeal stands on its own: a photo the server refuses is reported on the appeal's page,
      // where the author can add it again while it is 待分办.
      let photoError: string | null = null;
      for (const photo of photos) {
        try {
          await uploadAppealPhoto(saved.id, photo);
        } catch (err) {
          photoError = t('congress.photoFailed', { reason: photoRefusal(err, photo, t, i18n.language) });
          break;
        }
      }
      await client.invalidateQueries({ queryKey: ['proposals', 'appeals'] });
      navigate(`/congress/appeals/${saved.id}`, {
        replace: true,
        state: { flash: t('congress.appealSubmitted'), photoError },
      });
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Errors = {};
      for (const k of order) if (view.fields[k]) fromServer[k] = view.fields[k];
      setErrors(fromServer);
      setFailure(view.message);
      setBusy(false);
    }
  };
  return (
    <Page title={t('congress.newAppeal')} back="/congress/appeals" testId="h5-appeal-form">
      <form className="h5-card h5-errand-form" onSubmit={submit} noValidate>
        <DraftNotice draft={draft} unsaved={t('draft.photos')} />
        {failure ? (
          <Alert tone="error" title={t('congress.failed')} testId="h5-appeal-form-error">
            {failure}
          </Alert>
        ) : null}
        <fieldset className="h5-fieldset">
          <legend>{t('congress.appealKindLabel')}</legend>
          <div className="h5-errand-kinds">
            {(['appeal', 'suggestion'] as const).map((k) => (
              <label key={k} className="h5-errand-kind" htmlFor={`appeal-kind-${k}`}>
                <input
                  type="radio"
                  name="appeal-kind"
                  id={`appeal-kind-${k}`}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                <span>{t(`congress.appealKind.${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <SelectField
          id="appeal-category"
          label={t('congress.category')}
          required
          value={v.category}
          onValue={set('category')}
          placeholder={t('congress.categoryPlaceholder')}
          options={categories.map((k) => ({ value: k, label: t(`congress.categoryName.${k}`) }))}
          error={errors.category}
        />
        <TextField
          id="appeal-title"
          label={
            <>
              {t('congress.appealTitle')}
              <RequiredMark />
            </>
          }
          value={v.title}
          onValue={set('title')}
          error={errors.title}
          maxLength={60}
          aria-required
        />
        <TextAreaField
          id="appeal-text"
          label={
            <>
              {t('congress.appealText')}
              <RequiredMark />
            </>
          }
          placeholder={t('congress.appealTextPlaceholder')}
          value={v.text}
          onValue={set('text')}
          error={errors.text}
          rows={6}
          maxLength={2000}
          aria-required
        />
        <TextField
          id="appeal-location"
          label={t('congress.location')}
          placeholder={t('congress.locationPlaceholder')}
          value={v.location}
          onValue={set('location')}
          error={errors.location}
          maxLength={100}
        />
        <PhotoPickerField files={photos} onFiles={setPhotos} />
        <label className="h5-errand-kind h5-congress-check" htmlFor="appeal-anonymous">
          <input
            type="checkbox"
            id="appeal-anonymous"
            checked={anonymous}
            onChange={(e) => setAnonymous(e.target.checked)}
          />
          <span>{t('congress.anonymous')}</span>
        </label>
        <label className="h5-errand-kind h5-congress-check" htmlFor="appeal-share">
          <input
            type="checkbox"
            id="appeal-share"
            checked={shareContact}
            onChange={(e) => setShareContact(e.target.checked)}
          />
          <span>{t('congress.shareContact')}</span>
        </label>
        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy}
          aria-busy={busy}
          data-testid="h5-appeal-submit"
        >
          {busy ? t('congress.sending') : t('congress.appealSubmit')}
        </button>
      </form>
    </Page>
  );
}

/** `/m/congress/appeals/:id`: the appeal, 附议, comments, its outcome, withdraw and rate. */
export function AppealPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = Number(useParams().id);
  const appeal = useAppeal(Number.isInteger(id) ? id : 0);
  const client = useQueryClient();
  const location = useLocation();
  // A photo the 我要提 form could not upload after creating the appeal (read before useFlash clears it).
  const [photoError] = useState<string | null>(
    () => (location.state as { photoError?: string | null } | null)?.photoError ?? null,
  );
  const [flash, clearFlash] = useFlash();
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const [rating, setRating] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const act = async (path: string, body?: unknown, done?: string) => {
    clearFlash();
    setBusy(true);
    setFailure(null);
    setNote(null);
    try {
      const saved = await api.post<TAppeal | unknown>(`${base}/appeals/${id}${path}`, body);
      if (saved && typeof saved === 'object' && 'can' in saved) client.setQueryData(appealKey(id), saved);
      await client.invalidateQueries({ queryKey: appealKey(id) });
      await client.invalidateQueries({ queryKey: ['proposals', 'appeals'] });
      if (done) setNote(done);
      return true;
    } catch (err) {
      setFailure(describeError(err, t, lang).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const a = appeal.data;
  const seats = useMySeats(isRepresentative(useOptionalMe()));
  // The union asked me (a representative) to take it up and there is no proposal yet.
  const takeUp =
    !!a &&
    a.state === 'to_proposal' &&
    !a.proposal &&
    !!a.representative &&
    (seats.data ?? []).some((s) => s.id === a.representative?.id);
  const showSupport = !!a && (a.can.support || a.supportedByMe);
  const anyAction = !!a && (showSupport || a.can.rate || a.can.withdraw);
  return (
    <Page title={t('congress.appeals')} back="/congress/appeals" testId="h5-appeal">
      {flash ? (
        <Alert tone="success" testId="h5-appeal-flash">
          {flash}
        </Alert>
      ) : null}
      {appeal.isPending ? (
        <Loading />
      ) : appeal.isError || !a ? (
        <LoadFailed onRetry={() => void appeal.refetch()} message={t('congress.appealNotFound')} />
      ) : (
        <>
          <section className="h5-card h5-card-flush">
            <div className="h5-errand-head">
              <span className="h5-errand-code">{a.code}</span>
              <AppealChip state={a.state} testId="h5-appeal-state" />
            </div>
            <div className="h5-congress-body">
              <h2 className="h5-congress-title" data-testid="h5-appeal-title">
                {a.title}
              </h2>
              <p className="h5-muted h5-small">
                {t(`congress.appealKind.${a.kind}`)} · {t(`congress.categoryName.${a.category}`)} ·{' '}
                <span data-testid="h5-appeal-author">{a.author}</span> · {formatDateTime(a.createdAt, lang)}
              </p>
              {/* The author sees their own name; the mark says others do not. */}
              {a.mine && a.anonymous ? (
                <p className="h5-small" data-testid="h5-appeal-anonymous-mark">
                  <span className="h5-chip">{t('congress.anonymousChip')}</span> {t('congress.anonymousMark')}
                </p>
              ) : null}
              <p className="h5-congress-text">{a.text}</p>
              {a.location ? <p className="h5-muted h5-small">{a.location}</p> : null}
            </div>
            <dl className="h5-dl">
              {a.handlerOrg ? <Row label={t('congress.handlerOrg')}>{a.handlerOrg.name}</Row> : null}
              {a.triageNote ? <Row label={t('congress.triageNote')}>{a.triageNote}</Row> : null}
              {a.mergedInto ? (
                <Row label={t('congress.mergedInto')}>
                  <Link to={`/congress/appeals/${a.mergedInto.id}`}>{a.mergedInto.title}</Link>
                </Row>
              ) : null}
              {a.proposal ? (
                <Row label={t('congress.toProposal')}>
                  <Link to={`/congress/proposals/${a.proposal.id}`}>
                    {a.proposal.code} {a.proposal.title}
                  </Link>
                </Row>
              ) : a.representative ? (
                <Row label={t('congress.toProposal')}>{a.representative.name}</Row>
              ) : null}
              {a.referral ? <Row label={t('congress.referredTo')}>{a.referral.partner.name}</Row> : null}
              {a.dueAt ? (
                <Row label={t('congress.dueAt')}>
                  {formatDateTime(a.dueAt, lang)}
                  {a.overdue ? <span className="h5-congress-overdue"> · {t('congress.overdue')}</span> : null}
                </Row>
              ) : null}
              {a.reopenCount > 0 && !a.satisfaction ? (
                <Row label={t('congress.firstRating')} testId="h5-appeal-first-rating">
                  {t('congress.firstRatingText')}
                  {a.ratingComment ? ` · ${a.ratingComment}` : ''}
                </Row>
              ) : null}
              {a.satisfaction ? (
                <Row label={t('congress.rating')}>
                  {t(`congress.satisfaction.${a.satisfaction}`)}
                  {a.ratingComment ? ` · ${a.ratingComment}` : ''}
                </Row>
              ) : null}
            </dl>
          </section>
          <AppealPhotos appeal={a} handed={photoError} />
          {a.reply ? (
            <section className="h5-card" data-testid="h5-appeal-reply">
              <h2 className="h5-card-title">{t('congress.appealReply')}</h2>
              <p className="h5-congress-text">{a.reply}</p>
              {a.repliedAt ? <p className="h5-muted h5-small">{formatDateTime(a.repliedAt, lang)}</p> : null}
            </section>
          ) : null}
          {takeUp ? (
            <Link
              to={`/congress/proposals/new?fromAppeal=${a.id}`}
              className="h5-btn h5-btn-primary h5-btn-block"
              data-testid="h5-appeal-take-up"
            >
              {t('congress.takeUp')}
            </Link>
          ) : null}
          {note ? (
            <Alert tone="success" testId="h5-appeal-note">
              {note}
            </Alert>
          ) : null}
          {failure ? (
            <Alert tone="error" title={t('congress.failed')} testId="h5-appeal-error">
              {failure}
            </Alert>
          ) : null}
          <p className="h5-congress-counts" data-testid="h5-appeal-support-count">
            <span className={a.supportedByMe ? 'is-on' : undefined}>
              {t('congress.supportCount', { count: a.supportCount })}
            </span>
            <span>{t('congress.commentCount', { count: a.commentCount })}</span>
          </p>
          <div className="h5-errand-actions" data-testid="h5-appeal-actions" hidden={!anyAction}>
            {showSupport ? (
              <button
                type="button"
                className={`h5-btn ${a.supportedByMe ? 'h5-btn-outline' : 'h5-btn-primary'}`}
                disabled={busy || !a.can.support}
                aria-pressed={a.supportedByMe}
                data-testid="h5-appeal-support"
                onClick={() => void act('/support', {}, t('congress.supportedToast'))}
              >
                {a.supportedByMe ? t('congress.supported') : t('congress.support')}
              </button>
            ) : null}
            {a.can.rate ? (
              <button
                type="button"
                className="h5-btn h5-btn-primary"
                disabled={busy}
                onClick={() => setRating(true)}
                data-testid="h5-appeal-rate"
              >
                {t('congress.rate')}
              </button>
            ) : null}
            {a.can.withdraw ? (
              <button
                type="button"
                className="h5-btn h5-btn-outline"
                disabled={busy}
                onClick={() => setConfirmWithdraw(true)}
                data-testid="h5-appeal-withdraw"
              >
                {t('congress.withdraw')}
              </button>
            ) : null}
          </div>
          <section className="h5-card" aria-labelledby="appeal-comments">
            <h2 id="appeal-comments" className="h5-card-title">
              {t('congress.comments')}
            </h2>
            {a.comments.length === 0 ? (
              <p className="h5-muted">{t('congress.noComments')}</p>
            ) : (
              <ul className="h5-congress-comments" data-testid="h5-appeal-comments">
                {a.comments.map((c) => (
                  <li key={c.id} data-state={c.state}>
                    <p className="h5-muted h5-small">
                      {c.author} · {formatDateTime(c.createdAt, lang)}
                      {c.state === 'pending' ? (
                        <span className="h5-chip">{t('congress.commentPending')}</span>
                      ) : null}
                      {c.state === 'rejected' ? (
                        <span className="h5-chip">{t('congress.commentRejected')}</span>
                      ) : null}
                    </p>
                    <p className="h5-congress-text">{c.text}</p>
                    {c.rejectReason ? <p className="h5-muted h5-small">{c.rejectReason}</p> : null}
                  </li>
                ))}
              </ul>
            )}
            {a.can.comment ? (
              <form
                className="h5-congress-gap"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (comment.trim().length < 2) {
                    setCommentError(t('congress.commentRequired'));
                    return;
                  }
                  setCommentError(undefined);
                  void act('/comments', { text: comment.trim() }, t('congress.commentSent')).then((ok) => {
                    if (ok) setComment('');
                  });
                }}
              >
                <TextAreaField
                  id="appeal-comment"
                  label={<span className="h5-sr-only">{t('congress.comments')}</span>}
                  placeholder={t('congress.commentPlaceholder')}
                  value={comment}
                  onValue={setComment}
                  error={commentError}
                  rows={2}
                  maxLength={500}
                />
                <button
                  type="submit"
                  className="h5-btn h5-btn-outline h5-btn-block"
                  disabled={busy}
                  data-testid="h5-appeal-comment-send"
                >
                  {t('congress.commentSend')}
                </button>
              </form>
            ) : null}
          </section>
          <ConfirmSheet
            open={confirmWithdraw}
            title={t('congress.withdraw')}
            message={t('congress.appealWithdrawConfirm')}
            busy={busy}
            onConfirm={() => void act('/withdraw', {}).then(() => setConfirmWithdraw(false))}
            onClose={() => setConfirmWithdraw(false)}
            confirmTestId="h5-appeal-withdraw-confirm"
          />
          <RateSheet
            open={rating}
            onClose={() => setRating(false)}
            busy={busy}
            failure={failure}
            onRate={async (body) => {
              // Say what the rating did: the first 不满意 sends the appeal back to the union (the page then
              // shows 办理中 with a new deadline, which alone would look as if the rating was lost).
              const reopens = body.satisfaction === 'unsatisfied' && a.reopenCount === 0;
              const done = reopens
                ? t('congress.ratedReopened')
                : t('congress.ratedThanks', { level: t(`congress.satisfaction.${body.satisfaction}`) });
              if (await act('/rate', body, done)) setRating(false);
            }}
          />
        </>
      )}
    </Page>
  );
}
