import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Grid, Row, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addDays, beijingDay, formatMinutes } from '../../../shared/dates.ts';
import {
  complaintOutcomeLabels,
  ERRAND_STATS_DEFINITIONS,
  type ItemKind,
  itemKindLabels,
  type RequesterKind,
  requesterKindLabels,
  type TErrandStats,
} from '../../../shared/errands.ts';
import { api } from '../../shared/api.ts';
import { Chart, type ChartOption, chartHasData } from '../components/Chart.tsx';
import { DashboardLoadState } from '../components/DashboardLoadState.tsx';
import { type Kpi, KpiCards } from '../components/KpiCards.tsx';
import { type RingSlice, ringChart } from '../components/ringChart.ts';
import { StatsHeader, StatsToolbar, useStatsExport } from '../components/StatsToolbar.tsx';
import { UnionTreePicker } from '../components/UnionTreePicker.tsx';
import {
  complaintOutcomeLabelsEn,
  errandStatsDefinitionsEn,
  itemKindLabelsEn,
  registerErrandStatsStrings,
  requesterKindLabelsEn,
} from './errand-stats.i18n.ts';
import { courierChart } from './errands/courierChart.ts';

registerErrandStatsStrings();

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

const colors = {
  errands: '#4096ff',
  delivered: '#389e0d',
  declined: '#ff7875',
  median: '#fa8c16',
  kinds: '#13c2c2',
};
const requesterColors: Record<RequesterKind, string> = {
  frontline: '#f5222d',
  volunteer: '#fa8c16',
  hardship: '#9254de',
  other: '#bfbfbf',
};
const outcomeColors = { upheld: '#389e0d', explained: '#4096ff', unfounded: '#8c8c8c', open: '#faad14' };

/** 及时送统计: the urgent-errand dashboard of the caller's subtree (or a union inside it). */
export default function ErrandStatsPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const query = readParams(params);
  const english = i18n.language === 'en-US';
  const itemLabel = (k: ItemKind) => (english ? itemKindLabelsEn[k] : itemKindLabels[k]);
  const requesterLabel = (k: RequesterKind) => (english ? requesterKindLabelsEn[k] : requesterKindLabels[k]);
  const outcomeLabel = (o: keyof typeof complaintOutcomeLabels | null) =>
    o === null
      ? t('errandStats.outcome.open')
      : english
        ? complaintOutcomeLabelsEn[o]
        : complaintOutcomeLabels[o];

  const stats = useQuery({
    queryKey: ['errands', 'stats', query.orgId, query.from, query.to],
    queryFn: () => api.get<TErrandStats>('/api/v1/errands/stats', query),
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
    '/api/v1/errands/stats/export',
    query,
    'errand-stats.xlsx',
    t('errandStats.exported'),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the label helpers change with the language
  const charts = useMemo(() => {
    if (!s) return null;
    const narrow = !screens.sm;
    const minutesAxis = { formatter: english ? '{value} min' : '{value} 分' };
    const daily: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: s.byDay.map((d) => d.day.slice(5)),
        axisLabel: { hideOverlap: true },
      },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', splitLine: { show: false }, axisLabel: minutesAxis },
      ],
      series: [
        {
          type: 'bar',
          name: t('errandStats.series.errands'),
          data: s.byDay.map((d) => d.errands),
          itemStyle: { color: colors.errands },
          barMaxWidth: 14,
        },
        {
          type: 'bar',
          name: t('errandStats.series.delivered'),
          data: s.byDay.map((d) => d.delivered),
          itemStyle: { color: colors.delivered },
          barMaxWidth: 14,
        },
        {
          type: 'line',
          name: t('errandStats.series.median'),
          yAxisIndex: 1,
          data: s.byDay.map((d) => d.medianMinutesToDelivery),
          itemStyle: { color: colors.median },
          connectNulls: true,
          showSymbol: s.byDay.length <= 45,
        },
      ],
    };
    // Horizontal bars: the largest on top.
    const kinds = [...s.byItemKind].sort((a, b) => a.errands - b.errands);
    const itemKind: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: kinds.map((k) => itemLabel(k.kind)), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('errandStats.series.errands'),
          data: kinds.map((k) => k.errands),
          itemStyle: { color: colors.kinds, borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right' },
          barMaxWidth: 16,
        },
      ],
    };
    const pie = (data: RingSlice[], height: number) => ringChart(data, { narrow, centerX: '32%', height });
    const requesterKind = pie(
      s.byRequesterKind.map((r) => ({
        name: requesterLabel(r.kind),
        value: r.errands,
        color: requesterColors[r.kind],
      })),
      300,
    );
    const complaints = pie(
      s.complaintsByOutcome.map((c) => ({
        name: outcomeLabel(c.outcome),
        value: c.count,
        color: outcomeColors[c.outcome ?? 'open'],
      })),
      260,
    );
    const severalOrgs = new Set(s.byCourier.map((c) => c.courierOrg.id)).size > 1;
    const courierName = (c: TErrandStats['byCourier'][number]) => {
      const name = c.courier?.name ?? t('errandStats.chart.notAccepted');
      return severalOrgs ? `${name}（${c.courierOrg.name}）` : name;
    };
    const courier = courierChart(s.byCourier, {
      name: courierName,
      series: {
        errands: t('errandStats.series.errands'),
        delivered: t('errandStats.series.delivered'),
        declined: t('errandStats.series.declined'),
        median: t('errandStats.series.median'),
      },
      minutes: english ? '{c} min' : '{c} 分',
      narrow,
      labelWidth: severalOrgs ? 140 : 110,
      colors,
    });
    return { daily, itemKind, requesterKind, complaints, courier };
  }, [s, i18n.language, screens.sm]);

  const today = beijingDay(new Date());
  const period: [Dayjs, Dayjs] | null = s ? [dayjs(s.from), dayjs(s.to)] : null;
  const presets = [
    { label: t('errandStats.presets.last7'), value: [addDays(today, -6), today] },
    { label: t('errandStats.presets.last30'), value: [addDays(today, -29), today] },
    { label: t('errandStats.presets.last90'), value: [addDays(today, -89), today] },
    { label: t('errandStats.presets.thisMonth'), value: [`${today.slice(0, 7)}-01`, today] },
    { label: t('errandStats.presets.thisYear'), value: [`${today.slice(0, 4)}-01-01`, today] },
  ].map((p) => ({ label: p.label, value: [dayjs(p.value[0]), dayjs(p.value[1])] as [Dayjs, Dayjs] }));

  const minutesValue = (m: number | null) =>
    m === null ? t('errandStats.kpi.noData') : t('errandStats.kpi.minutes', { m });
  const minutesHint = (m: number | null) =>
    m === null || m < 60 ? undefined : t('errandStats.kpi.about', { d: formatMinutes(m, i18n.language) });
  const d = english ? errandStatsDefinitionsEn : ERRAND_STATS_DEFINITIONS;
  const kpis: Kpi[] = s
    ? [
        {
          key: 'errands',
          title: t('errandStats.kpi.errands'),
          value: s.totals.errands,
          hint: t('errandStats.kpi.errandsHint', { cancelled: s.totals.cancelled }),
          tip: d.errands,
        },
        {
          key: 'delivered',
          title: t('errandStats.kpi.delivered'),
          value: s.totals.delivered,
          hint:
            s.totals.errands > 0
              ? t('errandStats.kpi.deliveredHint', {
                  rate: `${((s.totals.delivered / s.totals.errands) * 100).toFixed(1)}%`,
                })
              : undefined,
          tip: d.delivered,
        },
        {
          key: 'median',
          title: t('errandStats.kpi.median'),
          value: minutesValue(s.totals.medianMinutesToDelivery),
          hint: minutesHint(s.totals.medianMinutesToDelivery),
          tip: d.median,
        },
        {
          key: 'p90',
          title: t('errandStats.kpi.p90'),
          value: minutesValue(s.totals.p90MinutesToDelivery),
          hint: minutesHint(s.totals.p90MinutesToDelivery),
          tip: d.p90,
        },
        {
          key: 'dispatch',
          title: t('errandStats.kpi.dispatch'),
          value: minutesValue(s.totals.medianMinutesToDispatch),
          tip: t('errandStats.notes.dispatch'),
        },
        {
          key: 'open',
          title: t('errandStats.kpi.open'),
          value: s.totals.open,
          hint: t('errandStats.kpi.openHint'),
        },
        {
          key: 'overdue',
          title: t('errandStats.kpi.overdue'),
          value: s.totals.overdue,
          hint: t('errandStats.kpi.overdueHint'),
          tip: `${d.overdue}。${t('errandStats.notes.overdueRule')}`,
          danger: s.totals.overdue > 0,
        },
        {
          key: 'complaints',
          title: t('errandStats.kpi.complaints'),
          value: `${s.totals.complaints} / ${s.totals.complaintsAnswered}`,
          hint: t('errandStats.kpi.complaintsHint', {
            open: s.totals.complaints - s.totals.complaintsAnswered,
          }),
          tip: d.complaints,
        },
      ]
    : [];

  const cardBody = { body: { padding: screens.sm ? 16 : 12 } };
  const chartCard = (title: string, body: ReactNode, testId?: string) => (
    <Card size="small" title={title} styles={cardBody} style={{ height: '100%' }} data-testid={testId}>
      {body}
    </Card>
  );
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('errandStats.chart.empty')} />;
  const hasErrands = (s?.totals.errands ?? 0) > 0;
  const definitions: [string, string][] = [
    ...Object.entries(d),
    ['dispatch', t('errandStats.notes.dispatch')],
    ['overdueRule', t('errandStats.notes.overdueRule')],
    ['byDay', t('errandStats.notes.byDay')],
    ['byItemKind', t('errandStats.notes.byItemKind')],
    ['byCourier', t('errandStats.notes.byCourier')],
  ];

  return (
    <div className="nj-stats">
      <StatsHeader title={t('errandStats.title')} subtitle={t('errandStats.subtitle')}>
        <StatsToolbar
          period={period}
          presets={presets}
          onPeriodChange={(from, to) => setQuery({ from, to })}
          periodLabel={t('errandStats.period')}
          periodTestId="errand-stats-period"
          maxDays={MAX_DAYS}
          noFuture
          onReload={() => void stats.refetch()}
          reloadLabel={t('errandStats.reload')}
          exportState={exportState}
          exportDisabled={!s}
          exportLabel={t('errandStats.export')}
          exportTestId="errand-stats-export"
        >
          <UnionTreePicker
            value={s?.org}
            onChange={(orgId) => setQuery({ orgId })}
            label={t('errandStats.scope')}
            testId="errand-stats-org"
          />
        </StatsToolbar>
      </StatsHeader>

      <DashboardLoadState query={stats} loadFailedText={t('errandStats.loadFailed')} />

      {s && charts && (
        <Space direction="vertical" size={16} style={{ width: '100%', opacity: stats.isFetching ? 0.7 : 1 }}>
          <KpiCards kpis={kpis} testIdPrefix="errand-kpi-" bodyStyle={cardBody} />

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={16}>
              {chartCard(
                t('errandStats.chart.daily'),
                chartHasData(charts.daily) ? (
                  <Chart
                    option={charts.daily}
                    height={300}
                    label={t('errandStats.chart.daily')}
                    testId="errand-chart-daily"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('errandStats.chart.requesterKind'),
                hasErrands ? (
                  <Chart
                    option={charts.requesterKind.option}
                    height={charts.requesterKind.height}
                    label={t('errandStats.chart.requesterKind')}
                    testId="errand-chart-requester"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('errandStats.chart.itemKind'),
                hasErrands ? (
                  <Chart
                    option={charts.itemKind}
                    height={300}
                    label={t('errandStats.chart.itemKind')}
                    testId="errand-chart-items"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} xl={16}>
              {chartCard(
                t('errandStats.chart.courier'),
                s.byCourier.length > 0 ? (
                  <Chart
                    option={charts.courier}
                    height={screens.sm ? 300 : 340}
                    label={t('errandStats.chart.courier')}
                    testId="errand-chart-courier"
                  />
                ) : (
                  empty
                ),
                'errand-stats-courier',
              )}
            </Col>
          </Row>

          <Row gutter={[12, 12]}>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('errandStats.chart.complaints'),
                s.totals.complaints > 0 ? (
                  <Chart
                    option={charts.complaints.option}
                    height={charts.complaints.height}
                    label={t('errandStats.chart.complaints')}
                    testId="errand-chart-complaints"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={16}>
              <Card
                size="small"
                styles={cardBody}
                style={{ height: '100%' }}
                title={t('errandStats.definitions')}
                data-testid="errand-stats-definitions"
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
            </Col>
          </Row>
        </Space>
      )}
    </div>
  );
}
