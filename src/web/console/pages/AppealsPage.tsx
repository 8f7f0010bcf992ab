/*
 * 职工事大家议 (/appeals): the union's appeals by state (tabs, counts of 待分办 and 办理中), filters kept in
 * the URL (search, category, kind, scope, sort), 附议 and comment counts, handler and deadline, overdue
 * tinted; 分办 from a 待分办 row opens the appeal. A link to 评论审核 with the pending count.
 * Selectors for browser tests:
 *   appeals-table, appeal-row-<id> (the code link in a row), appeal-state-tab-<state|all>, appeal-search,
 *   appeal-filter-submit, appeal-pending-comments.
 */
import { ReloadOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons';
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
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { appealKinds } from '../../../shared/appeals.ts';
import { proposalCategories } from '../../../shared/proposals.ts';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { DEFAULT_PAGE_SIZE, listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { useSession } from '../session.tsx';
import {
  APPEALS,
  type AppealState,
  appealListKey,
  appealPerm,
  appealStateColor,
  appealStates,
  isAppealState,
  type Page,
  pendingCommentsKey,
  satisfactionColor,
  type TAppealSummary,
  type TPendingComment,
  useAppealLabels,
  useEnumOptions,
} from './appeals/model.ts';
import './hardship/hardship.css';
import './errands/work.css';

interface Filters {
  state?: AppealState | undefined;
  q?: string | undefined;
  category?: string | undefined;
  kind?: string | undefined;
  scope?: 'handling' | undefined;
  sort?: 'support' | undefined;
}
type FormValues = Omit<Filters, 'state'>;

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

function readParams(params: URLSearchParams) {
  const state = params.get('state');
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    state: isAppealState(state) ? state : undefined,
    q: q ? q.slice(0, 40) : undefined,
    category: oneOf(proposalCategories, params.get('category')),
    kind: oneOf(appealKinds, params.get('kind')),
    scope: params.get('scope') === 'handling' ? 'handling' : undefined,
    sort: params.get('sort') === 'support' ? 'support' : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE };
}

const countedStates = ['open', 'handling', 'replied'] as const;

export default function AppealsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useAppealLabels();
  const options = useEnumOptions();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<FormValues>();
  const { state: _state, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some((v) => v !== undefined && v !== 'support');
  const lang = i18n.language;
  const mayTriage = can(appealPerm.triage);

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({ ...narrowing });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...appealListKey, filters, page, pageSize],
    queryFn: () => api.get<Page<TAppealSummary>>(APPEALS, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const counts = useQuery({
    queryKey: [...appealListKey, 'counts', narrowing],
    queryFn: async () => {
      const totals = await Promise.all(
        countedStates.map((state) =>
          api.get<Page<TAppealSummary>>(APPEALS, { ...narrowing, state, pageSize: 1 }).then((p) => p.total),
        ),
      );
      return Object.fromEntries(countedStates.map((s, i) => [s, totals[i] ?? 0])) as Record<string, number>;
    },
    refetchInterval: 60_000,
  });
  const pending = useQuery({
    queryKey: [...pendingCommentsKey, 'count'],
    queryFn: () => api.get<Page<TPendingComment>>(`${APPEALS}/comments/pending`, { pageSize: 1 }),
    enabled: mayTriage,
    refetchInterval: 60_000,
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  const reset = () => {
    form.resetFields();
    apply({ state: filters.state });
  };

  const columns: TableColumnsType<TAppealSummary> = [
    {
      key: 'code',
      title: t('appealWork.col.code'),
      width: 150,
      fixed: screens.md ? ('left' as const) : undefined,
      render: (_, r) => (
        <Link to={`/appeals/${r.id}`} className="nj-hs-mono" data-testid={`appeal-row-${r.id}`}>
          {r.code}
        </Link>
      ),
    },
    {
      key: 'title',
      title: t('appealWork.col.title'),
      width: 180,
      render: (_, r) => (
        <div>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.title }} style={{ margin: 0 }}>
            {r.title}
          </Typography.Paragraph>
          <Space size={4} wrap>
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {label('category', r.category)}
            </Tag>
            {r.kind === 'suggestion' ? (
              <Tag style={{ marginInlineEnd: 0 }}>{label('kind', r.kind)}</Tag>
            ) : null}
          </Space>
        </div>
      ),
    },
    {
      key: 'author',
      title: t('appealWork.col.author'),
      width: 90,
      render: (_, r) => (
        <div>
          <div>{r.author}</div>
          {r.anonymous ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('appealWork.col.anonymous')}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      key: 'support',
      title: `${t('appealWork.col.support')} / ${t('appealWork.col.comments')}`,
      width: 100,
      align: 'right',
      render: (_, r) => (
        <span className="nj-hs-mono">
          {r.supportCount} / {r.commentCount}
        </span>
      ),
    },
    {
      key: 'state',
      title: t('appealWork.col.state'),
      width: 120,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={appealStateColor[r.state]} style={{ marginInlineEnd: 0 }}>
            {label('state', r.state)}
          </Tag>
          {r.overdue ? (
            <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('appealWork.col.overdue')}
            </Tag>
          ) : null}
          {r.satisfaction ? (
            <Tag color={satisfactionColor[r.satisfaction]} style={{ marginInlineEnd: 0 }}>
              {label('satisfaction', r.satisfaction)}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'handler',
      title: t('appealWork.col.handler'),
      width: 130,
      render: (_, r) => r.handlerOrg?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'due',
      title: t('appealWork.col.due'),
      width: 110,
      render: (_, r) => (
        <Typography.Text className="nj-hs-mono" type={r.overdue ? 'danger' : undefined}>
          {formatDate(r.dueAt, lang)}
        </Typography.Text>
      ),
    },
    {
      key: 'created',
      title: t('appealWork.col.createdAt'),
      width: 110,
      render: (_, r) => (
        <Tooltip title={formatDateTime(r.createdAt, lang)}>
          <span className="nj-hs-mono">{formatDate(r.createdAt, lang)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'actions',
      title: t('appealWork.col.actions'),
      width: 70,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, r) => (
        <Link to={`/appeals/${r.id}`} aria-label={`${t('appealWork.list.open')} ${r.code}`}>
          {r.state === 'open' && mayTriage ? t('appealWork.list.triage') : t('appealWork.list.open')}
        </Link>
      ),
    },
  ];

  const tabItems = [
    { key: 'all', label: <span data-testid="appeal-state-tab-all">{t('appealWork.list.all')}</span> },
    ...appealStates.map((s) => {
      const n = counts.data?.[s];
      return {
        key: s,
        label: (
          <span data-testid={`appeal-state-tab-${s}`}>
            {label('state', s)}
            {n ? (
              <Badge
                count={n}
                overflowCount={999}
                size="small"
                color={s === 'open' ? undefined : '#1677ff'}
                style={{ marginInlineStart: 6 }}
              />
            ) : null}
          </span>
        ),
      };
    }),
  ];

  const data = list.data;
  const pendingCount = pending.data?.total ?? 0;
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('appealWork.list.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('appealWork.list.subtitle')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('appealWork.filter.aria')}>
          <Form<FormValues>
            name="appealFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={(v) => apply({ state: filters.state, ...v })}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="q" label={t('appealWork.filter.q')}>
              <Input
                allowClear
                placeholder={t('appealWork.filter.qPlaceholder')}
                maxLength={40}
                style={{ width: 220 }}
                data-testid="appeal-search"
              />
            </Form.Item>
            <Form.Item name="category" label={t('appealWork.filter.category')}>
              <Select
                allowClear
                placeholder={t('appealWork.filter.all')}
                className="nj-hs-f-mid"
                options={options('category')}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item name="kind" label={t('appealWork.filter.kind')}>
              <Select
                allowClear
                placeholder={t('appealWork.filter.all')}
                className="nj-hs-f-narrow"
                options={options('kind')}
              />
            </Form.Item>
            <Form.Item name="scope" label={t('appealWork.filter.scope')}>
              <Select
                allowClear
                placeholder={t('appealWork.filter.scopeAll')}
                className="nj-hs-f-mid"
                options={[{ value: 'handling', label: t('appealWork.filter.scopeHandling') }]}
              />
            </Form.Item>
            <Form.Item name="sort" label={t('appealWork.filter.sort')}>
              <Select
                allowClear
                placeholder={t('appealWork.filter.latest')}
                className="nj-hs-f-narrow"
                options={[{ value: 'support', label: t('appealWork.filter.support') }]}
              />
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SearchOutlined />}
                  data-testid="appeal-filter-submit"
                >
                  {t('appealWork.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('appealWork.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 4 } }}>
        <Tabs
          activeKey={filters.state ?? 'all'}
          items={tabItems}
          onChange={(k) => apply({ ...filters, state: k === 'all' ? undefined : (k as AppealState) })}
          size="small"
        />
        <div role="toolbar" aria-label={t('appealWork.list.toolbar')} className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {data ? t('appealWork.list.total', { count: data.total }) : ''}
          </Typography.Text>
          {mayTriage ? (
            <Link to="/appeals/comments" data-testid="appeal-pending-comments">
              <Button>
                {t('appealWork.list.pendingComments')}
                {pendingCount > 0 ? (
                  <Badge count={pendingCount} size="small" style={{ marginInlineStart: 6 }} />
                ) : null}
              </Button>
            </Link>
          ) : null}
        </div>
        <ServerTable<TAppealSummary>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => apply(filters, p, size)}
          filtered={filtered || filters.state !== undefined}
          onClearFilters={() => {
            form.resetFields();
            apply({});
          }}
          testId="appeals-table"
          text={{
            loadFailed: t('appealWork.list.loadFailed'),
            empty: t('appealWork.list.empty'),
            emptyFiltered: t('appealWork.list.emptyFiltered'),
            clearFilters: t('appealWork.list.clearFilters'),
          }}
        />
      </Card>
    </div>
  );
}
