/*
 * 及时送工单 (/errands/:id): who called, who it is for, what and where to pick it up, the courier, the
 * times from the call (派单 3 分钟 · 接单 8 分钟 · 送达 1 小时 10 分钟), overdue warnings, the delivery,
 * merged calls, complaints and the timeline; 派单 / 重新派单, 取消, 合并, 登记投诉. Polls every 15 s.
 * Selectors for browser tests:
 *   errand-code, errand-state (state tag; its text is the state label, e.g. 已送达), errand-urgency,
 *   errand-action-dispatch (opens the dialog: errand-dispatch-courier, errand-dispatch-ok),
 *   errand-action-cancel, errand-action-merge, errand-action-complaint (dialog: errand-step-*,
 *   errand-merge-target, errand-complaint-name / -mobile / -content, errand-step-ok),
 *   errand-caller, errand-recipient, errand-pickup, errand-time-<called|dispatched|accepted|picked_up|delivered>,
 *   errand-delivered-at (the delivery time), errand-durations, errand-overdue-accept, errand-overdue-delivery,
 *   errand-delivery (received by, photo), errand-merged-into, errand-merged-list, errand-complaints,
 *   errand-timeline.
 */
import {
  ArrowLeftOutlined,
  ClockCircleOutlined,
  PhoneOutlined,
  ReloadOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Grid,
  Image,
  List,
  Row,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EventTimeline } from '../components/EventTimeline.tsx';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { useSession } from '../session.tsx';
import { DispatchModal } from './errands/work.dispatch.tsx';
import {
  ERRANDS,
  errandKey,
  errandPerm,
  errandStateColor,
  formatMinutes,
  isOpenState,
  minutesBetween,
  type TErrand,
  telHref,
  urgencyColor,
  useErrandLabels,
  useErrandSettings,
} from './errands/work.model.ts';
import { type Step, StepModal } from './errands/work.steps.tsx';
import './hardship/hardship.css';

const POLL_MS = 15_000;

export default function ErrandDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { id, valid } = recordId(raw);
  const errand = useQuery({
    queryKey: errandKey(id),
    queryFn: () => api.get<TErrand>(`${ERRANDS}/${id}`),
    enabled: valid,
    refetchInterval: POLL_MS,
    retry: retryUnlessClientError,
  });

  const back = (
    <Link to="/errands">
      <ArrowLeftOutlined /> {t('errandWork.detail.back')}
    </Link>
  );
  return (
    <RecordGate
      query={errand}
      valid={valid}
      back={back}
      notFoundText={t('errandWork.detail.notFound')}
      loadFailedText={t('errandWork.detail.loadFailed')}
    >
      {(data) => (
        <Detail
          e={data}
          back={back}
          refreshing={errand.isFetching}
          updatedAt={errand.dataUpdatedAt}
          onRefresh={() => void errand.refetch()}
        />
      )}
    </RecordGate>
  );
}

/** A phone in full is a tap-to-call link; a masked one is plain text. */
function Phone({ phone }: { phone: string }) {
  const href = telHref(phone);
  return href ? (
    <a href={href} className="nj-hs-mono">
      <PhoneOutlined /> {phone}
    </a>
  ) : (
    <span className="nj-hs-mono">{phone}</span>
  );
}

function Party({
  title,
  testId,
  name,
  phone,
  address,
}: {
  title: string;
  testId: string;
  name: string;
  phone: string;
  address?: string;
}) {
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: '100%' }}>
      <Typography.Text strong style={{ fontSize: 15 }}>
        {name}
      </Typography.Text>
      <div style={{ marginTop: 4 }}>
        <Phone phone={phone} />
      </div>
      {address ? <div style={{ marginTop: 4, wordBreak: 'break-word' }}>{address}</div> : null}
    </Card>
  );
}

function Detail({
  e,
  back,
  refreshing,
  updatedAt,
  onRefresh,
}: {
  e: TErrand;
  back: ReactNode;
  refreshing: boolean;
  updatedAt: number;
  onRefresh: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { can: mayDo } = useSession();
  const label = useErrandLabels();
  const screens = Grid.useBreakpoint();
  const lang = i18n.language;
  const [dispatching, setDispatching] = useState(false);
  const [step, setStep] = useState<Step | null>(null);
  const can = (a: string) => e.actions.includes(a);
  const open = isOpenState(e.state);
  const declined = e.timeline.some((x) => x.event === 'decline');
  const mayComplain = can('complaint') || mayDo(errandPerm.complaints);

  const steps: { key: string; label: string; at: string | null; minutes: number | null }[] = [
    { key: 'called', label: t('errandWork.detail.calledAt'), at: e.calledAt, minutes: null },
    {
      key: 'dispatched',
      label: t('errandWork.detail.dispatchedAt'),
      at: e.dispatchedAt,
      minutes: e.durations.toDispatch,
    },
    {
      key: 'accepted',
      label: t('errandWork.detail.acceptedAt'),
      at: e.acceptedAt,
      minutes: e.durations.toAccept,
    },
    {
      key: 'picked_up',
      label: t('errandWork.detail.pickedUpAt'),
      at: e.pickedUpAt,
      minutes: e.durations.toPickup,
    },
    {
      key: 'delivered',
      label: t('errandWork.detail.deliveredAt'),
      at: e.deliveredAt,
      minutes: e.durations.toDelivery,
    },
  ];
  const durationLine = steps
    .slice(1)
    .filter((s) => s.minutes !== null)
    .map((s) => t('errandWork.detail.durationPart', { step: s.label, d: formatMinutes(s.minutes, lang) }))
    .join(' · ');
  const nowIso = new Date(updatedAt || Date.now()).toISOString();
  const elapsed = open ? minutesBetween(e.calledAt, nowIso) : null;
  const settings = useErrandSettings(e.overdue.accept || e.overdue.delivery ? e.org.id : undefined).data;
  // How far past the threshold (from the org's settings; the server decides what is overdue).
  const acceptOver =
    settings && e.dispatchedAt
      ? (minutesBetween(e.dispatchedAt, e.acceptedAt ?? nowIso) ?? 0) - settings.acceptMinutes
      : null;
  const deliveryOver = settings
    ? (minutesBetween(e.calledAt, e.deliveredAt ?? nowIso) ?? 0) - settings.deliverMinutes
    : null;

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }} styles={{ body: { padding: screens.sm ? 24 : 14 } }}>
        <div className="nj-hs-head">
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center">
              <Typography.Title
                level={2}
                style={{ fontSize: 20 }}
                className="nj-hs-mono"
                data-testid="errand-code"
              >
                {e.code}
              </Typography.Title>
              <Tag
                color={errandStateColor[e.state]}
                style={{ marginInlineEnd: 0 }}
                data-testid="errand-state"
              >
                {label('state', e.state)}
              </Tag>
              <Tag
                color={urgencyColor[e.urgency]}
                style={{ marginInlineEnd: 0 }}
                data-testid="errand-urgency"
              >
                {label('urgency', e.urgency)}
              </Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{label('requester', e.requesterKind)}</Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{label('channel', e.channel)}</Tag>
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {[
                e.org.name,
                e.recordedBy ? t('errandWork.detail.recordedBy', { name: e.recordedBy }) : null,
                e.courierOrg
                  ? `${t('errandWork.detail.courier')} ${e.courierOrg.name}${e.courier ? ` · ${e.courier.name}` : ''}`
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Paragraph>
          </div>
          <section aria-label={t('errandWork.detail.actionsAria')} className="nj-hs-actions">
            {can('dispatch') ? (
              <Button
                type="primary"
                onClick={() => setDispatching(true)}
                data-testid="errand-action-dispatch"
              >
                {declined ? t('errandWork.action.redispatch') : t('errandWork.action.dispatch')}
              </Button>
            ) : null}
            {can('merge') ? (
              <Button onClick={() => setStep('merge')} data-testid="errand-action-merge">
                {t('errandWork.action.merge')}
              </Button>
            ) : null}
            {mayComplain ? (
              <Button onClick={() => setStep('complaint')} data-testid="errand-action-complaint">
                {t('errandWork.complaint.add')}
              </Button>
            ) : null}
            {can('cancel') ? (
              <Button danger onClick={() => setStep('cancel')} data-testid="errand-action-cancel">
                {t('errandWork.action.cancel')}
              </Button>
            ) : null}
            <Tooltip
              title={t(open ? 'errandWork.detail.polled' : 'errandWork.detail.updated', {
                time: new Date(updatedAt).toLocaleTimeString(lang, { hour12: false }),
              })}
            >
              <Button
                icon={<ReloadOutlined spin={refreshing} />}
                onClick={onRefresh}
                aria-label={t('errandWork.detail.refresh')}
              />
            </Tooltip>
          </section>
        </div>

        {e.overdue.accept ? (
          <Alert
            type="error"
            showIcon
            icon={<WarningOutlined />}
            title={
              settings && acceptOver !== null && acceptOver > 0
                ? t('errandWork.detail.overdueAcceptBy', {
                    n: settings.acceptMinutes,
                    d: formatMinutes(acceptOver, lang),
                  })
                : t('errandWork.detail.overdueAccept')
            }
            style={{ marginBottom: 12 }}
            data-testid="errand-overdue-accept"
          />
        ) : null}
        {e.overdue.delivery ? (
          <Alert
            type="error"
            showIcon
            icon={<WarningOutlined />}
            title={
              settings && deliveryOver !== null && deliveryOver > 0
                ? t('errandWork.detail.overdueDeliveryBy', {
                    limit: formatMinutes(settings.deliverMinutes, lang),
                    d: formatMinutes(deliveryOver, lang),
                  })
                : t('errandWork.detail.overdueDelivery')
            }
            style={{ marginBottom: 12 }}
            data-testid="errand-overdue-delivery"
          />
        ) : null}
        {e.state === 'cancelled' && e.cancelReason ? (
          <Alert
            type="warning"
            showIcon
            title={t('errandWork.detail.cancelReason', { reason: e.cancelReason })}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {e.mergedInto ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="errand-merged-into"
            title={
              <span>
                {t('errandWork.detail.mergedInto')}{' '}
                <Link to={`/errands/${e.mergedInto.id}`} className="nj-hs-mono">
                  {e.mergedInto.code}
                </Link>
              </span>
            }
          />
        ) : null}

        {/* Times from the call */}
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: screens.md ? 'repeat(5, minmax(0, 1fr))' : 'repeat(2, minmax(0, 1fr))',
            gap: 8,
          }}
        >
          {steps.map((s) => (
            <div
              key={s.key}
              data-testid={`errand-time-${s.key}`}
              style={{
                border: '1px solid #f0f0f0',
                borderRadius: 8,
                padding: '8px 12px',
                background: s.at ? '#f6ffed' : '#fafafa',
              }}
            >
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.label}
              </Typography.Text>
              <div
                className="nj-hs-mono"
                style={{ fontWeight: 600 }}
                data-testid={s.key === 'delivered' ? 'errand-delivered-at' : undefined}
              >
                {s.at ? formatDateTime(s.at, lang) : t('errandWork.detail.notYet')}
              </div>
              {s.minutes !== null ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('errandWork.detail.sinceCall', { d: formatMinutes(s.minutes, lang) })}
                </Typography.Text>
              ) : null}
            </div>
          ))}
        </div>
        <div style={{ marginTop: 8 }} data-testid="errand-durations">
          <ClockCircleOutlined /> <Typography.Text strong>{t('errandWork.detail.durations')}</Typography.Text>
          {durationLine || '—'}
          {elapsed !== null ? (
            <Typography.Text type={e.overdue.delivery ? 'danger' : 'secondary'}>
              {durationLine ? ' · ' : ' '}
              {t('errandWork.detail.elapsed', { d: formatMinutes(elapsed, lang) })}
            </Typography.Text>
          ) : null}
        </div>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}>
              <Party
                title={t('errandWork.detail.caller')}
                testId="errand-caller"
                name={e.caller.name}
                phone={e.caller.mobile}
              />
            </Col>
            <Col xs={24} md={8}>
              <Party
                title={t('errandWork.detail.recipient')}
                testId="errand-recipient"
                name={e.recipient.name}
                phone={e.recipient.phone}
                address={e.recipient.address}
              />
            </Col>
            <Col xs={24} md={8}>
              <Party
                title={t('errandWork.detail.pickup')}
                testId="errand-pickup"
                name={e.pickup.contact}
                phone={e.pickup.mobile}
                address={e.pickup.address}
              />
            </Col>
          </Row>

          <Card size="small" title={t('errandWork.detail.items')} style={{ marginTop: 16 }}>
            <Space size={[4, 4]} wrap style={{ marginBottom: 6 }}>
              {e.itemKinds.map((k) => (
                <Tag key={k} color="blue" style={{ marginInlineEnd: 0 }}>
                  {label('item', k)}
                </Tag>
              ))}
            </Space>
            <div style={{ whiteSpace: 'pre-wrap' }}>{e.items}</div>
            {e.note ? (
              <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', whiteSpace: 'pre-wrap' }}>
                {t('errandWork.detail.note')}：{e.note}
              </Typography.Paragraph>
            ) : null}
          </Card>

          {e.state === 'delivered' || e.receivedBy || e.photoUrl ? (
            <Card
              size="small"
              title={t('errandWork.detail.delivery')}
              style={{ marginTop: 16 }}
              data-testid="errand-delivery"
            >
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('errandWork.detail.receivedBy')}>
                  {e.receivedBy ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('errandWork.detail.deliveredAt')}>
                  {formatDateTime(e.deliveredAt, lang)}
                  {e.durations.toDelivery !== null
                    ? t('errandWork.detail.paren', { d: formatMinutes(e.durations.toDelivery, lang) })
                    : ''}
                </Descriptions.Item>
              </Descriptions>
              {e.photoUrl ? (
                <Image
                  src={e.photoUrl}
                  alt={t('errandWork.detail.photo')}
                  width={160}
                  style={{ borderRadius: 8, objectFit: 'cover' }}
                />
              ) : null}
            </Card>
          ) : null}

          {e.merged.length > 0 ? (
            <Card
              size="small"
              title={`${t('errandWork.detail.merged')}${t('errandWork.detail.paren', { d: e.merged.length })}`}
              style={{ marginTop: 16 }}
              data-testid="errand-merged-list"
            >
              <List
                size="small"
                dataSource={e.merged}
                renderItem={(m) => (
                  <List.Item>
                    <Link to={`/errands/${m.id}`} className="nj-hs-mono">
                      {m.code}
                    </Link>
                    <span>{m.callerName}</span>
                  </List.Item>
                )}
              />
            </Card>
          ) : null}

          <Card
            size="small"
            title={`${t('errandWork.complaint.title')}${t('errandWork.detail.paren', { d: e.complaints.length })}`}
            style={{ marginTop: 16 }}
            data-testid="errand-complaints"
            extra={
              // 去答复 only when there is something to answer.
              mayComplain && e.complaints.some((c) => c.state === 'open') ? (
                <Space>
                  <Link to="/errands/complaints">{t('errandWork.complaint.manage')}</Link>
                </Space>
              ) : null
            }
          >
            {e.complaints.length === 0 ? (
              <Typography.Text type="secondary">{t('errandWork.complaint.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={e.complaints}
                renderItem={(c) => (
                  <List.Item>
                    <div style={{ width: '100%' }}>
                      <Space size={6} wrap>
                        <Tag color={c.state === 'open' ? 'orange' : 'green'} style={{ marginInlineEnd: 0 }}>
                          {c.state === 'open' ? t('errandWork.complaint.open') : label('outcome', c.outcome)}
                        </Tag>
                        <Typography.Text strong>{c.name}</Typography.Text>
                        <Typography.Text type="secondary" className="nj-hs-mono">
                          {c.mobile}
                        </Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(c.createdAt, lang)}
                        </Typography.Text>
                      </Space>
                      <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{c.content}</div>
                      {c.answer ? (
                        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                          {t('errandWork.complaint.answer', { answer: c.answer })}
                          {c.answeredBy ? ` — ${c.answeredBy}` : ''}
                        </Typography.Paragraph>
                      ) : null}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('errandWork.detail.timeline')}>
            <EventTimeline
              events={e.timeline}
              testId="errand-timeline"
              emptyText={t('errandWork.detail.timelineEmpty')}
            />
          </Card>
        </Col>
      </Row>

      {can('dispatch') || dispatching ? (
        <DispatchModal
          errand={{ id: e.id, code: e.code }}
          again={declined}
          open={dispatching}
          onClose={() => setDispatching(false)}
        />
      ) : null}
      <StepModal errand={e} step={step} onClose={() => setStep(null)} />
    </div>
  );
}
