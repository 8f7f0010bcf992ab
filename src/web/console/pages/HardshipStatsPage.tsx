import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Row,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type ArchiveState,
  type AssistanceType,
  archiveStates,
  assistanceTypeLabels,
  assistanceTypes,
  hardshipCauses,
} from '../../../shared/hardship.ts';
import {
  addMonths,
  type StatsCategoryKey,
  statsCategoryKeys,
  type TChildBreakdown,
  type THardshipStats,
  type THardshipStatsRefreshed,
  type TRate,
} from '../../../shared/hardship-stats.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime, formatYuan } from '../../shared/format.ts';
import { Chart, type ChartClick, type ChartOption, chartHasData } from '../components/Chart.tsx';
import { DashboardLoadState } from '../components/DashboardLoadState.tsx';
import { type Kpi, KpiCards } from '../components/KpiCards.tsx';
import { legendRows, type RingSlice, ringChart } from '../components/ringChart.ts';
import { StatsHeader, StatsToolbar, useStatsExport } from '../components/StatsToolbar.tsx';
import { useSession } from '../session.tsx';
import { hardshipKey, useLabels } from './hardship/model.ts';
import { assistanceTypeLabelsEn, registerHardshipStatsStrings } from './hardship-stats.i18n.ts';

registerHardshipStatsStrings();

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Scope and period as kept in the URL: `?orgId=&from=YYYY-MM&to=YYYY-MM`. */
function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    from: MONTH.test(from) ? from : undefined,
    to: MONTH.test(to) ? to : undefined,
  };
}

const stateColors: Record<ArchiveState, string> = {
  applied: '#4096ff',
  accepted: '#36cfc9',
  reviewing: '#ffc53d',
  reviewed: '#95de64',
  publicizing: '#9254de',
  filed: '#389e0d',
  rejected: '#ff7875',
  exited: '#a6a6a6',
};
const categoryColors: Record<StatsCategoryKey, string> = {
  deep: '#cf1322',
  relative: '#fa8c16',
  accident: '#722ed1',
  none: '#bfbfbf',
};
// Seven distinguishable hues for the assistance types (送温暖慰问 in red, not a second orange), then grey.
const palette = ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96', '#13c2c2', '#722ed1', '#f5222d', '#8c8c8c'];
const flowColors = { accepted: '#69b1ff', filed: '#389e0d', exited: '#a6a6a6', reentered: '#f5222d' };

const inProgressStates: ArchiveState[] = ['applied', 'accepted', 'reviewing', 'reviewed', 'publicizing'];
const fenToYuan = (fen: number) => Math.round(fen) / 100;
const pct = (r: TRate) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);
const currentMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

type Dimension = 'state' | 'category' | 'cause';

/** 帮扶统计: the dashboard of the caller's subtree, drilling down org by org. */
/** When the figures were summed: HH:MM today (Beijing time), else with the date. */
function updatedAt(iso: string, lang: string): string {
  const cst = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return cst.slice(0, 10) === today ? cst.slice(11, 16) : formatDateTime(iso, lang);
}

export default function HardshipStatsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const label = useLabels();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const query = readParams(params);
  const [dimension, setDimension] = useState<Dimension>('state');
  const [refreshing, setRefreshing] = useState(false);
  const { can } = useSession();
  const english = i18n.language === 'en-US';
  const typeLabel = (type: AssistanceType) =>
    english ? assistanceTypeLabelsEn[type] : assistanceTypeLabels[type];
  const categoryLabel = (c: StatsCategoryKey) =>
    c === 'none' ? t('hardshipStats.uncategorized') : label('category', c);

  const stats = useQuery({
    queryKey: [...hardshipKey, 'stats', query.orgId, query.from, query.to],
    queryFn: () => api.get<THardshipStats>('/api/v1/hardship/stats', query),
    placeholderData: keepPreviousData,
  });
  const s = stats.data;

  const setQuery = (next: {
    orgId?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
  }) => {
    const merged = { ...query, ...next };
    const p = new URLSearchParams();
    if (merged.orgId) p.set('orgId', String(merged.orgId));
    if (merged.from) p.set('from', merged.from);
    if (merged.to) p.set('to', merged.to);
    setParams(p);
  };
  const drill = (child: TChildBreakdown | undefined) => {
    if (child && !child.self) setQuery({ orgId: child.org.id });
  };

  /** 刷新 (admins): recompute the rollups now, then read the figures again. */
  const refreshNow = async () => {
    setRefreshing(true);
    try {
      const r = await api.post<THardshipStatsRefreshed>('/api/v1/hardship/stats/refresh', {
        ...(query.orgId ? { orgId: query.orgId } : {}),
      });
      await stats.refetch();
      message.success(t('hardshipStats.refreshed', { seconds: (r.ms / 1000).toFixed(1) }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setRefreshing(false);
    }
  };

  const exportState = useStatsExport(
    '/api/v1/hardship/stats/export',
    query,
    'hardship-stats.xlsx',
    t('hardshipStats.exported'),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the label helpers change with the language (and narrow with the breakpoints)
  const charts = useMemo(() => {
    if (!s) return null;
    const money = (v: unknown) => formatYuan(Number(v));
    const narrow = !screens.sm;
    const pie = (data: RingSlice[], format?: (v: number) => string) =>
      ringChart(data, { narrow, format, centerX: '25%', height: 280 });
    /** Room above a plot for a top legend that wraps (estimated from the label lengths). */
    const legendTop = (names: string[], width: number) => legendRows(names, width, 38) * 24 + 12;
    const plotWidth = screens.xl ? 560 : screens.md ? 680 : 320;
    const state = pie(
      archiveStates.map((st) => ({
        name: label('state', st),
        value: s.totals.byState[st],
        color: stateColors[st],
      })),
    );
    const category = pie(
      statsCategoryKeys.map((c) => ({
        name: categoryLabel(c),
        value: s.totals.byCategory[c],
        color: categoryColors[c],
      })),
    );
    const causes = [...hardshipCauses].sort((a, b) => s.totals.byMainCause[a] - s.totals.byMainCause[b]);
    const cause: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: causes.map((c) => label('cause', c)), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('hardshipStats.col.filed'),
          data: causes.map((c) => s.totals.byMainCause[c]),
          itemStyle: { color: '#1677ff', borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right' },
          barMaxWidth: 18,
        },
      ],
    };

    const rows = [...s.children].reverse(); // largest at the top of a horizontal bar chart
    const orgName = (c: TChildBreakdown) =>
      c.self ? t('hardshipStats.self', { name: c.org.name }) : c.org.name;
    const stacks: { name: string; color: string; values: number[] }[] =
      dimension === 'state'
        ? archiveStates.map((st) => ({
            name: label('state', st),
            color: stateColors[st],
            values: rows.map((c) => c.byState[st]),
          }))
        : dimension === 'category'
          ? statsCategoryKeys.map((c) => ({
              name: categoryLabel(c),
              color: categoryColors[c],
              values: rows.map((r) => r.byCategory[c]),
            }))
          : hardshipCauses.map((c, i) => ({
              name: label('cause', c),
              color: palette[i % palette.length] ?? '#1677ff',
              values: rows.map((r) => r.byMainCause[c]),
            }));
    const orgStacks = stacks.filter((st) => st.values.some((v) => v > 0));
    const orgsTop = legendTop(
      orgStacks.map((st) => st.name),
      plotWidth,
    );
    const orgs: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemGap: 8 },
      grid: { left: 8, right: 24, top: orgsTop, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: rows.map(orgName),
        axisTick: { show: false },
        axisLabel: { width: screens.md ? 180 : 96, overflow: 'truncate' },
      },
      series: orgStacks.map((st) => ({
        type: 'bar',
        name: st.name,
        stack: 'total',
        data: st.values,
        itemStyle: { color: st.color },
        barMaxWidth: 22,
        emphasis: { focus: 'series' },
      })),
    };
    const orgsHeight = Math.max(200, rows.length * 34 + orgsTop + 40);

    const monthAxis = s.period.months;
    const flowKeys = ['accepted', 'filed', 'exited', 'reentered'] as const;
    const flows: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: {
        left: 8,
        right: 16,
        top: legendTop(
          flowKeys.map((k) => t(`hardshipStats.series.${k}`)),
          plotWidth,
        ),
        bottom: 8,
        containLabel: true,
      },
      xAxis: { type: 'category', data: monthAxis, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: flowKeys.map((k) =>
        k === 'accepted'
          ? {
              type: 'line',
              name: t(`hardshipStats.series.${k}`),
              data: s.flows.byMonth.map((f) => f[k]),
              itemStyle: { color: flowColors[k] },
              symbolSize: 6,
            }
          : {
              type: 'bar',
              name: t(`hardshipStats.series.${k}`),
              data: s.flows.byMonth.map((f) => f[k]),
              itemStyle: { color: flowColors[k] },
              barMaxWidth: 14,
            },
      ),
    };
    const assistSeries = assistanceTypes
      .map((type, i) => ({
        type,
        i,
        values: s.assistance.byMonth.map((m) => fenToYuan(m.amountFenByType[type])),
      }))
      .filter((x) => x.values.some((v) => v > 0));
    const assistance: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
      legend: { top: 0, itemGap: 8 },
      grid: {
        left: 8,
        right: 16,
        top: legendTop(
          assistSeries.map((x) => typeLabel(x.type)),
          plotWidth,
        ),
        bottom: 8,
        containLabel: true,
      },
      xAxis: { type: 'category', data: monthAxis, axisLabel: { hideOverlap: true } },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => (v >= 10_000 ? `${v / 10_000}万` : String(v)) },
      },
      series: assistSeries.map(({ type, i, values }) => ({
        type: 'bar',
        name: typeLabel(type),
        stack: 'amount',
        data: values,
        itemStyle: { color: palette[i % palette.length] ?? '#1677ff' },
        barMaxWidth: 22,
      })),
    };
    const assistanceTypePie = pie(
      assistanceTypes.map((type, i) => ({
        name: typeLabel(type),
        value: fenToYuan(s.assistance.byType.find((x) => x.type === type)?.amountFen ?? 0),
        color: palette[i % palette.length] ?? '#1677ff',
      })),
      (v) => formatYuan(v),
    );
    return { state, category, cause, orgs, orgsHeight, flows, assistance, assistanceTypePie };
  }, [s, dimension, i18n.language, screens.md, screens.sm, screens.xl]);

  const period: [Dayjs, Dayjs] | null = s ? [dayjs(`${s.period.from}-01`), dayjs(`${s.period.to}-01`)] : null;
  const now = currentMonth();
  const presets = [
    { label: t('hardshipStats.presets.last12'), value: [addMonths(now, -11), now] },
    { label: t('hardshipStats.presets.thisYear'), value: [`${now.slice(0, 4)}-01`, now] },
    {
      label: t('hardshipStats.presets.lastYear'),
      value: [`${Number(now.slice(0, 4)) - 1}-01`, `${Number(now.slice(0, 4)) - 1}-12`],
    },
    { label: t('hardshipStats.presets.last24'), value: [addMonths(now, -23), now] },
  ].map((p) => ({
    label: p.label,
    value: [dayjs(`${p.value[0]}-01`), dayjs(`${p.value[1]}-01`)] as [Dayjs, Dayjs],
  }));

  const childColumns: TableColumnsType<TChildBreakdown> = [
    {
      key: 'org',
      title: t('hardshipStats.col.org'),
      render: (_, c) =>
        c.self ? (
          t('hardshipStats.self', { name: c.org.name })
        ) : (
          <Typography.Link onClick={() => drill(c)} data-testid={`drill-${c.org.id}`}>
            {c.org.name}
          </Typography.Link>
        ),
    },
    { key: 'total', title: t('hardshipStats.col.total'), dataIndex: 'total', align: 'right', width: 72 },
    {
      key: 'filed',
      title: t('hardshipStats.col.filed'),
      align: 'right',
      width: 64,
      render: (_, c) => c.byState.filed,
    },
    {
      key: 'progress',
      title: t('hardshipStats.col.inProgress'),
      align: 'right',
      width: 72,
      responsive: ['sm'],
      render: (_, c) => inProgressStates.reduce((n, st) => n + c.byState[st], 0),
    },
    {
      key: 'exited',
      title: t('hardshipStats.col.exited'),
      align: 'right',
      width: 72,
      responsive: ['sm'],
      render: (_, c) => c.byState.exited,
    },
    {
      key: 'overdue',
      title: t('hardshipStats.col.overdue'),
      align: 'right',
      width: 80,
      render: (_, c) =>
        c.overdueReviews > 0 ? <Typography.Text type="danger">{c.overdueReviews}</Typography.Text> : 0,
    },
  ];

  const typeRows = s?.assistance.byType ?? [];
  const typeColumns: TableColumnsType<(typeof typeRows)[number]> = [
    { key: 'type', title: t('hardshipStats.col.type'), render: (_, r) => typeLabel(r.type) },
    { key: 'count', title: t('hardshipStats.col.count'), dataIndex: 'count', align: 'right', width: 72 },
    {
      key: 'amount',
      title: t('hardshipStats.col.amount'),
      align: 'right',
      render: (_, r) => (
        <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(r.amountFen / 100)}</span>
      ),
    },
    {
      key: 'share',
      title: t('hardshipStats.col.share'),
      align: 'right',
      width: 72,
      responsive: ['sm'],
      render: (_, r) =>
        s && s.assistance.total.amountFen > 0
          ? `${((r.amountFen / s.assistance.total.amountFen) * 100).toFixed(1)}%`
          : '—',
    },
  ];

  const overdueLink = `/hardship?reviewDue=overdue${query.orgId ? `&orgId=${query.orgId}` : ''}`;
  const kpis: Kpi[] = s
    ? [
        {
          key: 'filed',
          title: t('hardshipStats.kpi.filed'),
          value: s.totals.byState.filed,
          hint: t('hardshipStats.asOf', { time: updatedAt(s.asOf, i18n.language) }),
        },
        {
          key: 'newFiled',
          title: t('hardshipStats.kpi.newFiled'),
          value: s.flows.totals.filed,
          hint: t('hardshipStats.kpi.accepted', { count: s.flows.totals.accepted }),
        },
        { key: 'exited', title: t('hardshipStats.kpi.exited'), value: s.flows.totals.exited },
        { key: 'reentered', title: t('hardshipStats.kpi.reentered'), value: s.flows.totals.reentered },
        ...(['coverage', 'exitRate', 'reentryRate'] as const).map((k) => ({
          key: k,
          title: t(`hardshipStats.kpi.${k}`),
          value: pct(s.rates[k]),
          hint: t('hardshipStats.kpi.ratio', s.rates[k]),
          tip: s.rates[k].definition,
        })),
        {
          key: 'overdue',
          title: t('hardshipStats.kpi.overdue'),
          value: s.reviews.overdue,
          danger: s.reviews.overdue > 0,
          hint: (
            <Space size={4} wrap>
              <span>{t('hardshipStats.kpi.within30', { count: s.reviews.within30 })}</span>
              {s.reviews.overdue > 0 && (
                <Link to={overdueLink} data-testid="overdue-link">
                  {t('hardshipStats.kpi.overdueLink')}
                </Link>
              )}
            </Space>
          ),
        },
      ]
    : [];

  const cardBody = { body: { padding: screens.sm ? 16 : 12 } };
  const chartCard = (title: string, body: ReactNode, extra?: ReactNode) => (
    <Card size="small" title={title} extra={extra} styles={cardBody} style={{ height: '100%' }}>
      {body}
    </Card>
  );
  const hasArchives = (s?.totals.total ?? 0) > 0;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardshipStats.chart.empty')} />;

  return (
    <div className="nj-stats">
      <StatsHeader title={t('hardshipStats.title')} subtitle={t('hardshipStats.subtitle')}>
        <StatsToolbar
          picker="month"
          period={period}
          presets={presets}
          onPeriodChange={(from, to) => setQuery({ from, to })}
          periodLabel={t('hardshipStats.period')}
          periodTestId="stats-period"
          noFuture
          extra={
            s && (
              <Typography.Text type="secondary" data-testid="stats-as-of">
                {t('hardshipStats.asOf', { time: updatedAt(s.asOf, i18n.language) })}
              </Typography.Text>
            )
          }
          onReload={() => void stats.refetch()}
          reloadLabel={t('hardshipStats.reload')}
          reloadButton={
            can('hardship.statsRefresh') ? (
              <Tooltip title={t('hardshipStats.refreshHint')}>
                <Button
                  icon={<ReloadOutlined />}
                  loading={refreshing}
                  onClick={() => void refreshNow()}
                  data-testid="stats-refresh"
                >
                  {t('hardshipStats.refresh')}
                </Button>
              </Tooltip>
            ) : undefined
          }
          exportState={exportState}
          exportDisabled={!s}
          exportLabel={t('hardshipStats.export')}
          exportTestId="stats-export"
        />
      </StatsHeader>

      {s && (
        <nav aria-label={t('hardshipStats.scopeAria')} style={{ marginBottom: 12 }}>
          <Breadcrumb
            data-testid="stats-breadcrumb"
            items={s.path.map((o, i) => ({
              key: o.id,
              title:
                i === s.path.length - 1 ? (
                  <Typography.Text strong>{o.name}</Typography.Text>
                ) : (
                  <Typography.Link onClick={() => setQuery({ orgId: i === 0 ? undefined : o.id })}>
                    {o.name}
                  </Typography.Link>
                ),
            }))}
          />
        </nav>
      )}

      <DashboardLoadState query={stats} loadFailedText={t('hardshipStats.loadFailed')} />

      {s && charts && (
        <Space direction="vertical" size={16} style={{ width: '100%', opacity: stats.isFetching ? 0.7 : 1 }}>
          <KpiCards kpis={kpis} testIdPrefix="kpi-" bodyStyle={cardBody} />

          <Row gutter={[12, 12]}>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('hardshipStats.chart.state'),
                hasArchives ? (
                  <Chart
                    option={charts.state.option}
                    height={charts.state.height}
                    label={t('hardshipStats.chart.state')}
                    testId="chart-state"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('hardshipStats.chart.category'),
                s.totals.byState.filed > 0 ? (
                  <Chart
                    option={charts.category.option}
                    height={charts.category.height}
                    label={t('hardshipStats.chart.category')}
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} xl={8}>
              {chartCard(
                t('hardshipStats.chart.cause'),
                s.totals.byState.filed > 0 ? (
                  <Chart option={charts.cause} height={280} label={t('hardshipStats.chart.cause')} />
                ) : (
                  empty
                ),
              )}
            </Col>
          </Row>

          <Card
            size="small"
            styles={cardBody}
            title={t('hardshipStats.chart.orgs')}
            extra={
              <Segmented<Dimension>
                size="small"
                aria-label={t('hardshipStats.chart.dimension')}
                value={dimension}
                onChange={setDimension}
                options={[
                  { value: 'state', label: t('hardshipStats.chart.dimState') },
                  { value: 'category', label: t('hardshipStats.chart.dimCategory') },
                  { value: 'cause', label: t('hardshipStats.chart.dimCause') },
                ]}
              />
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('hardshipStats.chart.orgsHint')}
            </Typography.Paragraph>
            <Row gutter={[16, 12]}>
              <Col xs={24} xl={12}>
                {s.children.length > 0 ? (
                  <Chart
                    option={charts.orgs}
                    height={charts.orgsHeight}
                    label={t('hardshipStats.chart.orgs')}
                    testId="chart-orgs"
                    onClick={(e: ChartClick) => drill([...s.children].reverse()[e.dataIndex])}
                  />
                ) : (
                  empty
                )}
              </Col>
              <Col xs={24} xl={12}>
                <Table<TChildBreakdown>
                  size="small"
                  rowKey={(c) => `${c.self ? 'self' : 'child'}-${c.org.id}`}
                  columns={childColumns}
                  dataSource={s.children}
                  pagination={s.children.length > 12 ? { pageSize: 12, size: 'small' } : false}
                  data-testid="stats-children"
                  summary={() =>
                    s.children.length > 1 ? (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>
                          <strong>{t('hardshipStats.col.sum')}</strong>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={1} align="right">
                          <strong>{s.totals.total}</strong>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={2} align="right">
                          <strong>{s.totals.byState.filed}</strong>
                        </Table.Summary.Cell>
                        {screens.sm && (
                          <>
                            <Table.Summary.Cell index={3} align="right">
                              <strong>
                                {inProgressStates.reduce((n, st) => n + s.totals.byState[st], 0)}
                              </strong>
                            </Table.Summary.Cell>
                            <Table.Summary.Cell index={4} align="right">
                              <strong>{s.totals.byState.exited}</strong>
                            </Table.Summary.Cell>
                          </>
                        )}
                        <Table.Summary.Cell index={5} align="right">
                          <strong>{s.totals.overdueReviews}</strong>
                        </Table.Summary.Cell>
                      </Table.Summary.Row>
                    ) : null
                  }
                />
              </Col>
            </Row>
          </Card>

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              {chartCard(
                t('hardshipStats.chart.flows'),
                chartHasData(charts.flows) ? (
                  <Chart
                    option={charts.flows}
                    height={300}
                    label={t('hardshipStats.chart.flows')}
                    testId="chart-flows"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                t('hardshipStats.chart.assistanceMonth'),
                s.assistance.total.amountFen > 0 ? (
                  <Chart
                    option={charts.assistance}
                    height={300}
                    label={t('hardshipStats.chart.assistanceMonth')}
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
          </Row>

          {chartCard(
            t('hardshipStats.chart.assistanceType'),
            <Row gutter={[16, 12]} align="middle">
              <Col xs={24} lg={9}>
                {s.assistance.total.amountFen > 0 ? (
                  <Chart
                    option={charts.assistanceTypePie.option}
                    height={charts.assistanceTypePie.height}
                    label={t('hardshipStats.chart.assistanceType')}
                  />
                ) : (
                  empty
                )}
              </Col>
              <Col xs={24} lg={15}>
                <Table
                  size="small"
                  rowKey="type"
                  columns={typeColumns}
                  dataSource={typeRows}
                  pagination={false}
                  data-testid="stats-assistance-types"
                  summary={() => (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <strong>{t('hardshipStats.col.sum')}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        <strong>{s.assistance.total.count}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">
                        <strong data-testid="assistance-total">
                          {formatYuan(s.assistance.total.amountFen / 100)}
                        </strong>
                      </Table.Summary.Cell>
                      {screens.sm && <Table.Summary.Cell index={3} align="right" />}
                    </Table.Summary.Row>
                  )}
                />
              </Col>
            </Row>,
          )}
        </Space>
      )}
    </div>
  );
}
