import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Grid, Select, Space, type TableColumnsType, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { transferStates } from '../../../shared/hardship-transfer.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, type PageData, ServerTable } from '../components/ServerTable.tsx';
import {
  DecideTransferModal,
  type TransferAction,
  type TransferState,
  TransferStateTag,
  type TTransfer,
  transfersKey,
} from './hardship/TransferParts.tsx';
import './hardship/hardship.css';

type Box = 'incoming' | 'outgoing';

const isTransferState = (v: string | null): v is TransferState =>
  v !== null && (transferStates as readonly string[]).includes(v);

/** `?box=incoming|outgoing&state=&page=&pageSize=` */
function readParams(params: URLSearchParams) {
  const box: Box = params.get('box') === 'outgoing' ? 'outgoing' : 'incoming';
  const raw = params.get('state');
  const state = isTransferState(raw) ? raw : undefined;
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  return { box, state, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

/** 档案移交: transfers to the unions of the caller's subtree (待接收) and from them (已发起). */
export default function HardshipTransfersPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { box, state, page, pageSize } = readParams(params);
  const [deciding, setDeciding] = useState<{ transfer: TTransfer; action: TransferAction } | null>(null);

  const list = useQuery({
    queryKey: [...transfersKey, 'box', box, state, page, pageSize],
    queryFn: () => api.get<PageData<TTransfer>>('/api/v1/hardship/transfers', { box, state, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const go = (next: { box?: Box; state?: TransferState | undefined }, nextPage = 1, nextSize = pageSize) => {
    const b = next.box ?? box;
    setParams(
      listSearchParams(
        { box: b === 'incoming' ? undefined : b, state: 'state' in next ? next.state : state },
        nextPage,
        nextSize,
      ),
    );
  };

  /** The archive can be opened by whoever holds it now. */
  const canOpen = (tr: TTransfer) => (box === 'incoming' ? tr.state === 'accepted' : tr.state !== 'accepted');

  const columns: TableColumnsType<TTransfer> = [
    {
      key: 'name',
      title: t('hardshipTransfer.col.name'),
      width: 100,
      render: (_, tr) =>
        canOpen(tr) ? <Link to={`/hardship/${tr.archiveId}`}>{tr.archiveName}</Link> : tr.archiveName,
    },
    { key: 'from', title: t('hardshipTransfer.col.from'), width: 150, render: (_, tr) => tr.fromOrg.name },
    { key: 'to', title: t('hardshipTransfer.col.to'), width: 150, render: (_, tr) => tr.toOrg.name },
    {
      key: 'reason',
      title: t('hardshipTransfer.col.reason'),
      // Takes what the others leave (140 at 1366 px, two lines, the rest in a tooltip).
      width: 140,
      render: (_, tr) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: tr.reason }} style={{ margin: 0 }}>
          {tr.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'state',
      title: t('hardshipTransfer.col.state'),
      width: 90,
      render: (_, tr) => <TransferStateTag state={tr.state} />,
    },
    {
      key: 'requested',
      title: t('hardshipTransfer.col.requested'),
      width: 150,
      render: (_, tr) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {tr.requestedBy ?? '—'}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(tr.requestedAt, i18n.language)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'decided',
      title: t('hardshipTransfer.col.decided'),
      width: 150,
      render: (_, tr) =>
        tr.decidedAt ? (
          <span>
            {tr.decidedBy ?? '—'}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(tr.decidedAt, i18n.language)}
            </Typography.Text>
            {tr.decisionNote ? (
              <Typography.Paragraph
                type="secondary"
                ellipsis={{ rows: 2, tooltip: tr.decisionNote }}
                style={{ margin: 0, fontSize: 12 }}
              >
                {tr.decisionNote}
              </Typography.Paragraph>
            ) : null}
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('hardshipTransfer.col.actions'),
      width: 140,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, tr) => (
        <Space size={4} wrap>
          {tr.actions.map((act) => (
            <Button
              key={act}
              size="small"
              type={act === 'accept' ? 'primary' : 'link'}
              danger={act !== 'accept'}
              onClick={() => setDeciding({ transfer: tr, action: act })}
              data-testid={`transfer-${act}-${tr.id}`}
            >
              {t(`hardshipTransfer.action.${act}`)}
            </Button>
          ))}
          {tr.actions.length === 0 && canOpen(tr) ? (
            <Link to={`/hardship/${tr.archiveId}`}>{t('hardshipTransfer.open')}</Link>
          ) : null}
        </Space>
      ),
    },
  ];

  const data = list.data;
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('hardshipTransfer.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('hardshipTransfer.subtitle')}</Typography.Paragraph>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <Tabs
          activeKey={box}
          onChange={(k) => go({ box: k as Box })}
          items={[
            { key: 'incoming', label: t('hardshipTransfer.tab.incoming') },
            { key: 'outgoing', label: t('hardshipTransfer.tab.outgoing') },
          ]}
          tabBarExtraContent={
            <Select<TransferState>
              allowClear
              aria-label={t('hardshipTransfer.filter.state')}
              placeholder={t('hardshipTransfer.filter.all')}
              value={state}
              onChange={(v) => go({ state: v ?? undefined })}
              options={transferStates.map((s) => ({ value: s, label: t(`hardshipTransfer.state.${s}`) }))}
              style={{ width: 130 }}
              data-testid="transfer-state-filter"
            />
          }
        />
        <div className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {data ? t('hardshipTransfer.total', { count: data.total }) : ''}
          </Typography.Text>
        </div>
        <ServerTable<TTransfer>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => go({}, p, size)}
          filtered={state !== undefined}
          onClearFilters={() => go({ state: undefined })}
          testId="transfer-table"
          text={{
            loadFailed: t('hardshipTransfer.loadFailed'),
            empty: t(`hardshipTransfer.empty.${box}`),
            emptyFiltered: t('hardshipTransfer.emptyFiltered'),
            clearFilters: t('hardshipTransfer.clearFilters'),
          }}
        />
      </Card>

      <DecideTransferModal
        transfer={deciding?.transfer ?? null}
        action={deciding?.action ?? null}
        onClose={() => setDeciding(null)}
        onDone={(tr, action) => {
          if (action === 'accept') navigate(`/hardship/${tr.archiveId}`);
        }}
      />
    </div>
  );
}
