import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { WishCategory } from '../../../../shared/wishes.ts';
import { EmptyCard, LoadFailed, Spinner, useOptionalMe, usePageTitle } from '../../components.tsx';
import { SelectField } from '../hardship/common.tsx';
import { useWall, useWallRegions, type ValueBand, valueBands, type WallFilters } from './data.ts';
import { WishCard } from './ui.tsx';

const categories: WishCategory[] = ['living', 'culture', 'career', 'health', 'schooling', 'skills', 'other'];
const bands = Object.keys(valueBands).filter((b) => b !== 'any') as ValueBand[];

/** The filters live in the address, so a filtered wall can be shared and survives 返回. */
function useFilters(): [WallFilters, (patch: Partial<WallFilters>) => void, () => void] {
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? '';
  const value = params.get('value') ?? 'any';
  const filters: WallFilters = {
    regionOrgId: /^\d+$/.test(params.get('region') ?? '') ? (params.get('region') ?? '') : '',
    category: (categories as string[]).includes(category) ? (category as WishCategory) : '',
    value: value in valueBands ? (value as ValueBand) : 'any',
    state: params.get('state') === 'all' ? 'all' : 'published',
  };
  const set = (patch: Partial<WallFilters>) => {
    const next = { ...filters, ...patch };
    const p = new URLSearchParams();
    if (next.regionOrgId) p.set('region', next.regionOrgId);
    if (next.category) p.set('category', next.category);
    if (next.value !== 'any') p.set('value', next.value);
    if (next.state === 'all') p.set('state', 'all');
    setParams(p, { replace: true });
  };
  return [filters, set, () => setParams(new URLSearchParams(), { replace: true })];
}

/** `/m/wishes`: the public wish wall, no sign-in needed. */
export function WishWallPage() {
  const { t } = useTranslation();
  usePageTitle(t('wishes.wallTitle'));
  const me = useOptionalMe();
  const role = me?.active?.role;
  const [filters, setFilters, reset] = useFilters();
  const regions = useWallRegions();
  const wall = useWall(filters);
  const items = wall.data?.pages.flatMap((p) => p.items) ?? [];
  const total = wall.data?.pages[0]?.total ?? 0;
  const filtered = Boolean(filters.regionOrgId || filters.category || filters.value !== 'any');

  return (
    <main className="h5-page h5-wish-page" data-testid="h5-wish-wall">
      <header className="h5-wish-hero">
        <h1>{t('wishes.wallTitle')}</h1>
        <p>{t('wishes.wallIntro')}</p>
        <nav className="h5-wish-hero-links" aria-label={t('wishes.title')}>
          <Link to="/wishes/thanks" data-testid="h5-wish-thanks-link">
            {t('wishes.thanksTitle')}
          </Link>
          {role === 'worker' ? <Link to="/wishes/mine">{t('wishes.mineTitle')}</Link> : null}
          {role === 'donor' ? (
            <Link to="/wishes/claims" data-testid="h5-wish-claims-link">
              {t('wishes.claimsTitle')}
            </Link>
          ) : null}
          {me ? null : (
            <Link to="/login?next=%2Fwishes" data-testid="h5-wish-login">
              {t('wishes.login')}
            </Link>
          )}
        </nav>
      </header>

      <div className="h5-stack">
        <section className="h5-card h5-wish-filters" aria-label={t('wishes.filter.label')}>
          <fieldset className="h5-wish-state-switch">
            <legend className="h5-sr-only">{t('wishes.filter.state')}</legend>
            <div className="h5-segmented">
              {(['published', 'all'] as const).map((s) => (
                <button
                  key={s}
                  type="button"
                  aria-pressed={filters.state === s}
                  onClick={() => setFilters({ state: s })}
                >
                  {t(`wishes.filter.${s}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="h5-wish-filter-grid">
            <SelectField
              id="wish-region"
              label={t('wishes.filter.region')}
              value={filters.regionOrgId}
              onValue={(v) => setFilters({ regionOrgId: v })}
              placeholder={t('wishes.filter.allRegions')}
              options={(regions.data?.items ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
            />
            <SelectField
              id="wish-category"
              label={t('wishes.filter.category')}
              value={filters.category}
              onValue={(v) => setFilters({ category: v as WishCategory | '' })}
              placeholder={t('wishes.filter.allCategories')}
              options={categories.map((c) => ({ value: c, label: t(`wishes.categoryLabel.${c}`) }))}
            />
            <SelectField
              id="wish-value"
              label={t('wishes.filter.value')}
              value={filters.value === 'any' ? '' : filters.value}
              onValue={(v) => setFilters({ value: (v || 'any') as ValueBand })}
              placeholder={t('wishes.filter.anyValue')}
              options={bands.map((b) => ({ value: b, label: t(`wishes.filter.${b}`) }))}
            />
          </div>
          {filtered ? (
            <button type="button" className="h5-btn h5-btn-text h5-wish-reset" onClick={reset}>
              {t('wishes.filter.reset')}
            </button>
          ) : null}
        </section>

        {wall.isPending ? (
          <Spinner />
        ) : wall.isError ? (
          <LoadFailed onRetry={() => void wall.refetch()} />
        ) : items.length === 0 ? (
          <EmptyCard title={t('wishes.empty')} testId="h5-wish-empty">
            {filtered ? <p className="h5-muted">{t('wishes.emptyHint')}</p> : null}
          </EmptyCard>
        ) : (
          <>
            <p className="h5-muted h5-small" aria-live="polite">
              {t('wishes.total', { count: total })}
            </p>
            <ul className="h5-wish-list" data-testid="h5-wish-list">
              {items.map((w) => (
                <WishCard key={w.id} wish={w} />
              ))}
            </ul>
            {wall.hasNextPage ? (
              <button
                type="button"
                className="h5-btn h5-btn-outline h5-btn-block"
                onClick={() => void wall.fetchNextPage()}
                disabled={wall.isFetchingNextPage}
                aria-busy={wall.isFetchingNextPage}
                data-testid="h5-wish-more"
              >
                {wall.isFetchingNextPage ? t('wishes.loadingMore') : t('wishes.loadMore')}
              </button>
            ) : (
              <p className="h5-muted h5-small h5-wish-end">{t('wishes.noMore')}</p>
            )}
          </>
        )}
      </div>
    </main>
  );
}
