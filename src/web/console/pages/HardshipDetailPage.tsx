import { ArrowLeftOutlined, GiftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Grid,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { transferableStates } from '../../../shared/hardship-transfer.ts';
import { ApiError, api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { ActionModal } from './hardship/ActionModal.tsx';
import { AssistanceSection } from './hardship/AssistanceParts.tsx';
import { HelperSection, TimelineSection, useVisitCount, VisitsSection } from './hardship/activity.tsx';
import { DocumentsSection } from './hardship/DocumentsSection.tsx';
import {
  type ArchiveEvent,
  archiveKey,
  canVisitIn,
  categoryColor,
  eventsFor,
  isLive,
  stateColor,
  type TArchive,
  todayCst,
  useLabels,
} from './hardship/model.ts';
import { QrButton } from './hardship/QrPanel.tsx';
import {
  BasicSection,
  CausesSection,
  HousingSection,
  IncomeSection,
  PlanSection,
} from './hardship/sections.tsx';
import {
  DecideTransferModal,
  PendingTransferBanner,
  ProposeTransferButton,
  ProposeTransferModal,
  type TransferAction,
  TransferHistory,
  useArchiveTransfers,
} from './hardship/TransferParts.tsx';
import './hardship/hardship.css';

const tabKeys = [
  'basic',
  'helper',
  'causes',
  'income',
  'housing',
  'plan',
  'visits',
  'docs',
  'assistance',
  'timeline',
  'transfers',
] as const;
type TabKey = (typeof tabKeys)[number];

/** 困难职工档案详情: the six sections, visits, timeline and the lifecycle steps open to the caller. */
export default function HardshipDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const id = Number(raw);
  const valid = Number.isInteger(id) && id > 0 && id <= 2_147_483_647;
  const archive = useQuery({
    queryKey: archiveKey(id),
    queryFn: () => api.get<TArchive>(`/api/v1/hardship/archives/${id}`),
    enabled: valid,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });

  const back = (
    <Link to="/hardship">
      <ArrowLeftOutlined /> {t('hardship.detail.back')}
    </Link>
  );

  if (!valid || (archive.error instanceof ApiError && archive.error.status === 404)) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Empty description={t('hardship.detail.notFound')} />
        </Card>
      </div>
    );
  }
  if (archive.isError) {
    return (
      <div className="nj-hs">
        {back}
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('hardship.detail.loadFailed')}
          description={errorMessage(archive.error)}
          action={
            <Button size="small" onClick={() => void archive.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (archive.isPending) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </div>
    );
  }
  return <Detail archive={archive.data} back={back} />;
}

function Detail({ archive: a, back }: { archive: TArchive; back: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, can } = useSession();
  const label = useLabels();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [event, setEvent] = useState<ArchiveEvent | null>(null);
  const [proposing, setProposing] = useState(false);
  const [deciding, setDeciding] = useState<TransferAction | null>(null);
  const transfers = useArchiveTransfers(a.id);
  const pending = transfers.data?.items.find((x) => x.state === 'pending') ?? null;
  const screens = Grid.useBreakpoint();
  const visitCount = useVisitCount(a.id);
  const tabParam = params.get('tab');
  const tab: TabKey = (tabKeys as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as TabKey)
    : 'basic';

  const live = isLive(a.state);
  const editable = live && can('hardship.update');
  const events = can('hardship.view') ? eventsFor(a.state, me.active?.role) : [];
  const transferBlocked = !(transferableStates as readonly string[]).includes(a.state)
    ? t('hardshipTransfer.propose.notNow')
    : pending
      ? t('hardshipTransfer.propose.pendingNow')
      : null;

  /** Why a step cannot be taken yet (the server says the same, this just saves a round trip). */
  const blocked = (e: ArchiveEvent): string | null => {
    if (e === 'submit' && visitCount === 0) return t('hardship.action.needVisit');
    if (e === 'approve' && !a.income.category) return t('hardship.action.needCategory');
    if (e === 'approve' && a.publicity && a.publicity.end >= todayCst())
      return t('hardship.action.publicityRunning', { end: a.publicity.end });
    return null;
  };

  const tabItems: { key: TabKey; label: string; children: React.ReactNode }[] = [
    {
      key: 'basic',
      label: t('hardship.tab.basic'),
      children: <BasicSection archive={a} editable={editable} canReveal={can('hardship.viewPii')} />,
    },
    {
      key: 'helper',
      label: t('hardship.tab.helper'),
      children: <HelperSection archive={a} canAssign={live && can('hardship.assignHelper')} />,
    },
    {
      key: 'causes',
      label: t('hardship.tab.causes'),
      children: <CausesSection archive={a} editable={editable} />,
    },
    {
      key: 'income',
      label: t('hardship.tab.income'),
      children: <IncomeSection archive={a} editable={editable} />,
    },
    {
      key: 'housing',
      label: t('hardship.tab.housing'),
      children: <HousingSection archive={a} editable={editable} />,
    },
    { key: 'plan', label: t('hardship.tab.plan'), children: <PlanSection archive={a} editable={editable} /> },
    {
      key: 'visits',
      label: visitCount ? `${t('hardship.tab.visits')} (${visitCount})` : t('hardship.tab.visits'),
      children: <VisitsSection archive={a} canVisit={canVisitIn(a.state) && can('hardship.visit')} />,
    },
    {
      key: 'docs',
      label: t('hardship.tab.docs'),
      children: <DocumentsSection archiveId={a.id} canUpload={can('hardship.update')} />,
    },
    {
      key: 'assistance',
      label: t('hardship.tab.assistance'),
      children: <AssistanceSection archive={a} />,
    },
    { key: 'timeline', label: t('hardship.tab.timeline'), children: <TimelineSection archive={a} /> },
    {
      key: 'transfers',
      label: t('hardshipTransfer.history.tab'),
      children: <TransferHistory archiveId={a.id} />,
    },
  ];

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }} styles={{ body: { padding: screens.sm ? 24 : 14 } }}>
        <div className="nj-hs-head">
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center">
              <Typography.Title level={2} style={{ fontSize: 20 }} data-testid="hardship-name">
                {a.basic.name}
              </Typography.Title>
              <Tag color={stateColor[a.state]} style={{ marginInlineEnd: 0 }} data-testid="hardship-state">
                {label('state', a.state)}
              </Tag>
              {a.income.category ? (
                <Tag color={categoryColor[a.income.category]} style={{ marginInlineEnd: 0 }}>
                  {label('category', a.income.category)}
                </Tag>
              ) : null}
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('hardship.detail.id', { id: a.id })} · {a.org.name} ·{' '}
              <span className="nj-hs-mono">{a.basic.idCard}</span>
            </Typography.Paragraph>
          </div>
          <Space wrap>
            {a.state === 'filed' ? <QrButton archiveId={a.id} /> : null}
            {/* 微心愿: a cadre posts a wish on the worker's behalf (the wish list's 代为发布, preset). */}
            {a.state === 'filed' && can('wish.post') ? (
              <Button
                icon={<GiftOutlined />}
                onClick={() => navigate(`/wishes?post=${a.id}`)}
                data-testid="hardship-post-wish"
              >
                {t('wishLinks.postForArchive')}
              </Button>
            ) : null}
            {can('hardship.transfer') && live ? (
              <ProposeTransferButton disabledReason={transferBlocked} onClick={() => setProposing(true)} />
            ) : null}
          </Space>
          {events.length > 0 ? (
            <section aria-label={t('hardship.detail.actionsAria')} className="nj-hs-actions">
              {events.map((e) => {
                const reason = blocked(e);
                const button = (
                  <Button
                    key={e}
                    type={e === 'reject' || e === 'exit' ? 'default' : 'primary'}
                    danger={e === 'reject'}
                    disabled={reason !== null}
                    onClick={() => setEvent(e)}
                    data-testid={`hardship-action-${e}`}
                  >
                    {label('event', e)}
                  </Button>
                );
                return reason ? (
                  <Tooltip key={e} title={reason}>
                    <span>{button}</span>
                  </Tooltip>
                ) : (
                  button
                );
              })}
            </section>
          ) : null}
        </div>

        {a.publicity || a.rejectReason || a.exit || a.filedAt ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 8 }}>
            {a.publicity ? (
              <Descriptions.Item label={t('hardship.field.publicity')}>
                {a.publicity.start} ~ {a.publicity.end}
              </Descriptions.Item>
            ) : null}
            {a.filedAt ? (
              <Descriptions.Item label={t('hardship.field.filedAt')}>
                {formatDateTime(a.filedAt, i18n.language)}
              </Descriptions.Item>
            ) : null}
            {a.rejectReason ? (
              <Descriptions.Item label={t('hardship.field.rejectReason')}>{a.rejectReason}</Descriptions.Item>
            ) : null}
            {a.exit ? (
              <Descriptions.Item label={t('hardship.field.exit')}>
                {label('exit', a.exit.reason)}
                {a.exit.note ? `：${a.exit.note}` : ''}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        ) : null}
        {pending ? <PendingTransferBanner transfer={pending} onAction={setDeciding} /> : null}
        {!live ? (
          <Alert type="info" showIcon title={t('hardship.detail.readonly')} style={{ marginBottom: 8 }} />
        ) : null}

        <Tabs
          activeKey={tab}
          onChange={(k) => {
            const p = new URLSearchParams(params);
            if (k === 'basic') p.delete('tab');
            else p.set('tab', k);
            setParams(p, { replace: true });
          }}
          items={tabItems}
          destroyOnHidden
        />
      </Card>
      <ActionModal archive={a} event={event} onClose={() => setEvent(null)} />
      <ProposeTransferModal archive={a} open={proposing} onClose={() => setProposing(false)} />
      <DecideTransferModal transfer={pending} action={deciding} onClose={() => setDeciding(null)} />
    </div>
  );
}
