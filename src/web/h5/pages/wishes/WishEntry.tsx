import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '../../../../shared/rules.ts';
import { IconChevron, IconHandHeart, IconStar } from '../../icons.tsx';

/**
 * The 微心愿 entry on 服务 and 首页 (part of the first load, so small and with its strings in
 * h5.i18n.ts): the wall for everyone, 我的心愿 for workers, 我的认领 for donors.
 */
// h5.css belongs to the shell; the two paddings a flush card needs are set here.
const pad = { title: { padding: '16px 18px 0', margin: 0 }, text: { padding: '4px 18px 10px' } } as const;

export function WishEntry({ role, testId }: { role: Role | undefined; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="h5-card h5-card-flush" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`} className="h5-card-title" style={pad.title}>
        {t('wishEntry.title')}
      </h2>
      <p className="h5-card-text" style={pad.text}>
        {t(
          role === 'worker'
            ? 'wishEntry.bodyWorker'
            : role === 'donor'
              ? 'wishEntry.bodyDonor'
              : 'wishEntry.body',
        )}
      </p>
      <Link to="/wishes" className="h5-row" data-testid={`${testId}-wall`}>
        <IconStar />
        <span className="h5-row-label">{t('wishEntry.wall')}</span>
        <IconChevron />
      </Link>
      {role === 'worker' ? (
        <Link to="/wishes/mine" className="h5-row" data-testid={`${testId}-mine`}>
          <IconHandHeart />
          <span className="h5-row-label">{t('wishEntry.mine')}</span>
          <IconChevron />
        </Link>
      ) : null}
      {role === 'donor' ? (
        <Link to="/wishes/claims" className="h5-row" data-testid={`${testId}-claims`}>
          <IconHandHeart />
          <span className="h5-row-label">{t('wishEntry.claims')}</span>
          <IconChevron />
        </Link>
      ) : null}
    </section>
  );
}
