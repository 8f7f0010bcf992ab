/*
 * 物资需求详情 (/supplies/requests/:id): polls every 15 s so the unit sees review, dispatch and delivery live.
 * Selectors for browser tests:
 *   supply-request-code, supply-request-state (state tag; its text is the state label, e.g. 已完成),
 *   supply-request-urgency, supply-action-review (opens the review drawer, see supplies/reviewDrawer.tsx),
 *   supply-action-dispatch (opens the 派单 dialog, see supplies/requestsDispatch.tsx), supply-action-withdraw,
 *   supply-action-copy, supply-lines (lines table), supply-line-<lineId> (row; data-short="true" on a
 *   shortfall), supply-line-received-<lineId>, supply-line-close-<lineId> (关闭明细), supply-step-reason,
 *   supply-step-ok (withdraw / close dialog), supply-shipments, supply-shipment-link-<id>, supply-timeline.
 */
import { ArrowLeftOutlined, CopyOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EventTimeline } from '../components/EventTimeline.tsx';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { errorMessage, showFieldErrors } from '../forms.ts';
import {
  fenText,
  lineStateColor,
  REQUESTS,
  requestKey,
  requestStateColor,
  requestsKey,
  shipmentStateColor,
  type TRequest,
  type TRequestLine,
  urgencyColor,
  useSupplyLabels,
} from './supplies/requests.model.ts';
import { DispatchModal } from './supplies/requestsDispatch.tsx';
import { ReviewDrawer } from './supplies/reviewDrawer.tsx';
import './hardship/hardship.css';

const POLL_MS = 15_000;
const finalStates: readonly string[] = ['completed', 'rejected', 'withdrawn'];

export default function SupplyRequestDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { id, valid } = recordId(raw);
  const request = useQuery({
    queryKey: requestKey(id),
    queryFn: () => api.get<TRequest>(`${REQUESTS}/${id}`),
    enabled: valid,
    // Live while something can still happen; a completed, rejected or withdrawn request stays as it is.
    refetchInterval: (q) => (q.state.data && finalStates.includes(q.state.data.state) ? false : POLL_MS),
    retry: retryUnlessClientError,
  });

  const back = (
    <Link to="/supplies/requests">
      <ArrowLeftOutlined /> {t('supplyRequests.detail.back')}
    </Link>
  );
  return (
    <RecordGate
      query={request}
      valid={valid}
      back={back}
      notFoundText={t('supplyRequests.detail.notFound')}
      loadFailedText={t('supplyRequests.detail.loadFailed')}
    >
      {(data) => (
        <Detail
          r={data}
          back={back}
          refreshing={request.isFetching}
          updatedAt={request.dataUpdatedAt}
          onRefresh={() => void request.refetch()}
        />
      )}
    </RecordGate>
  );
}

type Step = { kind: 'withdraw' } | { kind: 'close'; line: TRequestLine };

/** A line is short when fewer were approved than asked, or fewer received than approved once it is done. */
const lineShort = (l: TRequestLine) =>
  (l.approved !== null && l.approved < l.requested) ||
  (l.approved !== null && l.state !== 'open' && l.received < l.approved);

function Detail({
  r,
  back,
  refreshing,
  updatedAt,
  onRefresh,
}: {
  r: TRequest;
  back: ReactNode;
  refreshing: boolean;
  updatedAt: number;
  onRefresh: () => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useSupplyLabels();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const lang = i18n.language;
  const [reviewing, setReviewing] = useState(false);
  const [dispatching, setDispatching] = useState(false);
  const [step, setStep] = useState<Step | null>(null);
  const can = (a: string) => r.actions.includes(a);
  const narrow = screens.md === false;
  const reviewed = r.lines.some((l) => l.approved !== null);
  // An open line is 进行中 only once goods are on their way; before that (or if the request never got
  // there) it is where the request is: 待审核, 待配送, 未通过, 已撤回.
  const lineTag = (l: TRequestLine) =>
    l.state === 'open' && r.state !== 'dispatching'
      ? { text: label('state', r.state), color: requestStateColor[r.state] }
      : { text: label('line', l.state), color: lineStateColor[l.state] };

  const lineColumns: TableColumnsType<TRequestLine> = [
    {
      key: 'item',
      title: t('supplyRequests.lines.item'),
      render: (_, l) => {
        const sep = lang.startsWith('zh') ? '：' : ': ';
        const notes = [
          l.reduceReason ? `${t('supplyRequests.lines.reduced')}${sep}${l.reduceReason}` : null,
          l.closeReason ? `${t('supplyRequests.lines.closed')}${sep}${l.closeReason}` : null,
        ].filter(Boolean);
        return (
          <div style={{ minWidth: 160 }}>
            <Typography.Text strong>{l.item.name}</Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[l.item.spec, l.item.supplier?.name].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
            </div>
            {notes.length > 0 ? (
              <div style={{ fontSize: 12, color: lineShort(l) ? '#d46b08' : undefined }}>
                {lineShort(l) ? <WarningOutlined style={{ marginInlineEnd: 4 }} /> : null}
                {notes.join('；')}
              </div>
            ) : null}
          </div>
        );
      },
    },
    {
      key: 'requested',
      title: t('supplyRequests.lines.requested'),
      width: 72,
      align: 'right',
      render: (_, l) => <span className="nj-hs-mono">{l.requested}</span>,
    },
    {
      key: 'approved',
      title: t('supplyRequests.lines.approved'),
      width: 72,
      align: 'right',
      render: (_, l) =>
        l.approved === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Typography.Text className="nj-hs-mono" type={l.approved < l.requested ? 'warning' : undefined}>
            {l.approved}
          </Typography.Text>
        ),
    },
    {
      key: 'shipped',
      title: t('supplyRequests.lines.shipped'),
      width: 72,
      align: 'right',
      render: (_, l) => <span className="nj-hs-mono">{l.shipped}</span>,
    },
    {
      key: 'received',
      title: t('supplyRequests.lines.received'),
      width: 72,
      align: 'right',
      render: (_, l) => (
        <Typography.Text
          className="nj-hs-mono"
          type={l.approved !== null && l.state !== 'open' && l.received < l.approved ? 'danger' : undefined}
          data-testid={`supply-line-received-${l.id}`}
        >
          {l.received}
        </Typography.Text>
      ),
    },
    { key: 'unit', title: t('supplyRequests.lines.unit'), width: 56, render: (_, l) => l.item.unit },
    {
      key: 'state',
      title: t('supplyRequests.lines.state'),
      width: 84,
      render: (_, l) => (
        <Tag
          color={lineTag(l).color}
          style={{ marginInlineEnd: 0 }}
          data-testid={`supply-line-state-${l.id}`}
        >
          {lineTag(l).text}
        </Tag>
      ),
    },
    ...(can('closeLine')
      ? [
          {
            key: 'close',
            title: t('supplyRequests.lines.actions'),
            width: 90,
            render: (_: unknown, l: TRequestLine) =>
              l.state === 'open' ? (
                <Button
                  size="small"
                  danger
                  onClick={() => setStep({ kind: 'close', line: l })}
                  data-testid={`supply-line-close-${l.id}`}
                  aria-label={`${t('supplyRequests.action.closeLine')} ${l.item.name}`}
                >
                  {t('supplyRequests.action.closeLine')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const shortCount = r.lines.filter(lineShort).length;
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
                data-testid="supply-request-code"
              >
                {r.code}
              </Typography.Title>
              <Tag
                color={requestStateColor[r.state]}
                style={{ marginInlineEnd: 0 }}
                data-testid="supply-request-state"
              >
                {label('state', r.state)}
              </Tag>
              <Tag
                color={urgencyColor[r.urgency]}
                style={{ marginInlineEnd: 0 }}
                data-testid="supply-request-urgency"
              >
                {label('urgency', r.urgency)}
              </Tag>
              {r.channel !== 'online' ? (
                <Tag style={{ marginInlineEnd: 0 }}>{label('channel', r.channel)}</Tag>
              ) : null}
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {r.org.name} · {r.point.name} · {t('supplyRequests.detail.value')} {fenText(r.valueFen)}
            </Typography.Paragraph>
          </div>
          <section aria-label={t('supplyRequests.detail.actionsAria')} className="nj-hs-actions">
            {can('review') ? (
              <Button type="primary" onClick={() => setReviewing(true)} data-testid="supply-action-review">
                {t('supplyRequests.action.review')}
              </Button>
            ) : null}
            {can('dispatch') ? (
              <Button
                type="primary"
                onClick={() => setDispatching(true)}
                data-testid="supply-action-dispatch"
              >
                {t('supplyRequests.action.dispatch')}
              </Button>
            ) : null}
            {can('withdraw') ? (
              <Button
                danger
                onClick={() => setStep({ kind: 'withdraw' })}
                data-testid="supply-action-withdraw"
              >
                {t('supplyRequests.action.withdraw')}
              </Button>
            ) : null}
            {can('copy') ? (
              <Button
                icon={<CopyOutlined />}
                onClick={() => navigate(`/supplies/requests/new?copyFrom=${r.id}`)}
                data-testid="supply-action-copy"
              >
                {t('supplyRequests.action.copy')}
              </Button>
            ) : null}
            <Tooltip
              title={t(
                finalStates.includes(r.state)
                  ? 'supplyRequests.detail.updated'
                  : 'supplyRequests.detail.polled',
                {
                  time: new Date(updatedAt).toLocaleTimeString(lang, { hour12: false }),
                },
              )}
            >
              <Button
                icon={<ReloadOutlined spin={refreshing} />}
                onClick={onRefresh}
                aria-label={t('supplyRequests.detail.refresh')}
              />
            </Tooltip>
          </section>
        </div>

        {r.state === 'rejected' && r.rejectReason ? (
          <Alert
            type="error"
            showIcon
            title={`${t('supplyRequests.detail.rejectReason')}：${r.rejectReason}`}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {r.state === 'completed' && shortCount > 0 ? (
          <Alert
            type="warning"
            showIcon
            title={t('supplyRequests.detail.completedShort', { count: shortCount })}
            style={{ marginBottom: 16 }}
          />
        ) : null}

        <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('supplyRequests.detail.org')}>{r.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('supplyRequests.detail.point')} span={2}>
            <div>
              {r.point.name} <Tag style={{ marginInlineEnd: 0 }}>{label('pointKind', r.point.kind)}</Tag>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.point.address}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyRequests.detail.staffServed')}>
            {t('supplyRequests.detail.people', { count: r.staffServed })}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyRequests.detail.channel')}>
            {label('channel', r.channel)}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyRequests.detail.hub')}>{r.hub.name}</Descriptions.Item>
          {r.caller ? (
            <Descriptions.Item label={t('supplyRequests.detail.caller')}>
              {r.caller.name} · <span className="nj-hs-mono">{r.caller.phone}</span>
            </Descriptions.Item>
          ) : null}
          {r.enteredBy ? (
            <Descriptions.Item label={t('supplyRequests.detail.enteredBy')}>{r.enteredBy}</Descriptions.Item>
          ) : null}
          {r.copiedFromId ? (
            <Descriptions.Item label={t('supplyRequests.detail.copiedFrom')}>
              <Link to={`/supplies/requests/${r.copiedFromId}`} data-testid="supply-request-copied-from">
                {t('supplyRequests.detail.copiedFromLink', {
                  code: r.copiedFromCode ?? `#${r.copiedFromId}`,
                })}
              </Link>
            </Descriptions.Item>
          ) : null}
          {r.specialRequestId ? (
            <Descriptions.Item label={t('supplyRequests.detail.special')}>
              <Link to="/supplies/special">
                {t('supplyRequests.detail.specialLink', { id: r.specialRequestId })}
              </Link>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('supplyRequests.detail.submittedAt')}>
            {formatDateTime(r.submittedAt, lang)}
          </Descriptions.Item>
          {r.reviewedAt ? (
            <Descriptions.Item label={t('supplyRequests.detail.reviewedAt')}>
              {formatDateTime(r.reviewedAt, lang)}
            </Descriptions.Item>
          ) : null}
          {r.completedAt ? (
            <Descriptions.Item label={t('supplyRequests.detail.completedAt')}>
              {formatDateTime(r.completedAt, lang)}
            </Descriptions.Item>
          ) : null}
          {r.reviewNote ? (
            <Descriptions.Item label={t('supplyRequests.detail.reviewNote')} span={3}>
              {r.reviewNote}
            </Descriptions.Item>
          ) : null}
          {r.note ? (
            <Descriptions.Item label={t('supplyRequests.detail.note')} span={3}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{r.note}</span>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={17}>
          <Card
            size="small"
            title={t('supplyRequests.lines.title', { count: r.lines.length })}
            extra={
              shortCount > 0 ? (
                <Typography.Text type="warning">
                  <WarningOutlined /> {t('supplyRequests.lines.shortCount', { count: shortCount })}
                </Typography.Text>
              ) : !reviewed ? (
                <Typography.Text type="secondary">{t('supplyRequests.lines.notReviewed')}</Typography.Text>
              ) : null
            }
          >
            {narrow ? (
              <div data-testid="supply-lines">
                {r.lines.map((l) => (
                  <div
                    key={l.id}
                    data-testid={`supply-line-${l.id}`}
                    data-short={lineShort(l) ? 'true' : 'false'}
                    style={{
                      padding: '10px 8px',
                      borderBottom: '1px solid #f0f0f0',
                      background: lineShort(l) ? '#fff7e6' : undefined,
                    }}
                  >
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                      {lineColumns[0]?.render?.(null, l, 0) as ReactNode}
                      <Tag color={lineTag(l).color} style={{ marginInlineEnd: 0, alignSelf: 'flex-start' }}>
                        {lineTag(l).text}
                      </Tag>
                    </div>
                    <div className="nj-hs-mono" style={{ marginTop: 4, fontSize: 13, whiteSpace: 'normal' }}>
                      {t('supplyRequests.lines.requested')} {l.requested} ·{' '}
                      {t('supplyRequests.lines.approved')} {l.approved ?? '—'} ·{' '}
                      {t('supplyRequests.lines.shipped')} {l.shipped} · {t('supplyRequests.lines.received')}{' '}
                      <span data-testid={`supply-line-received-${l.id}`}>{l.received}</span> {l.item.unit}
                    </div>
                    {can('closeLine') && l.state === 'open' ? (
                      <Button
                        size="small"
                        danger
                        style={{ marginTop: 6 }}
                        onClick={() => setStep({ kind: 'close', line: l })}
                        data-testid={`supply-line-close-${l.id}`}
                      >
                        {t('supplyRequests.action.closeLine')}
                      </Button>
                    ) : null}
                  </div>
                ))}
              </div>
            ) : (
              <Table<TRequestLine>
                rowKey="id"
                size="small"
                data-testid="supply-lines"
                columns={lineColumns}
                dataSource={r.lines}
                pagination={false}
                scroll={{ x: 680 }}
                onRow={(l) =>
                  ({
                    'data-testid': `supply-line-${l.id}`,
                    'data-short': lineShort(l) ? 'true' : 'false',
                    style: lineShort(l) ? { background: '#fff7e6' } : undefined,
                  }) as HTMLAttributes<HTMLElement>
                }
              />
            )}
          </Card>
          <Card
            size="small"
            title={t('supplyRequests.shipments.title')}
            style={{ marginTop: 16 }}
            data-testid="supply-shipments"
          >
            {r.shipments.length > 0 && narrow ? (
              <div>
                {r.shipments.map((s) => (
                  <div key={s.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <Space wrap size={8}>
                      <Link
                        to={`/supplies/shipments/${s.id}`}
                        className="nj-hs-mono"
                        data-testid={`supply-shipment-link-${s.id}`}
                      >
                        {s.code}
                      </Link>
                      <Tag color={shipmentStateColor[s.state]} style={{ marginInlineEnd: 0 }}>
                        {label('shipment', s.state)}
                      </Tag>
                    </Space>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[
                          s.partner.name,
                          s.vehiclePlate,
                          s.deliveredAt
                            ? `${t('supplyRequests.shipments.deliveredAt')} ${formatDateTime(s.deliveredAt, lang)}`
                            : s.departedAt
                              ? `${t('supplyRequests.shipments.departedAt')} ${formatDateTime(s.departedAt, lang)}`
                              : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Typography.Text>
                    </div>
                  </div>
                ))}
              </div>
            ) : r.shipments.length > 0 ? (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                scroll={{ x: 640 }}
                dataSource={r.shipments}
                columns={[
                  {
                    key: 'code',
                    title: t('supplyRequests.shipments.code'),
                    render: (_, s) => (
                      <Link
                        to={`/supplies/shipments/${s.id}`}
                        className="nj-hs-mono"
                        data-testid={`supply-shipment-link-${s.id}`}
                      >
                        {s.code}
                      </Link>
                    ),
                  },
                  {
                    key: 'partner',
                    title: t('supplyRequests.shipments.partner'),
                    render: (_, s) => s.partner.name,
                  },
                  {
                    key: 'plate',
                    title: t('supplyRequests.shipments.plate'),
                    render: (_, s) => s.vehiclePlate ?? '—',
                  },
                  {
                    key: 'state',
                    title: t('supplyRequests.shipments.state'),
                    render: (_, s) => (
                      <Tag color={shipmentStateColor[s.state]} style={{ marginInlineEnd: 0 }}>
                        {label('shipment', s.state)}
                      </Tag>
                    ),
                  },
                  {
                    key: 'departed',
                    title: t('supplyRequests.shipments.departedAt'),
                    render: (_, s) => formatDateTime(s.departedAt, lang),
                  },
                  {
                    key: 'delivered',
                    title: t('supplyRequests.shipments.deliveredAt'),
                    render: (_, s) => formatDateTime(s.deliveredAt, lang),
                  },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supplyRequests.shipments.none')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('supplyRequests.timeline.title')}>
            <EventTimeline
              events={r.timeline}
              testId="supply-timeline"
              emptyText={t('supplyRequests.timeline.empty')}
            />
          </Card>
        </Col>
      </Row>

      {can('review') ? (
        <ReviewDrawer request={r} open={reviewing} onClose={() => setReviewing(false)} />
      ) : null}
      {can('dispatch') || dispatching ? (
        <DispatchModal
          requests={[{ id: r.id, code: r.code }]}
          open={dispatching}
          onClose={() => setDispatching(false)}
        />
      ) : null}
      <StepModal request={r} step={step} onClose={() => setStep(null)} />
    </div>
  );
}

/** 撤回 (an optional note) and 关闭明细 (a reason; releases what is reserved and not shipped). */
function StepModal({
  request: r,
  step,
  onClose,
}: {
  request: TRequest;
  step: Step | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [saving, setSaving] = useState(false);
  const closing = step?.kind === 'close';

  const submit = async (v: { reason?: string }) => {
    if (!step) return;
    setSaving(true);
    try {
      if (step.kind === 'close') {
        // Answers with what was released; the page reloads the request.
        await api.post(`${REQUESTS}/${r.id}/lines/${step.line.id}/close`, { reason: v.reason?.trim() });
        await client.invalidateQueries({ queryKey: requestKey(r.id) });
      } else {
        const next = await api.post<TRequest>(`${REQUESTS}/${r.id}/withdraw`, {
          note: v.reason?.trim() || null,
        });
        client.setQueryData(requestKey(r.id), next);
      }
      message.success(
        step.kind === 'close'
          ? t('supplyRequests.action.closedLine', { name: step.line.item.name })
          : t('supplyRequests.action.withdrawn'),
      );
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      void client.invalidateQueries({ queryKey: requestKey(r.id) });
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: requestsKey, refetchType: 'none' });
    }
  };

  const field = closing ? t('supplyRequests.action.closeReason') : t('supplyRequests.action.withdrawNote');
  return (
    <Modal
      open={step !== null}
      title={
        step?.kind === 'close'
          ? t('supplyRequests.action.closeTitle', { name: step.line.item.name })
          : t('supplyRequests.action.withdrawTitle', { code: r.code })
      }
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={closing ? t('supplyRequests.action.closeLine') : t('supplyRequests.action.withdraw')}
      okButtonProps={{ danger: true, 'data-testid': 'supply-step-ok' }}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" name="supplyStep" onFinish={submit} preserve={false}>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            step?.kind === 'close'
              ? t('supplyRequests.action.closeText', {
                  release: Math.max(0, (step.line.approved ?? 0) - step.line.shipped),
                  unit: step.line.item.unit,
                })
              : t('supplyRequests.action.withdrawText')
          }
        />
        <Form.Item
          name="reason"
          label={field}
          rules={[
            ...(closing
              ? [
                  { required: true, whitespace: true, message: t('msg.required', { field }) },
                  { min: 2, message: t('supplyRequests.action.reasonMin') },
                ]
              : []),
            { max: closing ? 200 : 500, message: t('supplyRequests.form.max', { max: closing ? 200 : 500 }) },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={closing ? 200 : 500}
            showCount
            data-testid="supply-step-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
