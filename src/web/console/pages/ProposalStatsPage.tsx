import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Grid, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  type AppealState,
  appealStateLabels,
  type ReferralState,
  referralModeLabels,
  referralStateLabels,
} from '../../../shared/appeals.ts';
import { beijingDay } from '../../../shared/dates.ts';
import {
  PROPOSAL_STATS_DEFINITION_TITLES,
  PROPOSAL_STATS_DEFINITIONS,
  PROPOSAL_STATS_MAX_DAYS,
  type TProposalStats,
} from '../../../shared/proposal-stats.ts';
import {
  type ProposalCategory,
  type ProposalState,
  proposalCategoryLabels,
  proposalStateLabels,
  type TCongress,
} from '../../../shared/proposals.ts';
import { api } from '../../shared/api.ts';
import { Chart, type ChartOption, chartHasData } from '../components/Chart.tsx';
import { DashboardLoadState } from '../components/DashboardLoadState.tsx';
import { type Kpi, KpiCards } from '../components/KpiCards.tsx';
import { type RingSlice, ringChart } from '../components/ringChart.ts';
import { StatsHeader, StatsToolbar, useStatsExport } from '../components/StatsToolbar.tsx';
import { UnionTreePicker } from '../components/UnionTreePicker.tsx';
import {
  appealStateLabelsEn,
  categoryLabelsEn,
  proposalStateLabelsEn,
  proposalStatsDefinitionsEn,
  referralModeLabelsEn,
  referralStateLabelsEn,
  registerProposalStatsStrings,
} from './proposal-stats.i18n.ts';

registerProposalStatsStrings();

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Scope and period as kept in the URL: `?orgId=&congressId=&from=YYYY-MM-DD&to=YYYY-MM-DD`. */
function readParams(params: URLSearchParams) {
  const id = (k: string) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    orgId: id('orgId'),
    congressId: id('congressId'),
    from: DAY.test(from) ? from : undefined,
    to: DAY.test(to) ? to : undefined,
  };
}
type StatsQuery = ReturnType<typeof readParams>;

const colors = {
  proposals: '#1677ff',
  suggestions: '#69b1ff',
  appeals: '#fa8c16',
  closed: '#389e0d',
  appealsClosed: '#d4380d',
  replied: '#13c2c2',
  onTime: '#52c41a',
  overdue: '#ff4d4f',
  satisfied: '#389e0d',
  basically: '#95de64',
  unsatisfied: '#ff7875',
};
const stateColors: Record<ProposalState, string> = {
  draft: '#d9d9d9',
  cosigning: '#d9d9d9',
  submitted: '#faad14',
  returned: '#ffd666',
  filed: '#69b1ff',
  handling: '#1677ff',
  replied: '#13c2c2',
  feedback: '#9254de',
  closed: '#389e0d',
  withdrawn: '#bfbfbf',
};
const appealColors: Record<AppealState, string> = {
  open: '#faad14',
  handling: '#1677ff',
  replied: '#9254de',
  closed: '#389e0d',
  merged: '#bfbfbf',
  to_proposal: '#13c2c2',
  referred: '#fa8c16',
  withdrawn: '#d9d9d9',
};
const referralColors: Record<ReferralState, string> = {
  queued: '#d9d9d9',
  delivered: '#69b1ff',
  accepted: '#1677ff',
  in_progress: '#faad14',
  answered: '#389e0d',
  undeliverable: '#ff4d4f',
};
const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`);
/** The first day of the month eleven months before `day`. */
const twelveMonthsBack = (day: string) => dayjs(day).subtract(11, 'month').startOf('month');

/** 云履职统计: proposals, suggestions, appeals and referrals of the caller's subtree (or a congress). */
export default function ProposalStatsPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const query = readParams(params);
  const english = i18n.language === 'en-US';
  const categoryLabel = (c: ProposalCategory) => (english ? categoryLabelsEn[c] : proposalCategoryLabels[c]);
  const stateLabel = (s: ProposalState) => (english ? proposalStateLabelsEn[s] : proposalStateLabels[s]);
  const appealLabel = (s: AppealState) => (english ? appealStateLabelsEn[s] : appealStateLabels[s]);
  const referralLabel = (s: ReferralState) => (english ? referralStateLabelsEn[s] : referralStateLabels[s]);

  const stats = useQuery({
    queryKey: ['proposals', 'stats', query.orgId, query.congressId, query.from, query.to],
    queryFn: () => api.get<TProposalStats>('/api/v1/proposals/stats', query),
    placeholderData: keepPreviousData,
  });
  const s = stats.data;
  // Congresses of the shown union's subtree for the congress filter.
  const congresses = useQuery({
    queryKey: ['proposals', 'congresses', s?.org.id],
    queryFn: () => api.get<TCongress[]>('/api/v1/proposals/congresses', { orgId: s?.org.id }),
    enabled: Boolean(s),
  });
  const chosenCongress = congresses.data?.find((c) => c.id === query.congressId);

  const setQuery = (next: Partial<StatsQuery>) => {
    const merged = { ...query, ...next };
    const p = new URLSearchParams();
    if (merged.orgId) p.set('orgId', String(merged.orgId));
    if (merged.congressId) p.set('congressId', String(merged.congressId));
    if (merged.from) p.set('from', merged.from);
    if (merged.to) p.set('to', merged.to);
    setParams(p);
  };

  const exportState = useStatsExport(
    '/api/v1/proposals/stats/export',
    query,
    'proposal-stats.xlsx',
    t('proposalStats.exported'),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the label helpers change with the language
  const charts = useMemo(() => {
    if (!s) return null;
    const narrow = !screens.sm;
    const series = (k: keyof typeof colors) => t(`proposalStats.series.${k}`);
    const monthly: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: narrow ? 56 : 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: s.monthly.map((m) => m.month), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...(['proposals', 'suggestions', 'appeals'] as const).map((k) => ({
          type: 'bar' as const,
          name: series(k),
          stack: k === 'appeals' ? 'appeals' : 'proposals',
          data: s.monthly.map((m) => m[k]),
          itemStyle: { color: colors[k] },
          barMaxWidth: 22,
        })),
        ...(['closed', 'appealsClosed'] as const).map((k) => ({
          type: 'line' as const,
          name: series(k),
          data: s.monthly.map((m) => m[k]),
          itemStyle: { color: colors[k] },
          symbolSize: 6,
        })),
      ],
    };
    const pie = (data: RingSlice[], height: number) => ringChart(data, { narrow, height });
    const states = pie(
      s.byState.map((b) => ({
        name: stateLabel(b.state),
        value: b.proposals + b.suggestions,
        color: stateColors[b.state],
      })),
      300,
    );
    const appealStates = pie(
      s.appealsByState.map((b) => ({
        name: appealLabel(b.state),
        value: b.count,
        color: appealColors[b.state],
      })),
      220,
    );
    const referrals = pie(
      s.referrals.byState.map((b) => ({
        name: referralLabel(b.state),
        value: b.count,
        color: referralColors[b.state],
      })),
      196,
    );
    // Horizontal bars, the largest category on top; categories with nothing are left out.
    const cats = s.byCategory
      .filter((c) => c.proposals + c.suggestions + c.appeals > 0)
      .sort((a, b) => a.proposals + a.suggestions + a.appeals - (b.proposals + b.suggestions + b.appeals));
    const categories: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: cats.map((c) => categoryLabel(c.category)),
        axisTick: { show: false },
      },
      series: (['proposals', 'suggestions', 'appeals'] as const).map((k) => ({
        type: 'bar' as const,
        name: series(k),
        stack: 'all',
        data: cats.map((c) => c[k]),
        itemStyle: { color: colors[k] },
        barMaxWidth: 16,
      })),
    };
    const sat = s.satisfaction;
    const satisfaction: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: [t('proposalStats.series.appeals'), t('proposalStats.kpi.submitted')],
        axisTick: { show: false },
      },
      series: (['satisfied', 'basically', 'unsatisfied'] as const).map((k) => ({
        type: 'bar' as const,
        name: series(k),
        stack: 'rating',
        data: [sat.appeals[k], sat.proposals[k]],
        itemStyle: { color: colors[k] },
        label: {
          show: true,
          position: 'inside' as const,
          formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
        },
        barMaxWidth: 28,
      })),
    };
    const orgs: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: narrow ? 80 : 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: s.byOrg.map((o) => o.org.name.replace(/有限公司工会$/, '').replace(/工会$/, '')),
        axisLabel: { interval: 0, width: 110, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('proposalStats.series.assigned'),
          stack: 'assigned',
          data: s.byOrg.map((o) => o.proposals),
          itemStyle: { color: colors.proposals },
          barMaxWidth: 18,
        },
        {
          type: 'bar',
          name: t('proposalStats.series.appealsAssigned'),
          stack: 'assigned',
          data: s.byOrg.map((o) => o.appeals),
          itemStyle: { color: colors.appeals },
          barMaxWidth: 18,
        },
        ...(['replied', 'onTime', 'closed', 'overdue'] as const).map((k) => ({
          type: 'bar' as const,
          name: t(`proposalStats.series.${k === 'closed' ? 'done' : k}`),
          data: s.byOrg.map((o) =>
            k === 'onTime'
              ? o.repliedOnTime
              : k === 'closed'
                ? o.closed
                : k === 'replied'
                  ? o.replied
                  : o.overdue,
          ),
          itemStyle: { color: colors[k] },
          barMaxWidth: 18,
        })),
      ],
    };
    return { monthly, states, appealStates, referrals, categories, satisfaction, orgs };
  }, [s, i18n.language, screens.sm]);

  const today = beijingDay(new Date());
  const period: [Dayjs, Dayjs] | null = s ? [dayjs(s.from), dayjs(s.to)] : null;
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  const presets = [
    { label: t('proposalStats.presets.thisMonth'), value: [dayjs(`${today.slice(0, 7)}-01`), dayjs(today)] },
    { label: t('proposalStats.presets.last12'), value: [twelveMonthsBack(today), dayjs(today)] },
    {
      label: t('proposalStats.presets.thisYear'),
      value: [dayjs(`${today.slice(0, 4)}-01-01`), dayjs(today)],
    },
    {
      label: t('proposalStats.presets.lastYear'),
      value: [dayjs(`${lastYear}-01-01`), dayjs(`${lastYear}-12-31`)],
    },
    ...(chosenCongress
      ? [
          {
            label: t('proposalStats.presets.term'),
            value: [dayjs(chosenCongress.termStart), dayjs([chosenCongress.termEnd, today].sort()[0])],
          },
        ]
      : []),
  ].map((p) => ({ label: p.label, value: p.value as [Dayjs, Dayjs] }));

  const none = t('proposalStats.kpi.none');
  const tt = s?.totals;
  const d = PROPOSAL_STATS_DEFINITIONS;
  const definitionItems = (Object.keys(d) as (keyof typeof d)[]).map((key) => {
    if (english) {
      const [label, text] = proposalStatsDefinitionsEn[key];
      return { key, label, children: text };
    }
    const text = d[key];
    const at = text.indexOf('：');
    return {
      key,
      label: PROPOSAL_STATS_DEFINITION_TITLES[key],
      children: at < 0 ? text : text.slice(at + 1),
    };
  });
  const tip = (key: keyof typeof d) => (english ? proposalStatsDefinitionsEn[key].join(': ') : d[key]);
  const kpis: Kpi[] =
    s && tt
      ? [
          {
            key: 'submitted',
            title: t('proposalStats.kpi.submitted'),
            value: `${tt.proposals} / ${tt.suggestions}`,
            hint: t('proposalStats.kpi.submittedHint', { n: tt.proposals + tt.suggestions }),
            tip: tip('submitted'),
          },
          {
            key: 'closure',
            title: t('proposalStats.kpi.closureRate'),
            value: pct(tt.closureRate) ?? none,
            hint: t('proposalStats.kpi.closureHint', { closed: tt.closed }),
            tip: tip('closureRate'),
          },
          {
            key: 'ontime',
            title: t('proposalStats.kpi.onTimeRate'),
            value: pct(tt.onTimeRate) ?? none,
            hint: t('proposalStats.kpi.onTimeHint', { replied: tt.replied, onTime: tt.repliedOnTime }),
            tip: tip('onTimeRate'),
          },
          {
            key: 'satisfaction',
            title: t('proposalStats.kpi.satisfaction'),
            value: pct(s.satisfaction.proposals.rate) ?? none,
            hint: t('proposalStats.kpi.satisfactionHint', {
              rated:
                s.satisfaction.proposals.satisfied +
                s.satisfaction.proposals.basically +
                s.satisfaction.proposals.unsatisfied,
              reopened: tt.reopened,
            }),
            tip: tip('satisfaction'),
          },
          {
            key: 'overdue',
            title: t('proposalStats.kpi.overdue'),
            value: tt.overdue + tt.appealsOverdue,
            hint: t('proposalStats.kpi.overdueHint', { p: tt.overdue, a: tt.appealsOverdue }),
            tip: tip('overdue'),
            danger: tt.overdue + tt.appealsOverdue > 0,
          },
          {
            key: 'appeals',
            title: t('proposalStats.kpi.appeals'),
            value: tt.appeals,
            hint: t('proposalStats.kpi.appealsHint', {
              supports: tt.appealSupports,
              rate: pct(s.satisfaction.appeals.rate) ?? none,
            }),
          },
          {
            key: 'appealClosure',
            title: t('proposalStats.kpi.appealClosure'),
            value: pct(tt.appealClosureRate) ?? none,
            hint: t('proposalStats.kpi.appealClosureHint', { closed: tt.appealsClosed }),
            tip: tip('closureRate'),
          },
          {
            key: 'referrals',
            title: t('proposalStats.kpi.referrals'),
            value: tt.referrals,
            hint: t('proposalStats.kpi.referralsHint', {
              answered: tt.referralsAnswered,
              rate: pct(tt.referralOnTimeRate) ?? none,
            }),
            tip: tip('referrals'),
          },
        ]
      : [];

  const cardBody = { body: { padding: screens.sm ? 16 : 12 } };
  const chartCard = (title: string, body: ReactNode, testId?: string) => (
    <Card size="small" title={title} styles={cardBody} style={{ height: '100%' }} data-testid={testId}>
      {body}
    </Card>
  );
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('proposalStats.chart.empty')} />;
  const submitted = (tt?.proposals ?? 0) + (tt?.suggestions ?? 0);
  const rated = s
    ? Object.values(s.satisfaction).some((x) => x.satisfied + x.basically + x.unsatisfied > 0)
    : false;
  const modes = s?.referrals.byMode
    .map((m) => `${english ? referralModeLabelsEn[m.mode] : referralModeLabels[m.mode]} ${m.count}`)
    .join(english ? ', ' : '，');

  return (
    <div className="nj-stats">
      <StatsHeader title={t('proposalStats.title')} subtitle={t('proposalStats.subtitle')}>
        <StatsToolbar
          period={period}
          presets={presets}
          onPeriodChange={(from, to) => setQuery({ from, to })}
          periodLabel={t('proposalStats.period')}
          periodTestId="proposal-stats-period"
          maxDays={PROPOSAL_STATS_MAX_DAYS}
          onReload={() => void stats.refetch()}
          reloadLabel={t('proposalStats.reload')}
          exportState={exportState}
          exportDisabled={!s}
          exportLabel={t('proposalStats.export')}
          exportTestId="proposal-stats-export"
        >
          <UnionTreePicker
            value={s?.org}
            onChange={(orgId) => setQuery({ orgId, congressId: undefined })}
            label={t('proposalStats.scope')}
            testId="proposal-stats-org"
          />
          <Select
            aria-label={t('proposalStats.congress')}
            value={query.congressId ?? 0}
            onChange={(v: number) => setQuery({ congressId: v || undefined })}
            options={[
              { value: 0, label: t('proposalStats.allCongresses') },
              ...(congresses.data ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
            popupMatchSelectWidth={false}
            style={{ width: screens.sm ? 240 : '100%' }}
            data-testid="proposal-stats-congress"
          />
        </StatsToolbar>
      </StatsHeader>

      <DashboardLoadState query={stats} loadFailedText={t('proposalStats.loadFailed')} />

      {s && charts && (
        <Space direction="vertical" size={16} style={{ width: '100%', opacity: stats.isFetching ? 0.7 : 1 }}>
          <KpiCards kpis={kpis} testIdPrefix="proposal-kpi-" bodyStyle={cardBody} />

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={16}>
              {chartCard(
                t('proposalStats.chart.monthly'),
                chartHasData(charts.monthly) ? (
                  <Chart
                    option={charts.monthly}
                    height={300}
                    label={t('proposalStats.chart.monthly')}
                    testId="proposal-chart-monthly"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('proposalStats.chart.states'),
                submitted > 0 ? (
                  <Chart
                    option={charts.states.option}
                    height={charts.states.height}
                    label={t('proposalStats.chart.states')}
                    testId="proposal-chart-states"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('proposalStats.chart.categories'),
                submitted + (tt?.appeals ?? 0) > 0 ? (
                  <Chart
                    option={charts.categories}
                    height={300}
                    label={t('proposalStats.chart.categories')}
                    testId="proposal-chart-categories"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} xl={16}>
              {chartCard(
                t('proposalStats.chart.orgs'),
                s.byOrg.length > 0 ? (
                  <Chart
                    option={charts.orgs}
                    height={300}
                    label={t('proposalStats.chart.orgs')}
                    testId="proposal-chart-orgs"
                  />
                ) : (
                  empty
                ),
                'proposal-stats-orgs',
              )}
            </Col>
          </Row>

          <Row gutter={[12, 12]}>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('proposalStats.chart.satisfaction'),
                rated ? (
                  <Chart
                    option={charts.satisfaction}
                    height={220}
                    label={t('proposalStats.chart.satisfaction')}
                    testId="proposal-chart-satisfaction"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('proposalStats.chart.appealStates'),
                (tt?.appeals ?? 0) > 0 ? (
                  <Chart
                    option={charts.appealStates.option}
                    height={charts.appealStates.height}
                    label={t('proposalStats.chart.appealStates')}
                    testId="proposal-chart-appeals"
                  />
                ) : (
                  empty
                ),
              )}
            </Col>
            <Col xs={24} md={12} xl={8}>
              {chartCard(
                t('proposalStats.chart.referrals'),
                (tt?.referrals ?? 0) > 0 ? (
                  <>
                    <Chart
                      option={charts.referrals.option}
                      height={charts.referrals.height}
                      label={t('proposalStats.chart.referrals')}
                      testId="proposal-chart-referrals"
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('proposalStats.mode')}
                      {english ? ': ' : '：'}
                      {modes}
                    </Typography.Text>
                  </>
                ) : (
                  empty
                ),
              )}
            </Col>
          </Row>

          <Row gutter={[12, 12]}>
            <Col xs={24}>
              <Card
                size="small"
                styles={cardBody}
                style={{ height: '100%' }}
                title={t('proposalStats.chart.congresses')}
                data-testid="proposal-stats-congresses"
              >
                <Table
                  size="small"
                  rowKey={(c) => c.congress.id}
                  pagination={false}
                  scroll={{ x: 720 }}
                  dataSource={s.byCongress}
                  locale={{ emptyText: empty }}
                  columns={[
                    {
                      key: 'congress',
                      title: t('proposalStats.table.congress'),
                      render: (_, c) => (
                        <Space direction="vertical" size={0}>
                          <span>{c.congress.name}</span>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {c.termStart} ~ {c.termEnd}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    {
                      key: 'reps',
                      title: t('proposalStats.table.reps'),
                      dataIndex: 'representatives',
                      align: 'right',
                    },
                    {
                      key: 'proposers',
                      title: t('proposalStats.table.proposers'),
                      dataIndex: 'activeProposers',
                      align: 'right',
                    },
                    {
                      key: 'p',
                      title: t('proposalStats.table.proposals'),
                      dataIndex: 'proposals',
                      align: 'right',
                    },
                    {
                      key: 's',
                      title: t('proposalStats.table.suggestions'),
                      dataIndex: 'suggestions',
                      align: 'right',
                    },
                    { key: 'c', title: t('proposalStats.table.closed'), dataIndex: 'closed', align: 'right' },
                    {
                      key: 'rate',
                      title: t('proposalStats.table.closureRate'),
                      align: 'right',
                      render: (_, c) => pct(c.closureRate) ?? none,
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24}>
              <Card
                size="small"
                styles={cardBody}
                style={{ height: '100%' }}
                title={t('proposalStats.definitions')}
                data-testid="proposal-stats-definitions"
              >
                <Descriptions size="small" column={screens.xl ? 2 : 1} items={definitionItems} />
              </Card>
            </Col>
          </Row>
        </Space>
      )}
    </div>
  );
}
