import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Spinner, usePageTitle } from '../components.tsx';
import { IconBell } from '../icons.tsx';
import {
  type NotificationPage,
  notificationsKey,
  useLatestNotifications,
  useSignedInMe,
} from '../session.tsx';
import { useDuty } from './errands/data.ts';
import { WishEntry } from './wishes/WishEntry.tsx';

function greetingKey(hour: number): string {
  // Night-shift workers open the app at 2 a.m. too: no "good morning" before 5.
  if (hour < 5) return 'home.lateNight';
  if (hour < 12) return 'home.morning';
  if (hour < 18) return 'home.afternoon';
  return 'home.evening';
}

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const me = useSignedInMe();
  const membership = me.active;

  return (
    <main className="h5-page">
      <header className="h5-hero">
        <h1 className="h5-hero-title">
          {t(greetingKey(new Date().getHours()), { name: me.user.displayName })}
        </h1>
        <p className="h5-hero-org">{membership ? membership.org.name : t('home.noOrg')}</p>
        {membership ? <span className="h5-chip h5-chip-light">{t(`role.${membership.role}`)}</span> : null}
      </header>

      <div className="h5-stack">
        <QuickServices />

        <WishEntry role={membership?.role} testId="h5-home-wishes" />

        <Messages />
      </div>
    </main>
  );
}

/** What each role comes to the phone for, one tap from home; 微心愿 has its own card below. */
function quickLinks(role: string | undefined, courier: boolean): { key: string; to: string }[] {
  if (courier) return [{ key: 'courierQueue', to: '/errands/courier' }];
  if (role === 'representative')
    return [
      { key: 'congress', to: '/congress' },
      { key: 'duty', to: '/duty' },
      { key: 'appeals', to: '/congress/appeals' },
      { key: 'surveys', to: '/surveys' },
    ];
  if (role === 'worker')
    return [
      { key: 'hardship', to: '/hardship' },
      { key: 'errands', to: '/errands' },
      { key: 'appeals', to: '/congress/appeals' },
      { key: 'surveys', to: '/surveys' },
    ];
  return [{ key: 'surveys', to: '/surveys' }];
}

function QuickServices() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const courier = me.active?.role === 'partner' && me.active.org.type === 'courier';
  const worker = me.active?.role === 'worker';
  // 及时送 is run by a district union: a worker whose unions do not run it is not sent there from home
  // (服务 shows the tile marked 本会未开通).
  const duty = useDuty(null, worker ? me : null);
  const errandsOffered = duty.isSuccess && duty.data !== null;
  const links = quickLinks(me.active?.role, courier).filter((q) => q.key !== 'errands' || errandsOffered);
  return (
    <section className="h5-card" aria-labelledby="quick-title" data-testid="h5-home-quick">
      <h2 id="quick-title" className="h5-card-title">
        {t('home.quickTitle')}
      </h2>
      <ul className="h5-quick">
        {links.map((q) => (
          <li key={q.key}>
            <Link to={q.to} className="h5-quick-link" data-testid={`h5-quick-${q.key}`}>
              {t(`home.quick.${q.key}`)}
            </Link>
          </li>
        ))}
      </ul>
      <Link to="/services" className="h5-link-arrow">
        {t('home.allServices')}
      </Link>
    </section>
  );
}

/** Most messages the home card lists after 查看更早的消息. */
const MESSAGES_EXPANDED = 50;

function Messages() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const latest = useLatestNotifications();
  const [expanded, setExpanded] = useState(false);
  const more = useQuery({
    queryKey: [...notificationsKey, 'expanded'],
    queryFn: () => api.get<NotificationPage>('/api/v1/notifications', { pageSize: MESSAGES_EXPANDED }),
    enabled: expanded,
  });
  const { data, isPending, isError, refetch } = expanded && more.data ? more : latest;
  const refresh = () => client.invalidateQueries({ queryKey: notificationsKey });
  const markAll = useMutation({
    mutationFn: () => api.post('/api/v1/notifications/read-all'),
    onSuccess: refresh,
  });
  // Opening a message marks it read; the page it links to is what it is about.
  const open = (id: number, unread: boolean) => {
    if (unread) void api.post(`/api/v1/notifications/${id}/read`).then(refresh, () => {});
  };

  return (
    <section className="h5-card" aria-labelledby="messages-title" aria-busy={isPending}>
      <div className="h5-card-head">
        <h2 id="messages-title" className="h5-card-title">
          <IconBell />
          {t('home.messages')}
        </h2>
        {data ? (
          <span className={`h5-chip${data.unreadCount > 0 ? ' h5-chip-red' : ''}`} data-testid="h5-unread">
            {data.unreadCount > 0 ? t('home.unread', { count: data.unreadCount }) : t('home.allRead')}
          </span>
        ) : null}
      </div>
      {isPending ? (
        <Spinner />
      ) : isError ? (
        <div className="h5-empty h5-empty-inline">
          <p className="h5-muted">{t('ui.loadFailed')}</p>
          <button type="button" className="h5-btn h5-btn-outline" onClick={() => void refetch()}>
            {t('ui.retry')}
          </button>
        </div>
      ) : data.items.length === 0 ? (
        <div className="h5-empty h5-empty-inline">
          <p className="h5-empty-title">{t('home.noMessages')}</p>
          <p className="h5-muted">{t('home.noMessagesHint')}</p>
        </div>
      ) : (
        <>
          <ul className="h5-messages">
            {data.items.map((n) => (
              <li key={n.id} className={n.readAt ? 'h5-message' : 'h5-message is-unread'}>
                <p className="h5-message-title">
                  {n.readAt ? null : (
                    <span className="h5-dot">
                      <span className="h5-sr-only">{t('home.unreadDot')}: </span>
                    </span>
                  )}
                  {/* Links into the H5 (`/m/…`) open here; console links stay plain text on the phone. */}
                  {n.link?.startsWith('/m/') ? (
                    <Link
                      to={n.link.slice(2)}
                      className="h5-message-link"
                      onClick={() => open(n.id, !n.readAt)}
                      data-testid="h5-message-link"
                    >
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </p>
                {n.body ? <p className="h5-message-body">{n.body}</p> : null}
                <p className="h5-message-time">
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
                </p>
              </li>
            ))}
          </ul>
          {data.total > data.items.length ? (
            <p className="h5-muted h5-small">
              {t('home.moreMessages', { count: data.total, shown: data.items.length })}
              {expanded ? null : (
                <>
                  {' '}
                  <button
                    type="button"
                    className="h5-linkish"
                    onClick={() => setExpanded(true)}
                    disabled={more.isFetching}
                    data-testid="h5-messages-more"
                  >
                    {t('home.olderMessages')}
                  </button>
                </>
              )}
            </p>
          ) : null}
          {data.unreadCount > 0 ? (
            <button
              type="button"
              className="h5-btn h5-btn-outline h5-btn-block"
              onClick={() => markAll.mutate()}
              disabled={markAll.isPending}
            >
              {t('home.markAllRead')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
