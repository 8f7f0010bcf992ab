import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  type RequestState,
  requestStateLabels,
  SUPPLIES_STATS_DEFINITIONS,
  type TSuppliesStats,
  type Urgency,
  urgencyLabels,
} from '../../../shared/supplies.ts';
import { api } from '../../shared/api.ts';
import { formatYuan } from '../../shared/format.ts';
import { Chart, type ChartOption, chartHasData } from '../components/Chart.tsx';
import { DashboardLoadState } from '../components/DashboardLoadState.tsx';
import { type Kpi, KpiCards } from '../components/KpiCards.tsx';
import { ringChart } from '../components/ringChart.ts';
import { StatsHeader, StatsToolbar, useStatsExport } from '../components/StatsToolbar.tsx';
import { UnionTreePicker } from '../components/UnionTreePicker.tsx';
import { registerSupplyStatsStrings, requestStateLabelsEn, urgencyLabelsEn } from './supply-stats.i18n.ts';

registerSupplyStatsStrings();

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_DAYS = 366;

/** Scope and period as kept in the URL: `?orgId=&from=YYYY-MM-DD&to=YYYY-MM-DD`. */
function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    from: DAY.test(from) ? from : undefined,
    to: DAY.test(to) ? to : undefined,
  };
}
type StatsQuery = ReturnType<typeof readParams>;

const stateColors: Record<RequestState, string> = {
  submitted: '#ffc53d',
  approved: '#4096ff',
  dispatching: '#9254de',
  completed: '#389e0d',
  rejected: '#ff7875',
  withdrawn: '#bfbfbf',
};
const colors = {
  submitted: '#4096ff',
  completed: '#389e0d',
  hours: '#fa8c16',
  value: '#13c2c2',
  requested: '#bfbfbf',
  approved: '#4096ff',
  received: '#389e0d',
};
const fenToYuan = (fen: number) => Math.round(fen) / 100;

/** 物资统计: the 服务热线平台 dashboard of the caller's subtree (or a union / unit inside it). */
export default function SupplyStatsPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const query = readParams(params);
  const english = i18n.language === 'en-US';
  const stateLabel = (st: RequestState) => (english ? requestStateLabelsEn[st] : requestStateLabels[st]);
  const urgencyLabel = (u: Urgency) => (english ? urgencyLabelsEn[u] : urgencyLabels[u]);

  const stats = useQuery({
    queryKey: ['supplies', 'stats', query.orgId, query.from, query.to],
    queryFn: () => api.get<TSuppliesStats>('/api/v1/supplies/stats', query),
    placeholderData: keepPreviousData,
  });
  const s = stats.data;

  const setQuery = (next: Partial<StatsQuery>) => {
    const merged = { ...query, ...next };
    const p = new URLSearchParams();
    if (merged.orgId) p.set('orgId', String(merged.orgId));
    if (merged.from) p.set('from', merged.from);
    if (merged.to) p.set('to', merged.to);
    setParams(p);
  };

  const exportState = useStatsExport(
    '/api/v1/supplies/stats/export',
    query,
    'supply-stats.xlsx',
    t('supplyStats.exported'),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the label helpers change with the language
  const charts = useMemo(() => {
    if (!s) return null;
    const narrow = !screens.sm;
    const state = ringChart(
      s.byState.map((b) => ({ name: stateLabel(b.state), value: b.count, color: stateColors[b.state] })),
      { narrow, height: 280 },
    );
    const urgency: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: s.byUrgency.map((b) => urgencyLabel(b.urgency)) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', splitLine: { show: false }, axisLabel: { formatter: '{value}h' } },
      ],
      series: [
        {
          type: 'bar',
          name: t('supplyStats.series.requests'),
          data: s.byUrgency.map((b) => b.count),
          itemStyle: { color: colors.submitted },
          barMaxWidth: 28,
          label: { show: true, position: 'top' },
        },
        {
          type: 'bar',
          name: t('supplyStats.series.medianHours'),
          yAxisIndex: 1,
          data: s.byUrgency.map((b) => b.medianHoursToDelivery),
          itemStyle: { color: colors.hours },
          barMaxWidth: 28,
          label: {
            show: true,
            position: 'top',
            formatter: (p) => (p.value === null || p.value === undefined ? '—' : `${p.value}h`),
          },
        },
      ],
    };
    const daily: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: s.byDay.map((d) => d.day.slice(5)),
        axisLabel: { hideOverlap: true },
        boundaryGap: false,
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: t('supplyStats.series.submitted'),
          data: s.byDay.map((d) => d.requests),
          itemStyle: { color: colors.submitted },
          areaStyle: { opacity: 0.08 },
          showSymbol: s.byDay.length <= 45,
        },
        {
          type: 'line',
          name: t('supplyStats.series.completed'),
          data: s.byDay.map((d) => d.completed),
          itemStyle: { color: colors.completed },
          // Dashed over the submissions: both stay visible on days where they are equal.
          lineStyle: { type: 'dashed', width: 2 },
          showSymbol: s.byDay.length <= 45,
        },
      ],
    };
    // Horizontal bars: the largest on top.
    const suppliers = [...s.bySupplier].reverse();
    const supplier: ChartOption = {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => formatYuan(Number(v)),
      },
      grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', splitNumber: narrow ? 2 : 5, axisLabel: { hideOverlap: true } },
      yAxis: {
        type: 'category',
        data: suppliers.map((b) => b.supplier?.name ?? t('supplyStats.chart.unionPurchase')),
        axisTick: { show: false },
        axisLabel: { width: screens.md ? 170 : 96, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('supplyStats.series.value'),
          data: suppliers.map((b) => fenToYuan(b.valueDeliveredFen)),
          itemStyle: { color: colors.value, borderRadius: [0, 3, 3, 0] },
          label: {
            show: true,
            position: 'right',
            formatter: (p) => Number(p.value).toLocaleString('zh-CN'),
          },
          barMaxWidth: 20,
        },
      ],
    };
    const supplierHeight = Math.max(160, suppliers.length * 36 + 30);
    const topItems = [...s.topItems].reverse();
    const items: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: topItems.map((i) => `${i.name}（${i.unit}）`),
        axisTick: { show: false },
        axisLabel: { width: screens.md ? 150 : 90, overflow: 'truncate' },
      },
      series: (['requested', 'approved', 'received'] as const).map((k) => ({
        type: 'bar' as const,
        name: t(`supplyStats.series.${k}`),
        data: topItems.map((i) => i[k]),
        itemStyle: { color: colors[k] },
        barMaxWidth: 10,
      })),
    };
    const itemsHeight = Math.max(200, topItems.length * 42 + 50);
    return { state, urgency, daily, supplier, supplierHeight, items, itemsHeight };
  }, [s, i18n.language, screens.md, screens.sm]);

  const today = beijingDay(new Date());
  const period: [Dayjs, Dayjs] | null = s ? [dayjs(s.from), dayjs(s.to)] : null;
  const presets = [
    { label: t('supplyStats.presets.last7'), value: [addDays(today, -6), today] },
    { label: t('supplyStats.presets.last30'), value: [addDays(today, -29), today] },
    { label: t('supplyStats.presets.last90'), value: [addDays(today, -89), today] },
    { label: t('supplyStats.presets.thisMonth'), value: [`${today.slice(0, 7)}-01`, today] },
    { label: t('supplyStats.presets.thisYear'), value: [`${today.slice(0, 4)}-01-01`, today] },
  ].map((p) => ({ label: p.label, value: [dayjs(p.value[0]), dayjs(p.value[1])] as [Dayjs, Dayjs] }));

  const money = (fen: number) => (
    <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(fen / 100)}</span>
  );
  type UnitRow = TSuppliesStats['byUnit'][number];
  const unitColumns: TableColumnsType<UnitRow> = [
    {
      key: 'unit',
      title: t('supplyStats.col.unit'),
      render: (_, u) =>
        u.org.id === s?.org.id ? (
          u.org.name
        ) : (
          <Typography.Link onClick={() => setQuery({ orgId: u.org.id })} data-testid={`drill-${u.org.id}`}>
            {u.org.name}
          </Typography.Link>
        ),
    },
    {
      key: 'requests',
      title: t('supplyStats.col.requests'),
      dataIndex: 'requests',
      align: 'right',
      width: 80,
      sorter: (a, b) => a.requests - b.requests,
    },
    {
      key: 'completed',
      title: t('supplyStats.col.completed'),
      dataIndex: 'completed',
      align: 'right',
      width: 80,
      responsive: ['sm'],
      sorter: (a, b) => a.completed - b.completed,
    },
    {
      key: 'quantity',
      title: t('supplyStats.col.quantity'),
      dataIndex: 'quantityDelivered',
      align: 'right',
      width: 96,
      responsive: ['sm'],
      sorter: (a, b) => a.quantityDelivered - b.quantityDelivered,
    },
    {
      key: 'value',
      title: t('supplyStats.col.value'),
      align: 'right',
      width: 130,
      render: (_, u) => money(u.valueDeliveredFen),
      sorter: (a, b) => a.valueDeliveredFen - b.valueDeliveredFen,
    },
  ];

  const d = SUPPLIES_STATS_DEFINITIONS;
  const kpis: Kpi[] = s
    ? [
        { key: 'requests', title: t('supplyStats.kpi.requests'), value: s.totals.requests, tip: d.requests },
        {
          key: 'completed',
          title: t('supplyStats.kpi.completed'),
          value: s.totals.completed,
          hint:
            s.totals.requests > 0
              ? t('supplyStats.kpi.completedHint', {
                  rate: `${((s.totals.completed / s.totals.requests) * 100).toFixed(1)}%`,
                })
              : undefined,
          tip: t('supplyStats.notes.completed'),
        },
        { key: 'points', title: t('supplyStats.kpi.points'), value: s.totals.pointsServed, tip: d.points },
        {
          key: 'staff',
          title: t('supplyStats.kpi.staff'),
          value: s.totals.staffServed,
          tip: t('supplyStats.notes.staff'),
        },
        {
          key: 'quantity',
          title: t('supplyStats.kpi.quantity'),
          value: s.totals.quantityDelivered,
          tip: d.delivered,
        },
        {
          key: 'value',
          title: t('supplyStats.kpi.value'),
          value: formatYuan(s.totals.valueDeliveredFen / 100),
          tip: d.delivered,
        },
        {
          key: 'hours',
          title: t('supplyStats.kpi.hours'),
          value:
            s.totals.medianHoursToDelivery === null
              ? t('supplyStats.kpi.noData')
              : t('supplyStats.kpi.hoursValue', { hours: s.totals.medianHoursToDelivery }),
          tip: d.hours,
        },
        {
          key: 'short',
          title: t('supplyStats.kpi.short'),
          value: s.totals.shortLines,
          hint: t('supplyStats.kpi.shortHint'),
          tip: d.short,
        },
      ]
    : [];

  const cardBody = { body: { padding: screens.sm ? 16 : 12 } };
  const chartCard = (title: string, body: ReactNode, testId?: string) => (
    <Card size="small" title={title} styles={cardBody} style={{ height: '100%' }} data-testid={testId}>
      {body}
    </Card>
  );
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supplyStats.chart.empty')} />;
  const hasRequests = (s?.totals.requests ?? 0) > 0;
  const definitions: [string, string][] = [
    ...Object.entries(d),
    ['completed', t('supplyStats.notes.completed')],
    ['staff', t('supplyStats.notes.staff')],
    ['bySupplier', t('supplyStats.notes.bySupplier')],
    ['topItems', t('supplyStats.notes.topItems')],
    ['byDay', t('supplyStats.notes.byDay')],
  ];

  return (
    <div className="nj-stats">
      <StatsHeader title={t('supplyStats.title')} subtitle={t('supplyStats.subtitle')}>
        <StatsToolbar
          period={period}
          presets={presets}
          onPeriodChange={(from, to) => setQuery({ from, to })}
          periodLabel={t('supplyStats.period')}
          periodTestId="supply-stats-period"
          maxDays={MAX_DAYS}
          noFuture
          onReload={() => void stats.refetch()}
          reloadLabel={t('supplyStats.reload')}
          exportState={exportState}
          exportDisabled={!s}
          exportLabel={t('supplyStats.export')}
          exportTestId="supply-stats-export"
        >
          <UnionTreePicker
            value={s?.org}
            onChange={(orgId) => setQuery({ orgId })}
            label={t('supplyStats.scope')}
            testId="supply-stats-org"
          />
        </StatsToolbar>
      </StatsHeader>

      <DashboardLoadState query={stats} loadFailedText={t('supplyStats.loadFailed')} />

      {s && charts && (
        <Space direction="vertical" size={16} style={{ width: '100%', opacity: stats.isFetching ? 0.7 : 1 }}>
          <KpiCards kpis={kpis} testIdPrefix="supply-kpi-" bodyStyle={cardBody} />

          <Row gutter={[12, 12]}>
            <Col xs={24} md={10} xl={8}>
              {chartCard(
                t('supplyStats.chart.state'),
                hasRequests ? (
                  <Chart
                    option={charts.state.option}
                    height={charts.state.height}
                    label={t('supplyStats.chart.state')}
                    testId="supply-chart-state"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={14} xl={16}>
              {chartCard(
                t('supplyStats.chart.daily'),
                chartHasData(charts.daily) ? (
                  <Chart
                    option={charts.daily}
                    height={280}
                    label={t('supplyStats.chart.daily')}
                    testId="supply-chart-daily"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
          </Row>

          <Row gutter={[12, 12]}>
            <Col xs={24} md={10} xl={8}>
              {chartCard(
                t('supplyStats.chart.urgency'),
                hasRequests ? (
                  <Chart
                    option={charts.urgency}
                    height={280}
                    label={t('supplyStats.chart.urgency')}
                    testId="supply-chart-urgency"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={14} xl={16}>
              {chartCard(
                t('supplyStats.chart.supplier'),
                s.bySupplier.length > 0 ? (
                  <Chart
                    option={charts.supplier}
                    height={charts.supplierHeight}
                    label={t('supplyStats.chart.supplier')}
                    testId="supply-chart-supplier"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
          </Row>

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              {chartCard(
                t('supplyStats.chart.items'),
                s.topItems.length > 0 ? (
                  <>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                      {t('supplyStats.itemsHint')}
                    </Typography.Paragraph>
                    <Chart
                      option={charts.items}
                      height={charts.itemsHeight}
                      label={t('supplyStats.chart.items')}
                      testId="supply-chart-items"
                    />
                  </>
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                t('supplyStats.chart.units'),
                <>
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                    {t('supplyStats.drillHint')}
                  </Typography.Paragraph>
                  <Table<UnitRow>
                    size="small"
                    rowKey={(u) => u.org.id}
                    columns={unitColumns}
                    dataSource={s.byUnit}
                    pagination={s.byUnit.length > 12 ? { pageSize: 12, size: 'small' } : false}
                    data-testid="supply-stats-units"
                    summary={() =>
                      s.byUnit.length > 1 ? (
                        <Table.Summary.Row>
                          <Table.Summary.Cell index={0}>
                            <strong>{t('supplyStats.col.sum')}</strong>
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={1} align="right">
                            <strong>{s.totals.requests}</strong>
                          </Table.Summary.Cell>
                          {screens.sm && (
                            <>
                              <Table.Summary.Cell index={2} align="right">
                                <strong>{s.totals.completed}</strong>
                              </Table.Summary.Cell>
                              <Table.Summary.Cell index={3} align="right">
                                <strong>{s.totals.quantityDelivered}</strong>
                              </Table.Summary.Cell>
                            </>
                          )}
                          <Table.Summary.Cell index={4} align="right">
                            <strong>{money(s.totals.valueDeliveredFen)}</strong>
                          </Table.Summary.Cell>
                        </Table.Summary.Row>
                      ) : null
                    }
                  />
                </>,
                'supply-stats-units-card',
              )}
            </Col>
          </Row>

          <Card
            size="small"
            styles={cardBody}
            title={t('supplyStats.definitions')}
            data-testid="supply-stats-definitions"
          >
            <Descriptions
              size="small"
              column={1}
              items={definitions.map(([key, text]) => {
                const at = text.search(/[：:]/);
                return at < 0
                  ? { key, label: text, children: '' }
                  : { key, label: text.slice(0, at), children: text.slice(at + 1).trim() };
              })}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
