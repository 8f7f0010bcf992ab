import { PlusOutlined, ReloadOutlined, SearchOutlined, SettingOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Card,
  Form,
  Grid,
  Input,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TArchiveListItem } from '../../../shared/hardship.ts';
import { api } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { useSession } from '../session.tsx';
import { OrgSelect } from './users/OrgSelect.tsx';
import {
  API,
  fenText,
  isWishCategory,
  isWishState,
  stateColor,
  type TWishListItem,
  todayCst,
  useWishLabels,
  type WishCategory,
  type WishPage,
  type WishState,
  wishCategories,
  wishesKey,
  wishPerm,
  wishStates,
} from './wishes/model.ts';
import { SettingsModal } from './wishes/SettingsModal.tsx';
import { WishFormModal } from './wishes/WishFormModal.tsx';
import './hardship/hardship.css';

interface Filters {
  orgId?: number | undefined;
  state?: WishState | undefined;
  category?: WishCategory | undefined;
  q?: string | undefined;
}

/** Filters and paging as kept in the URL (`?orgId=&state=&category=&q=&page=&pageSize=`). */
function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const state = params.get('state');
  const category = params.get('category');
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    state: isWishState(state) ? state : undefined,
    category: isWishCategory(category) ? category : undefined,
    q: q ? q.slice(0, 40) : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

/**
 * 心愿审核: the wishes of the caller's subtree, 待审核 first in mind. `?post=<archiveId>` opens
 * 代为发布 for that archive (the link on a filed archive's page).
 */
export default function WishesPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const label = useWishLabels();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<Filters>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const postFor = Number(params.get('post'));
  const [posting, setPosting] = useState(params.has('post'));
  const filtered = Object.values(filters).some((v) => v !== undefined);

  // 代为发布 from an archive page: the archive it was opened for.
  const preset = useQuery({
    queryKey: ['hardship', 'archive-item', postFor],
    queryFn: async () => {
      const a = await api.get<{
        id: number;
        basic: { name: string; idCard: string };
        org: TArchiveListItem['org'];
      }>(`/api/v1/hardship/archives/${postFor}`);
      return { id: a.id, name: a.basic.name, idCard: a.basic.idCard, org: a.org } as TArchiveListItem;
    },
    enabled: Number.isInteger(postFor) && postFor > 0,
    staleTime: 60_000,
  });

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({
      orgId: undefined,
      state: undefined,
      category: undefined,
      q: undefined,
      ...filters,
    });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...wishesKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<WishPage>(API, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const pending = useQuery({
    queryKey: [...wishesKey, 'list', 'pending-count', filters.orgId],
    queryFn: () => api.get<WishPage>(API, { orgId: filters.orgId, state: 'pending', pageSize: 1 }),
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  const reset = () => {
    form.resetFields();
    apply({});
  };
  const today = todayCst();

  const columns: TableColumnsType<TWishListItem> = [
    {
      key: 'title',
      title: t('wishes.col.title'),
      width: 160,
      render: (_, w) => <Link to={`/wishes/${w.id}`}>{w.title}</Link>,
    },
    { key: 'worker', title: t('wishes.col.worker'), width: 80, render: (_, w) => w.maskedName },
    { key: 'org', title: t('wishes.col.org'), width: 136, render: (_, w) => w.org.name },
    {
      key: 'category',
      title: t('wishes.col.category'),
      width: 90,
      render: (_, w) => label('category', w.category),
    },
    {
      key: 'value',
      title: t('wishes.col.value'),
      width: 92,
      align: 'right',
      render: (_, w) => <span className="nj-hs-mono">{fenText(w.valueFen)}</span>,
    },
    {
      key: 'state',
      title: t('wishes.col.state'),
      width: 90,
      render: (_, w) => (
        <Tag color={stateColor[w.state]} style={{ marginInlineEnd: 0 }}>
          {label('state', w.state)}
        </Tag>
      ),
    },
    {
      key: 'donor',
      title: t('wishes.col.donor'),
      width: 110,
      render: (_, w) => w.donorName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'deadline',
      title: t('wishes.col.deadline'),
      width: 110,
      render: (_, w) => {
        if (!w.claimDeadline) return <Typography.Text type="secondary">—</Typography.Text>;
        const late = (w.state === 'claimed' || w.state === 'sent') && w.claimDeadline < today;
        return (
          <Typography.Text type={late ? 'danger' : undefined} className="nj-hs-mono">
            {w.claimDeadline}
            {late ? ` ${t('wishes.overdue')}` : ''}
          </Typography.Text>
        );
      },
    },
    {
      key: 'created',
      title: t('wishes.col.created'),
      // 2026年11月27日 in full (120 cut the day off)
      width: 132,
      render: (_, w) => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatDate(w.createdAt, i18n.language)}</span>
      ),
    },
    {
      key: 'actions',
      title: t('wishes.col.actions'),
      width: 70,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, w) =>
        w.state === 'pending' && can(wishPerm.review) ? (
          <Link
            to={`/wishes/${w.id}`}
            data-testid={`wish-review-${w.id}`}
            aria-label={`${t('wishes.review')} ${w.title}`}
          >
            {t('wishes.review')}
          </Link>
        ) : (
          <Link to={`/wishes/${w.id}`} aria-label={`${t('wishes.open')} ${w.title}`}>
            {t('wishes.open')}
          </Link>
        ),
    },
  ];

  const pendingCount = pending.data?.total;

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('wishes.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('wishes.subtitle')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('wishes.filter.aria')}>
          <Form<Filters>
            name="wishFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={(v) => apply(v)}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="orgId" label={t('wishes.filter.org')}>
              <OrgSelect
                allowClear
                placeholder={t('wishes.filter.orgPlaceholder')}
                className="nj-hs-f-wide"
              />
            </Form.Item>
            <Form.Item name="state" label={t('wishes.filter.state')}>
              <Select<WishState>
                allowClear
                placeholder={t('wishes.filter.statePlaceholder')}
                className="nj-hs-f-mid"
                options={wishStates.map((s) => ({ value: s, label: label('state', s) }))}
                popupMatchSelectWidth={false}
                data-testid="wish-filter-state"
              />
            </Form.Item>
            <Form.Item name="category" label={t('wishes.filter.category')}>
              <Select<WishCategory>
                allowClear
                placeholder={t('wishes.filter.categoryPlaceholder')}
                className="nj-hs-f-mid"
                options={wishCategories.map((c) => ({ value: c, label: label('category', c) }))}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item name="q" label={t('wishes.filter.q')}>
              <Input
                allowClear
                placeholder={t('wishes.filter.qPlaceholder')}
                maxLength={40}
                className="nj-hs-f-wide"
                data-testid="wish-search"
              />
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('wishes.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('wishes.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <div role="toolbar" aria-label={t('wishes.toolbar.aria')} className="nj-hs-toolbar">
          <Space size={16} wrap>
            <Typography.Text type="secondary" aria-live="polite">
              {list.data ? t('wishes.total', { count: list.data.total }) : ''}
            </Typography.Text>
            {pendingCount !== undefined ? (
              pendingCount > 0 ? (
                <Button
                  type={filters.state === 'pending' ? 'primary' : 'default'}
                  ghost={filters.state === 'pending'}
                  onClick={() => apply({ ...filters, state: 'pending' })}
                  data-testid="wish-pending-count"
                >
                  <Badge status="warning" />
                  {t('wishes.pendingCount', { count: pendingCount })}
                </Button>
              ) : (
                <Typography.Text type="secondary" data-testid="wish-pending-count">
                  {t('wishes.pendingNone')}
                </Typography.Text>
              )
            ) : null}
          </Space>
          <Space wrap>
            {can(wishPerm.post) ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setPosting(true)}
                data-testid="wish-post"
              >
                {t('wishes.post.button')}
              </Button>
            ) : null}
            {can(wishPerm.settings) && me.active ? (
              <Button
                icon={<SettingOutlined />}
                onClick={() => setSettingsOpen(true)}
                data-testid="wish-settings"
              >
                {t('wishes.settings.button')}
              </Button>
            ) : null}
          </Space>
        </div>

        <ServerTable<TWishListItem>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => apply(filters, p, size)}
          filtered={filtered}
          onClearFilters={reset}
          testId="wish-table"
          text={{
            loadFailed: t('wishes.loadFailed'),
            empty: t('wishes.empty'),
            emptyFiltered: t('wishes.emptyFiltered'),
            clearFilters: t('wishes.clearFilters'),
          }}
        />
      </Card>

      {can(wishPerm.post) ? (
        <WishFormModal
          open={posting && (!postFor || !preset.isPending)}
          archive={preset.data ?? null}
          onClose={() => {
            setPosting(false);
            if (params.has('post')) {
              const p = new URLSearchParams(params);
              p.delete('post');
              setParams(p, { replace: true });
            }
          }}
          onSaved={(w) => {
            setPosting(false);
            navigate(`/wishes/${w.id}`);
          }}
        />
      ) : null}
      {me.active ? (
        <SettingsModal
          open={settingsOpen}
          onClose={() => setSettingsOpen(false)}
          ownOrg={{ id: me.active.org.id, name: me.active.org.name }}
        />
      ) : null}
    </div>
  );
}
