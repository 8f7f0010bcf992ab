import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Image,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EventTimeline } from '../components/EventTimeline.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { ClaimPhotos } from './wishes/ClaimPhotos.tsx';
import {
  API,
  claimStateColor,
  fenText,
  stateColor,
  type TWish,
  todayCst,
  useWishLabels,
  wishActions,
  wishKey,
  wishPerm,
} from './wishes/model.ts';
import { type StepAction, WishActionModal } from './wishes/WishActionModal.tsx';
import { WishFormModal } from './wishes/WishFormModal.tsx';
import './hardship/hardship.css';

/** 心愿详情: the wish, its archive link, the claim, the whole timeline, and the steps open to the caller. */
export default function WishDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const id = Number(raw);
  const valid = Number.isInteger(id) && id > 0 && id <= 2_147_483_647;
  const wish = useQuery({
    queryKey: wishKey(id),
    queryFn: () => api.get<TWish>(`${API}/${id}`),
    enabled: valid,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });

  const back = (
    <Link to="/wishes">
      <ArrowLeftOutlined /> {t('wishes.detail.back')}
    </Link>
  );
  const notFound =
    !valid || (wish.error instanceof ApiError && (wish.error.status === 404 || wish.error.status === 403));
  if (notFound) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Empty description={t('wishes.detail.notFound')} />
        </Card>
      </div>
    );
  }
  if (wish.isError) {
    return (
      <div className="nj-hs">
        {back}
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('wishes.detail.loadFailed')}
          description={errorMessage(wish.error)}
          action={
            <Button size="small" onClick={() => void wish.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (wish.isPending) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </div>
    );
  }
  return <Detail wish={wish.data} back={back} />;
}

function Detail({ wish: w, back }: { wish: TWish; back: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useWishLabels();
  const screens = Grid.useBreakpoint();
  const [step, setStep] = useState<StepAction | null>(null);
  const [editing, setEditing] = useState(false);
  // 释放认领 is not among the wish's `actions` (they are the wish's own steps): offered on a live claim.
  const live = w.claim && (w.claim.state === 'active' || w.claim.state === 'sent');
  const actions = wishActions.filter(
    (a) => w.actions.includes(a) || (a === 'release' && live && can(wishPerm.releaseClaim)),
  );
  const c = w.claim;
  const lang = i18n.language;
  const overdue = c && (c.state === 'active' || c.state === 'sent') && c.deadline < todayCst();

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }} styles={{ body: { padding: screens.sm ? 24 : 14 } }}>
        <div className="nj-hs-head">
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center">
              <Typography.Title level={2} style={{ fontSize: 20 }} data-testid="wish-title">
                {w.title}
              </Typography.Title>
              <Tag color={stateColor[w.state]} style={{ marginInlineEnd: 0 }} data-testid="wish-state">
                {label('state', w.state)}
              </Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{label('category', w.category)}</Tag>
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('wishes.detail.id', { id: w.id })} · {w.maskedName} · {w.region} · {fenText(w.valueFen)}
            </Typography.Paragraph>
          </div>
          {actions.length > 0 ? (
            <section aria-label={t('wishes.detail.actionsAria')} className="nj-hs-actions">
              {actions.map((a) => (
                <Button
                  key={a}
                  type={a === 'approve' || a === 'confirm' || a === 'sent' ? 'primary' : 'default'}
                  danger={a === 'reject' || a === 'withdraw' || a === 'release'}
                  onClick={() => (a === 'edit' ? setEditing(true) : setStep(a))}
                  data-testid={`wish-action-${a}`}
                >
                  {t(`wishes.action.${a}`)}
                </Button>
              ))}
            </section>
          ) : null}
        </div>

        {w.state === 'returned' && w.reviewNote ? (
          <Alert
            type="warning"
            showIcon
            title={`${t('wishes.detail.reviewNote')}：${w.reviewNote}`}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {w.state === 'rejected' && w.rejectReason ? (
          <Alert
            type="error"
            showIcon
            title={`${t('wishes.detail.rejectReason')}：${w.rejectReason}`}
            style={{ marginBottom: 16 }}
          />
        ) : null}

        <Row gutter={[24, 16]}>
          <Col xs={24} lg={16}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label={t('wishes.detail.worker')}>{w.maskedName}</Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.region')}>{w.region}</Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.org')}>{w.org.name}</Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.archive')}>
                {can('hardship.view') ? (
                  <Link to={`/hardship/${w.archiveId}`} data-testid="wish-archive-link">
                    {t('wishes.detail.archiveLink', { id: w.archiveId })}
                  </Link>
                ) : (
                  `#${w.archiveId}`
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.category')}>
                {label('category', w.category)}
              </Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.value')}>{fenText(w.valueFen)}</Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.channel')}>
                {t(`wishes.channel.${w.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('wishes.detail.created')}>
                {formatDateTime(w.createdAt, lang)}
              </Descriptions.Item>
              {w.publishedAt ? (
                <Descriptions.Item label={t('wishes.detail.published')}>
                  {formatDateTime(w.publishedAt, lang)}
                </Descriptions.Item>
              ) : null}
              {w.fulfilledAt ? (
                <Descriptions.Item label={t('wishes.detail.fulfilled')}>
                  {formatDateTime(w.fulfilledAt, lang)}
                </Descriptions.Item>
              ) : null}
              {w.reviewNote && w.state !== 'returned' ? (
                <Descriptions.Item label={t('wishes.detail.reviewNote')} span={2}>
                  {w.reviewNote}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <Typography.Title level={3} style={{ fontSize: 16, marginTop: 20 }}>
              {t('wishes.detail.story')}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="wish-story">
              {w.story}
            </Typography.Paragraph>
            {w.thanks ? (
              <Alert type="success" showIcon title={t('wishes.detail.thanks')} description={w.thanks} />
            ) : null}
          </Col>
          <Col xs={24} lg={8}>
            <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
              {t('wishes.detail.photo')}
            </Typography.Title>
            {w.photoUrl ? (
              <Image
                src={w.photoUrl}
                alt={w.title}
                style={{ maxWidth: '100%', maxHeight: 260, objectFit: 'cover', borderRadius: 6 }}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wishes.detail.noPhoto')} />
            )}
          </Col>
        </Row>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t('wishes.claim.title')} size="small" data-testid="wish-claim">
            {c ? (
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('wishes.claim.donor')}>{c.donorName}</Descriptions.Item>
                <Descriptions.Item label={t('wishes.claim.kind')}>
                  {label('kind', c.donorKind)}
                </Descriptions.Item>
                <Descriptions.Item label={t('wishes.claim.state')}>
                  <Tag color={claimStateColor[c.state]} style={{ marginInlineEnd: 0 }}>
                    {label('claimState', c.state)}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('wishes.claim.method')}>
                  {c.method ? label('method', c.method) : t('wishes.claim.methodUnset')}
                </Descriptions.Item>
                <Descriptions.Item label={t('wishes.claim.claimedAt')}>
                  {formatDateTime(c.claimedAt, lang)}
                </Descriptions.Item>
                <Descriptions.Item label={t('wishes.claim.deadline')}>
                  <Typography.Text type={overdue ? 'danger' : undefined}>
                    {c.deadline}
                    {overdue ? ` · ${t('wishes.overdue')}` : ''}
                  </Typography.Text>
                </Descriptions.Item>
                {c.sentAt ? (
                  <Descriptions.Item label={t('wishes.claim.sentAt')}>
                    {formatDateTime(c.sentAt, lang)}
                  </Descriptions.Item>
                ) : null}
                {c.sentNote ? (
                  <Descriptions.Item label={t('wishes.claim.sentNote')}>{c.sentNote}</Descriptions.Item>
                ) : null}
                {c.trackingNote ? (
                  <Descriptions.Item label={t('wishes.claim.trackingNote')}>
                    {c.trackingNote}
                  </Descriptions.Item>
                ) : null}
                {c.sentAt ? (
                  <Descriptions.Item label={t('wishes.claim.photosLabel')}>
                    <ClaimPhotos claimId={c.id} />
                  </Descriptions.Item>
                ) : null}
                {c.receivedAt ? (
                  <Descriptions.Item label={t('wishes.claim.receivedAt')}>
                    {formatDateTime(c.receivedAt, lang)}
                  </Descriptions.Item>
                ) : null}
                {c.receiptNote ? (
                  <Descriptions.Item label={t('wishes.claim.receiptNote')}>{c.receiptNote}</Descriptions.Item>
                ) : null}
                {c.receiptPhotoFileId ? (
                  <Descriptions.Item label={t('wishes.claim.receiptPhoto')}>
                    <Image
                      width={96}
                      src={`/api/v1/files/${c.receiptPhotoFileId}`}
                      alt={t('wishes.claim.receiptPhoto')}
                      data-testid="wish-receipt-photo"
                    />
                  </Descriptions.Item>
                ) : null}
                {c.releasedAt ? (
                  <Descriptions.Item label={t('wishes.claim.releasedAt')}>
                    {formatDateTime(c.releasedAt, lang)}
                  </Descriptions.Item>
                ) : null}
                {c.releaseReason ? (
                  <Descriptions.Item label={t('wishes.claim.releaseReason')}>
                    {c.releaseReason}
                  </Descriptions.Item>
                ) : null}
                {c.eventId ? (
                  <Descriptions.Item label={t('wishes.claim.event')}>
                    <Link to={`/wishes/activities/${c.eventId}`}>
                      {t('wishes.claim.eventLink', { id: c.eventId })}
                    </Link>
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wishes.claim.none')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('wishes.timeline.title')} size="small">
            <EventTimeline
              events={w.timeline}
              testId="wish-timeline"
              emptyText={t('wishes.timeline.empty')}
            />
          </Card>
        </Col>
      </Row>
      <WishActionModal wish={w} action={step} onClose={() => setStep(null)} />
      <WishFormModal
        open={editing}
        wish={w}
        onClose={() => setEditing(false)}
        onSaved={() => setEditing(false)}
      />
    </div>
  );
}
