import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Breadcrumb,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  List,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addMonths } from '../../../shared/hardship-stats.ts';
import {
  type DonorKind,
  donorKindLabels,
  type TWishStats,
  type TWishStatsChild,
  WISH_STATS_DEFINITIONS,
  type WishCategory,
  type WishState,
  wishCategoryLabels,
  wishStateLabels,
  wishStates,
} from '../../../shared/wishes.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime, formatYuan } from '../../shared/format.ts';
import { Chart, type ChartClick, type ChartOption, chartHasData } from '../components/Chart.tsx';
import { DashboardLoadState } from '../components/DashboardLoadState.tsx';
import { type Kpi, KpiCards } from '../components/KpiCards.tsx';
import { ringChart } from '../components/ringChart.ts';
import { StatsHeader, StatsToolbar, useStatsExport } from '../components/StatsToolbar.tsx';
import {
  donorKindLabelsEn,
  registerWishStatsStrings,
  wishCategoryLabelsEn,
  wishStateLabelsEn,
} from './wish-stats.i18n.ts';

registerWishStatsStrings();

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

const stateColors: Record<WishState, string> = {
  pending: '#ffc53d',
  returned: '#ff9c6e',
  rejected: '#ff7875',
  published: '#4096ff',
  claimed: '#9254de',
  sent: '#36cfc9',
  fulfilled: '#389e0d',
  withdrawn: '#bfbfbf',
};
const seriesColors = { posted: '#bfbfbf', claimed: '#4096ff', fulfilled: '#389e0d', donors: '#fa8c16' };
const fenToYuan = (fen: number) => Math.round(fen) / 100;
const currentMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

/** GET /wishes/thanks (the public thanks list), when the server has it. */
interface ThanksList {
  items: { name: string; kind: DonorKind; fulfilled: number }[];
}

/** 微心愿统计: the dashboard of the caller's subtree, drilling down org by org. */
export function WishStatsPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const query = readParams(params);
  const english = i18n.language === 'en-US';
  const stateLabel = (st: WishState) => (english ? wishStateLabelsEn[st] : wishStateLabels[st]);
  const categoryLabel = (c: WishCategory) => (english ? wishCategoryLabelsEn[c] : wishCategoryLabels[c]);

  const stats = useQuery({
    queryKey: ['wishes', 'stats', query.orgId, query.from, query.to],
    queryFn: () => api.get<TWishStats>('/api/v1/wishes/stats', query),
    placeholderData: keepPreviousData,
  });
  const s = stats.data;
  // The thanks list is public and optional: the card stays hidden when it cannot be read.
  const thanks = useQuery({
    queryKey: ['wishes', 'thanks'],
    queryFn: () => api.get<ThanksList>('/api/v1/wishes/thanks'),
    retry: false,
  });

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
  const drill = (child: TWishStatsChild | undefined) => {
    if (child && !child.self) setQuery({ orgId: child.org.id });
  };

  const exportState = useStatsExport(
    '/api/v1/wishes/stats/export',
    query,
    'wish-stats.xlsx',
    t('wishStats.exported'),
  );

  // Every child org (本级 only with a value), by value fulfilled: the largest at the top of the bars.
  const valueRows = useMemo(
    () =>
      s
        ? s.children
            .filter((c) => c.fulfilledValueFen > 0 || !c.self)
            .sort((a, b) => a.fulfilledValueFen - b.fulfilledValueFen || b.org.id - a.org.id)
        : [],
    [s],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the label helpers change with the language
  const charts = useMemo(() => {
    if (!s) return null;
    const narrow = !screens.sm;
    const state = ringChart(
      wishStates.map((st) => ({ name: stateLabel(st), value: s.byState[st], color: stateColors[st] })),
      { narrow, centerX: '28%', height: 280 },
    );
    const monthly: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: s.period.months, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('wishStats.series.claimed'),
          data: s.byMonth.map((m) => m.claimed),
          itemStyle: { color: seriesColors.claimed },
          barMaxWidth: 16,
        },
        {
          type: 'bar',
          name: t('wishStats.series.fulfilled'),
          data: s.byMonth.map((m) => m.fulfilled),
          itemStyle: { color: seriesColors.fulfilled },
          barMaxWidth: 16,
        },
        {
          type: 'line',
          name: t('wishStats.series.posted'),
          data: s.byMonth.map((m) => m.posted),
          itemStyle: { color: seriesColors.posted },
          symbolSize: 6,
        },
        {
          type: 'line',
          name: t('wishStats.series.donors'),
          data: s.byMonth.map((m) => m.donors),
          itemStyle: { color: seriesColors.donors },
          lineStyle: { type: 'dashed' },
          symbolSize: 6,
        },
      ],
    };
    const orgName = (c: TWishStatsChild) => (c.self ? t('wishStats.self', { name: c.org.name }) : c.org.name);
    const value: ChartOption = {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => formatYuan(Number(v)),
      },
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: valueRows.map(orgName),
        axisTick: { show: false },
        axisLabel: { width: screens.md ? 180 : 96, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('wishStats.series.value'),
          data: valueRows.map((c) => fenToYuan(c.fulfilledValueFen)),
          itemStyle: { color: seriesColors.fulfilled, borderRadius: [0, 3, 3, 0] },
          label: {
            show: true,
            position: 'right',
            formatter: (p) => (Number(p.value) > 0 ? String(p.value) : ''),
          },
          barMaxWidth: 20,
        },
      ],
    };
    const valueHeight = Math.max(180, valueRows.length * 34 + 40);
    const categories = s.byCategory;
    const category: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: categories.map((c) => categoryLabel(c.category)),
        axisLabel: { interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('wishStats.series.posted'),
          data: categories.map((c) => c.posted),
          itemStyle: { color: seriesColors.posted },
          barMaxWidth: 14,
        },
        {
          type: 'bar',
          name: t('wishStats.series.fulfilled'),
          data: categories.map((c) => c.fulfilled),
          itemStyle: { color: seriesColors.fulfilled },
          barMaxWidth: 14,
        },
        {
          type: 'bar',
          name: t('wishStats.series.waiting'),
          data: categories.map((c) => c.waiting),
          itemStyle: { color: stateColors.published },
          barMaxWidth: 14,
        },
      ],
    };
    return { state, monthly, value, valueHeight, category };
  }, [s, valueRows, i18n.language, screens.md, screens.sm]);

  const period: [Dayjs, Dayjs] | null = s ? [dayjs(`${s.period.from}-01`), dayjs(`${s.period.to}-01`)] : null;
  const now = currentMonth();
  const presets = [
    { label: t('wishStats.presets.last12'), value: [addMonths(now, -11), now] },
    { label: t('wishStats.presets.thisYear'), value: [`${now.slice(0, 4)}-01`, now] },
    {
      label: t('wishStats.presets.lastYear'),
      value: [`${Number(now.slice(0, 4)) - 1}-01`, `${Number(now.slice(0, 4)) - 1}-12`],
    },
    { label: t('wishStats.presets.last24'), value: [addMonths(now, -23), now] },
  ].map((p) => ({
    label: p.label,
    value: [dayjs(`${p.value[0]}-01`), dayjs(`${p.value[1]}-01`)] as [Dayjs, Dayjs],
  }));

  const money = (fen: number) => (
    <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(fen / 100)}</span>
  );
  const childColumns: TableColumnsType<TWishStatsChild> = [
    {
      key: 'org',
      title: t('wishStats.col.org'),
      render: (_, c) =>
        c.self ? (
          t('wishStats.self', { name: c.org.name })
        ) : (
          <Typography.Link onClick={() => drill(c)} data-testid={`drill-${c.org.id}`}>
            {c.org.name}
          </Typography.Link>
        ),
    },
    { key: 'posted', title: t('wishStats.col.posted'), dataIndex: 'posted', align: 'right', width: 64 },
    { key: 'claimed', title: t('wishStats.col.claimed'), dataIndex: 'claimed', align: 'right', width: 64 },
    {
      key: 'fulfilled',
      title: t('wishStats.col.fulfilled'),
      dataIndex: 'fulfilled',
      align: 'right',
      width: 64,
    },
    {
      key: 'value',
      title: t('wishStats.col.value'),
      align: 'right',
      width: 110,
      responsive: ['sm'],
      render: (_, c) => money(c.fulfilledValueFen),
    },
    {
      key: 'donors',
      title: t('wishStats.col.donors'),
      dataIndex: 'donors',
      align: 'right',
      width: 90,
      responsive: ['md'],
    },
    { key: 'waiting', title: t('wishStats.col.waiting'), dataIndex: 'waiting', align: 'right', width: 72 },
    {
      key: 'inProgress',
      title: t('wishStats.col.inProgress'),
      dataIndex: 'inProgress',
      align: 'right',
      width: 72,
      responsive: ['sm'],
    },
  ];

  const days = (d: number | null) =>
    d === null ? t('wishStats.kpi.noData') : t('wishStats.kpi.days', { days: d });
  const kpis: Kpi[] = s
    ? [
        {
          key: 'posted',
          title: t('wishStats.kpi.posted'),
          value: s.totals.posted,
          tip: WISH_STATS_DEFINITIONS.posted,
        },
        {
          key: 'published',
          title: t('wishStats.kpi.published'),
          value: s.totals.published,
          tip: WISH_STATS_DEFINITIONS.published,
        },
        {
          key: 'claimed',
          title: t('wishStats.kpi.claimed'),
          value: s.totals.claimed,
          hint: t('wishStats.kpi.atEvents', { count: s.totals.claimedAtEvents }),
          tip: WISH_STATS_DEFINITIONS.claimed,
        },
        {
          key: 'fulfilled',
          title: t('wishStats.kpi.fulfilled'),
          value: s.totals.fulfilled,
          hint: t('wishStats.kpi.value', { value: formatYuan(s.totals.fulfilledValueFen / 100) }),
          tip: WISH_STATS_DEFINITIONS.fulfilled,
        },
        {
          key: 'released',
          title: t('wishStats.kpi.released'),
          value: `${s.totals.released} / ${s.totals.expired}`,
          hint: t('wishStats.kpi.releasedHint', { released: s.totals.released, expired: s.totals.expired }),
          tip: `${WISH_STATS_DEFINITIONS.released}；${WISH_STATS_DEFINITIONS.expired}`,
        },
        {
          key: 'donors',
          title: t('wishStats.kpi.donors'),
          value: s.totals.donors,
          hint: t('wishStats.kpi.enterprises', { count: s.totals.enterprises }),
          tip: WISH_STATS_DEFINITIONS.donors,
        },
        {
          key: 'claimDays',
          title: t('wishStats.kpi.claimDays'),
          value: days(s.medians.claimDays.days),
          hint: t('wishStats.kpi.over', { count: s.medians.claimDays.count }),
          tip: s.medians.claimDays.definition,
        },
        {
          key: 'fulfilDays',
          title: t('wishStats.kpi.fulfilDays'),
          value: days(s.medians.fulfilDays.days),
          hint: t('wishStats.kpi.over', { count: s.medians.fulfilDays.count }),
          tip: s.medians.fulfilDays.definition,
        },
      ]
    : [];

  const cardBody = { body: { padding: screens.sm ? 16 : 12 } };
  const chartCard = (title: string, body: ReactNode, extra?: ReactNode) => (
    <Card size="small" title={title} extra={extra} styles={cardBody} style={{ height: '100%' }}>
      {body}
    </Card>
  );
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wishStats.chart.empty')} />;
  const total = s ? wishStates.reduce((n, st) => n + s.byState[st], 0) : 0;
  const thanksItems = thanks.data?.items ?? [];

  return (
    <div className="nj-stats">
      <StatsHeader title={t('wishStats.title')} subtitle={t('wishStats.subtitle')}>
        <StatsToolbar
          picker="month"
          period={period}
          presets={presets}
          onPeriodChange={(from, to) => setQuery({ from, to })}
          periodLabel={t('wishStats.period')}
          periodTestId="wish-stats-period"
          noFuture
          extra={
            s && (
              <Typography.Text type="secondary" data-testid="wish-stats-as-of">
                {t('wishStats.asOf', { time: formatDateTime(s.asOf, i18n.language) })}
              </Typography.Text>
            )
          }
          onReload={() => void stats.refetch()}
          reloadLabel={t('wishStats.reload')}
          exportState={exportState}
          exportDisabled={!s}
          exportLabel={t('wishStats.export')}
          exportTestId="wish-stats-export"
        />
      </StatsHeader>

      {s && (
        <nav aria-label={t('wishStats.scopeAria')} style={{ marginBottom: 12 }}>
          <Breadcrumb
            data-testid="wish-stats-breadcrumb"
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

      <DashboardLoadState query={stats} loadFailedText={t('wishStats.loadFailed')} />

      {s && charts && (
        <Space direction="vertical" size={16} style={{ width: '100%', opacity: stats.isFetching ? 0.7 : 1 }}>
          <KpiCards kpis={kpis} testIdPrefix="wish-kpi-" bodyStyle={cardBody} />

          <Row gutter={[12, 12]}>
            <Col xs={24} md={10} xl={8}>
              {chartCard(
                t('wishStats.chart.state'),
                total > 0 ? (
                  <Chart
                    option={charts.state.option}
                    height={charts.state.height}
                    label={t('wishStats.chart.state')}
                    testId="wish-chart-state"
                  />
                ) : (
                  empty
                ),
                <Tooltip title={WISH_STATS_DEFINITIONS.current}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('wishStats.kpi.waiting')} {s.byState.published}
                  </Typography.Text>
                </Tooltip>,
              )}
            </Col>
            <Col xs={24} md={14} xl={16}>
              {chartCard(
                t('wishStats.chart.monthly'),
                chartHasData(charts.monthly) ? (
                  <Chart
                    option={charts.monthly}
                    height={280}
                    label={t('wishStats.chart.monthly')}
                    testId="wish-chart-monthly"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
          </Row>

          <Card size="small" styles={cardBody} title={t('wishStats.chart.value')}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('wishStats.chart.valueHint')}
            </Typography.Paragraph>
            <Row gutter={[16, 12]}>
              <Col xs={24} xl={10}>
                {valueRows.length > 0 ? (
                  <Chart
                    option={charts.value}
                    height={charts.valueHeight}
                    label={t('wishStats.chart.value')}
                    testId="wish-chart-value"
                    onClick={(e: ChartClick) => drill(valueRows[e.dataIndex])}
                  />
                ) : (
                  empty
                )}
              </Col>
              <Col xs={24} xl={14}>
                <Table<TWishStatsChild>
                  size="small"
                  rowKey={(c) => `${c.self ? 'self' : 'child'}-${c.org.id}`}
                  columns={childColumns}
                  dataSource={s.children}
                  pagination={s.children.length > 12 ? { pageSize: 12, size: 'small' } : false}
                  data-testid="wish-stats-children"
                  summary={() =>
                    s.children.length > 1 ? (
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>
                          <strong>{t('wishStats.col.sum')}</strong>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={1} align="right">
                          <strong>{s.totals.posted}</strong>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={2} align="right">
                          <strong>{s.totals.claimed}</strong>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={3} align="right">
                          <strong>{s.totals.fulfilled}</strong>
                        </Table.Summary.Cell>
                        {screens.sm && (
                          <Table.Summary.Cell index={4} align="right">
                            <strong>{money(s.totals.fulfilledValueFen)}</strong>
                          </Table.Summary.Cell>
                        )}
                        {screens.md && (
                          <Table.Summary.Cell index={5} align="right">
                            <strong>{s.totals.donors}</strong>
                          </Table.Summary.Cell>
                        )}
                        <Table.Summary.Cell index={6} align="right">
                          <strong>{s.byState.published}</strong>
                        </Table.Summary.Cell>
                        {screens.sm && (
                          <Table.Summary.Cell index={7} align="right">
                            <strong>{s.byState.claimed + s.byState.sent}</strong>
                          </Table.Summary.Cell>
                        )}
                      </Table.Summary.Row>
                    ) : null
                  }
                />
              </Col>
            </Row>
          </Card>

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={thanksItems.length > 0 ? 14 : 24}>
              {chartCard(
                t('wishStats.chart.category'),
                <Chart option={charts.category} height={280} label={t('wishStats.chart.category')} />,
              )}
            </Col>
            {thanksItems.length > 0 && (
              <Col xs={24} xl={10}>
                {chartCard(
                  t('wishStats.thanks'),
                  <>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                      {t('wishStats.thanksHint')}
                    </Typography.Paragraph>
                    <List
                      size="small"
                      data-testid="wish-stats-thanks"
                      dataSource={thanksItems.slice(0, 10)}
                      renderItem={(d, i) => (
                        <List.Item extra={t('wishStats.thanksFulfilled', { count: d.fulfilled })}>
                          <Space>
                            <Typography.Text type="secondary">{i + 1}</Typography.Text>
                            <Typography.Text>{d.name}</Typography.Text>
                            <Tag color={d.kind === 'enterprise' ? 'gold' : 'blue'}>
                              {english ? donorKindLabelsEn[d.kind] : donorKindLabels[d.kind]}
                            </Tag>
                          </Space>
                        </List.Item>
                      )}
                    />
                  </>,
                )}
              </Col>
            )}
          </Row>

          <Card
            size="small"
            styles={cardBody}
            title={t('wishStats.definitions')}
            data-testid="wish-stats-definitions"
          >
            <Descriptions
              size="small"
              column={1}
              items={Object.entries(WISH_STATS_DEFINITIONS).map(([key, text]) => {
                const [name, ...rest] = text.split('：');
                return { key, label: name, children: rest.join('：') };
              })}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}

export default WishStatsPage;
