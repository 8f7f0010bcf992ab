import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../components.tsx';
import { IconBox, IconChat, IconHandHeart, IconStar, IconThumb, IconTruck } from '../icons.tsx';
import { useSignedInMe } from '../session.tsx';
import { useDuty } from './errands/data.ts';
import { WishEntry } from './wishes/WishEntry.tsx';

/**
 * The services the platform offers. 困难帮扶 is open to workers (their own applications), 微心愿 to
 * everyone (the wall; 我的心愿 for workers, 我的认领 for donors), 及时送 to everyone (hotlines and
 * complaints; 我要申请 for workers, the order queue for couriers), 职工事大家议 to members (workers and
 * representatives), 云履职 to representatives, 会员评家 to everyone signed in (the surveys they are asked to
 * answer); 物资对接 is run by the union on the console, and the tile says so.
 */
const services: {
  key: string;
  icon: ReactNode;
  to?: string;
  everyone?: boolean;
  members?: boolean;
  repsOnly?: boolean;
}[] = [
  { key: 'hardship', icon: <IconHandHeart />, to: '/hardship' },
  { key: 'wish', icon: <IconStar />, to: '/wishes', everyone: true },
  { key: 'delivery', icon: <IconTruck />, to: '/errands', everyone: true },
  { key: 'discuss', icon: <IconChat />, to: '/congress/appeals', members: true },
  { key: 'congress', icon: <IconChat />, to: '/congress', members: true, repsOnly: true },
  { key: 'supply', icon: <IconBox /> },
  { key: 'survey', icon: <IconThumb />, to: '/surveys', everyone: true },
];

export function ServicesPage() {
  const { t } = useTranslation();
  usePageTitle(t('services.title'));
  const me = useSignedInMe();
  const role = me.active?.role;
  const worker = role === 'worker';
  const member = worker || role === 'representative';
  // 及时送: its page (hotlines, 我要申请) for everyone; a courier partner goes straight to the order queue.
  const courier = role === 'partner' && me.active?.org.type === 'courier';
  // 及时送 is run by a district union: a worker whose unions do not run it is told so on the tile.
  const duty = useDuty(null, courier ? null : me);
  const deliveryOff = duty.isSuccess && duty.data === null;
  return (
    <main className="h5-page">
      <header className="h5-page-head">
        <h1>{t('services.title')}</h1>
        <p className="h5-muted">{worker ? t('services.introOpen') : t('services.intro')}</p>
      </header>
      <div style={{ margin: '0 var(--gutter-r) 12px var(--gutter-l)' }}>
        <WishEntry role={role} testId="h5-services-wishes" />
      </div>
      <ul className="h5-services">
        {services
          .filter((s) => !s.repsOnly || role === 'representative')
          .map((s) => {
            const inner = (chip: ReactNode) => (
              <>
                <span className="h5-service-icon">{s.icon}</span>
                <span className="h5-service-name">{t(`services.${s.key}`)}</span>
                <span className="h5-service-desc">{t(`services.${s.key}Desc`)}</span>
                {chip}
              </>
            );
            if (s.key === 'delivery' && deliveryOff)
              return (
                <li key={s.key} className="h5-service-item" data-service={s.key}>
                  <Link to={s.to ?? '/'} className="h5-service is-off" data-testid={`h5-service-${s.key}`}>
                    {inner(<span className="h5-chip">{t('services.notOffered')}</span>)}
                  </Link>
                </li>
              );
            if (s.to && (worker || s.everyone || (s.members && member)))
              return (
                <li key={s.key} className="h5-service-item" data-service={s.key}>
                  <Link
                    to={courier && s.key === 'delivery' ? '/errands/courier' : s.to}
                    className="h5-service is-open"
                    data-testid={`h5-service-${s.key}`}
                  >
                    {inner(<span className="h5-chip h5-chip-red">{t('services.open')}</span>)}
                  </Link>
                </li>
              );
            return (
              <li key={s.key} className="h5-service" aria-disabled="true" data-service={s.key}>
                {inner(
                  <span className="h5-chip">
                    {t(s.to ? 'services.workersOnlyChip' : 'services.staffOnly')}
                  </span>,
                )}
              </li>
            );
          })}
      </ul>
    </main>
  );
}
