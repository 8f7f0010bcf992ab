import { useTranslation } from 'react-i18next';
import { EmptyCard, LoadFailed, Loading } from '../../components.tsx';
import { useThanks } from './data.ts';
import { WishPage } from './ui.tsx';

/** `/m/wishes/thanks`: the public 感谢榜 of donors who opted in. */
export function ThanksPage() {
  const { t } = useTranslation();
  const thanks = useThanks();
  return (
    <WishPage title={t('wishes.thanksTitle')} back="/wishes" testId="h5-wish-thanks">
      <p className="h5-wish-intro">{t('wishes.thanksIntro')}</p>
      {thanks.isPending ? (
        <Loading />
      ) : thanks.isError ? (
        <LoadFailed onRetry={() => void thanks.refetch()} />
      ) : thanks.data.items.length === 0 ? (
        <EmptyCard title={t('wishes.thanksEmpty')} />
      ) : (
        <ol className="h5-card h5-card-flush h5-wish-thanks-list">
          {thanks.data.items.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: masked names repeat (王女士); the list is ranked and read-only
            <li key={i} className="h5-wish-thanks-item">
              <span className={`h5-wish-rank${i < 3 ? ' is-top' : ''}`} aria-hidden="true">
                {i + 1}
              </span>
              <span className="h5-wish-thanks-name">
                {d.name}
                <span className="h5-chip">{t(`wishes.donorKind.${d.kind}`)}</span>
              </span>
              <span className="h5-wish-thanks-count">
                {t('wishes.fulfilledCount', { count: d.fulfilled })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </WishPage>
  );
}
