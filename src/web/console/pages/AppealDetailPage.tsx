/*
 * 职工诉求 (/appeals/:id): what the worker raised (the real name, unit and masked mobile for the union even
 * when anonymous), 附议, the triage outcome (handler, merged into, the representative's proposal, the
 * referral to the governance platform), the reply and the worker's rating, the comments with inline
 * moderation, and the workflow timeline; 分办 (four outcomes), 答复, 逾期未评价办结.
 * Selectors for browser tests:
 *   appeal-code, appeal-state (state tag; its text is the state label, e.g. 办理中), appeal-triage-btn,
 *   appeal-reply-btn, appeal-close-unrated-btn, appeal-author, appeal-text, appeal-handler, appeal-reply,
 *   appeal-rating, appeal-merged-into, appeal-proposal, appeal-referral, appeal-comments,
 *   appeal-comment-<id> (with comment-state-<id>), appeal-timeline; dialogs in `appeals/dialogs.tsx`.
 */
import { ArrowLeftOutlined, PaperClipOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
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
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { ModerateActions, ReplyModal, TriageModal } from './appeals/dialogs.tsx';
import {
  APPEALS,
  appealKey,
  appealPerm,
  appealStateColor,
  appealsKey,
  commentStateColor,
  satisfactionColor,
  type TAppeal,
  type TimelineEvent,
  useAppealLabels,
} from './appeals/model.ts';
import { AppealPhotos } from './appeals/photos.tsx';
import './hardship/hardship.css';

export default function AppealDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { id, valid } = recordId(raw);
  const appeal = useQuery({
    queryKey: appealKey(id),
    queryFn: () => api.get<TAppeal>(`${APPEALS}/${id}`),
    enabled: valid,
    retry: retryUnlessClientError,
  });
  const back = (
    <Link to="/appeals">
      <ArrowLeftOutlined /> {t('appealWork.detail.back')}
    </Link>
  );
  return (
    <RecordGate
      query={appeal}
      valid={valid}
      back={back}
      notFoundText={t('appealWork.detail.notFound')}
      loadFailedText={t('appealWork.detail.loadFailed')}
    >
      {(data) => (
        <Detail a={data} back={back} refreshing={appeal.isFetching} onRefresh={() => void appeal.refetch()} />
      )}
    </RecordGate>
  );
}

function Detail({
  a,
  back,
  refreshing,
  onRefresh,
}: {
  a: TAppeal;
  back: ReactNode;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { can: mayDo } = useSession();
  const label = useAppealLabels();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const lang = i18n.language;
  const [triaging, setTriaging] = useState(false);
  const [replying, setReplying] = useState(false);
  const [closing, setClosing] = useState(false);
  const mayCloseUnrated = a.state === 'replied' && mayDo(appealPerm.triage);
  const paren = (d: number | string) => t('appealWork.detail.paren', { d });

  const closeUnrated = async () => {
    setClosing(true);
    try {
      await api.post<TAppeal>(`${APPEALS}/${a.id}/close-unrated`, {});
      message.success(t('appealWork.detail.closeUnratedDone'));
      await qc.invalidateQueries({ queryKey: appealsKey });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setClosing(false);
    }
  };

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }} styles={{ body: { padding: screens.sm ? 24 : 14 } }}>
        <div className="nj-hs-head">
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center">
              <Typography.Text type="secondary" className="nj-hs-mono" data-testid="appeal-code">
                {a.code}
              </Typography.Text>
              <Tag
                color={appealStateColor[a.state]}
                style={{ marginInlineEnd: 0 }}
                data-testid="appeal-state"
              >
                {label('state', a.state)}
              </Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{label('kind', a.kind)}</Tag>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {label('category', a.category)}
              </Tag>
              {a.overdue ? (
                <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('appealWork.col.overdue')}
                </Tag>
              ) : null}
            </Space>
            <Typography.Title level={2} style={{ fontSize: 20, margin: '6px 0 0' }}>
              {a.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="appeal-author">
              {[
                a.org.name,
                `${a.author}${a.anonymous ? paren(t('appealWork.col.anonymous')) : ''}`,
                a.authorDetail?.org,
                a.authorDetail?.mobile,
                formatDateTime(a.createdAt, lang),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Paragraph>
          </div>
          <section aria-label={t('appealWork.detail.actionsAria')} className="nj-hs-actions">
            {a.can.triage ? (
              <Button type="primary" onClick={() => setTriaging(true)} data-testid="appeal-triage-btn">
                {t('appealWork.triage.button')}
              </Button>
            ) : null}
            {a.can.reply ? (
              <Button type="primary" onClick={() => setReplying(true)} data-testid="appeal-reply-btn">
                {t('appealWork.replyForm.button')}
              </Button>
            ) : null}
            {mayCloseUnrated ? (
              <Popconfirm
                title={t('appealWork.detail.closeUnratedTitle')}
                onConfirm={() => void closeUnrated()}
                okText={t('appealWork.moderate.ok')}
                cancelText={t('action.cancel')}
              >
                <Button loading={closing} data-testid="appeal-close-unrated-btn">
                  {t('appealWork.detail.closeUnrated')}
                </Button>
              </Popconfirm>
            ) : null}
            <Tooltip title={t('appealWork.detail.refresh')}>
              <Button
                icon={<ReloadOutlined spin={refreshing} />}
                onClick={onRefresh}
                aria-label={t('appealWork.detail.refresh')}
              />
            </Tooltip>
          </section>
        </div>

        {a.overdue && a.dueAt ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${t('appealWork.detail.overdue')}${paren(formatDate(a.dueAt, lang))}`}
          />
        ) : null}
        {a.mergedInto ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="appeal-merged-into"
            title={
              <span>
                {t('appealWork.detail.mergedInto')}{' '}
                <Link to={`/appeals/${a.mergedInto.id}`} className="nj-hs-mono">
                  {a.mergedInto.code}
                </Link>{' '}
                {a.mergedInto.title}
              </span>
            }
          />
        ) : null}
        {a.state === 'to_proposal' || a.proposal || a.representative ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="appeal-proposal"
            title={
              a.proposal ? (
                <span>
                  {t('appealWork.detail.proposal')}{' '}
                  <Link to={`/proposals/${a.proposal.id}`} className="nj-hs-mono">
                    {a.proposal.code}
                  </Link>{' '}
                  {a.proposal.title}
                  {paren(label('proposalState', a.proposal.state))}
                </span>
              ) : (
                t('appealWork.detail.proposalPending', { name: a.representative?.name ?? '—' })
              )
            }
          />
        ) : null}
        {a.referral ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="appeal-referral"
            title={
              <span>
                {t('appealWork.detail.referral')} {a.referral.partner.name}{' '}
                <Tag color="magenta" style={{ marginInlineEnd: 4 }}>
                  {label('referralState', a.referral.state)}
                </Tag>
                {mayDo(appealPerm.referrals) ? (
                  <Link to={`/referrals/${a.referral.id}`} className="nj-hs-mono">
                    {a.referral.code}
                  </Link>
                ) : (
                  <span className="nj-hs-mono">{a.referral.code}</span>
                )}
              </span>
            }
          />
        ) : null}

        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('appealWork.detail.union')}>{a.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('appealWork.detail.supportCount')}>
            <span className="nj-hs-mono">{a.supportCount}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('appealWork.detail.location')}>{a.location ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('appealWork.detail.handler')}>
            <span data-testid="appeal-handler">{a.handlerOrg?.name ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('appealWork.detail.due')}>
            <Typography.Text type={a.overdue ? 'danger' : undefined}>
              {formatDate(a.dueAt, lang)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('appealWork.detail.shareContact')}>
            {a.shareContact ? t('appealWork.detail.shareYes') : t('appealWork.detail.shareNo')}
          </Descriptions.Item>
          {a.triageNote ? (
            <Descriptions.Item label={t('appealWork.detail.triageNote')} span={3}>
              {a.triageNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('appealWork.detail.content')}>
            <div style={{ whiteSpace: 'pre-wrap', fontSize: 15 }} data-testid="appeal-text">
              {a.text}
            </div>
            <AppealPhotos appeal={a} />
          </Card>

          {a.reply || ['handling', 'referred', 'replied'].includes(a.state) ? (
            <Card
              size="small"
              title={t('appealWork.detail.reply')}
              style={{ marginTop: 16 }}
              data-testid="appeal-reply"
            >
              {a.reply ? (
                <>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{a.reply}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('appealWork.detail.repliedAt')} {formatDateTime(a.repliedAt, lang)}
                    {a.handlerOrg ? ` · ${a.handlerOrg.name}` : ''}
                  </Typography.Text>
                  {a.replyFileIds.length > 0 ? (
                    <div style={{ marginTop: 8 }}>
                      <Space size={[12, 4]} wrap>
                        {a.replyFileIds.map((fid, i) => (
                          <a key={fid} href={`/api/v1/files/${fid}`} target="_blank" rel="noreferrer">
                            <PaperClipOutlined /> {t('appealWork.detail.file', { n: i + 1 })}
                          </a>
                        ))}
                      </Space>
                    </div>
                  ) : null}
                </>
              ) : (
                <Typography.Text type="secondary">{t('appealWork.detail.noReply')}</Typography.Text>
              )}
              <div style={{ marginTop: 12 }} data-testid="appeal-rating">
                <Typography.Text strong>{t('appealWork.detail.ratingLabel')}</Typography.Text>
                {a.satisfaction ? (
                  <>
                    <Tag color={satisfactionColor[a.satisfaction]}>
                      {label('satisfaction', a.satisfaction)}
                    </Tag>
                    {a.ratingComment ? <span>{a.ratingComment}</span> : null}
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('appealWork.detail.ratingNone')}</Typography.Text>
                )}
                {a.reopenCount > 0 ? (
                  <div>
                    <Typography.Text type="warning">
                      {t('appealWork.detail.reopened', { count: a.reopenCount })}
                    </Typography.Text>
                  </div>
                ) : null}
              </div>
            </Card>
          ) : null}

          <Card
            size="small"
            title={`${t('appealWork.detail.comments')}${paren(a.comments.length)}`}
            style={{ marginTop: 16 }}
            data-testid="appeal-comments"
            extra={a.can.moderate ? <Link to="/appeals/comments">{t('appealWork.queue.title')}</Link> : null}
          >
            {a.comments.length === 0 ? (
              <Typography.Text type="secondary">{t('appealWork.detail.commentsNone')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={a.comments}
                renderItem={(c) => (
                  <List.Item
                    data-testid={`appeal-comment-${c.id}`}
                    actions={
                      c.state === 'pending' && a.can.moderate
                        ? [<ModerateActions key="m" commentId={c.id} />]
                        : undefined
                    }
                  >
                    <div style={{ width: '100%', minWidth: 0 }}>
                      <Space size={6} wrap>
                        <Typography.Text strong>{c.author}</Typography.Text>
                        <Tag
                          color={commentStateColor[c.state]}
                          style={{ marginInlineEnd: 0 }}
                          data-testid={`comment-state-${c.id}`}
                        >
                          {label('comment', c.state)}
                        </Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(c.createdAt, lang)}
                        </Typography.Text>
                      </Space>
                      <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{c.text}</div>
                      {c.state === 'rejected' && c.rejectReason ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('appealWork.moderate.rejectReason', { reason: c.rejectReason })}
                        </Typography.Text>
                      ) : null}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('appealWork.detail.timeline')}>
            <AppealTimeline appeal={a} />
          </Card>
        </Col>
      </Row>

      {a.can.triage ? <TriageModal appeal={a} open={triaging} onClose={() => setTriaging(false)} /> : null}
      {a.can.reply ? <ReplyModal appeal={a} open={replying} onClose={() => setReplying(false)} /> : null}
    </div>
  );
}

function AppealTimeline({ appeal }: { appeal: TAppeal }) {
  const { t, i18n } = useTranslation();
  const label = useAppealLabels();
  const tl = useQuery({
    queryKey: [...appealKey(appeal.id), 'timeline', appeal.state, appeal.repliedAt, appeal.reopenCount],
    queryFn: () => api.get<{ items: TimelineEvent[] }>(`/api/v1/timeline/proposals.appeal/${appeal.id}`),
  });
  if (tl.isError)
    return (
      <Alert
        type="error"
        showIcon
        title={t('appealWork.detail.timelineFailed')}
        description={errorMessage(tl.error)}
        action={
          <Button size="small" onClick={() => void tl.refetch()}>
            {t('action.retry')}
          </Button>
        }
      />
    );
  if (tl.isPending) return <Skeleton active />;
  const items = tl.data.items;
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appealWork.detail.timelineEmpty')} />;
  return (
    <Timeline
      data-testid="appeal-timeline"
      items={items.map((e, i) => ({
        key: e.id,
        color: i === items.length - 1 ? 'red' : 'gray',
        content: (
          <div>
            <Typography.Text strong>{label('event', e.event)}</Typography.Text>
            <Typography.Text type="secondary">
              {' → '}
              {label('state', e.toState)}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at, i18n.language)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
            </div>
            {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
