import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  DownOutlined,
  GlobalOutlined,
  HeartOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Dropdown, Layout, Menu, Select, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { authApi } from '../shared/api.ts';
import { changeLanguage, type Language, languages } from '../shared/i18n.ts';
import { ChangePasswordModal } from './components/ChangePasswordModal.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { errorMessage } from './forms.ts';
import { meQueryKey, useSession } from './session.tsx';

const { Header, Sider, Content } = Layout;

/** Menu entries; each shows only when the active role may open it. */
const menu = [
  { key: '/', icon: <HomeOutlined />, label: 'menu.workbench', action: null },
  { key: '/orgs', icon: <ApartmentOutlined />, label: 'menu.orgs', action: 'org.view' },
  { key: '/users', icon: <TeamOutlined />, label: 'menu.users', action: 'user.view' },
  { key: '/hardship', icon: <HeartOutlined />, label: 'menu.hardship', action: 'hardship.view' },
  {
    key: '/hardship/transfers',
    icon: <SwapOutlined />,
    label: 'menu.hardshipTransfers',
    action: 'hardship.view',
  },
  {
    key: '/stats/hardship',
    icon: <BarChartOutlined />,
    label: 'menu.hardshipStats',
    action: 'hardship.view',
  },
  { key: '/audit', icon: <AuditOutlined />, label: 'menu.audit', action: 'audit.view' },
] as const;

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [passwordOpen, setPasswordOpen] = useState(me.user.mustChangePassword);
  const [collapsed, setCollapsed] = useState(false);

  const items = menu
    .filter((m) => m.action === null || can(m.action))
    .map((m) => ({ key: m.key, icon: m.icon, label: <Link to={m.key}>{t(m.label)}</Link> }));
  // The longest matching entry wins: /hardship/transfers is not /hardship.
  const current = menu
    .filter((m) => m.key !== '/' && location.pathname.startsWith(m.key))
    .sort((a, b) => b.key.length - a.key.length)[0];

  const logout = async () => {
    try {
      await authApi.logout();
    } finally {
      client.setQueryData(meQueryKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      navigate('/login');
    }
  };

  const switchTo = async (membershipId: number) => {
    try {
      const next = await authApi.switchMembership(membershipId);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      client.setQueryData(meQueryKey, next);
      navigate('/');
      message.success(t('layout.switched', { org: next.active?.org.name ?? '' }));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="nj-skip-link" href="#nj-main">
        {t('layout.skip')}
      </a>
      <Sider
        breakpoint="lg"
        collapsedWidth={0}
        zeroWidthTriggerStyle={{ top: 10 }}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        theme="light"
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div className="nj-brand">
          <span className="nj-logo" aria-hidden>
            家
          </span>
          <span>{t('app.name')}</span>
        </div>
        <nav aria-label={t('layout.menu')}>
          <Menu mode="inline" selectedKeys={[current?.key ?? '/']} items={items} />
        </nav>
      </Sider>
      <Layout>
        <Header className="nj-header">
          <Breadcrumb
            items={[
              { title: <Link to="/">{t('menu.workbench')}</Link> },
              ...(current ? [{ title: t(current.label) }] : []),
            ]}
          />
          <Space size="middle" wrap>
            {me.memberships.length > 1 ? (
              <Select
                aria-label={t('layout.switchOrg')}
                value={me.active?.id}
                onChange={(v: number) => void switchTo(v)}
                style={{ minWidth: 220 }}
                options={me.memberships.map((m) => ({
                  value: m.id,
                  label: `${m.org.name} · ${t(`role.${m.role}`)}`,
                }))}
              />
            ) : (
              <Typography.Text type="secondary" className="nj-acting">
                {me.active ? `${me.active.org.name} · ${t(`role.${me.active.role}`)}` : t('layout.noRole')}
              </Typography.Text>
            )}
            <NotificationBell />
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('layout.changePassword') },
                  {
                    key: 'lang',
                    icon: <GlobalOutlined />,
                    label: t('lang.label'),
                    children: languages.map((l) => ({ key: `lang:${l}`, label: t(`lang.${l}`) })),
                  },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('action.logout') },
                ],
                selectedKeys: [`lang:${i18n.language}`],
                onClick: ({ key }) => {
                  if (key === 'password') setPasswordOpen(true);
                  else if (key === 'logout') void logout();
                  else if (key.startsWith('lang:')) void changeLanguage(key.slice(5) as Language);
                },
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {me.user.displayName} <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content id="nj-main" tabIndex={-1} className="nj-content">
          {children}
        </Content>
      </Layout>
      <ChangePasswordModal
        open={passwordOpen}
        forced={me.user.mustChangePassword}
        onClose={() => setPasswordOpen(false)}
      />
    </Layout>
  );
}
