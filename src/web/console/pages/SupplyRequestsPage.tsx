/*
 * 物资需求 (/supplies/requests): the requests of the caller's subtree (a unit its own, the hub all of its
 * units'), filters kept in the URL, 导出 Excel; the hub selects 待配送 requests and 派单 to a logistics partner.
 * Selectors for browser tests:
 *   supply-requests-table, supply-request-link-<id> (the code in a row), supply-state-tabs,
 *   supply-state-tab-<state|all>, supply-filter-org, supply-filter-urgency, supply-filter-channel,
 *   supply-search, supply-filter-submit, supply-new (新建需求), supply-hotline (热线代录),
 *   supply-export, supply-select-<id> (row checkbox, hub only, 待配送 rows), supply-dispatch-open (派单),
 *   then the dialog's supply-dispatch-partner / supply-dispatch-ok / supply-dispatch-result.
 */

import {
  ExportOutlined,
  PhoneOutlined,
  PlusOutlined,
  ReloadOutlined,
  SearchOutlined,
  SendOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
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
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import {
  columnsWidth,
  DEFAULT_PAGE_SIZE,
  isPastLast,
  listSearchParams,
  PAGE_SIZES,
  PastLastPage,
  SELECTION_WIDTH,
} from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  fenText,
  isChannel,
  isRequestState,
  isUrgency,
  type Page,
  REQUESTS,
  type RequestChannel,
  type RequestState,
  requestChannels,
  requestStateColor,
  requestStates,
  requestsKey,
  supplyPerm,
  type TRequestListItem,
  type Urgency,
  urgencies,
  urgencyColor,
  useIsHub,
  useSupplyLabels,
} from './supplies/requests.model.ts';
import { DispatchModal } from './supplies/requestsDispatch.tsx';
import { OrgSelect } from './users/OrgSelect.tsx';
import './hardship/hardship.css';

const sorts = ['newest', 'urgency', 'oldest'] as const;
type Sort = (typeof sorts)[number];

interface Filters {
  orgId?: number | undefined;
  state?: RequestState | undefined;
  urgency?: Urgency | undefined;
  channel?: RequestChannel | undefined;
  q?: string | undefined;
  sort?: Sort | undefined;
}

function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const state = params.get('state');
  const urgency = params.get('urgency');
  const channel = params.get('channel');
  const sort = params.get('sort');
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    state: isRequestState(state) ? state : undefined,
    urgency: isUrgency(urgency) ? urgency : undefined,
    channel: isChannel(channel) ? channel : undefined,
    q: q ? q.slice(0, 40) : undefined,
    sort: sort && (sorts as readonly string[]).includes(sort) ? (sort as Sort) : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE };
}

/** The states with a count on their tab: the ones someone has to act on. */
const countedStates: RequestState[] = ['submitted', 'approved'];

export default function SupplyRequestsPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const label = useSupplyLabels();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const isHub = useIsHub();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<Filters>();
  const [selected, setSelected] = useState<Map<number, string>>(new Map());
  const [dispatching, setDispatching] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { state: _state, sort: _sort, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some((v) => v !== undefined);
  const mayDispatch = isHub && can(supplyPerm.dispatch);
  const isPartner = me.active?.role === 'partner';

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({
      orgId: undefined,
      urgency: undefined,
      channel: undefined,
      q: undefined,
      sort: undefined,
      ...filters,
    });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...requestsKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<Page<TRequestListItem>>(REQUESTS, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const counts = useQuery({
    queryKey: [...requestsKey, 'list', 'counts', narrowing],
    queryFn: async () => {
      const totals = await Promise.all(
        countedStates.map((state) =>
          api
            .get<Page<TRequestListItem>>(REQUESTS, { ...narrowing, state, pageSize: 1 })
            .then((p) => p.total),
        ),
      );
      return Object.fromEntries(countedStates.map((s, i) => [s, totals[i] ?? 0])) as Record<string, number>;
    },
    refetchInterval: 60_000,
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) => {
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  };
  const reset = () => {
    form.resetFields();
    setSelected(new Map());
    apply({ state: filters.state });
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(`${REQUESTS}/export`, { ...filters }, t('supplyRequests.list.exportFile'));
      message.success(t('supplyRequests.list.exported'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const lang = i18n.language;
  const columns: TableColumnsType<TRequestListItem> = [
    {
      key: 'code',
      title: t('supplyRequests.col.code'),
      width: 150,
      fixed: screens.md ? ('left' as const) : undefined,
      render: (_, r) => (
        <Link
          to={`/supplies/requests/${r.id}`}
          className="nj-hs-mono"
          data-testid={`supply-request-link-${r.id}`}
        >
          {r.code}
        </Link>
      ),
    },
    {
      key: 'unit',
      title: t('supplyRequests.col.unit'),
      width: 160,
      render: (_, r) => (
        <div>
          <div>{r.org.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.pointName}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'summary',
      title: t('supplyRequests.col.summary'),
      width: 190,
      render: (_, r) => (
        <div>
          <div>{r.summary}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('supplyRequests.col.staff', { count: r.staffServed })}
            {r.channel !== 'online' ? ` · ${label('channel', r.channel)}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'urgency',
      title: t('supplyRequests.col.urgency'),
      width: 86,
      render: (_, r) => (
        <Tag color={urgencyColor[r.urgency]} style={{ marginInlineEnd: 0 }}>
          {label('urgency', r.urgency)}
        </Tag>
      ),
    },
    {
      key: 'state',
      title: t('supplyRequests.col.state'),
      width: 120,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={requestStateColor[r.state]} style={{ marginInlineEnd: 0 }}>
            {label('state', r.state)}
          </Tag>
          {r.short ? (
            <Tooltip title={t('supplyRequests.col.shortHint')}>
              <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('supplyRequests.col.short')}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'value',
      title: t('supplyRequests.col.value'),
      width: 96,
      align: 'right',
      render: (_, r) => <span className="nj-hs-mono">{fenText(r.valueFen)}</span>,
    },
    {
      key: 'submitted',
      title: t('supplyRequests.col.submitted'),
      // 2026年11月27日 14:02 in full (160 cut it)
      width: 172,
      render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt, lang)}</span>,
    },
    {
      key: 'open',
      title: t('supplyRequests.col.actions'),
      width: 70,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, r) => (
        <Link to={`/supplies/requests/${r.id}`} aria-label={`${t('supplyRequests.list.open')} ${r.code}`}>
          {r.state === 'submitted' && isHub && can(supplyPerm.review)
            ? t('supplyRequests.action.review')
            : t('supplyRequests.list.open')}
        </Link>
      ),
    },
  ];

  const tabItems = [
    { key: 'all', label: t('supplyRequests.list.all') },
    ...requestStates.map((s) => {
      const n = countedStates.includes(s) ? counts.data?.[s] : undefined;
      return {
        key: s,
        label: (
          <span data-testid={`supply-state-tab-${s}`}>
            {label('state', s)}
            {n ? <Badge count={n} overflowCount={999} size="small" style={{ marginInlineStart: 6 }} /> : null}
          </span>
        ),
      };
    }),
  ];

  const data = list.data;
  const selectedRows = [...selected.entries()].map(([id, code]) => ({ id, code }));
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('supplyRequests.list.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {isHub ? t('supplyRequests.list.subtitleHub') : t('supplyRequests.list.subtitle')}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('supplyRequests.filter.aria')}>
          <Form<Filters>
            name="supplyRequestFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={(v) => {
              setSelected(new Map());
              apply({ ...v, state: filters.state });
            }}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="orgId" label={t('supplyRequests.filter.org')}>
              <OrgSelect
                allowClear
                placeholder={t('supplyRequests.filter.orgPlaceholder')}
                className="nj-hs-f-wide"
                data-testid="supply-filter-org"
              />
            </Form.Item>
            <Form.Item name="urgency" label={t('supplyRequests.filter.urgency')}>
              <Select<Urgency>
                allowClear
                placeholder={t('supplyRequests.filter.all')}
                className="nj-hs-f-narrow"
                options={urgencies.map((u) => ({ value: u, label: label('urgency', u) }))}
                data-testid="supply-filter-urgency"
              />
            </Form.Item>
            <Form.Item name="channel" label={t('supplyRequests.filter.channel')}>
              <Select<RequestChannel>
                allowClear
                placeholder={t('supplyRequests.filter.all')}
                className="nj-hs-f-mid"
                options={requestChannels.map((c) => ({ value: c, label: label('channel', c) }))}
                popupMatchSelectWidth={false}
                data-testid="supply-filter-channel"
              />
            </Form.Item>
            <Form.Item name="q" label={t('supplyRequests.filter.q')}>
              <Input
                allowClear
                placeholder={t('supplyRequests.filter.qPlaceholder')}
                maxLength={40}
                className="nj-hs-f-wide"
                data-testid="supply-search"
              />
            </Form.Item>
            <Form.Item name="sort" label={t('supplyRequests.filter.sort')}>
              <Select<Sort>
                placeholder={t('supplyRequests.sort.newest')}
                className="nj-hs-f-mid"
                options={sorts.map((s) => ({ value: s, label: t(`supplyRequests.sort.${s}`) }))}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SearchOutlined />}
                  data-testid="supply-filter-submit"
                >
                  {t('supplyRequests.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('supplyRequests.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 4 } }}>
        <Tabs
          data-testid="supply-state-tabs"
          activeKey={filters.state ?? 'all'}
          items={tabItems}
          onChange={(k) => {
            setSelected(new Map());
            apply({ ...filters, state: k === 'all' ? undefined : (k as RequestState) });
          }}
          size="small"
        />
        <div role="toolbar" aria-label={t('supplyRequests.list.toolbar')} className="nj-hs-toolbar">
          <Space size={12} wrap>
            <Typography.Text type="secondary" aria-live="polite">
              {data ? t('supplyRequests.list.total', { count: data.total }) : ''}
            </Typography.Text>
            {mayDispatch ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={selected.size === 0}
                onClick={() => setDispatching(true)}
                data-testid="supply-dispatch-open"
              >
                {selected.size > 0
                  ? t('supplyRequests.list.dispatchCount', { count: selected.size })
                  : t('supplyRequests.list.dispatch')}
              </Button>
            ) : null}
            {mayDispatch && selected.size === 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('supplyRequests.list.dispatchHint')}
              </Typography.Text>
            ) : null}
          </Space>
          <Space wrap>
            {can(supplyPerm.request) && !isPartner ? (
              <Button
                type={isHub ? 'default' : 'primary'}
                icon={<PlusOutlined />}
                onClick={() => navigate('/supplies/requests/new')}
                data-testid="supply-new"
              >
                {t('supplyRequests.list.new')}
              </Button>
            ) : null}
            {isHub && can(supplyPerm.hotline) ? (
              <Button
                type="primary"
                icon={<PhoneOutlined />}
                onClick={() => navigate('/supplies/requests/new?hotline=1')}
                data-testid="supply-hotline"
              >
                {t('supplyRequests.list.hotline')}
              </Button>
            ) : null}
            <Button
              icon={<ExportOutlined />}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="supply-export"
            >
              {t('action.export')}
            </Button>
          </Space>
        </div>

        {list.isError && !data ? (
          <Alert
            type="error"
            showIcon
            title={t('supplyRequests.list.loadFailed')}
            description={errorMessage(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : (
          <Table<TRequestListItem>
            data-testid="supply-requests-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching && (list.isPending || list.isPlaceholderData)}
            scroll={{ x: columnsWidth(columns) + (mayDispatch ? SELECTION_WIDTH : 0) }}
            rowSelection={
              mayDispatch
                ? {
                    selectedRowKeys: [...selected.keys()],
                    preserveSelectedRowKeys: true,
                    getCheckboxProps: (r) => ({
                      disabled: r.state !== 'approved',
                      'data-testid': `supply-select-${r.id}`,
                      'aria-label': `${t('supplyRequests.list.select')} ${r.code}`,
                    }),
                    onChange: (_keys, rows) => {
                      const next = new Map<number, string>();
                      for (const [id, code] of selected) {
                        if (!data?.items.some((r) => r.id === id)) next.set(id, code);
                      }
                      for (const r of rows) if (r) next.set(r.id, r.code);
                      setSelected(next);
                    },
                  }
                : undefined
            }
            locale={{
              emptyText: list.isPending ? (
                <div style={{ height: 120 }} />
              ) : data && isPastLast(data) ? (
                <PastLastPage
                  data={data}
                  onFirst={() => apply(filters, 1, pageSize)}
                  testId="supply-requests-table"
                />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    filtered || filters.state
                      ? t('supplyRequests.list.emptyFiltered')
                      : t('supplyRequests.list.empty')
                  }
                >
                  {filtered ? <Button onClick={reset}>{t('supplyRequests.list.clearFilters')}</Button> : null}
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

      {mayDispatch ? (
        <DispatchModal
          requests={selectedRows}
          open={dispatching}
          onClose={() => setDispatching(false)}
          onDone={() => setSelected(new Map())}
        />
      ) : null}
    </div>
  );
}
