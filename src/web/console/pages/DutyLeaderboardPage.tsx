/*
 * 履职积分排行 (/duty/leaderboard?congress=<id>&delegation=&q=&tab=rank|idle): the term's representatives
 * ranked by total score under the scheme in force (or the archive snapshot once the term is archived),
 * with every indicator's points, a bar chart (top 10 or the average per 代表小组), the Excel export and
 * the 长期未履职 list (no record for N days).
 * Test ids: duty-congress-select, duty-delegation-filter, duty-export, duty-leaderboard-table,
 * duty-leaderboard-chart, duty-archived, duty-idle-table, duty-idle-days.
 */

import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TLeaderboardRow } from '../../../shared/duty.ts';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { DashboardLoadState } from '../components/DashboardLoadState.tsx';
import { columnsWidth } from '../components/ServerTable.tsx';
import { StatsHeader, useStatsExport } from '../components/StatsToolbar.tsx';
import { errorMessage } from '../forms.ts';
import {
  DUTY,
  dutyKey,
  fmt,
  leaderboardKey,
  schemeKey,
  type TLeaderboard,
  type TScheme,
  useDutyCongress,
} from './duty/api.ts';
import { CongressGate, CongressPicker } from './duty/CongressPicker.tsx';
import type { TCongress } from './proposals/model.ts';

interface IdleRow {
  representative: { id: number; name: string; delegation: string; org: { id: number; name: string } };
  lastRecordAt: string | null;
  idleDays: number | null;
  remindedAt: string | null;
}

export default function DutyLeaderboardPage() {
  const { t } = useTranslation();
  const state = useDutyCongress();
  const tab = state.params.get('tab') === 'idle' ? 'idle' : 'rank';
  const setTab = (k: string) => {
    const next = new URLSearchParams(state.params);
    if (k === 'idle') next.set('tab', 'idle');
    else next.delete('tab');
    state.setParams(next);
  };
  return (
    <div className="nj-stats">
      <StatsHeader title={t('dutyPages.lb.title')} subtitle={t('dutyPages.lb.subtitle')}>
        <CongressPicker state={state} reset={['delegation', 'q']} />
      </StatsHeader>
      <CongressGate state={state}>
        {(congress) => (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            destroyOnHidden
            items={[
              {
                key: 'rank',
                label: t('dutyPages.lb.tabRank'),
                children: <Ranking congress={congress} state={state} />,
              },
              {
                key: 'idle',
                label: <span data-testid="duty-idle-tab">{t('dutyPages.lb.tabIdle')}</span>,
                children: <IdleList congress={congress} />,
              },
            ]}
          />
        )}
      </CongressGate>
    </div>
  );
}

function Ranking({ congress, state }: { congress: TCongress; state: ReturnType<typeof useDutyCongress> }) {
  const { t, i18n } = useTranslation();
  const delegation = state.params.get('delegation') ?? '';
  const q = state.params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [chartMode, setChartMode] = useState<'top' | 'delegation'>('top');
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(state.params);
    if (value) next.set(key, value);
    else next.delete(key);
    state.setParams(next);
  };
  const board = useQuery({
    queryKey: [...leaderboardKey(congress.id), delegation, q],
    queryFn: () =>
      api.get<TLeaderboard>(`${DUTY}/congresses/${congress.id}/leaderboard`, {
        delegation: delegation || undefined,
        q: q || undefined,
      }),
    placeholderData: keepPreviousData,
  });
  const b = board.data?.congress.id === congress.id ? board.data : undefined;
  const exportState = useStatsExport(
    `${DUTY}/congresses/${congress.id}/leaderboard/export`,
    // The file lists what the screen lists: the same group and name search.
    { delegation: delegation || undefined, q: q || undefined },
    'duty-leaderboard.xlsx',
    t('dutyPages.lb.exported'),
  );

  const indicators = useMemo(() => (b?.rows[0]?.items ?? []).filter((i) => i.kind === 'indicator'), [b]);

  const chart = useMemo((): ChartOption | null => {
    if (!b || b.rows.length === 0) return null;
    if (chartMode === 'top') {
      const top = b.rows.slice(0, 10).reverse();
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value' },
        yAxis: {
          type: 'category',
          data: top.map((r) => `${r.rank}. ${r.representative.name}`),
          axisTick: { show: false },
        },
        series: [
          {
            type: 'bar',
            name: t('dutyPages.lb.total'),
            data: top.map((r) => r.total),
            itemStyle: { color: '#1677ff' },
            label: { show: true, position: 'right' },
            barMaxWidth: 18,
          },
        ],
      };
    }
    const groups = new Map<string, number[]>();
    for (const r of b.rows) {
      const list = groups.get(r.representative.delegation) ?? [];
      list.push(r.total);
      groups.set(r.representative.delegation, list);
    }
    const avg = [...groups.entries()]
      .map(([name, totals]) => ({
        name,
        avg: Math.round((totals.reduce((s, v) => s + v, 0) / totals.length) * 100) / 100,
        n: totals.length,
      }))
      .sort((x, y) => x.avg - y.avg);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: avg.map((g) => t('dutyPages.lb.groupLabel', { name: g.name, n: g.n })),
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          name: t('dutyPages.lb.avgTotal'),
          data: avg.map((g) => g.avg),
          itemStyle: { color: '#13c2c2' },
          label: { show: true, position: 'right' },
          barMaxWidth: 18,
        },
      ],
    };
  }, [b, chartMode, t]);

  const columns: TableColumnsType<TLeaderboardRow> = [
    { title: t('dutyPages.lb.rank'), dataIndex: 'rank', width: 56, fixed: 'left', align: 'center' },
    {
      // The group and the rank in it sit under the name: a column of their own pushed 加分/减分 off a
      // 1366-px screen.
      title: t('dutyPages.lb.repAndDelegation'),
      key: 'rep',
      width: 150,
      fixed: 'left',
      render: (_: unknown, r) => (
        <div>
          <Link
            to={`/duty/representatives/${r.representative.id}`}
            data-testid={`duty-rep-${r.representative.id}`}
          >
            {r.representative.name}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.representative.delegation} · {t('dutyPages.lb.delegationRank', { n: r.delegationRank })}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...indicators.map((ind) => ({
      title: (
        <span>
          {ind.name}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('dutyPages.lb.cap', { n: ind.cap ?? '—' })}
          </Typography.Text>
        </span>
      ),
      key: ind.code,
      width: 78,
      align: 'right' as const,
      render: (_: unknown, r: TLeaderboardRow) => {
        const it = r.items.find((x) => x.code === ind.code);
        if (!it) return '—';
        const full = it.cap !== null && it.points >= it.cap;
        return <span style={full ? { color: '#389e0d', fontWeight: 600 } : undefined}>{fmt(it.points)}</span>;
      },
    })),
    {
      title: t('dutyPages.lb.bonus'),
      key: 'bonus',
      width: 64,
      align: 'right',
      render: (_: unknown, r) => (r.bonus ? <span style={{ color: '#389e0d' }}>+{fmt(r.bonus)}</span> : '0'),
    },
    {
      title: t('dutyPages.lb.penalty'),
      key: 'penalty',
      width: 64,
      align: 'right',
      render: (_: unknown, r) =>
        r.penalty ? <span style={{ color: '#cf1322' }}>−{fmt(r.penalty)}</span> : '0',
    },
    {
      title: t('dutyPages.lb.total'),
      key: 'total',
      width: 84,
      align: 'right',
      fixed: 'right',
      render: (_: unknown, r) => <Typography.Text strong>{fmt(r.total)}</Typography.Text>,
    },
    {
      title: t('dutyPages.lb.records'),
      dataIndex: 'records',
      width: 68,
      align: 'right',
      fixed: 'right',
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Select<string>
          value={delegation}
          onChange={(v) => setParam('delegation', v)}
          options={[
            { value: '', label: t('dutyPages.lb.allDelegations') },
            ...(b?.delegations ?? []).map((d) => ({ value: d, label: d })),
          ]}
          style={{ width: 200 }}
          aria-label={t('dutyPages.lb.delegation')}
          data-testid="duty-delegation-filter"
        />
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setParam('q', v.trim())}
          placeholder={t('dutyPages.lb.searchName')}
          style={{ width: 200 }}
          data-testid="duty-leaderboard-search"
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void board.refetch()}
          aria-label={t('dutyPages.common.reload')}
        />
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={exportState.exporting}
          disabled={!b}
          onClick={() => void exportState.exportXlsx()}
          data-testid="duty-export"
        >
          {t('dutyPages.lb.export')}
        </Button>
      </Space>

      <DashboardLoadState query={board} loadFailedText={t('dutyPages.lb.loadFailed')} />

      {b ? (
        <>
          {b.archived ? (
            <Alert
              type="info"
              showIcon
              data-testid="duty-archived"
              title={
                <Space>
                  <Tag color="purple">{t('dutyPages.common.archivedTag')}</Tag>
                  {t('dutyPages.lb.archivedAt', { at: formatDateTime(b.archivedAt, i18n.language) })}
                </Space>
              }
              description={t('dutyPages.lb.archivedHint')}
            />
          ) : null}
          <Card
            size="small"
            title={t('dutyPages.lb.chartTitle')}
            extra={
              <Segmented<'top' | 'delegation'>
                size="small"
                value={chartMode}
                onChange={setChartMode}
                options={[
                  { value: 'top', label: t('dutyPages.lb.chartTop') },
                  { value: 'delegation', label: t('dutyPages.lb.chartDelegation') },
                ]}
              />
            }
          >
            {chart ? (
              <Chart
                option={chart}
                height={chartMode === 'top' ? Math.max(160, Math.min(b.rows.length, 10) * 32 + 20) : 260}
                label={t('dutyPages.lb.chartTitle')}
                testId="duty-leaderboard-chart"
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dutyPages.lb.empty')} />
            )}
          </Card>
          <Card
            size="small"
            title={t('dutyPages.lb.tableTitle', { n: b.rows.length, v: b.schemeVersion })}
            styles={{ body: { padding: 0 } }}
          >
            <Table<TLeaderboardRow>
              data-testid="duty-leaderboard-table"
              rowKey={(r) => r.representative.id}
              size="middle"
              columns={columns}
              dataSource={b.rows}
              loading={board.isFetching}
              pagination={false}
              scroll={{ x: columnsWidth(columns) }}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={delegation || q ? t('dutyPages.lb.emptyFiltered') : t('dutyPages.lb.empty')}
                  />
                ),
              }}
            />
          </Card>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('dutyPages.common.definition')}
            {b.definition}
          </Typography.Paragraph>
        </>
      ) : null}
    </Space>
  );
}

function IdleList({ congress }: { congress: TCongress }) {
  const { t, i18n } = useTranslation();
  const scheme = useQuery({
    queryKey: schemeKey(congress.id),
    queryFn: () => api.get<TScheme>(`${DUTY}/congresses/${congress.id}/scheme`),
  });
  // The scheme's reminder days until the user picks another number.
  const [picked, setDays] = useState<number | null>(null);
  const days = picked ?? scheme.data?.definition.idleReminderDays ?? 30;
  const idle = useQuery({
    queryKey: [...dutyKey, 'idle', congress.id, days],
    queryFn: () => api.get<IdleRow[]>(`${DUTY}/congresses/${congress.id}/idle`, { days }),
    placeholderData: keepPreviousData,
    enabled: picked !== null || !scheme.isPending,
  });
  const columns: TableColumnsType<IdleRow> = [
    {
      title: t('dutyPages.lb.rep'),
      key: 'rep',
      width: 110,
      render: (_: unknown, r) => (
        <Link to={`/duty/representatives/${r.representative.id}`}>{r.representative.name}</Link>
      ),
    },
    {
      title: t('dutyPages.lb.delegation'),
      key: 'd',
      width: 180,
      render: (_: unknown, r) => r.representative.delegation,
    },
    { title: t('dutyPages.idle.org'), key: 'o', render: (_: unknown, r) => r.representative.org.name },
    {
      title: t('dutyPages.idle.last'),
      key: 'last',
      width: 160,
      render: (_: unknown, r) =>
        r.lastRecordAt ? formatDate(r.lastRecordAt, i18n.language) : t('dutyPages.idle.never'),
    },
    {
      title: t('dutyPages.idle.days'),
      key: 'days',
      width: 110,
      align: 'right',
      render: (_: unknown, r) =>
        r.idleDays === null ? (
          '—'
        ) : (
          <Typography.Text type="danger">{t('dutyPages.idle.nDays', { n: r.idleDays })}</Typography.Text>
        ),
    },
    {
      title: t('dutyPages.idle.reminded'),
      key: 'reminded',
      width: 170,
      render: (_: unknown, r) =>
        r.remindedAt ? formatDateTime(r.remindedAt, i18n.language) : t('dutyPages.idle.notReminded'),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('dutyPages.idle.daysLabel')}</span>
        <InputNumber<number>
          min={1}
          max={365}
          value={days}
          onChange={(v) => v && setDays(v)}
          addonAfter={t('dutyPages.idle.dayUnit')}
          style={{ width: 140 }}
          data-testid="duty-idle-days"
        />
        <Typography.Text type="secondary">{t('dutyPages.idle.hint')}</Typography.Text>
      </Space>
      {idle.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('dutyPages.idle.loadFailed')}
          description={errorMessage(idle.error)}
          action={
            <Button size="small" onClick={() => void idle.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : null}
      <Table<IdleRow>
        data-testid="duty-idle-table"
        rowKey={(r) => r.representative.id}
        size="middle"
        columns={columns}
        dataSource={idle.data ?? []}
        loading={idle.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dutyPages.idle.empty')} />,
        }}
      />
    </Space>
  );
}
