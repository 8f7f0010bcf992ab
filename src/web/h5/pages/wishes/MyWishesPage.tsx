import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../shared/format.ts';
import { Alert, EmptyCard, LoadFailed, Loading } from '../../components.tsx';
import { useMyWishes } from './data.ts';
import { StateChip, WishPage, yuan } from './ui.tsx';

/** `/m/wishes/mine`: the worker's wishes, and whether (and why not) they may post one now. */
export function MyWishesPage() {
  const { t, i18n } = useTranslation();
  const mine = useMyWishes();
  return (
    <WishPage title={t('wishes.mineTitle')} back="/services" testId="h5-wish-mine">
      <p className="h5-wish-intro">{t('wishes.worker.intro')}</p>
      {mine.isPending ? (
        <Loading />
      ) : mine.isError ? (
        <LoadFailed onRetry={() => void mine.refetch()} />
      ) : (
        <>
          {mine.data.canPost ? (
            <Link
              to="/wishes/mine/new"
              className="h5-btn h5-btn-primary h5-btn-block"
              data-testid="h5-wish-post"
            >
              {t('wishes.worker.post')}
            </Link>
          ) : (
            <Alert tone="info" title={t('wishes.worker.cannotPost')} testId="h5-wish-cannot-post">
              {mine.data.reason}
            </Alert>
          )}
          {mine.data.items.length === 0 ? (
            <EmptyCard title={t('wishes.worker.empty')} />
          ) : (
            <ul className="h5-wish-list" data-testid="h5-wish-mine-list">
              {mine.data.items.map((w) => (
                <li key={w.id} className="h5-wish-card" data-wish-id={w.id}>
                  <Link to={`/wishes/mine/${w.id}`} className="h5-wish-card-link is-text">
                    <span className="h5-wish-card-body">
                      <span className="h5-wish-card-title">{w.title}</span>
                      <span className="h5-wish-card-meta">
                        <StateChip state={w.state} />
                        <span className="h5-chip">{t(`wishes.categoryLabel.${w.category}`)}</span>
                      </span>
                      <span className="h5-wish-card-who">
                        {formatDate(w.createdAt, i18n.language)}
                        {w.claim && (w.state === 'claimed' || w.state === 'sent' || w.state === 'fulfilled')
                          ? ` · ${w.claim.donorName}`
                          : null}
                      </span>
                      <span className="h5-wish-card-value">{yuan(w.valueFen)}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </WishPage>
  );
}
