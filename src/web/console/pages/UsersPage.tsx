import { ExportOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  ConfigProvider,
  Form,
  Grid,
  Input,
  Popconfirm,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Role } from '../../../shared/auth.ts';
import type { TUser, TUserMembership, UserState } from '../../../shared/users.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { AddRoleModal } from './users/AddRoleModal.tsx';
import { CreateUserModal } from './users/CreateUserModal.tsx';
import { EditUserModal } from './users/EditUserModal.tsx';
import { ImportUsers } from './users/ImportUsers.tsx';
import {
  isRole,
  isUserState,
  roleList,
  stateList,
  type UserFilters,
  type UserPage,
  usersKey,
} from './users/model.ts';
import { OrgSelect } from './users/OrgSelect.tsx';
import { PhoneCell } from './users/PhoneCell.tsx';
import { ResetPasswordModal } from './users/ResetPasswordModal.tsx';
import './users/users.css';

interface FilterValues {
  orgId?: number | undefined;
  role?: Role | undefined;
  state?: UserState | undefined;
  q?: string | undefined;
}

/** Filters and paging as kept in the URL (`?orgId=&role=&state=&q=&page=&pageSize=`). */
function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const role = params.get('role');
  const state = params.get('state');
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: UserFilters = {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    role: isRole(role) ? role : undefined,
    state: isUserState(state) ? state : undefined,
    q: q ? q.slice(0, 60) : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

type Dialog = 'edit' | 'reset' | 'role';

/** 用户管理: the accounts of the caller's subtree. */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<FilterValues>();
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [target, setTarget] = useState<TUser | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const filtered = Object.values(filters).some((v) => v !== undefined);

  // Back/forward and links change the URL: keep the filter bar in step.
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({ orgId: undefined, role: undefined, state: undefined, q: undefined, ...filters });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...usersKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<UserPage>('/api/v1/users', { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const apply = (next: UserFilters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));

  const open = (kind: Dialog, user: TUser) => {
    setTarget(user);
    setDialog(kind);
  };

  const refresh = () => client.invalidateQueries({ queryKey: usersKey });

  const changeState = async (user: TUser, event: 'disable' | 'enable') => {
    try {
      await api.post<TUser>(`/api/v1/users/${user.id}/${event}`, {});
      message.success(t(`users.${event}.done`, { name: user.displayName }));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const removeRole = async (user: TUser, m: TUserMembership, label: string) => {
    try {
      await api.delete<TUser>(`/api/v1/users/${user.id}/memberships/${m.id}`);
      message.success(t('users.removeRole.done', { label }));
      setRemoving(null);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/v1/users/export', { ...filters }, t('users.exportFile'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const canUpdate = can('user.update');
  const canReveal = can('user.viewPii');
  const canReset = can('user.resetPassword');
  const canDisable = can('user.disable');
  const canEnable = can('user.enable');
  const hasActions = canUpdate || canReset || canDisable || canEnable;

  const roleTags = (user: TUser) => (
    <Space size={[4, 4]} wrap>
      {user.memberships.map((m) => {
        const label = `${m.orgName}：${t(`role.${m.role}`)}`;
        const closable = canUpdate && user.memberships.length > 1 && m.id !== me.active?.id;
        const tag = (
          <Tag
            style={{ marginInlineEnd: 0, whiteSpace: 'normal', maxWidth: '100%' }}
            color={m.role === 'admin' ? 'red' : undefined}
            closable={closable ? { 'aria-label': t('users.removeRole.aria', { label }) } : false}
            onClose={(e) => {
              e.preventDefault();
              setRemoving(m.id);
            }}
          >
            {label}
          </Tag>
        );
        if (!closable) return <span key={m.id}>{tag}</span>;
        return (
          <Popconfirm
            key={m.id}
            open={removing === m.id}
            onOpenChange={(o) => {
              if (!o) setRemoving(null);
            }}
            title={t('users.removeRole.confirm')}
            description={t('users.removeRole.text', { label })}
            okText={t('users.removeRole.ok')}
            okButtonProps={{ danger: true }}
            cancelText={t('action.cancel')}
            onConfirm={() => removeRole(user, m, label)}
          >
            {tag}
          </Popconfirm>
        );
      })}
    </Space>
  );

  const rowActions = (user: TUser) => {
    const self = user.id === me.user.id;
    return (
      <Space size={0} wrap>
        {canUpdate ? (
          <Button type="link" size="small" onClick={() => open('edit', user)}>
            {t('users.action.edit')}
          </Button>
        ) : null}
        {user.state === 'active' && canDisable && !self ? (
          <Popconfirm
            title={t('users.disable.confirm', { name: user.displayName })}
            description={t('users.disable.text')}
            okText={t('users.action.disable')}
            okButtonProps={{ danger: true }}
            cancelText={t('action.cancel')}
            onConfirm={() => changeState(user, 'disable')}
          >
            <Button type="link" size="small" danger>
              {t('users.action.disable')}
            </Button>
          </Popconfirm>
        ) : null}
        {user.state === 'disabled' && canEnable ? (
          <Popconfirm
            title={t('users.enable.confirm', { name: user.displayName })}
            description={t('users.enable.text')}
            okText={t('users.action.enable')}
            cancelText={t('action.cancel')}
            onConfirm={() => changeState(user, 'enable')}
          >
            <Button type="link" size="small">
              {t('users.action.enable')}
            </Button>
          </Popconfirm>
        ) : null}
        {canReset && !self ? (
          <Button type="link" size="small" onClick={() => open('reset', user)}>
            {t('users.action.resetPassword')}
          </Button>
        ) : null}
        {canUpdate ? (
          <Button type="link" size="small" onClick={() => open('role', user)}>
            {t('users.action.addRole')}
          </Button>
        ) : null}
      </Space>
    );
  };

  const columns: TableColumnsType<TUser> = [
    {
      key: 'username',
      title: t('users.col.username'),
      dataIndex: 'username',
      width: 110,
      render: (username: string) => <span style={{ wordBreak: 'break-all' }}>{username}</span>,
    },
    {
      key: 'displayName',
      title: t('users.col.displayName'),
      width: 110,
      render: (_, u) => (
        <Space size={4}>
          <span>{u.displayName}</span>
          {u.id === me.user.id ? <Tag color="blue">{t('users.self')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'mobile',
      title: t('users.col.mobile'),
      width: 150,
      render: (_, u) => <PhoneCell user={u} canReveal={canReveal} />,
    },
    // Org names and role tags wrap; the two give the width that lets the list fit 1366 px.
    { key: 'org', title: t('users.col.org'), width: 130, render: (_, u) => u.org.name },
    { key: 'roles', title: t('users.col.roles'), width: 160, render: (_, u) => roleTags(u) },
    {
      key: 'state',
      title: t('users.col.state'),
      width: 90,
      render: (_, u) => (
        <Space size={4} wrap>
          <Tag color={u.state === 'active' ? 'green' : undefined} style={{ marginInlineEnd: 0 }}>
            {t(`users.state.${u.state}`)}
          </Tag>
          {u.mustChangePassword && u.state === 'active' ? (
            <Tooltip title={t('users.mustChangeHint')}>
              <Tag color="orange" style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                {t('users.mustChange')}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'lastLogin',
      title: t('users.col.lastLogin'),
      width: 160,
      render: (_, u) => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(u.lastLoginAt, i18n.language)}</span>
      ),
    },
    ...(hasActions
      ? [
          {
            key: 'actions',
            title: t('users.col.actions'),
            width: 170,
            fixed: screens.md ? ('right' as const) : undefined,
            render: (_: unknown, u: TUser) => rowActions(u),
          },
        ]
      : []),
  ];

  const reset = () => {
    form.resetFields();
    apply({});
  };

  const data = list.data;

  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <div className="nj-users">
        <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
          {t('users.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('users.subtitle')}</Typography.Paragraph>

        <Card size="small" style={{ marginBottom: 16 }}>
          <search aria-label={t('users.filter.aria')}>
            <Form<FilterValues>
              name="userFilter"
              form={form}
              layout="inline"
              className="nj-users-filter"
              onFinish={(v) => apply(v)}
              style={{ rowGap: 12 }}
            >
              <Form.Item name="orgId" label={t('users.filter.org')}>
                <OrgSelect
                  allowClear
                  placeholder={t('users.filter.orgPlaceholder')}
                  className="nj-users-f-org"
                />
              </Form.Item>
              <Form.Item name="role" label={t('users.filter.role')}>
                <Select<Role>
                  allowClear
                  placeholder={t('users.filter.rolePlaceholder')}
                  className="nj-users-f-role"
                  options={roleList.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                />
              </Form.Item>
              <Form.Item name="state" label={t('users.filter.state')}>
                <Select<UserState>
                  allowClear
                  placeholder={t('users.filter.statePlaceholder')}
                  className="nj-users-f-state"
                  options={stateList.map((s) => ({ value: s, label: t(`users.state.${s}`) }))}
                />
              </Form.Item>
              <Form.Item name="q" label={t('users.filter.q')}>
                <Input
                  allowClear
                  placeholder={t('users.filter.qPlaceholder')}
                  maxLength={60}
                  className="nj-users-f-q"
                  data-testid="user-search"
                />
              </Form.Item>
              <Form.Item style={{ marginInlineEnd: 0 }}>
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    {t('users.filter.query')}
                  </Button>
                  <Button onClick={reset} icon={<ReloadOutlined />}>
                    {t('users.filter.reset')}
                  </Button>
                </Space>
              </Form.Item>
            </Form>
          </search>
        </Card>

        <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
          <div
            role="toolbar"
            aria-label={t('users.toolbar.aria')}
            style={{
              display: 'flex',
              flexWrap: 'wrap',
              gap: 8,
              alignItems: 'center',
              justifyContent: 'space-between',
              marginBottom: 12,
            }}
          >
            <Typography.Text type="secondary" aria-live="polite">
              {data ? t('users.total', { count: data.total }) : ''}
            </Typography.Text>
            <Space wrap size={8}>
              {can('user.create') ? (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setCreating(true)}
                  data-testid="user-create"
                >
                  {t('users.action.create')}
                </Button>
              ) : null}
              {can('user.import') ? <ImportUsers /> : null}
              {can('user.export') ? (
                <Button
                  icon={<ExportOutlined />}
                  loading={exporting}
                  onClick={() => void exportExcel()}
                  data-testid="user-export"
                >
                  {t('users.action.export')}
                </Button>
              ) : null}
            </Space>
          </div>

          <ServerTable<TUser>
            list={list}
            columns={columns}
            page={page}
            pageSize={pageSize}
            onPage={(p, size) => apply(filters, p, size)}
            filtered={filtered}
            onClearFilters={reset}
            testId="users-table"
            text={{
              loadFailed: t('users.loadFailed'),
              empty: t('users.empty'),
              emptyFiltered: t('users.emptyFiltered'),
              clearFilters: t('users.clearFilters'),
            }}
          />
        </Card>

        <CreateUserModal open={creating} onClose={() => setCreating(false)} />
        <EditUserModal user={target} open={dialog === 'edit'} onClose={() => setDialog(null)} />
        <ResetPasswordModal user={target} open={dialog === 'reset'} onClose={() => setDialog(null)} />
        <AddRoleModal user={target} open={dialog === 'role'} onClose={() => setDialog(null)} />
      </div>
    </ConfigProvider>
  );
}
