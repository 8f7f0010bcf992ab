import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { TArchive } from '../../../../shared/hardship.ts';
import { formatDate } from '../../../shared/format.ts';
import { Alert, LoadFailed, Spinner, SubHeader, usePageTitle } from '../../components.tsx';
import { IconChevron, IconHandHeart } from '../../icons.tsx';
import { isActive, stateTone, useMyArchives } from './common.tsx';

/** `/m/hardship`: the worker's applications, or what hardship aid is and how to apply. */
export function HardshipListPage() {
  const { t } = useTranslation();
  usePageTitle(t('hardship.title'));
  const location = useLocation();
  const justApplied = (location.state as { applied?: number } | null)?.applied;
  const { data, isPending, isError, refetch } = useMyArchives();
  const items = data?.items ?? [];
  const canApply = !items.some(isActive);

  return (
    <main className="h5-page" data-testid="h5-hardship-list">
      <SubHeader title={t('hardship.title')} back="/services" />
      <div className="h5-stack">
        {justApplied ? (
          <Alert tone="success" title={t('hardship.successTitle')} testId="h5-hardship-applied">
            {t('hardship.successBody')}
          </Alert>
        ) : null}
        {isPending ? (
          <Spinner />
        ) : isError ? (
          <LoadFailed onRetry={() => void refetch()} />
        ) : items.length > 0 ? (
          <section aria-labelledby="hs-list-title" className="h5-hs-section">
            <h2 id="hs-list-title" className="h5-hs-heading">
              {t('hardship.listHeading')}
            </h2>
            <ul className="h5-hs-list">
              {items.map((a) => (
                <li key={a.id}>
                  <ArchiveCard archive={a} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {isPending || isError || items.length > 0 ? null : <Intro />}
        {!isPending && !isError && canApply ? (
          <Link
            to="/hardship/apply"
            className="h5-btn h5-btn-primary h5-btn-block"
            data-testid="h5-hardship-apply"
          >
            {items.length > 0 ? t('hardship.applyAgain') : t('hardship.apply')}
          </Link>
        ) : null}
      </div>
    </main>
  );
}

function ArchiveCard({ archive: a }: { archive: TArchive }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const category = a.income.category;
  return (
    <Link to={`/hardship/${a.id}`} className="h5-card h5-hs-item" data-testid="h5-hardship-item">
      <span className="h5-hs-item-top">
        <span className={`h5-chip h5-hs-state ${stateTone(a.state)}`}>{t(`hardship.state.${a.state}`)}</span>
        {category ? <span className="h5-chip">{t(`hardship.category.${category}`)}</span> : null}
      </span>
      <span className="h5-hs-item-org">{a.org.name}</span>
      <span className="h5-hs-item-meta">
        {t('hardship.appliedAt')} {formatDate(a.createdAt, lang)}
        {a.filedAt ? ` · ${t('hardship.filedAt')} ${formatDate(a.filedAt, lang)}` : null}
      </span>
      <span className="h5-hs-item-meta">
        {t('hardship.updatedAt')} {formatDate(a.updatedAt, lang)}
      </span>
      <span className="h5-hs-item-more">
        {t('hardship.viewDetail')}
        <IconChevron />
      </span>
    </Link>
  );
}

function Intro() {
  const { t } = useTranslation();
  return (
    <section className="h5-card" aria-labelledby="hs-intro-title">
      <h2 id="hs-intro-title" className="h5-card-title">
        <IconHandHeart />
        {t('hardship.introTitle')}
      </h2>
      <p className="h5-hs-none">{t('hardship.noneYet')}</p>
      <p className="h5-card-text">{t('hardship.introBody')}</p>
      <h3 className="h5-hs-subheading">{t('hardship.introStepsTitle')}</h3>
      <ol className="h5-hs-steps">
        {t('hardship.introSteps')
          .split('|')
          .map((s) => (
            <li key={s}>{s}</li>
          ))}
      </ol>
      <p className="h5-muted h5-small">{t('hardship.introPrivacy')}</p>
    </section>
  );
}
