/*
 * 提案建议 (/proposals/:id, /proposals/handling/:id): the proposal's content, the five-step loop as a
 * Steps bar with its dates and deadlines, co-signers, the handling units, progress updates and replies
 * (with files), the proposer's attachments, the workflow record, and the steps the caller may take now (`can` from the server):
 * 审议, 交办, 报送进展, 答复, 执行督查, 逾期未评价办结. Polls every 30 s.
 * Selectors for browser tests:
 *   proposal-code, proposal-state (state label text), proposal-kind (kind label text), proposal-steps,
 *   proposal-step-<submit|review|handle|supervise|feedback>, proposal-review-btn, proposal-assign-btn,
 *   proposal-progress-btn, proposal-reply-btn, proposal-supervise-btn, proposal-close-unrated-btn,
 *   proposal-cosigners, proposal-updates, proposal-update-<id>, proposal-lead-org, proposal-timeline;
 *   proposal-attachments with proposal-attachment-image / proposal-attachment-doc (the proposer's files);
 *   the dialogs' selectors are in `proposals/actions.tsx`.
 */
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  EditOutlined,
  MessageOutlined,
  PaperClipOutlined,
  ReloadOutlined,
  SendOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  List,
  Progress,
  Row,
  Skeleton,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { TFile } from '../../../shared/files.ts';
import type { TLoopStep } from '../../../shared/proposals.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EventTimeline } from '../components/EventTimeline.tsx';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { errorMessage } from '../forms.ts';
import { type ProposalAction, ProposalActionModal } from './proposals/actions.tsx';
import { ProposalAttachments } from './proposals/attachments.tsx';
import {
  dayOf,
  PROPOSALS,
  proposalKey,
  proposalStateColor,
  type TProposal,
  useCongresses,
  useProposalLabels,
} from './proposals/model.ts';
import { recordOfProposal } from './proposals/params.ts';
import './hardship/hardship.css';

const POLL_MS = 30_000;
/** Co-signers listed before 展开全部 (the seed's suggestion has 19). */
const COSIGNERS_SHOWN = 8;

export default function ProposalDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { pathname } = useLocation();
  const { id, valid } = recordId(raw);
  const handling = pathname.startsWith('/proposals/handling/');
  const proposal = useQuery({
    queryKey: proposalKey(id),
    queryFn: () => api.get<TProposal>(`${PROPOSALS}/${id}`),
    enabled: valid,
    refetchInterval: POLL_MS,
    retry: retryUnlessClientError,
  });

  const back = (
    <Link to={handling ? '/proposals/handling' : '/proposals'}>
      <ArrowLeftOutlined /> {handling ? t('proposalWork.detail.backHandling') : t('proposalWork.detail.back')}
    </Link>
  );
  return (
    <RecordGate
      query={proposal}
      valid={valid}
      back={back}
      notFoundText={t('proposalWork.detail.notFound')}
      loadFailedText={t('proposalWork.detail.loadFailed')}
    >
      {(data) => (
        <Detail
          p={data}
          back={back}
          refreshing={proposal.isFetching}
          onRefresh={() => void proposal.refetch()}
        />
      )}
    </RecordGate>
  );
}

interface TimelineEvent {
  id: number;
  event: string;
  toState: string;
  actorName: string | null;
  note: string | null;
  at: string;
}

const stepStatus: Record<TLoopStep['status'], 'finish' | 'process' | 'wait' | 'error'> = {
  done: 'finish',
  current: 'process',
  pending: 'wait',
  skipped: 'wait',
};

function Detail({
  p,
  back,
  refreshing,
  onRefresh,
}: {
  p: TProposal;
  back: ReactNode;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const label = useProposalLabels();
  const screens = Grid.useBreakpoint();
  const lang = i18n.language;
  const [action, setAction] = useState<ProposalAction | null>(null);
  const [allCosigners, setAllCosigners] = useState(false);
  const congresses = useCongresses();
  const congress = congresses.data?.find((c) => c.id === p.congress.id);

  const timeline = useQuery({
    queryKey: [...proposalKey(p.id), 'timeline', p.state, p.updates.length],
    queryFn: () => api.get<{ items: TimelineEvent[] }>(`/api/v1/timeline/proposals.proposal/${p.id}`),
    retry: false,
  });
  const hasFiles = p.updates.some((u) => u.fileIds.length > 0);
  const files = useQuery({
    queryKey: [...proposalKey(p.id), 'files', p.updates.length],
    queryFn: () =>
      api.get<{ items: TFile[] }>('/api/v1/files', {
        entityType: 'proposals.proposal',
        entityId: String(p.id),
      }),
    enabled: hasFiles,
    retry: false,
  });
  const fileName = new Map((files.data?.items ?? []).map((f) => [f.id, f.originalName]));
  const download = (id: string) => {
    api.download(`/api/v1/files/${id}`, undefined, fileName.get(id) ?? id).catch((err: unknown) => {
      message.error(errorMessage(err));
    });
  };

  const closeUnrated = p.can.closeUnrated;
  const buttons: { key: ProposalAction; show: boolean; icon: ReactNode; text: string; testId: string }[] = [
    {
      key: 'review',
      show: p.can.review,
      icon: <AuditOutlined />,
      text: t('proposalWork.action.review'),
      testId: 'proposal-review-btn',
    },
    {
      key: 'assign',
      show: p.can.assign,
      icon: <SendOutlined />,
      text: t('proposalWork.action.assign'),
      testId: 'proposal-assign-btn',
    },
    {
      key: 'progress',
      show: p.can.progress,
      icon: <EditOutlined />,
      text: t('proposalWork.action.progress'),
      testId: 'proposal-progress-btn',
    },
    {
      key: 'reply',
      show: p.can.reply,
      icon: <MessageOutlined />,
      text: t('proposalWork.action.reply'),
      testId: 'proposal-reply-btn',
    },
    {
      key: 'supervise',
      show: p.can.supervise,
      icon: <CheckCircleOutlined />,
      text: t('proposalWork.action.supervise'),
      testId: 'proposal-supervise-btn',
    },
    {
      key: 'closeUnrated',
      show: closeUnrated,
      icon: <ClockCircleOutlined />,
      text: t('proposalWork.action.closeUnrated'),
      testId: 'proposal-close-unrated-btn',
    },
  ];
  const shown = buttons.filter((b) => b.show);
  const primary = shown[0]?.key;

  const signed = p.cosigners.filter((c) => c.state === 'signed').length;
  const currentIndex = p.steps.findIndex((s) => s.status === 'current');
  const stepItems = p.steps.map((s) => {
    const lines: string[] = [];
    if (s.status === 'skipped') lines.push(t('proposalWork.detail.stepSkipped'));
    if (s.finishedAt) lines.push(t('proposalWork.detail.stepFinished', { date: dayOf(s.finishedAt, lang) }));
    else if (s.startedAt)
      lines.push(t('proposalWork.detail.stepStarted', { date: dayOf(s.startedAt, lang) }));
    if (s.dueAt && s.status === 'current')
      lines.push(t('proposalWork.detail.stepDue', { date: dayOf(s.dueAt, lang) }));
    // A step past its deadline is still in progress, not failed: a red clock, not the ✕ of 'error'.
    const late = s.status === 'current' && p.overdue;
    return {
      key: s.step,
      title: <span data-testid={`proposal-step-${s.step}`}>{label('step', s.step) || s.label}</span>,
      status: stepStatus[s.status],
      icon: late ? (
        <ClockCircleOutlined style={{ color: '#cf1322' }} data-testid="proposal-step-late" />
      ) : undefined,
      description: (
        <div style={{ fontSize: 12 }}>
          {lines.map((l) => (
            <div key={l}>{l}</div>
          ))}
          {late ? (
            <div>
              <Typography.Text type="danger">{t('proposalWork.detail.overdue')}</Typography.Text>
            </div>
          ) : null}
          {s.actor ? <Typography.Text type="secondary">{s.actor}</Typography.Text> : null}
          {s.note ? (
            <Typography.Paragraph
              type="secondary"
              ellipsis={{ rows: 2, tooltip: s.note }}
              style={{ margin: 0, fontSize: 12 }}
            >
              {s.note}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    };
  });

  // The workflow record is the union's (staff of its subtree); a handling unit or the review committee
  // outside it sees the record the proposal itself carries: the steps and the updates.
  const events = timeline.data
    ? timeline.data.items.map((e) => ({
        at: e.at,
        label: t(`proposalWork.event.${e.event}`, { defaultValue: e.event }),
        actor: e.actorName,
        note: e.note,
      }))
    : recordOfProposal(p, {
        step: (step) => label('step', step),
        progress: t('proposalWork.event.progress'),
        reply: t('proposalWork.event.reply'),
      });

  return (
    <div className="nj-hs">
      {back}
      <div className="nj-hs-head" style={{ marginTop: 12 }}>
        <div style={{ minWidth: 0 }}>
          <Space size={8} wrap style={{ marginBottom: 4 }}>
            <Typography.Text className="nj-hs-mono" type="secondary" data-testid="proposal-code">
              {p.code}
            </Typography.Text>
            <Tag color={p.kind === 'proposal' ? 'blue' : 'default'} data-testid="proposal-kind">
              {label('kind', p.kind)}
            </Tag>
            <Tag color={proposalStateColor[p.state]} data-testid="proposal-state">
              {label('state', p.state)}
            </Tag>
            {p.overdue ? (
              <Tag color="error" icon={<WarningOutlined />}>
                {t('proposalWork.detail.overdue')}
              </Tag>
            ) : null}
            {p.satisfaction ? (
              <Tag color={p.satisfaction === 'unsatisfied' ? 'red' : 'green'}>
                {t('proposalWork.detail.rating')}：{label('satisfaction', p.satisfaction)}
              </Tag>
            ) : null}
          </Space>
          <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
            {p.title}
          </Typography.Title>
        </div>
        <div className="nj-hs-actions" role="toolbar" aria-label={t('proposalWork.detail.actions')}>
          {shown.map((b) => (
            <Button
              key={b.key}
              type={b.key === primary ? 'primary' : 'default'}
              icon={b.icon}
              onClick={() => setAction(b.key)}
              data-testid={b.testId}
            >
              {b.text}
            </Button>
          ))}
          <Button icon={<ReloadOutlined />} loading={refreshing} onClick={onRefresh}>
            {t('proposalWork.detail.refresh')}
          </Button>
        </div>
      </div>

      <Card size="small" title={t('proposalWork.detail.steps')} style={{ marginBottom: 16 }}>
        <Steps
          data-testid="proposal-steps"
          current={currentIndex >= 0 ? currentIndex : p.steps.length}
          items={stepItems}
          size="small"
          direction={screens.lg ? 'horizontal' : 'vertical'}
        />
        {p.reopenCount > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('proposalWork.detail.reopened')}
          />
        ) : null}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={screens.md ? 2 : 1}
              items={[
                {
                  key: 'proposer',
                  label: t('proposalWork.detail.proposer'),
                  children: `${p.proposer.name}（${p.proposer.org}）`,
                },
                { key: 'congress', label: t('proposalWork.detail.congress'), children: p.congress.name },
                {
                  key: 'category',
                  label: t('proposalWork.detail.category'),
                  children: label('category', p.category),
                },
                {
                  key: 'requested',
                  label: t('proposalWork.detail.requestedKind'),
                  children: label('kind', p.requestedKind),
                },
                {
                  key: 'submitted',
                  label: t('proposalWork.detail.submittedAt'),
                  children: formatDateTime(p.submittedAt, lang),
                },
                p.closedAt
                  ? {
                      key: 'closed',
                      label: t('proposalWork.detail.closedAt'),
                      children: formatDateTime(p.closedAt, lang),
                    }
                  : {
                      key: 'due',
                      label: t('proposalWork.detail.dueAt'),
                      children: (
                        <Typography.Text type={p.overdue ? 'danger' : undefined}>
                          {formatDateTime(p.dueAt, lang)}
                        </Typography.Text>
                      ),
                    },
                {
                  key: 'lead',
                  label: t('proposalWork.detail.leadOrg'),
                  children: <span data-testid="proposal-lead-org">{p.leadOrg?.name ?? '—'}</span>,
                },
                {
                  key: 'co',
                  label: t('proposalWork.detail.coOrgs'),
                  children: p.coOrgs.length ? p.coOrgs.map((o) => o.name).join('、') : '—',
                },
                ...(p.sourceAppeal
                  ? [
                      {
                        key: 'appeal',
                        label: t('proposalWork.detail.sourceAppeal'),
                        children: (
                          <Link to={`/appeals/${p.sourceAppeal.id}`}>
                            {p.sourceAppeal.code} {p.sourceAppeal.title}
                          </Link>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {p.reviewReason ? (
              <Alert
                type={p.state === 'returned' ? 'warning' : 'info'}
                style={{ marginTop: 12 }}
                title={`${t('proposalWork.detail.reviewReason')}：${p.reviewReason}`}
              />
            ) : null}
            {p.ratingComment ? (
              <Alert
                type={p.satisfaction === 'unsatisfied' ? 'warning' : 'success'}
                style={{ marginTop: 12 }}
                title={`${t('proposalWork.detail.rating')}：${label('satisfaction', p.satisfaction)}`}
                description={p.ratingComment}
              />
            ) : null}
          </Card>

          <Card size="small" title={t('proposalWork.detail.reasons')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {p.reasons}
            </Typography.Paragraph>
          </Card>
          <Card size="small" title={t('proposalWork.detail.request')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {p.request}
            </Typography.Paragraph>
          </Card>
          <ProposalAttachments proposal={p} />

          <Card size="small" title={t('proposalWork.detail.updates')} data-testid="proposal-updates">
            {p.updates.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('proposalWork.detail.noUpdates')} />
            ) : (
              <List
                itemLayout="vertical"
                dataSource={[...p.updates].reverse()}
                renderItem={(u) => (
                  <List.Item key={u.id} data-testid={`proposal-update-${u.id}`}>
                    <Space size={8} wrap>
                      <Tag color={u.kind === 'reply' ? 'green' : 'blue'}>
                        {u.kind === 'reply'
                          ? t('proposalWork.detail.updateReply')
                          : t('proposalWork.detail.updateProgress')}
                      </Tag>
                      <Typography.Text strong>{u.org.name}</Typography.Text>
                      <Typography.Text type="secondary">{u.author}</Typography.Text>
                      <Typography.Text type="secondary" className="nj-hs-mono">
                        {formatDateTime(u.createdAt, lang)}
                      </Typography.Text>
                      {u.round > 1 ? <Tag>{t('proposalWork.detail.round', { n: u.round })}</Tag> : null}
                    </Space>
                    {u.percent !== null ? (
                      <div style={{ maxWidth: 320, marginTop: 6 }}>
                        <Progress percent={u.percent} size="small" />
                      </div>
                    ) : null}
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0 0' }}>
                      {u.text}
                    </Typography.Paragraph>
                    {u.fileIds.length > 0 ? (
                      <Space size={4} wrap>
                        {u.fileIds.map((f) => (
                          <Button
                            key={f}
                            type="link"
                            size="small"
                            icon={<PaperClipOutlined />}
                            onClick={() => download(f)}
                          >
                            {fileName.get(f) ?? t('proposalWork.detail.files')}
                          </Button>
                        ))}
                      </Space>
                    ) : null}
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>

        <Col xs={24} lg={8}>
          <Card
            size="small"
            title={t('proposalWork.detail.cosigners')}
            style={{ marginBottom: 16 }}
            data-testid="proposal-cosigners"
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('proposalWork.detail.cosignSummary', { signed, threshold: p.cosignThreshold })}
              {p.cosignDeadline && p.state === 'cosigning'
                ? ` · ${t('proposalWork.detail.cosignDeadline', { date: formatDateTime(p.cosignDeadline, lang) })}`
                : ''}
            </Typography.Paragraph>
            {p.cosigners.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('proposalWork.detail.noCosigners')}
              />
            ) : (
              <List
                size="small"
                dataSource={allCosigners ? p.cosigners : p.cosigners.slice(0, COSIGNERS_SHOWN)}
                footer={
                  p.cosigners.length > COSIGNERS_SHOWN ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => setAllCosigners((v) => !v)}
                      data-testid="proposal-cosigners-toggle"
                    >
                      {allCosigners
                        ? t('proposalWork.detail.cosignersLess')
                        : t('proposalWork.detail.cosignersAll', { count: p.cosigners.length })}
                    </Button>
                  ) : null
                }
                renderItem={(c) => (
                  <List.Item key={c.representativeId}>
                    <div style={{ minWidth: 0 }}>
                      <div>{c.name}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {c.org}
                        {c.signedAt ? ` · ${dayOf(c.signedAt, lang)}` : ''}
                      </Typography.Text>
                    </div>
                    <Tag
                      color={c.state === 'signed' ? 'green' : c.state === 'invited' ? 'blue' : 'default'}
                      style={{ marginInlineEnd: 0 }}
                    >
                      {label('cosign', c.state)}
                    </Tag>
                  </List.Item>
                )}
              />
            )}
          </Card>

          <Card size="small" title={t('proposalWork.detail.timeline')}>
            {timeline.isPending ? (
              <Skeleton active paragraph={{ rows: 4 }} />
            ) : (
              <EventTimeline
                events={events}
                testId="proposal-timeline"
                emptyText={t('proposalWork.detail.timelineEmpty')}
              />
            )}
          </Card>
        </Col>
      </Row>

      <ProposalActionModal
        proposal={p}
        action={action}
        handleDays={congress?.handleDays}
        onClose={() => setAction(null)}
      />
    </div>
  );
}
