import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AreaChartOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarOutlined,
  CommentOutlined,
  DashboardOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FormOutlined,
  GiftOutlined,
  GlobalOutlined,
  HeartOutlined,
  HomeOutlined,
  KeyOutlined,
  LineChartOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  MessageOutlined,
  PhoneOutlined,
  PieChartOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  SolutionOutlined,
  StarOutlined,
  SwapOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Dropdown,
  Layout,
  Menu,
  type MenuProps,
  Result,
  Select,
  Space,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { TMe } from '../../shared/auth.ts';
import type { OrgType, Role } from '../../shared/rules.ts';
import { authApi } from '../shared/api.ts';
import { changeLanguage, type Language, languages } from '../shared/i18n.ts';
import { ChangePasswordModal } from './components/ChangePasswordModal.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { errorMessage } from './forms.ts';
import { registerDutyShellStrings } from './pages/duty.i18n.ts';
import { registerErrandShellStrings } from './pages/errands.i18n.ts';
import { registerProposalShellStrings } from './pages/proposals.i18n.ts';
import { registerSupplyShellStrings } from './pages/supplies.i18n.ts';
import { registerWishShellStrings } from './pages/wishes.i18n.ts';
import { meQueryKey, useSession } from './session.tsx';

const { Header, Sider, Content } = Layout;

interface Entry {
  key: string;
  icon: ReactNode;
  label: string;
  action: string | null;
  /** Partner org types that have the action but no use for the page. */
  hideFor?: OrgType[];
  /** Pages outside the entry's own path that belong to it (a detail page reached from its list). */
  alsoUnder?: string[];
}

/** Menu entries; each shows only when the active role may open it. Groups list their entries. */
const menu: (Entry & { group?: { key: string; icon: ReactNode; label: string } })[] = [
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
  ...[
    { key: '/wishes', icon: <FileSearchOutlined />, label: 'menu.wishReview', action: 'wish.view' },
    {
      key: '/wishes/activities',
      icon: <CalendarOutlined />,
      label: 'menu.wishActivities',
      action: 'wish.view',
    },
    { key: '/stats/wishes', icon: <LineChartOutlined />, label: 'menu.wishStats', action: 'wishes.stats' },
  ].map((e) => ({ ...e, group: { key: 'wishes', icon: <GiftOutlined />, label: 'menu.wishes' } })),
  ...[
    {
      key: '/supplies/requests',
      icon: <ShoppingCartOutlined />,
      label: 'menu.supplyRequests',
      action: 'supplies.view',
    },
    {
      key: '/supplies/special',
      icon: <GiftOutlined />,
      label: 'menu.supplySpecial',
      action: 'supplies.view',
    },
    {
      key: '/supplies/catalogue',
      icon: <AppstoreOutlined />,
      label: 'menu.supplyCatalogue',
      action: 'supplies.catalogue.view',
      // Logistics partners see shipments only.
      hideFor: ['logistics', 'courier', 'governance'] as OrgType[],
    },
    {
      key: '/supplies/points',
      icon: <EnvironmentOutlined />,
      label: 'menu.supplyPoints',
      action: 'supplies.view',
    },
    {
      key: '/supplies/shipments',
      icon: <CarOutlined />,
      label: 'menu.supplyShipments',
      action: 'supplies.shipments.view',
      // Suppliers and donors see their catalogue items only.
      hideFor: ['supplier', 'donor', 'courier', 'governance'] as OrgType[],
    },
    {
      key: '/stats/supplies',
      icon: <PieChartOutlined />,
      label: 'menu.supplyStats',
      action: 'supplies.stats',
    },
  ].map((e) => ({ ...e, group: { key: 'supplies', icon: <MedicineBoxOutlined />, label: 'menu.supplies' } })),
  ...[
    { key: '/errands', icon: <UnorderedListOutlined />, label: 'menu.errandList', action: 'errands.view' },
    { key: '/errands/new', icon: <PhoneOutlined />, label: 'menu.errandIntake', action: 'errands.intake' },
    {
      key: '/errands/overdue',
      icon: <FieldTimeOutlined />,
      label: 'menu.errandOverdue',
      action: 'errands.view',
    },
    {
      key: '/errands/roster',
      icon: <ScheduleOutlined />,
      label: 'menu.errandRoster',
      action: 'errands.view',
    },
    {
      key: '/errands/complaints',
      icon: <MessageOutlined />,
      label: 'menu.errandComplaints',
      action: 'errands.view',
    },
    {
      key: '/stats/errands',
      icon: <DashboardOutlined />,
      label: 'menu.errandStats',
      action: 'errands.stats',
    },
  ].map((e) => ({ ...e, group: { key: 'errands', icon: <ThunderboltOutlined />, label: 'menu.errands' } })),
  ...[
    { key: '/proposals', icon: <FileTextOutlined />, label: 'menu.proposalList', action: 'proposals.view' },
    {
      key: '/proposals/handling',
      icon: <FileDoneOutlined />,
      label: 'menu.proposalHandling',
      action: 'proposals.handle',
      // Only unions and the governance platform handle proposals.
      hideFor: ['donor', 'supplier', 'logistics', 'courier'] as OrgType[],
    },
    { key: '/appeals', icon: <CommentOutlined />, label: 'menu.appeals', action: 'proposals.view' },
    {
      key: '/appeals/comments',
      icon: <MessageOutlined />,
      label: 'menu.appealComments',
      action: 'proposals.appeals.triage',
    },
    { key: '/referrals', icon: <SendOutlined />, label: 'menu.referrals', action: 'proposals.referrals' },
    {
      key: '/referrals/assigned',
      icon: <SendOutlined />,
      label: 'menu.referralsAssigned',
      action: 'proposals.referrals.partner',
      hideFor: ['donor', 'supplier', 'logistics', 'courier'] as OrgType[],
    },
    {
      key: '/proposals/board',
      icon: <AlertOutlined />,
      label: 'menu.superviseBoard',
      action: 'proposals.view',
    },
    {
      key: '/proposals/congresses',
      icon: <SolutionOutlined />,
      label: 'menu.congresses',
      action: 'proposals.view',
    },
    {
      key: '/stats/proposals',
      icon: <AreaChartOutlined />,
      label: 'menu.proposalStats',
      action: 'proposals.stats',
    },
  ].map((e) => ({ ...e, group: { key: 'proposals', icon: <BankOutlined />, label: 'menu.proposals' } })),
  ...[
    {
      key: '/duty/leaderboard',
      icon: <TrophyOutlined />,
      label: 'menu.dutyLeaderboard',
      action: 'duty.view',
      // 履职画像 is opened from the leaderboard.
      alsoUnder: ['/duty/representatives'],
    },
    { key: '/duty/records', icon: <ProfileOutlined />, label: 'menu.dutyRecords', action: 'duty.view' },
    { key: '/duty/sessions', icon: <QrcodeOutlined />, label: 'menu.dutySessions', action: 'duty.view' },
    { key: '/duty/scheme', icon: <SettingOutlined />, label: 'menu.dutyScheme', action: 'duty.view' },
  ].map((e) => ({
    ...e,
    // Unions only: partner orgs have no representatives.
    hideFor: ['donor', 'supplier', 'logistics', 'courier', 'governance'] as OrgType[],
    group: { key: 'duty', icon: <StarOutlined />, label: 'menu.duty' },
  })),
  ...[{ key: '/surveys', icon: <FormOutlined />, label: 'menu.surveyList', action: 'surveys.view' }].map(
    (e) => ({
      ...e,
      hideFor: ['donor', 'supplier', 'logistics', 'courier', 'governance'] as OrgType[],
      group: { key: 'surveys', icon: <HeartOutlined />, label: 'menu.surveys' },
    }),
  ),
  { key: '/audit', icon: <AuditOutlined />, label: 'menu.audit', action: 'audit.view' },
];

/** Roles whose work is on the phone app (/m/); the console has no page for them. */
const phoneRoles: readonly Role[] = ['worker', 'donor', 'representative'];

/**
 * An account that belongs on the phone app: every role it holds is a phone role and the active one
 * opens no console page but 首页. Signing in at the console sends it to /m/ (it used to land on an
 * empty console).
 */
export function belongsOnPhone(me: TMe): boolean {
  const permissions = new Set(me.permissions);
  const orgType = me.active?.org.type;
  const pages = menu.some(
    (m) => m.action !== null && permissions.has(m.action) && !(orgType && m.hideFor?.includes(orgType)),
  );
  return !pages && me.memberships.every((m) => phoneRoles.includes(m.role));
}

export function ConsoleLayout({ children }: { children: ReactNode }) {
  registerWishShellStrings();
  registerSupplyShellStrings();
  registerErrandShellStrings();
  registerProposalShellStrings();
  registerDutyShellStrings();
  const { t, i18n } = useTranslation();
  const { me, can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [passwordOpen, setPasswordOpen] = useState(me.user.mustChangePassword);
  const [collapsed, setCollapsed] = useState(false);

  const orgType = me.active?.org.type;
  const visible = menu.filter(
    (m) => (m.action === null || can(m.action)) && !(orgType && m.hideFor?.includes(orgType)),
  );
  const link = (m: Entry) => ({ key: m.key, icon: m.icon, label: <Link to={m.key}>{t(m.label)}</Link> });
  // A group shows where its first visible entry is, with its visible entries inside.
  const items = visible.flatMap((m): NonNullable<MenuProps['items']> => {
    if (!m.group) return [link(m)];
    const group = m.group;
    const members = visible.filter((x) => x.group?.key === group.key);
    if (members[0] !== m) return [];
    return [{ key: group.key, icon: group.icon, label: t(group.label), children: members.map(link) }];
  });
  // The longest matching entry wins: /hardship/transfers is not /hardship.
  const matchLength = (m: Entry) =>
    Math.max(
      0,
      ...[m.key, ...(m.alsoUnder ?? [])].filter((k) => location.pathname.startsWith(k)).map((k) => k.length),
    );
  const current = menu
    .filter((m) => m.key !== '/' && matchLength(m) > 0)
    .sort((a, b) => matchLength(b) - matchLength(a))[0];
  const currentGroup = current?.group?.key;
  const [openKeys, setOpenKeys] = useState<string[]>(currentGroup ? [currentGroup] : []);
  // Opening a page of a group (a link, the back button) unfolds the group.
  useEffect(() => {
    if (currentGroup) setOpenKeys((keys) => (keys.includes(currentGroup) ? keys : [...keys, currentGroup]));
  }, [currentGroup]);

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
          <Menu
            mode="inline"
            selectedKeys={[current?.key ?? '/']}
            openKeys={openKeys}
            onOpenChange={setOpenKeys}
            items={items}
          />
        </nav>
      </Sider>
      <Layout>
        <Header className="nj-header">
          <Breadcrumb
            items={[
              { title: <Link to="/">{t('menu.workbench')}</Link> },
              ...(current?.group ? [{ title: t(current.group.label) }] : []),
              ...(current ? [{ title: t(current.label) }] : []),
            ]}
          />
          <Space size="middle" wrap className="nj-header-tools">
            {me.memberships.length > 1 ? (
              <Select
                aria-label={t('layout.switchOrg')}
                value={me.active?.id}
                onChange={(v: number) => void switchTo(v)}
                className="nj-acting-select"
                popupMatchSelectWidth={false}
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
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu" title={me.user.displayName}>
                <span className="nj-user-name">{me.user.displayName}</span> <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content id="nj-main" tabIndex={-1} className="nj-content">
          {belongsOnPhone(me) ? (
            <Result
              status="info"
              title={t('layout.phoneOnly.title')}
              subTitle={t('layout.phoneOnly.text')}
              extra={
                <Button type="primary" href="/m/" data-testid="console-to-h5">
                  {t('layout.phoneOnly.go')}
                </Button>
              }
            />
          ) : (
            children
          )}
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
