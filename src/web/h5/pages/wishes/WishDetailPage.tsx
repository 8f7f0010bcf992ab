import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { TWish } from '../../../../shared/wishes.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { formatDate } from '../../../shared/format.ts';
import { Alert, EmptyCard, LoadFailed, Loading, Sheet, useOptionalMe } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import {
  DEFAULT_CLAIM_DAYS,
  inDays,
  type TWallWishDetail,
  useDonorClaims,
  useWallWish,
  wishesApi,
} from './data.ts';
import { MethodChoice, Row, StateChip, Timeline, WishPage, yuan } from './ui.tsx';

/** `/m/wishes/:id`: one wish, shareable, no sign-in needed to read it. */
export function WishDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const wish = useWallWish(id, valid);
  const notFound = !valid || (wish.error instanceof ApiError && wish.error.status === 404);
  return (
    <WishPage title={t('wishes.detailTitle')} back="/wishes" testId="h5-wish-detail">
      {notFound ? (
        <EmptyCard title={t('wishes.notFound')} testId="h5-wish-notfound">
          <Link to="/wishes" className="h5-link-arrow">
            {t('wishes.wallTitle')}
          </Link>
        </EmptyCard>
      ) : wish.isPending ? (
        <Loading />
      ) : wish.isError ? (
        <LoadFailed onRetry={() => void wish.refetch()} />
      ) : (
        <Detail wish={wish.data} onChanged={() => void wish.refetch()} />
      )}
    </WishPage>
  );
}

function Detail({ wish: w, onChanged }: { wish: TWallWishDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <article className="h5-card h5-card-flush h5-wish-article">
        {w.photoUrl ? (
          <img className="h5-wish-photo" src={w.photoUrl} alt={t('wishes.photoAlt', { title: w.title })} />
        ) : null}
        <div className="h5-wish-article-head">
          <div className="h5-wish-card-meta">
            <StateChip state={w.state} testId="h5-wish-state" />
            <span className="h5-chip">{t(`wishes.categoryLabel.${w.category}`)}</span>
          </div>
          <h2 className="h5-wish-title" data-testid="h5-wish-title">
            {w.title}
          </h2>
          <p className="h5-wish-value">{yuan(w.valueFen)}</p>
        </div>
        <dl className="h5-dl">
          <Row label={t('wishes.who')}>{w.maskedName}</Row>
          <Row label={t('wishes.region')}>{w.region}</Row>
          {w.publishedAt ? (
            <Row label={t('wishes.publishedAt')}>{formatDate(w.publishedAt, i18n.language)}</Row>
          ) : null}
          {w.claimedBy ? (
            <Row label={t('wishes.claimedBy')} testId="h5-wish-claimed-by">
              {w.claimedBy}
            </Row>
          ) : null}
        </dl>
        <section className="h5-wish-story" aria-labelledby="wish-story-title">
          <h3 id="wish-story-title">{t('wishes.story')}</h3>
          <p>{w.story}</p>
        </section>
      </article>

      <ClaimBox wish={w} onChanged={onChanged} />
      <ShareButton wish={w} />
      <Timeline events={w.timeline} />
    </>
  );
}

/** 我来认领: signed out → 登录 and back; a donor confirms with the deadline; others see why not. */
function ClaimBox({ wish: w, onChanged }: { wish: TWallWishDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useOptionalMe();
  const location = useLocation();
  const client = useQueryClient();
  const donor = me?.active?.role === 'donor';
  const claims = useDonorClaims(donor);
  // The donor's own claim on this wish, unless they gave it up (then they may see it open again).
  const mine = claims.data?.items.find(
    (c) =>
      c.id === w.id &&
      (c.claim?.state === 'active' || c.claim?.state === 'sent' || c.claim?.state === 'fulfilled'),
  );
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState('');
  const [taken, setTaken] = useState(false);
  const claim = useMutation({
    mutationFn: () => api.post<TWish>(`${wishesApi}/${w.id}/claim`, method ? { method } : {}),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['wishes'] });
    },
    onError: (e) => {
      setOpen(false);
      if (e instanceof ApiError && e.status === 409) {
        setTaken(true);
        onChanged();
        void client.invalidateQueries({ queryKey: ['wishes', 'wall'] });
      }
    },
  });
  const lang = i18n.language;
  const here = location.pathname;

  if (claim.isSuccess) {
    const deadline = claim.data.claim?.deadline;
    return (
      <section className="h5-card h5-wish-claimbox" data-testid="h5-wish-claimed">
        <Alert
          tone="success"
          title={t('wishes.claim.done', {
            date: deadline ? formatDate(`${deadline}T00:00:00+08:00`, lang) : '—',
          })}
        />
        <Link to={`/wishes/claims/${w.id}`} className="h5-btn h5-btn-primary h5-btn-block">
          {t('wishes.claim.goClaims')}
        </Link>
      </section>
    );
  }
  if (taken) {
    return (
      <section className="h5-card h5-wish-claimbox">
        <Alert tone="warning" title={t('wishes.claim.taken')} testId="h5-wish-taken">
          {t('wishes.claim.takenHint')}
        </Alert>
        <Link to="/wishes" className="h5-btn h5-btn-outline h5-btn-block">
          {t('wishes.wallTitle')}
        </Link>
      </section>
    );
  }
  if (mine) {
    return (
      <section className="h5-card h5-wish-claimbox">
        <p className="h5-card-text">{t('wishes.claim.yours')}</p>
        <Link to={`/wishes/claims/${w.id}`} className="h5-btn h5-btn-primary h5-btn-block">
          {t('wishes.claims.open')}
        </Link>
      </section>
    );
  }
  if (w.state !== 'published') return null;

  const days = w.claimDays ?? DEFAULT_CLAIM_DAYS;
  const deadline = formatDate(`${inDays(days)}T00:00:00+08:00`, lang);
  const failure = claim.error && !taken ? describeError(claim.error, t, lang).message : null;
  return (
    <section className="h5-card h5-wish-claimbox">
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {!me ? (
        <>
          <Link
            to={`/login?next=${encodeURIComponent(here)}`}
            className="h5-btn h5-btn-primary h5-btn-block"
            data-testid="h5-wish-claim"
          >
            {t('wishes.claim.button')}
          </Link>
          <p className="h5-muted h5-small h5-wish-center">
            {t('wishes.anonHint')} ·{' '}
            <Link to={`/register?role=donor&next=${encodeURIComponent(here)}`}>
              {t('wishes.claim.registerDonor')}
            </Link>
          </p>
        </>
      ) : donor ? (
        <button
          type="button"
          className="h5-btn h5-btn-primary h5-btn-block"
          onClick={() => setOpen(true)}
          data-testid="h5-wish-claim"
        >
          {t('wishes.claim.button')}
        </button>
      ) : (
        <p className="h5-muted" data-testid="h5-wish-donors-only">
          {t('wishes.claim.donorsOnly')}
        </p>
      )}
      <Sheet
        open={open}
        title={t('wishes.claim.confirmTitle')}
        onClose={() => setOpen(false)}
        testId="h5-wish-claim-sheet"
      >
        <p className="h5-card-text" data-testid="h5-wish-claim-deadline">
          {w.claimDays === undefined
            ? t('wishes.claim.confirmBodyDays', { days })
            : t('wishes.claim.confirmBody', { date: deadline })}
        </p>
        <MethodChoice
          name="claim-method"
          value={method}
          onValue={setMethod}
          legend={t('wishes.claim.methodLabel')}
        />
        <div className="h5-sheet-actions">
          <button type="button" className="h5-btn h5-btn-outline" onClick={() => setOpen(false)}>
            {t('wishes.claim.cancel')}
          </button>
          <button
            type="button"
            className="h5-btn h5-btn-primary"
            onClick={() => claim.mutate()}
            disabled={claim.isPending}
            aria-busy={claim.isPending}
            data-testid="h5-wish-claim-confirm"
          >
            {claim.isPending ? t('wishes.claim.claiming') : t('wishes.claim.confirm')}
          </button>
        </div>
      </Sheet>
    </section>
  );
}

/** 分享: the phone's share sheet where there is one, else copy the link. */
function ShareButton({ wish: w }: { wish: TWallWishDetail }) {
  const { t } = useTranslation();
  const [said, setSaid] = useState<'copied' | 'failed' | null>(null);
  const share = async () => {
    const url = window.location.href;
    const text = t('wishes.shareText', { name: w.maskedName, title: w.title });
    if (navigator.share) {
      try {
        await navigator.share({ title: w.title, text, url });
        return;
      } catch (e) {
        // The user closed the sheet: nothing to say.
        if (e instanceof DOMException && e.name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setSaid('copied');
    } catch {
      setSaid(copyByHand(url) ? 'copied' : 'failed');
    }
  };
  return (
    <div className="h5-wish-share">
      <button
        type="button"
        className="h5-btn h5-btn-outline h5-btn-block"
        onClick={() => void share()}
        data-testid="h5-wish-share"
      >
        {t('wishes.share')}
      </button>
      {said ? (
        <p className="h5-muted h5-small h5-wish-center" role="status" data-testid="h5-wish-share-status">
          {said === 'copied' ? t('wishes.shareCopied') : t('wishes.shareFailed')}
        </p>
      ) : null}
    </div>
  );
}

/** Older WebViews without the async clipboard: a hidden textarea and execCommand. */
function copyByHand(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
