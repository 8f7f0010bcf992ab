import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api.ts';
import { useSession } from '../session.tsx';

interface Page {
  total: number;
}

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
      <Card title={t('workbench.todo')} style={{ marginTop: 16 }}>
        <Empty description={t('workbench.todoEmpty')} />
      </Card>
    </div>
  );
}
