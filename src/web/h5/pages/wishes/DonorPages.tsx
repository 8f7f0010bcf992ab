import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { FulfilmentMethod, TDonorProfile, TWish } from '../../../../shared/wishes.ts';
import { ApiError, api, request } from '../../../shared/api.ts';
import { Alert, EmptyCard, LoadFailed, Loading, TextField } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import { RequiredMark, TextAreaField } from '../hardship/common.tsx';
import {
  donorProfileKey,
  optionalPhoto,
  uploadPhoto,
  useDonorClaims,
  useDonorProfile,
  wishesApi,
} from './data.ts';
import {
  ClaimRows,
  Deadline,
  MethodChoice,
  PhotoPicker,
  Row,
  StateChip,
  Timeline,
  WishPage,
  yuan,
} from './ui.tsx';

/** `/m/wishes/claims`: the donor's claims, live ones first, each with its deadline. */
export function MyClaimsPage() {
  const { t } = useTranslation();
  const claims = useDonorClaims();
  const items = [...(claims.data?.items ?? [])].sort((a, b) => rank(a) - rank(b));
  return (
    <WishPage title={t('wishes.claimsTitle')} back="/wishes" testId="h5-wish-claims">
      <p className="h5-wish-intro">{t('wishes.claims.intro')}</p>
      <Link to="/wishes/profile" className="h5-link-arrow" data-testid="h5-wish-profile-link">
        {t('wishes.profileTitle')}
      </Link>
      {claims.isPending ? (
        <Loading />
      ) : claims.isError ? (
        <LoadFailed onRetry={() => void claims.refetch()} />
      ) : items.length === 0 ? (
        <EmptyCard title={t('wishes.claims.empty')}>
          <Link to="/wishes" className="h5-btn h5-btn-primary">
            {t('wishes.claims.browse')}
          </Link>
        </EmptyCard>
      ) : (
        <ul className="h5-wish-list" data-testid="h5-wish-claims-list">
          {items.map((w) => (
            <li key={w.id} className="h5-wish-card" data-wish-id={w.id}>
              <Link to={`/wishes/claims/${w.id}`} className="h5-wish-card-link is-text">
                <span className="h5-wish-card-body">
                  <span className="h5-wish-card-title">{w.title}</span>
                  <span className="h5-wish-card-meta">
                    {w.claim ? (
                      <span
                        className={`h5-chip h5-wish-state is-claim-${w.claim.state}`}
                        data-state={w.claim.state}
                      >
                        {t(`wishes.claimState.${w.claim.state}`)}
                      </span>
                    ) : null}
                    <span className="h5-chip">{t(`wishes.categoryLabel.${w.category}`)}</span>
                  </span>
                  <span className="h5-wish-card-who">
                    <span>{w.maskedName}</span>
                    <span>{w.region}</span>
                  </span>
                  {w.claim?.state === 'active' ? (
                    <span className="h5-wish-card-who">
                      {t('wishes.claims.deadline')}：<Deadline date={w.claim.deadline} />
                    </span>
                  ) : null}
                  <span className="h5-wish-card-value">{yuan(w.valueFen)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </WishPage>
  );
}

const order = ['active', 'sent', 'fulfilled', 'released', 'expired'];
const rank = (w: TWish) => order.indexOf(w.claim?.state ?? 'expired');

/** `/m/wishes/claims/:id`: one claim — how to fulfil it, 标记已寄出, 放弃认领, timeline and thanks. */
export function ClaimPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const claims = useDonorClaims();
  const wish = claims.data?.items.find((w) => w.id === id);
  const [released, setReleased] = useState(false);
  return (
    <WishPage title={t('wishes.claimsTitle')} back="/wishes/claims" testId="h5-wish-claim-detail">
      {released ? (
        <Alert tone="success" title={t('wishes.claims.released')} testId="h5-wish-released" />
      ) : null}
      {claims.isPending ? (
        <Loading />
      ) : claims.isError ? (
        <LoadFailed onRetry={() => void claims.refetch()} />
      ) : !wish ? (
        <EmptyCard title={t('wishes.notFound')}>
          <Link to="/wishes/claims" className="h5-link-arrow">
            {t('wishes.claimsTitle')}
          </Link>
        </EmptyCard>
      ) : (
        <ClaimDetail wish={wish} onReleased={() => setReleased(true)} />
      )}
    </WishPage>
  );
}

type Notify = (message: string, tone: 'success' | 'warning') => void;

function ClaimDetail({ wish: w, onReleased }: { wish: TWish; onReleased: () => void }) {
  const { t } = useTranslation();
  const c = w.claim;
  // Said after a step whose form is gone once it succeeded.
  const [notice, setNotice] = useState<{ message: string; tone: 'success' | 'warning' } | null>(null);
  return (
    <>
      {notice ? <Alert tone={notice.tone} title={notice.message} testId="h5-wish-notice" /> : null}
      <article className="h5-card h5-card-flush h5-wish-article">
        {w.photoUrl ? (
          <img className="h5-wish-photo" src={w.photoUrl} alt={t('wishes.photoAlt', { title: w.title })} />
        ) : null}
        <div className="h5-wish-article-head">
          <div className="h5-wish-card-meta">
            {c && (c.state === 'released' || c.state === 'expired') ? (
              // Given up or expired: what matters to this donor is their claim, not the wish's new state.
              <span className={`h5-chip h5-wish-state is-claim-${c.state}`} data-testid="h5-wish-state">
                {t(`wishes.claimState.${c.state}`)}
              </span>
            ) : (
              <StateChip state={w.state} testId="h5-wish-state" />
            )}
            <span className="h5-chip">{t(`wishes.categoryLabel.${w.category}`)}</span>
          </div>
          <h2 className="h5-wish-title">
            <Link to={`/wishes/${w.id}`}>{w.title}</Link>
          </h2>
          <p className="h5-wish-value">{yuan(w.valueFen)}</p>
        </div>
        <dl className="h5-dl">
          <Row label={t('wishes.who')}>{w.maskedName}</Row>
          <Row label={t('wishes.region')}>{w.region}</Row>
          {c ? <ClaimRows claim={c} /> : null}
          {w.thanks ? (
            <Row label={t('wishes.claims.thanks')} testId="h5-wish-donor-thanks" text>
              {w.thanks}
            </Row>
          ) : null}
        </dl>
        <section className="h5-wish-story" aria-labelledby="wish-story-title">
          <h3 id="wish-story-title">{t('wishes.story')}</h3>
          <p>{w.story}</p>
        </section>
      </article>
      {c?.state === 'active' ? (
        <MarkSent wish={w} onNotice={(message, tone) => setNotice({ message, tone })} />
      ) : null}
      <Timeline events={w.timeline} />
      {c?.state === 'active' ? <Release wish={w} onReleased={onReleased} /> : null}
    </>
  );
}

function MarkSent({ wish: w, onNotice }: { wish: TWish; onNotice: Notify }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [method, setMethod] = useState<string>(w.claim?.method ?? '');
  const [note, setNote] = useState('');
  const [tracking, setTracking] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const send = useMutation({
    mutationFn: async () => {
      const claimId = w.claim?.id ?? 0;
      const { photoFileId, problem } = photo
        ? await optionalPhoto(() => uploadPhoto('wishes.claim', claimId, photo))
        : { photoFileId: null, problem: null };
      await api.post<TWish>(`${wishesApi}/${w.id}/sent`, {
        method: method as FulfilmentMethod,
        note: note.trim(),
        trackingNote: method === 'direct' ? tracking.trim() : null,
        photoFileId,
      });
      return problem;
    },
    onSuccess: (problem) => {
      onNotice(
        problem
          ? t('wishes.photoSkipped', { message: describeError(problem, t, i18n.language).message })
          : t('wishes.claims.sent'),
        problem ? 'warning' : 'success',
      );
      return client.invalidateQueries({ queryKey: ['wishes'] });
    },
    onError: (e) => setErrors(describeError(e, t, i18n.language).fields),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      method: method ? undefined : t('wishes.claims.chooseMethod'),
      note: note.trim() ? undefined : t('wishes.claims.noteRequired'),
      trackingNote: method === 'direct' && !tracking.trim() ? t('wishes.claims.trackingRequired') : undefined,
    };
    setErrors(found);
    const first = found.method
      ? 'send-method-viaUnion'
      : found.note
        ? 'send-note'
        : found.trackingNote
          ? 'send-tracking'
          : null;
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    send.mutate();
  };
  const failure = send.error ? describeError(send.error, t, i18n.language).message : null;
  return (
    <form className="h5-card h5-form-card" onSubmit={submit} aria-labelledby="wish-send-title" noValidate>
      <h2 id="wish-send-title" className="h5-card-title">
        {t('wishes.claims.sendTitle')}
      </h2>
      <p className="h5-muted">{t('wishes.claims.sendIntro')}</p>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <MethodChoice
        name="send-method"
        value={method}
        onValue={setMethod}
        legend={t('wishes.claims.method')}
        error={errors.method}
      />
      {method === 'direct' ? (
        // The worker's address is never online: the union passes it on after checking who asks.
        <p className="h5-muted" data-testid="h5-wish-direct-address">
          {t('wishes.claims.directAddress', { org: w.org.name })}{' '}
          <a href={`tel:${w.hotline.replace(/[^\d+-]/g, '')}`}>{w.hotline}</a>
        </p>
      ) : null}
      {method === 'direct' ? (
        <TextField
          id="send-tracking"
          label={
            <>
              {t('wishes.claims.tracking')}
              <RequiredMark />
            </>
          }
          placeholder={t('wishes.claims.trackingPlaceholder')}
          value={tracking}
          onValue={setTracking}
          error={errors.trackingNote}
          maxLength={200}
        />
      ) : null}
      <TextAreaField
        id="send-note"
        label={
          <>
            {t('wishes.claims.note')}
            <RequiredMark />
          </>
        }
        placeholder={t('wishes.claims.notePlaceholder')}
        value={note}
        onValue={setNote}
        error={errors.note}
        rows={3}
        maxLength={500}
      />
      <PhotoPicker
        id="send-photo"
        label={t('wishes.claims.photo')}
        hint={t('wishes.claims.photoHint')}
        file={photo}
        onFile={setPhoto}
      />
      <button
        type="submit"
        className="h5-btn h5-btn-primary h5-btn-block"
        disabled={send.isPending}
        aria-busy={send.isPending}
        data-testid="h5-wish-send"
      >
        {send.isPending ? t('wishes.claims.sending') : t('wishes.claims.send')}
      </button>
    </form>
  );
}

function Release({ wish: w, onReleased }: { wish: TWish; onReleased: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const release = useMutation({
    mutationFn: () => api.post<TWish>(`${wishesApi}/${w.id}/release`, { reason: reason.trim() }),
    onSuccess: async () => {
      onReleased();
      await client.invalidateQueries({ queryKey: ['wishes'] });
    },
  });
  if (!open) {
    return (
      <button
        type="button"
        className="h5-btn h5-btn-text h5-btn-block h5-wish-release-open"
        onClick={() => setOpen(true)}
      >
        {t('wishes.claims.releaseTitle')}
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById('release-reason')?.focus();
      return;
    }
    release.mutate();
  };
  return (
    <form className="h5-card h5-form-card" onSubmit={submit} aria-labelledby="wish-release-title" noValidate>
      <h2 id="wish-release-title" className="h5-card-title">
        {t('wishes.claims.releaseTitle')}
      </h2>
      <p className="h5-muted">{t('wishes.claims.releaseIntro')}</p>
      {release.error ? (
        <Alert tone="error">{describeError(release.error, t, i18n.language).message}</Alert>
      ) : null}
      <TextAreaField
        id="release-reason"
        label={t('wishes.claims.reason')}
        placeholder={t('wishes.claims.reasonPlaceholder')}
        value={reason}
        onValue={setReason}
        error={missing ? t('wishes.claims.reasonRequired') : undefined}
        rows={3}
        maxLength={500}
      />
      <div className="h5-sheet-actions">
        <button type="button" className="h5-btn h5-btn-outline" onClick={() => setOpen(false)}>
          {t('wishes.claim.cancel')}
        </button>
        <button
          type="submit"
          className="h5-btn h5-btn-danger"
          disabled={release.isPending}
          data-testid="h5-wish-release"
        >
          {release.isPending ? t('wishes.claims.releasing') : t('wishes.claims.release')}
        </button>
      </div>
    </form>
  );
}

/** `/m/wishes/profile`: 爱心档案 — person or enterprise, and the 感谢榜 opt-in. */
export function DonorProfilePage() {
  const { t } = useTranslation();
  const profile = useDonorProfile();
  return (
    <WishPage title={t('wishes.profileTitle')} back="/wishes/claims" testId="h5-wish-profile">
      <p className="h5-wish-intro">{t('wishes.profile.intro')}</p>
      {profile.isPending ? (
        <Loading />
      ) : profile.isError ? (
        <LoadFailed onRetry={() => void profile.refetch()} />
      ) : (
        <ProfileForm profile={profile.data} />
      )}
    </WishPage>
  );
}

function ProfileForm({ profile: p }: { profile: TDonorProfile }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState(p.kind);
  const [enterpriseName, setEnterpriseName] = useState(p.enterpriseName ?? '');
  const [show, setShow] = useState(p.showOnThanksList);
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      request<TDonorProfile>('PUT', `${wishesApi}/donor/profile`, {
        kind,
        enterpriseName: kind === 'enterprise' ? enterpriseName.trim() : null,
        showOnThanksList: show,
      }),
    onSuccess: (saved) => client.setQueryData(donorProfileKey, saved),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'enterprise' && !enterpriseName.trim()) {
      setMissing(true);
      document.getElementById('enterpriseName')?.focus();
      return;
    }
    setMissing(false);
    save.mutate();
  };
  const view = save.error ? describeError(save.error, t, i18n.language) : null;
  return (
    <>
      <section className="h5-card h5-wish-stats" aria-label={t('wishes.profileTitle')}>
        <div>
          <strong data-testid="h5-wish-claims-total">{p.claimsTotal}</strong>
          <span>{t('wishes.profile.claimsTotal')}</span>
        </div>
        <div>
          <strong>{p.fulfilledTotal}</strong>
          <span>{t('wishes.profile.fulfilledTotal')}</span>
        </div>
      </section>
      <form className="h5-card h5-form-card" onSubmit={submit} noValidate>
        {save.isSuccess ? (
          <Alert tone="success" title={t('wishes.profile.saved')} testId="h5-wish-profile-saved" />
        ) : null}
        {view && !(save.error instanceof ApiError && view.fields.enterpriseName) ? (
          <Alert tone="error">{view.message}</Alert>
        ) : null}
        <p className="h5-muted">
          {p.displayName}
          {p.phone ? ` · ${p.phone}` : null}
        </p>
        <fieldset className="h5-fieldset">
          <legend>{t('wishes.profile.kind')}</legend>
          <div className="h5-choices">
            {(['person', 'enterprise'] as const).map((k) => (
              <div key={k} className="h5-choice">
                <input
                  className="h5-choice-input"
                  type="radio"
                  id={`kind-${k}`}
                  name="kind"
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                <label htmlFor={`kind-${k}`} className="h5-choice-label">
                  <span className="h5-choice-title">{t(`wishes.donorKind.${k}`)}</span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        {kind === 'enterprise' ? (
          <TextField
            id="enterpriseName"
            label={t('wishes.profile.enterpriseName')}
            value={enterpriseName}
            onValue={setEnterpriseName}
            error={missing ? t('wishes.profile.enterpriseRequired') : view?.fields.enterpriseName}
            maxLength={80}
          />
        ) : null}
        <label className="h5-wish-check" htmlFor="showOnThanks">
          <input
            id="showOnThanks"
            type="checkbox"
            checked={show}
            onChange={(e) => setShow(e.target.checked)}
          />
          <span>
            {t('wishes.profile.showOnThanks')}
            <span className="h5-field-hint">{t('wishes.profile.showOnThanksHint')}</span>
          </span>
        </label>
        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={save.isPending}
          aria-busy={save.isPending}
          data-testid="h5-wish-profile-save"
        >
          {save.isPending ? t('wishes.profile.saving') : t('wishes.profile.save')}
        </button>
      </form>
    </>
  );
}
