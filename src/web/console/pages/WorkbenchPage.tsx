import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Empty, List, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api.ts';
import { useSession } from '../session.tsx';

// The modules' own API constants live in their lazily loaded pages, which register their strings on import.
const APPEALS = '/api/v1/proposals/appeals';
const DUTY = '/api/v1/duty';
const SUPPLIES = '/api/v1/supplies';
const ERRANDS = '/api/v1/errands';
const PROPOSALS = '/api/v1/proposals/proposals';

const HARDSHIP = '/api/v1/hardship/archives';
const WISHES = '/api/v1/wishes';

interface Page {
  total: number;
}

/** One 待我处理 task: the list API that counts it, and the console list it links to. */
interface TodoDef {
  key: string;
  path: string;
  query: Record<string, string>;
  to: string;
  show: boolean;
}

const hardshipStep = (state: string, show: boolean): TodoDef => ({
  key: state,
  path: HARDSHIP,
  query: { state },
  to: `/hardship?state=${state}`,
  show,
});

const wishState = (key: string, state: string, show: boolean): TodoDef => ({
  key,
  path: WISHES,
  query: { state },
  to: `/wishes?state=${state}`,
  show,
});

/** 首页: what needs me now, and a few counts of my subtree. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const orgs = useQuery({
    queryKey: ['workbench', 'orgs'],
    queryFn: () => api.get<Page>('/api/v1/orgs', { pageSize: 1 }),
    enabled: can('org.view'),
  });
  const users = useQuery({
    queryKey: ['workbench', 'users'],
    queryFn: () => api.get<Page>('/api/v1/users', { pageSize: 1 }),
    enabled: can('user.view'),
  });
  const audit = useQuery({
    queryKey: ['workbench', 'audit', today],
    queryFn: () => api.get<Page>('/api/v1/audit', { pageSize: 1, from: today, to: today }),
    enabled: can('audit.view'),
  });
  const inbox = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api.get<{ unreadCount: number }>('/api/v1/notifications', { pageSize: 8 }),
  });

  const role = me.active?.role;
  const staff = role === 'cadre' || role === 'admin';
  const reviewing = role === 'reviewer' || role === 'admin';
  // 待我处理: each task is a count from a module's list API and a link to that list, filtered.
  const todoDefs: TodoDef[] = [
    // 困难帮扶: the hardship steps waiting for this role, overdue yearly reviews, transfers to receive.
    ...(can('hardship.view')
      ? [
          hardshipStep('applied', staff),
          hardshipStep('accepted', staff),
          hardshipStep('reviewing', reviewing),
          hardshipStep('reviewed', staff),
          hardshipStep('publicizing', reviewing),
          {
            key: 'overdue',
            path: HARDSHIP,
            query: { reviewDue: 'overdue' },
            to: '/hardship?reviewDue=overdue',
            show: true,
          },
          {
            key: 'transfers',
            path: '/api/v1/hardship/transfers',
            query: { box: 'incoming', state: 'pending' },
            to: '/hardship/transfers',
            show: can('hardship.transfer'),
          },
        ]
      : []),
    // 微心愿: wishes to review, and (for the staff who confirm receipt for a worker) sent, not confirmed.
    ...(can('wish.view')
      ? [
          wishState('wishesPending', 'pending', staff || role === 'reviewer'),
          wishState('wishesSent', 'sent', staff),
        ]
      : []),
    {
      key: 'suppliesSubmitted',
      path: `${SUPPLIES}/requests`,
      query: { state: 'submitted' },
      to: '/supplies/requests?state=submitted',
      show: can('supplies.review'),
    },
    {
      key: 'errandsPending',
      path: ERRANDS,
      query: { state: 'pending' },
      to: '/errands?state=pending',
      show: can('errands.dispatch'),
    },
    {
      key: 'errandsOverdue',
      path: ERRANDS,
      // What still needs action: the 超时看板 lists exactly these (not errands delivered late).
      query: { overdue: 'open' },
      to: '/errands/overdue',
      show: can('errands.dispatch'),
    },
    {
      key: 'proposalsSubmitted',
      path: PROPOSALS,
      query: { state: 'submitted' },
      to: '/proposals?state=submitted',
      show: can('proposals.review'),
    },
    {
      key: 'proposalsHandlingOverdue',
      path: PROPOSALS,
      query: { scope: 'handling', overdue: 'true' },
      to: '/proposals/handling?overdue=true',
      show: can('proposals.handle'),
    },
    {
      key: 'appealsOpen',
      path: APPEALS,
      query: { state: 'open' },
      to: '/appeals?state=open',
      show: can('proposals.appeals.triage'),
    },
    {
      key: 'commentsPending',
      path: `${APPEALS}/comments/pending`,
      query: {},
      to: '/appeals/comments',
      show: can('proposals.appeals.triage'),
    },
    {
      key: 'dutyPending',
      path: `${DUTY}/records`,
      query: { state: 'pending' },
      to: '/duty/records?state=pending',
      show: can('duty.manage'),
    },
  ].filter((d) => d.show);
  const todos = useQuery({
    queryKey: ['workbench', 'todos', role, me.active?.org.id],
    queryFn: async () => {
      // One module failing to answer must not hide the others' tasks.
      const counts = await Promise.allSettled(
        todoDefs.map((d) => api.get<Page>(d.path, { ...d.query, pageSize: 1 }).then((r) => r.total)),
      );
      return todoDefs
        .map((d, i) => {
          const c = counts[i];
          return { key: d.key, to: d.to, count: c?.status === 'fulfilled' ? c.value : 0 };
        })
        .filter((x) => x.count > 0);
    },
    enabled: todoDefs.length > 0,
  });
  const todoItems = todos.data ?? [];

  const stats = [
    can('org.view') && {
      key: 'orgs',
      label: t('workbench.orgs'),
      value: orgs.data?.total,
      to: '/orgs',
      loading: orgs.isPending,
    },
    can('user.view') && {
      key: 'users',
      label: t('workbench.users'),
      value: users.data?.total,
      to: '/users',
      loading: users.isPending,
    },
    can('audit.view') && {
      key: 'audit',
      label: t('workbench.auditToday'),
      value: audit.data?.total,
      to: '/audit',
      loading: audit.isPending,
    },
    {
      key: 'unread',
      label: t('workbench.unread'),
      value: inbox.data?.unreadCount,
      to: null,
      loading: inbox.isPending,
    },
  ].filter((s) => s !== false);

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('workbench.hello', { name: me.user.displayName })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {me.active
          ? t('workbench.acting', { org: me.active.org.name, role: t(`role.${me.active.role}`) })
          : t('layout.noRole')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.key} xs={12} md={6}>
            <Card>
              <Statistic
                title={s.to ? <Link to={s.to}>{s.label}</Link> : s.label}
                value={s.value ?? '—'}
                loading={s.loading}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('workbench.todo')} style={{ marginTop: 16 }} loading={todos.isLoading}>
        {todoItems.length > 0 ? (
          <List
            data-testid="workbench-todos"
            dataSource={todoItems}
            renderItem={(item) => (
              <List.Item
                key={item.key}
                extra={<Badge count={item.count} overflowCount={9999} color="#c8161d" />}
              >
                <Link to={item.to}>{t(`workbench.task.${item.key}`)}</Link>
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('workbench.todoEmpty')} />
        )}
      </Card>
    </div>
  );
}
