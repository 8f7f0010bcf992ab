/*
 * 及时送工单 (/errands): the union's errands by state (tabs with counts of the open ones), filters kept in
 * the URL (search, courier, call dates, 仅看超时), the time from call to delivery ("1 小时 10 分钟"), 导出 Excel,
 * 接听登记; 派单 straight from a 待派单 row.
 * Selectors for browser tests:
 *   errands-table, errand-link-<id> (the code in a row), errand-state-tabs,
 *   errand-state-tab-<state|all>, errand-search, errand-filter-courier, errand-filter-period,
 *   errand-filter-overdue, errand-filter-submit, errand-intake (接听登记), errand-export,
 *   errand-row-dispatch-<id> (派单 on a 待派单 row; dialog: errand-dispatch-courier, errand-dispatch-ok),
 *   errand-duration-<id> (用时 cell).
 */
import {
  ExportOutlined,
  PhoneOutlined,
  ReloadOutlined,
  SearchOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
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
import dayjs, { type Dayjs } from 'dayjs';
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
} from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { DispatchModal } from './errands/work.dispatch.tsx';
import {
  ERRANDS,
  type ErrandState,
  errandListKey,
  errandPerm,
  errandStateColor,
  errandStates,
  formatMinutes,
  isErrandState,
  openErrandStates,
  type Page,
  shortDateTime,
  type TErrandListItem,
  urgencyColor,
  useCouriers,
  useErrandLabels,
} from './errands/work.model.ts';
import './hardship/hardship.css';
import './errands/work.css';

interface Filters {
  state?: ErrandState | undefined;
  q?: string | undefined;
  courierOrgId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  overdue?: 'true' | undefined;
}
interface FormValues {
  q?: string;
  courierOrgId?: number;
  period?: [Dayjs | null, Dayjs | null] | null;
  overdue?: boolean;
}

const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

function readParams(params: URLSearchParams) {
  const courier = Number(params.get('courierOrgId'));
  const state = params.get('state');
  const q = params.get('q')?.trim();
  const from = params.get('from');
  const to = params.get('to');
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    state: isErrandState(state) ? state : undefined,
    q: q ? q.slice(0, 40) : undefined,
    courierOrgId: Number.isInteger(courier) && courier > 0 ? courier : undefined,
    from: isDay(from) ? from : undefined,
    to: isDay(to) ? to : undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE };
}

export default function ErrandsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useErrandLabels();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<FormValues>();
  const [exporting, setExporting] = useState(false);
  const [dispatching, setDispatching] = useState<{ id: number; code: string } | null>(null);
  const [dispatchOpen, setDispatchOpen] = useState(false);
  const { state: _state, ...narrowing } = filters;
  const filtered = Object.values(narrowing).some((v) => v !== undefined);
  const mayDispatch = can(errandPerm.dispatch);
  const couriers = useCouriers();
  const lang = i18n.language;

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({
      q: filters.q,
      courierOrgId: filters.courierOrgId,
      period:
        filters.from || filters.to
          ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]
          : null,
      overdue: filters.overdue === 'true',
    });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...errandListKey, filters, page, pageSize],
    queryFn: () => api.get<Page<TErrandListItem>>(ERRANDS, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const counts = useQuery({
    queryKey: [...errandListKey, 'counts', narrowing],
    queryFn: async () => {
      const totals = await Promise.all(
        openErrandStates.map((state) =>
          api.get<Page<TErrandListItem>>(ERRANDS, { ...narrowing, state, pageSize: 1 }).then((p) => p.total),
        ),
      );
      return Object.fromEntries(openErrandStates.map((s, i) => [s, totals[i] ?? 0])) as Record<
        string,
        number
      >;
    },
    refetchInterval: 30_000,
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) => {
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  };
  const reset = () => {
    form.resetFields();
    apply({ state: filters.state });
  };
  const onFinish = (v: FormValues) => {
    const [from, to] = v.period ?? [null, null];
    apply({
      state: filters.state,
      q: v.q,
      courierOrgId: v.courierOrgId,
      from: from ? from.format('YYYY-MM-DD') : undefined,
      to: to ? to.format('YYYY-MM-DD') : undefined,
      overdue: v.overdue ? 'true' : undefined,
    });
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(`${ERRANDS}/export`, { ...filters }, t('errandWork.list.exportFile'));
      message.success(t('errandWork.list.exported'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<TErrandListItem> = [
    {
      key: 'code',
      title: t('errandWork.col.code'),
      width: 140,
      fixed: screens.md ? ('left' as const) : undefined,
      render: (_, r) => (
        <div>
          <Link to={`/errands/${r.id}`} className="nj-hs-mono" data-testid={`errand-link-${r.id}`}>
            {r.code}
          </Link>
          {r.urgency === 'urgent' ? (
            <div>
              <Tag color={urgencyColor[r.urgency]} style={{ marginInlineEnd: 0, marginTop: 2 }}>
                {label('urgency', r.urgency)}
              </Tag>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: 'called',
      title: t('errandWork.col.calledAt'),
      width: 110,
      render: (_, r) => (
        <Tooltip title={formatDateTime(r.calledAt, lang)}>
          <span className="nj-hs-mono">{shortDateTime(r.calledAt, lang)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'caller',
      title: t('errandWork.col.caller'),
      width: 110,
      render: (_, r) => (
        <div>
          <div>{r.callerName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.channel === 'h5' ? label('channel', r.channel) : label('requester', r.requesterKind)}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'recipient',
      title: t('errandWork.col.recipient'),
      width: 150,
      render: (_, r) => (
        <div>
          <div>{r.recipientName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.recipientAddress}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'items',
      title: t('errandWork.col.items'),
      width: 120,
      render: (_, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.items }} style={{ margin: 0 }}>
          {r.items}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'state',
      title: t('errandWork.col.state'),
      width: 110,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={errandStateColor[r.state]} style={{ marginInlineEnd: 0 }}>
            {label('state', r.state)}
          </Tag>
          {r.overdue ? (
            <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('errandWork.col.overdue')}
            </Tag>
          ) : null}
          {r.openComplaints > 0 ? (
            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
              {t('errandWork.col.complaints', { count: r.openComplaints })}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'courier',
      title: t('errandWork.col.courier'),
      width: 100,
      render: (_, r) => r.courierOrg?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'duration',
      title: <Tooltip title={t('errandWork.col.durationHint')}>{t('errandWork.col.duration')}</Tooltip>,
      // Fits "1 小时 30 分钟" on one line.
      width: 124,
      align: 'right',
      render: (_, r) => (
        <Typography.Text
          className="nj-hs-mono"
          style={{ whiteSpace: 'nowrap' }}
          type={r.overdue ? 'danger' : undefined}
          data-testid={`errand-duration-${r.id}`}
        >
          {formatMinutes(r.minutesToDelivery, lang)}
        </Typography.Text>
      ),
    },
    {
      key: 'actions',
      title: t('errandWork.col.actions'),
      width: 110,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, r) => (
        <Space size={8}>
          {r.state === 'pending' && mayDispatch ? (
            <Button
              size="small"
              type="primary"
              onClick={() => {
                setDispatching({ id: r.id, code: r.code });
                setDispatchOpen(true);
              }}
              data-testid={`errand-row-dispatch-${r.id}`}
            >
              {t('errandWork.list.dispatch')}
            </Button>
          ) : null}
          <Link to={`/errands/${r.id}`} aria-label={`${t('errandWork.list.open')} ${r.code}`}>
            {t('errandWork.list.open')}
          </Link>
        </Space>
      ),
    },
  ];

  const tabItems = [
    { key: 'all', label: <span data-testid="errand-state-tab-all">{t('errandWork.list.all')}</span> },
    ...errandStates.map((s) => {
      const n = counts.data?.[s];
      return {
        key: s,
        label: (
          <span data-testid={`errand-state-tab-${s}`}>
            {label('state', s)}
            {n ? (
              <Badge
                count={n}
                overflowCount={999}
                size="small"
                color={s === 'pending' ? undefined : '#1677ff'}
                style={{ marginInlineStart: 6 }}
              />
            ) : null}
          </span>
        ),
      };
    }),
  ];

  const today = dayjs().startOf('day');
  const data = list.data;
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('errandWork.list.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('errandWork.list.subtitle')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('errandWork.filter.aria')}>
          <Form<FormValues>
            name="errandFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={onFinish}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="q" label={t('errandWork.filter.q')}>
              <Input
                allowClear
                placeholder={t('errandWork.filter.qPlaceholder')}
                maxLength={40}
                style={{ width: 230 }}
                data-testid="errand-search"
              />
            </Form.Item>
            <Form.Item name="courierOrgId" label={t('errandWork.filter.courier')}>
              <Select<number>
                allowClear
                placeholder={t('errandWork.filter.all')}
                className="nj-hs-f-mid"
                options={(couriers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                popupMatchSelectWidth={false}
                data-testid="errand-filter-courier"
              />
            </Form.Item>
            <Form.Item name="period" label={t('errandWork.filter.period')}>
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                disabledDate={(d) => d.isAfter(today, 'day')}
                style={{ width: 240 }}
                presets={[
                  { label: t('errandWork.filter.today'), value: [today, today] },
                  { label: t('errandWork.filter.week'), value: [today.subtract(6, 'day'), today] },
                  { label: t('errandWork.filter.month'), value: [today.subtract(29, 'day'), today] },
                ]}
                data-testid="errand-filter-period"
              />
            </Form.Item>
            <Form.Item name="overdue" valuePropName="checked">
              <Checkbox data-testid="errand-filter-overdue">{t('errandWork.filter.overdue')}</Checkbox>
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SearchOutlined />}
                  data-testid="errand-filter-submit"
                >
                  {t('errandWork.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('errandWork.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 4 } }}>
        <Tabs
          data-testid="errand-state-tabs"
          activeKey={filters.state ?? 'all'}
          items={tabItems}
          onChange={(k) => apply({ ...filters, state: k === 'all' ? undefined : (k as ErrandState) })}
          size="small"
        />
        <div role="toolbar" aria-label={t('errandWork.list.toolbar')} className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {data ? t('errandWork.list.total', { count: data.total }) : ''}
          </Typography.Text>
          <Space wrap>
            {can(errandPerm.intake) ? (
              <Button
                type="primary"
                icon={<PhoneOutlined />}
                onClick={() => navigate('/errands/new')}
                data-testid="errand-intake"
              >
                {t('errandWork.list.intake')}
              </Button>
            ) : null}
            <Button
              icon={<ExportOutlined />}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="errand-export"
            >
              {t('action.export')}
            </Button>
          </Space>
        </div>

        {list.isError && !data ? (
          <Alert
            type="error"
            showIcon
            title={t('errandWork.list.loadFailed')}
            description={errorMessage(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : (
          <Table<TErrandListItem>
            data-testid="errands-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching && (list.isPending || list.isPlaceholderData)}
            scroll={{ x: columnsWidth(columns) }}
            rowClassName={(r) => (r.overdue ? 'nj-errand-late' : '')}
            locale={{
              emptyText: list.isPending ? (
                <div style={{ height: 120 }} />
              ) : data && isPastLast(data) ? (
                <PastLastPage
                  data={data}
                  onFirst={() => apply(filters, 1, pageSize)}
                  testId="errands-table"
                />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    filtered || filters.state
                      ? t('errandWork.list.emptyFiltered')
                      : t('errandWork.list.empty')
                  }
                >
                  {filtered ? <Button onClick={reset}>{t('errandWork.list.clearFilters')}</Button> : null}
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
        <DispatchModal errand={dispatching} open={dispatchOpen} onClose={() => setDispatchOpen(false)} />
      ) : null}
    </div>
  );
}
