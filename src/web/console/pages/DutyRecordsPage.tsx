/*
 * 履职记录 (/duty/records?congress=&representativeId=&itemCode=&state=&source=&delegation=&page=&pageSize=):
 * every duty record of the term — the platform's automatic ones, representatives' own entries awaiting a
 * cadre (待审核, approve or reject with a reason), the union's awards (认定加减分) — with evidence files
 * and the review timeline in a drawer; a cadre voids a wrong record with a reason.
 * Test ids: duty-congress-select, duty-records-table, duty-record-approve-<id>, duty-record-reject-<id>,
 * duty-record-void-<id>, duty-record-open-<id>, duty-award, duty-award-ok, duty-reason-ok,
 * duty-records-filter-<state|source|item|rep|delegation>.
 */
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type DutyRecordState,
  type DutySource,
  dutyRecordStates,
  dutySources,
  type TDutyRecord,
} from '../../../shared/duty.ts';
import { api } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { DEFAULT_PAGE_SIZE, type PageData, ServerTable } from '../components/ServerTable.tsx';
import { StatsHeader } from '../components/StatsToolbar.tsx';
import { dayNotAfterToday, errorMessage, showFieldErrors } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  DUTY,
  dutyKey,
  leaderboardKey,
  recordStateColor,
  recordsKey,
  schemeKey,
  type TLeaderboard,
  type TScheme,
  useDutyCongress,
} from './duty/api.ts';
import { CongressGate, CongressPicker } from './duty/CongressPicker.tsx';
import { PointsCell } from './duty/cells.tsx';
import { recordStateLabel, sourceLabel } from './duty/duty-pages.i18n.ts';
import { RecordDrawer } from './duty/RecordDrawer.tsx';
import type { TCongress } from './proposals/model.ts';

const FILTERS = ['representativeId', 'itemCode', 'state', 'source', 'delegation'] as const;

export default function DutyRecordsPage() {
  const { t } = useTranslation();
  const state = useDutyCongress();
  return (
    <div className="nj-hs">
      <StatsHeader title={t('dutyPages.records.pageTitle')} subtitle={t('dutyPages.records.subtitle')}>
        <CongressPicker state={state} reset={[...FILTERS, 'page']} />
      </StatsHeader>
      <CongressGate state={state}>{(c) => <Records congress={c} state={state} />}</CongressGate>
    </div>
  );
}

function Records({ congress, state }: { congress: TCongress; state: ReturnType<typeof useDutyCongress> }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const p = state.params;
  const page = Math.max(1, Number(p.get('page')) || 1);
  const pageSize = Number(p.get('pageSize')) || DEFAULT_PAGE_SIZE;
  const filters = {
    representativeId: Number(p.get('representativeId')) || undefined,
    itemCode: p.get('itemCode') || undefined,
    state: (dutyRecordStates as readonly string[]).includes(p.get('state') ?? '')
      ? (p.get('state') as DutyRecordState)
      : undefined,
    source: (dutySources as readonly string[]).includes(p.get('source') ?? '')
      ? (p.get('source') as DutySource)
      : undefined,
    delegation: p.get('delegation') || undefined,
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(p);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    next.delete('page');
    state.setParams(next);
  };
  const clearFilters = () => {
    const next = new URLSearchParams(p);
    for (const k of [...FILTERS, 'page']) next.delete(k);
    state.setParams(next);
  };

  const list = useQuery({
    queryKey: [...recordsKey, congress.id, filters, page, pageSize],
    queryFn: () =>
      api.get<PageData<TDutyRecord>>(`${DUTY}/records`, {
        congressId: congress.id,
        ...filters,
        page,
        pageSize,
      }),
    placeholderData: keepPreviousData,
  });
  const scheme = useQuery({
    queryKey: schemeKey(congress.id),
    queryFn: () => api.get<TScheme>(`${DUTY}/congresses/${congress.id}/scheme`),
  });
  const board = useQuery({
    queryKey: [...leaderboardKey(congress.id), '', ''],
    queryFn: () => api.get<TLeaderboard>(`${DUTY}/congresses/${congress.id}/leaderboard`),
  });
  const reps = board.data?.rows.map((r) => r.representative) ?? [];
  const def = scheme.data?.definition;
  const items = def
    ? [
        ...def.indicators.map((i) => ({ value: i.code, label: i.name })),
        ...def.bonuses.map((i) => ({
          value: i.code,
          label: `${i.name}（${t('dutyPages.records.bonusTag')}）`,
        })),
        ...def.penalties.map((i) => ({
          value: i.code,
          label: `${i.name}（${t('dutyPages.records.penaltyTag')}）`,
        })),
      ]
    : [];
  const archived = congress.state === 'closed' || Boolean(board.data?.archived);
  const mayManage = can('duty.manage') && !archived;

  const [open, setOpen] = useState<TDutyRecord | null>(null);
  const [reasonFor, setReasonFor] = useState<{ record: TDutyRecord; kind: 'reject' | 'void' } | null>(null);
  const [awarding, setAwarding] = useState(false);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: dutyKey });
  };
  const approve = useMutation({
    mutationFn: (r: TDutyRecord) => api.post<TDutyRecord>(`${DUTY}/records/${r.id}/approve`),
    onSuccess: (r) => {
      message.success(t('dutyPages.records.approved', { title: r.title }));
      setOpen((o) => (o?.id === r.id ? r : o));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const actions = (r: TDutyRecord) =>
    mayManage ? (
      <Space size={4} wrap>
        {r.state === 'pending' ? (
          <>
            <Popconfirm
              title={t('dutyPages.records.approveConfirm')}
              onConfirm={() => approve.mutate(r)}
              okButtonProps={{ 'data-testid': 'duty-approve-ok' }}
            >
              <Button size="small" type="primary" data-testid={`duty-record-approve-${r.id}`}>
                {t('dutyPages.records.approve')}
              </Button>
            </Popconfirm>
            <Button
              size="small"
              danger
              onClick={() => setReasonFor({ record: r, kind: 'reject' })}
              data-testid={`duty-record-reject-${r.id}`}
            >
              {t('dutyPages.records.reject')}
            </Button>
          </>
        ) : r.state === 'counted' || r.state === 'approved' ? (
          <Button
            size="small"
            type="text"
            danger
            onClick={() => setReasonFor({ record: r, kind: 'void' })}
            data-testid={`duty-record-void-${r.id}`}
          >
            {t('dutyPages.records.void')}
          </Button>
        ) : null}
      </Space>
    ) : null;

  const columns: TableColumnsType<TDutyRecord> = [
    {
      title: t('dutyPages.records.occurredAt'),
      key: 'at',
      width: 132,
      render: (_: unknown, r) => formatDate(r.occurredAt, i18n.language),
    },
    {
      title: t('dutyPages.records.rep'),
      key: 'rep',
      width: 150,
      render: (_: unknown, r) => (
        <div>
          <Link to={`/duty/representatives/${r.representative.id}`}>{r.representative.name}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.representative.delegation}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('dutyPages.records.title'),
      key: 'title',
      render: (_: unknown, r) => (
        <div>
          <Typography.Link onClick={() => setOpen(r)} data-testid={`duty-record-open-${r.id}`}>
            {r.title}
          </Typography.Link>
          {r.fileCount ? (
            <Tag style={{ marginLeft: 6 }} bordered={false} color="blue">
              {t('dutyPages.records.files', { n: r.fileCount })}
            </Tag>
          ) : null}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {sourceLabel(r.source)}
              {r.rejectReason ? ` · ${t('dutyPages.records.reasonShort', { reason: r.rejectReason })}` : ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('dutyPages.records.item'),
      key: 'item',
      width: 120,
      render: (_: unknown, r) =>
        r.item?.name ?? <Typography.Text type="secondary">{t('dutyPages.records.noItem')}</Typography.Text>,
    },
    {
      title: t('dutyPages.records.state'),
      key: 'state',
      width: 92,
      render: (_: unknown, r) => <Tag color={recordStateColor[r.state]}>{recordStateLabel(r.state)}</Tag>,
    },
    {
      title: t('dutyPages.records.points'),
      key: 'points',
      width: 130,
      align: 'right',
      render: (_: unknown, r) => <PointsCell r={r} />,
    },
    ...(mayManage
      ? [
          {
            title: t('dutyPages.records.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, r: TDutyRecord) => actions(r),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {archived ? <Alert type="info" showIcon title={t('dutyPages.records.archived')} /> : null}
      <Card size="small">
        <Space wrap>
          <Select<DutyRecordState | ''>
            value={filters.state ?? ''}
            onChange={(v) => setFilter('state', v)}
            options={[
              { value: '', label: t('dutyPages.records.allStates') },
              ...dutyRecordStates.map((s) => ({ value: s, label: recordStateLabel(s) })),
            ]}
            style={{ width: 130 }}
            aria-label={t('dutyPages.records.state')}
            data-testid="duty-records-filter-state"
          />
          <Select<string>
            value={filters.itemCode ?? ''}
            onChange={(v) => setFilter('itemCode', v)}
            options={[{ value: '', label: t('dutyPages.records.allItems') }, ...items]}
            style={{ width: 170 }}
            popupMatchSelectWidth={false}
            aria-label={t('dutyPages.records.item')}
            data-testid="duty-records-filter-item"
          />
          <Select<DutySource | ''>
            value={filters.source ?? ''}
            onChange={(v) => setFilter('source', v)}
            options={[
              { value: '', label: t('dutyPages.records.allSources') },
              ...dutySources.map((s) => ({ value: s, label: sourceLabel(s) })),
            ]}
            style={{ width: 190 }}
            popupMatchSelectWidth={false}
            aria-label={t('dutyPages.records.source')}
            data-testid="duty-records-filter-source"
          />
          <Select<string>
            value={filters.delegation ?? ''}
            onChange={(v) => setFilter('delegation', v)}
            options={[
              { value: '', label: t('dutyPages.lb.allDelegations') },
              ...(board.data?.delegations ?? []).map((d) => ({ value: d, label: d })),
            ]}
            style={{ width: 170 }}
            popupMatchSelectWidth={false}
            aria-label={t('dutyPages.lb.delegation')}
            data-testid="duty-records-filter-delegation"
          />
          <Select<number>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.representativeId}
            onChange={(v) => setFilter('representativeId', v)}
            options={reps.map((r) => ({ value: r.id, label: `${r.name}（${r.delegation}）` }))}
            placeholder={t('dutyPages.records.allReps')}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            aria-label={t('dutyPages.records.rep')}
            data-testid="duty-records-filter-rep"
          />
          {filtered ? <Button onClick={clearFilters}>{t('dutyPages.common.clearFilters')}</Button> : null}
          {mayManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAwarding(true)}
              data-testid="duty-award"
            >
              {t('dutyPages.records.award')}
            </Button>
          ) : null}
        </Space>
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dutyPages.records.pendingHint')}
          </Typography.Text>
        </div>
      </Card>
      <ServerTable<TDutyRecord>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={(pg, size) => {
          const next = new URLSearchParams(p);
          if (pg > 1) next.set('page', String(pg));
          else next.delete('page');
          if (size !== DEFAULT_PAGE_SIZE) next.set('pageSize', String(size));
          else next.delete('pageSize');
          state.setParams(next);
        }}
        filtered={filtered}
        onClearFilters={clearFilters}
        scrollX={1000}
        testId="duty-records-table"
        text={{
          loadFailed: t('dutyPages.records.loadFailed'),
          empty: t('dutyPages.records.empty'),
          emptyFiltered: t('dutyPages.records.emptyFiltered'),
          clearFilters: t('dutyPages.common.clearFilters'),
        }}
      />
      <RecordDrawer record={open} onClose={() => setOpen(null)} actions={open ? actions(open) : null} />
      <ReasonModal
        target={reasonFor}
        onClose={() => setReasonFor(null)}
        onDone={(r) => {
          setReasonFor(null);
          setOpen((o) => (o?.id === r.id ? r : o));
          refresh();
        }}
      />
      {def ? (
        <AwardModal
          open={awarding}
          reps={reps}
          items={[
            ...def.bonuses.map((i) => ({
              value: i.code,
              label: `${t('dutyPages.records.bonusTag')} · ${i.name}（+${i.points}）`,
            })),
            ...def.penalties.map((i) => ({
              value: i.code,
              label: `${t('dutyPages.records.penaltyTag')} · ${i.name}（−${i.points}）`,
            })),
          ]}
          onClose={() => setAwarding(false)}
          onDone={() => {
            setAwarding(false);
            refresh();
          }}
        />
      ) : null}
    </Space>
  );
}

function ReasonModal({
  target,
  onClose,
  onDone,
}: {
  target: { record: TDutyRecord; kind: 'reject' | 'void' } | null;
  onClose: () => void;
  onDone: (r: TDutyRecord) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: (v: { reason: string }) =>
      api.post<TDutyRecord>(`${DUTY}/records/${target?.record.id}/${target?.kind}`, {
        reason: v.reason.trim(),
      }),
    onSuccess: (r) => {
      message.success(
        target?.kind === 'reject' ? t('dutyPages.records.rejected') : t('dutyPages.records.voided'),
      );
      form.resetFields();
      onDone(r);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  const kind = target?.kind ?? 'reject';
  return (
    <Modal
      open={Boolean(target)}
      title={t(`dutyPages.records.${kind}Title`, { title: target?.record.title })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(`dutyPages.records.${kind}`)}
      okButtonProps={{ danger: true, loading: save.isPending, 'data-testid': 'duty-reason-ok' }}
      destroyOnHidden
    >
      {kind === 'void' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('dutyPages.records.voidHint')} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} preserve={false}>
        <Form.Item
          name="reason"
          label={t('dutyPages.records.reason')}
          rules={[
            { required: true, whitespace: true, message: t('dutyPages.records.reasonRequired') },
            { min: 2, message: t('dutyPages.records.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="duty-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AwardForm {
  representativeId: number;
  itemCode: string;
  title: string;
  occurredOn: Dayjs;
  detail?: string;
}

function AwardModal({
  open,
  reps,
  items,
  onClose,
  onDone,
}: {
  open: boolean;
  reps: { id: number; name: string; delegation: string }[];
  items: { value: string; label: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AwardForm>();
  const save = useMutation({
    mutationFn: (v: AwardForm) =>
      api.post<TDutyRecord>(`${DUTY}/records/award`, {
        representativeId: v.representativeId,
        itemCode: v.itemCode,
        title: v.title.trim(),
        detail: v.detail?.trim() || null,
        occurredOn: v.occurredOn.format('YYYY-MM-DD'),
      }),
    onSuccess: (r) => {
      message.success(t('dutyPages.records.awarded', { name: r.representative.name, title: r.title }));
      form.resetFields();
      onDone();
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  return (
    <Modal
      open={open}
      title={t('dutyPages.records.award')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'duty-award-ok' }}
      destroyOnHidden
    >
      <Form<AwardForm>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{ occurredOn: dayjs() }}
        preserve={false}
      >
        <Form.Item
          name="representativeId"
          label={t('dutyPages.records.rep')}
          rules={[{ required: true, message: t('dutyPages.records.repRequired') }]}
        >
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            options={reps.map((r) => ({ value: r.id, label: `${r.name}（${r.delegation}）` }))}
            data-testid="duty-award-rep"
          />
        </Form.Item>
        <Form.Item
          name="itemCode"
          label={t('dutyPages.records.awardItem')}
          rules={[{ required: true, message: t('dutyPages.records.itemRequired') }]}
        >
          <Select<string> options={items} data-testid="duty-award-item" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('dutyPages.records.awardTitle')}
          rules={[
            { required: true, whitespace: true, min: 2, message: t('dutyPages.records.titleRequired') },
          ]}
        >
          <Input maxLength={60} data-testid="duty-award-title" />
        </Form.Item>
        <Form.Item
          name="occurredOn"
          label={t('dutyPages.records.occurredAt')}
          rules={[
            { required: true, message: t('msg.required', { field: t('dutyPages.records.occurredAt') }) },
            dayNotAfterToday(t, t('dutyPages.records.occurredAt')),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="detail" label={t('dutyPages.records.detail')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
