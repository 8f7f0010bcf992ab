/*
 * 提案建议 (/proposals) and 承办提案 (/proposals/handling): the proposals and suggestions of the union's
 * congresses (or, for a handling unit, those assigned to it as lead or co-handler), with state tabs,
 * filters kept in the URL (search, congress, kind, category, 仅看超期), the current step's deadline and
 * the lead unit.
 * Selectors for browser tests:
 *   proposals-table, proposal-row-<id> (the row; its code links to the proposal), proposal-link-<id>,
 *   proposal-state-tabs, proposal-state-tab-<state|all>, proposal-search, proposal-filter-congress,
 *   proposal-filter-kind, proposal-filter-category, proposal-filter-overdue, proposal-filter-submit.
 */

import { ReloadOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Grid,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import {
  columnsWidth,
  DEFAULT_PAGE_SIZE,
  isPastLast,
  listSearchParams,
  PAGE_SIZES,
  PastLastPage,
} from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import {
  dayOf,
  type Page,
  PROPOSALS,
  type ProposalState,
  proposalCategories,
  proposalKinds,
  proposalListKey,
  proposalStateColor,
  proposalStates,
  type TProposalSummary,
  useCongresses,
  useProposalLabels,
} from './proposals/model.ts';
import {
  isProposalState,
  type ProposalCategoryValue,
  type ProposalFilters,
  type ProposalKindValue,
  readProposalParams,
} from './proposals/params.ts';
import './hardship/hardship.css';

type Kind = ProposalKindValue;
type Category = ProposalCategoryValue;
type Filters = ProposalFilters;
interface FormValues {
  q?: string;
  congressId?: number;
  kind?: Kind;
  category?: Category;
  overdue?: boolean;
}

/** States a list shows as tabs (drafts stay with the representative on the phone). */
const tabStates = proposalStates.filter((s) => s !== 'draft');
/** A handling unit sees proposals from the hand-over on. */
const handlingTabStates = [
  'handling',
  'replied',
  'feedback',
  'closed',
] as const satisfies readonly ProposalState[];

const readParams = (params: URLSearchParams) => readProposalParams(params, PAGE_SIZES, DEFAULT_PAGE_SIZE);

/** `handling`: the proposals the actor's org handles (lead or co-handler). */
export default function ProposalsPage({ scope = 'all' }: { scope?: 'all' | 'handling' }) {
  const { t, i18n } = useTranslation();
  const label = useProposalLabels();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<FormValues>();
  const lang = i18n.language;
  const handling = scope === 'handling';
  const base = handling ? '/proposals/handling' : '/proposals';
  const { state: _state, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some((v) => v !== undefined);
  const congresses = useCongresses(!handling);

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({
      q: filters.q,
      congressId: filters.congressId,
      kind: filters.kind,
      category: filters.category,
      overdue: filters.overdue === 'true',
    });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...proposalListKey, scope, filters, page, pageSize],
    queryFn: () => api.get<Page<TProposalSummary>>(PROPOSALS, { ...filters, scope, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) => {
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  };
  const reset = () => {
    form.resetFields();
    apply({ state: filters.state });
  };
  const onFinish = (v: FormValues) => {
    apply({
      state: filters.state,
      q: v.q?.trim() || undefined,
      congressId: v.congressId,
      kind: v.kind,
      category: v.category,
      overdue: v.overdue ? 'true' : undefined,
    });
  };

  const columns: TableColumnsType<TProposalSummary> = [
    {
      key: 'code',
      title: t('proposalWork.col.code'),
      width: 140,
      fixed: screens.md ? ('left' as const) : undefined,
      render: (_, r) => (
        <div>
          <Link to={`${base}/${r.id}`} className="nj-hs-mono" data-testid={`proposal-link-${r.id}`}>
            {r.code}
          </Link>
          <div>
            <Tag
              color={r.kind === 'proposal' ? 'blue' : 'default'}
              style={{ marginInlineEnd: 0, marginTop: 2 }}
            >
              {label('kind', r.kind)}
            </Tag>
            {r.requestedKind !== r.kind ? (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12, marginInlineStart: 4 }}
                data-testid={`proposal-requested-${r.id}`}
              >
                {t('proposalWork.col.requestedAs', { kind: label('kind', r.requestedKind) })}
              </Typography.Text>
            ) : null}
          </div>
        </div>
      ),
    },
    {
      key: 'title',
      title: t('proposalWork.col.title'),
      width: 200,
      render: (_, r) => (
        <div>
          <Link to={`${base}/${r.id}`} style={{ color: 'inherit' }}>
            <Typography.Text strong>{r.title}</Typography.Text>
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {label('category', r.category)} · {r.congress.name}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'proposer',
      title: t('proposalWork.col.proposer'),
      width: 112,
      render: (_, r) => (
        <div>
          <div>{r.proposer.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.proposer.org}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'cosigned',
      title: t('proposalWork.col.cosigned'),
      width: 64,
      align: 'right',
      render: (_, r) => (
        <span className="nj-hs-mono">{t('proposalWork.col.cosignedCount', { count: r.cosignedCount })}</span>
      ),
    },
    {
      key: 'state',
      title: t('proposalWork.col.state'),
      width: 120,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={proposalStateColor[r.state]} style={{ marginInlineEnd: 0 }}>
            {label('state', r.state)}
          </Tag>
          {r.overdue ? (
            <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('proposalWork.col.overdue')}
            </Tag>
          ) : null}
          {r.satisfaction ? (
            <Tag color={r.satisfaction === 'unsatisfied' ? 'red' : 'green'} style={{ marginInlineEnd: 0 }}>
              {label('satisfaction', r.satisfaction)}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'lead',
      title: t('proposalWork.col.leadOrg'),
      width: 120,
      render: (_, r) => r.leadOrg?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'due',
      title: t('proposalWork.col.due'),
      width: 128,
      render: (_, r) =>
        r.dueAt ? (
          <Tooltip title={formatDateTime(r.dueAt, lang)}>
            <Typography.Text className="nj-hs-mono" type={r.overdue ? 'danger' : undefined}>
              {dayOf(r.dueAt, lang)}
            </Typography.Text>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      // 2026年11月27日 in full
      key: 'submitted',
      title: t('proposalWork.col.submittedAt'),
      width: 128,
      render: (_, r) => <span className="nj-hs-mono">{dayOf(r.submittedAt, lang)}</span>,
    },
    {
      key: 'actions',
      title: t('proposalWork.col.actions'),
      width: 64,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, r) => (
        <Link to={`${base}/${r.id}`} aria-label={`${t('proposalWork.list.open')} ${r.code}`}>
          {t('proposalWork.list.open')}
        </Link>
      ),
    },
  ];

  const tabItems = [
    { key: 'all', label: <span data-testid="proposal-state-tab-all">{t('proposalWork.list.all')}</span> },
    ...(handling ? handlingTabStates : tabStates).map((s) => ({
      key: s,
      label: <span data-testid={`proposal-state-tab-${s}`}>{label('state', s)}</span>,
    })),
  ];

  const data = list.data;
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {handling ? t('proposalWork.list.handlingTitle') : t('proposalWork.list.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {handling ? t('proposalWork.list.handlingSubtitle') : t('proposalWork.list.subtitle')}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('proposalWork.filter.aria')}>
          <Form<FormValues>
            name="proposalFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={onFinish}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="q" label={t('proposalWork.filter.q')}>
              <Input
                allowClear
                placeholder={t('proposalWork.filter.qPlaceholder')}
                maxLength={40}
                style={{ width: 200 }}
                data-testid="proposal-search"
              />
            </Form.Item>
            {handling ? null : (
              <Form.Item name="congressId" label={t('proposalWork.filter.congress')}>
                <Select<number>
                  allowClear
                  placeholder={t('proposalWork.filter.all')}
                  className="nj-hs-f-wide"
                  options={(congresses.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  popupMatchSelectWidth={false}
                  data-testid="proposal-filter-congress"
                />
              </Form.Item>
            )}
            <Form.Item name="kind" label={t('proposalWork.filter.kind')}>
              <Select<Kind>
                allowClear
                placeholder={t('proposalWork.filter.all')}
                className="nj-hs-f-narrow"
                options={proposalKinds.map((k) => ({ value: k, label: label('kind', k) }))}
                data-testid="proposal-filter-kind"
              />
            </Form.Item>
            <Form.Item name="category" label={t('proposalWork.filter.category')}>
              <Select<Category>
                allowClear
                placeholder={t('proposalWork.filter.all')}
                className="nj-hs-f-mid"
                options={proposalCategories.map((c) => ({ value: c, label: label('category', c) }))}
                popupMatchSelectWidth={false}
                data-testid="proposal-filter-category"
              />
            </Form.Item>
            <Form.Item name="overdue" valuePropName="checked">
              <Checkbox data-testid="proposal-filter-overdue">{t('proposalWork.filter.overdue')}</Checkbox>
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SearchOutlined />}
                  data-testid="proposal-filter-submit"
                >
                  {t('proposalWork.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('proposalWork.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 4 } }}>
        <Tabs
          data-testid="proposal-state-tabs"
          activeKey={filters.state ?? 'all'}
          items={tabItems}
          onChange={(k) => apply({ ...filters, state: isProposalState(k) ? k : undefined })}
          size="small"
        />
        <div className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {data ? t('proposalWork.list.total', { count: data.total }) : ''}
          </Typography.Text>
        </div>

        {list.isError && !data ? (
          <Alert
            type="error"
            showIcon
            title={t('proposalWork.list.loadFailed')}
            description={errorMessage(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : (
          <Table<TProposalSummary>
            data-testid="proposals-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching && (list.isPending || list.isPlaceholderData)}
            scroll={{ x: columnsWidth(columns) }}
            onRow={(r) => ({ 'data-testid': `proposal-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: list.isPending ? (
                <div style={{ height: 120 }} />
              ) : data && isPastLast(data) ? (
                <PastLastPage
                  data={data}
                  onFirst={() => apply(filters, 1, pageSize)}
                  testId="proposals-table"
                />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    filtered || filters.state
                      ? t('proposalWork.list.emptyFiltered')
                      : handling
                        ? t('proposalWork.list.handlingEmpty')
                        : t('proposalWork.list.empty')
                  }
                >
                  {filtered ? <Button onClick={reset}>{t('proposalWork.list.clearFilters')}</Button> : null}
                </Empty>
              ),
            }}
            pagination={{
              current: data?.page ?? page,
              pageSize: data?.pageSize ?? pageSize,
              total: data?.total ?? 0,
              showTotal: (total) => t('list.total', { total }),
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              onChange: (p, size) => apply(filters, size !== pageSize ? 1 : p, size),
              size: screens.sm ? 'medium' : 'small',
            }}
          />
        )}
      </Card>
    </div>
  );
}
