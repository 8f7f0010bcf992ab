/*
 * 转办事项 (/referrals/:id; the partner's own view at /referrals/assigned/:id): the appeal referred to the
 * governance platform, the exact payload POSTed, every delivery attempt (HTTP status, error, duration), the
 * status the platform posted back (or that was recorded by hand), the answer; 立即重试 and 改为人工交办
 * (union, 接口推送), 登记平台状态 (人工交办: the union's cadre or the partner's account).
 * Selectors for browser tests:
 *   referral-code, referral-state, referral-retry-btn, referral-manual-btn, referral-record-btn
 *   (dialog: referral-record-status (values accepted/in_progress/answered), referral-record-note,
 *   referral-record-submit), referral-payload, referral-attempts, referral-events, referral-answer.
 */
import { ArrowLeftOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
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
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { errorMessage, showFieldErrors, useOpenings } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  appealPerm,
  appealsKey,
  REFERRALS,
  referralKey,
  referralStateColor,
  referralsKey,
  type TReferralDetail,
  useAppealLabels,
} from './appeals/model.ts';
import './hardship/hardship.css';

export default function ReferralDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { pathname } = useLocation();
  const partnerView = pathname.startsWith('/referrals/assigned');
  const { id, valid } = recordId(raw);
  const referral = useQuery({
    queryKey: referralKey(id),
    queryFn: () => api.get<TReferralDetail>(`${REFERRALS}/${id}`),
    enabled: valid,
    retry: retryUnlessClientError,
    refetchInterval: 30_000,
  });
  const back = (
    <Link to={partnerView ? '/referrals/assigned' : '/referrals'}>
      <ArrowLeftOutlined /> {t('appealWork.referral.back')}
    </Link>
  );
  return (
    <RecordGate
      query={referral}
      valid={valid}
      back={back}
      notFoundText={t('appealWork.referral.notFound')}
      loadFailedText={t('appealWork.referral.detailLoadFailed')}
    >
      {(data) => (
        <Detail
          r={data}
          back={back}
          partnerView={partnerView}
          refreshing={referral.isFetching}
          onRefresh={() => void referral.refetch()}
        />
      )}
    </RecordGate>
  );
}

function Detail({
  r,
  back,
  partnerView,
  refreshing,
  onRefresh,
}: {
  r: TReferralDetail;
  back: ReactNode;
  partnerView: boolean;
  refreshing: boolean;
  onRefresh: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useAppealLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const lang = i18n.language;
  const [busy, setBusy] = useState<'retry' | 'manual' | null>(null);
  const [recording, setRecording] = useState(false);
  const union = !partnerView && can(appealPerm.referrals);
  const done = r.state === 'answered';
  const mayRetry = union && r.mode === 'api' && (r.state === 'queued' || r.state === 'undeliverable');
  const mayManual = union && r.mode === 'api' && !done;
  const mayRecord = r.mode === 'manual' && !done && (union || can(appealPerm.partner));

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: referralsKey }),
      qc.invalidateQueries({ queryKey: appealsKey }),
    ]);
  const act = async (what: 'retry' | 'manual') => {
    setBusy(what);
    try {
      await api.post(`${REFERRALS}/${r.id}/${what}`, {});
      message.success(
        what === 'retry' ? t('appealWork.referral.retried') : t('appealWork.referral.manualDone'),
      );
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }}>
        <div className="nj-hs-head">
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center">
              <Typography.Title
                level={2}
                style={{ fontSize: 20 }}
                className="nj-hs-mono"
                data-testid="referral-code"
              >
                {r.code}
              </Typography.Title>
              <Tag
                color={referralStateColor[r.state]}
                style={{ marginInlineEnd: 0 }}
                data-testid="referral-state"
              >
                {label('referralState', r.state)}
              </Tag>
              <Tag style={{ marginInlineEnd: 0 }}>{label('mode', r.mode)}</Tag>
              {r.overdue ? (
                <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('appealWork.referral.overdue')}
                </Tag>
              ) : null}
            </Space>
            <Typography.Paragraph style={{ margin: '6px 0 0', fontSize: 15 }}>
              {partnerView ? (
                <span className="nj-hs-mono">{r.appeal.code}</span>
              ) : (
                <Link to={`/appeals/${r.appeal.id}`} className="nj-hs-mono">
                  {r.appeal.code}
                </Link>
              )}{' '}
              {r.appeal.title}
            </Typography.Paragraph>
          </div>
          <section className="nj-hs-actions">
            {mayRecord ? (
              <Button type="primary" onClick={() => setRecording(true)} data-testid="referral-record-btn">
                {t('appealWork.referral.record')}
              </Button>
            ) : null}
            {mayRetry ? (
              <Button
                type="primary"
                loading={busy === 'retry'}
                onClick={() => void act('retry')}
                data-testid="referral-retry-btn"
              >
                {t('appealWork.referral.retry')}
              </Button>
            ) : null}
            {mayManual ? (
              <Popconfirm
                title={t('appealWork.referral.manualTitle')}
                description={<div style={{ maxWidth: 320 }}>{t('appealWork.referral.manualHint')}</div>}
                onConfirm={() => void act('manual')}
                okText={t('appealWork.moderate.ok')}
                cancelText={t('action.cancel')}
              >
                <Button loading={busy === 'manual'} data-testid="referral-manual-btn">
                  {t('appealWork.referral.manual')}
                </Button>
              </Popconfirm>
            ) : null}
            <Button
              icon={<ReloadOutlined spin={refreshing} />}
              onClick={onRefresh}
              aria-label={t('appealWork.detail.refresh')}
            />
          </section>
        </div>
        {r.lastError && !done ? (
          <Alert
            type={r.state === 'undeliverable' ? 'error' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t('appealWork.referral.lastError', { error: r.lastError })}
            description={
              r.nextAttemptAt && r.state === 'queued'
                ? t('appealWork.referral.nextAttempt', { time: formatDateTime(r.nextAttemptAt, lang) })
                : undefined
            }
          />
        ) : null}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('appealWork.detail.union')}>{r.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('appealWork.referral.partner')}>{r.partner.name}</Descriptions.Item>
          <Descriptions.Item label={t('appealWork.referral.externalId')}>
            <span className="nj-hs-mono">{r.externalId ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('appealWork.referral.createdAt')}>
            {formatDateTime(r.createdAt, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('appealWork.referral.due')}>
            <Typography.Text type={r.overdue ? 'danger' : undefined}>
              {formatDate(r.dueAt, lang)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('appealWork.referral.attempts')}>
            {r.mode === 'api' ? t('appealWork.referral.attemptsN', { count: r.attemptCount }) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('appealWork.referral.answer')} data-testid="referral-answer">
            {r.answer ? (
              <>
                <div style={{ whiteSpace: 'pre-wrap' }}>{r.answer}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(r.answeredAt, lang)}
                </Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">{t('appealWork.detail.noReply')}</Typography.Text>
            )}
          </Card>
          <Card
            size="small"
            title={t('appealWork.referral.payload')}
            style={{ marginTop: 16 }}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                POST JSON
              </Typography.Text>
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('appealWork.referral.payloadHint')}
            </Typography.Paragraph>
            <pre
              data-testid="referral-payload"
              style={{
                background: '#fafafa',
                border: '1px solid #f0f0f0',
                borderRadius: 6,
                padding: 12,
                margin: 0,
                fontSize: 12,
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-all',
                maxHeight: 360,
                overflow: 'auto',
              }}
            >
              {JSON.stringify(r.payload, null, 2)}
            </pre>
          </Card>
          {r.mode === 'api' || r.attempts.length > 0 ? (
            <Card size="small" title={t('appealWork.referral.attemptLog')} style={{ marginTop: 16 }}>
              <Table
                data-testid="referral-attempts"
                rowKey="no"
                size="small"
                pagination={false}
                dataSource={r.attempts}
                scroll={{ x: 560 }}
                locale={{ emptyText: t('appealWork.referral.attemptNone') }}
                columns={[
                  { key: 'no', title: t('appealWork.referral.attemptNo'), width: 50, dataIndex: 'no' },
                  {
                    key: 'at',
                    title: t('appealWork.referral.attemptAt'),
                    width: 160,
                    render: (_, a) => <span className="nj-hs-mono">{formatDateTime(a.at, lang)}</span>,
                  },
                  {
                    key: 'status',
                    title: t('appealWork.referral.httpStatus'),
                    width: 100,
                    render: (_, a) => <span className="nj-hs-mono">{a.httpStatus ?? '—'}</span>,
                  },
                  {
                    key: 'ok',
                    title: t('appealWork.referral.result'),
                    render: (_, a) =>
                      a.ok ? (
                        <Tag color="green">{t('appealWork.referral.ok')}</Tag>
                      ) : (
                        <span>
                          <Tag color="red">{t('appealWork.referral.failed')}</Tag>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {a.error}
                          </Typography.Text>
                        </span>
                      ),
                  },
                  {
                    key: 'ms',
                    title: t('appealWork.referral.duration'),
                    width: 80,
                    align: 'right',
                    render: (_, a) => <span className="nj-hs-mono">{a.durationMs} ms</span>,
                  },
                ]}
              />
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('appealWork.referral.events')}>
            {r.events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appealWork.referral.eventNone')} />
            ) : (
              <Timeline
                data-testid="referral-events"
                items={r.events.map((e, i) => ({
                  key: `${e.at}-${i}`,
                  color: e.status === 'answered' ? 'green' : i === r.events.length - 1 ? 'red' : 'gray',
                  content: (
                    <div>
                      <Typography.Text strong>{label('referralState', e.status)}</Typography.Text>{' '}
                      <Tag style={{ marginInlineStart: 4 }}>
                        {t(`appealWork.referral.source.${e.source}`)}
                      </Tag>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(e.at, lang)}
                        </Typography.Text>
                      </div>
                      {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {mayRecord ? (
        <RecordStatusModal
          referral={r}
          open={recording}
          onClose={() => setRecording(false)}
          onDone={refresh}
        />
      ) : null}
    </div>
  );
}

function RecordStatusModal(props: Parameters<typeof RecordStatusModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <RecordStatusModalDialog key={useOpenings(props.open)} {...props} />;
}

function RecordStatusModalDialog({
  referral,
  open,
  onClose,
  onDone,
}: {
  referral: TReferralDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const label = useAppealLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ status: 'accepted' | 'in_progress' | 'answered'; note?: string }>();
  const status = Form.useWatch('status', form);
  const [saving, setSaving] = useState(false);
  const next =
    referral.state === 'delivered' ? 'accepted' : referral.state === 'accepted' ? 'in_progress' : 'answered';

  const save = async (v: { status: string; note?: string }) => {
    setSaving(true);
    try {
      await api.post(`${REFERRALS}/${referral.id}/status`, {
        status: v.status,
        note: v.note?.trim() || null,
      });
      message.success(t('appealWork.referral.recorded'));
      await onDone();
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('appealWork.referral.recordTitle', { code: referral.code })}
      onCancel={onClose}
      destroyOnHidden
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('action.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          onClick={() => form.submit()}
          data-testid="referral-record-submit"
        >
          {t('appealWork.referral.recordOk')}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        name="referralStatus"
        preserve={false}
        initialValues={{ status: next }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="status" label={t('appealWork.referral.status')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="referral-record-status">
            {(['accepted', 'in_progress', 'answered'] as const).map((s) => (
              <Radio key={s} value={s}>
                {label('referralState', s)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="note"
          label={t('appealWork.referral.note')}
          rules={
            status === 'answered'
              ? [{ required: true, min: 5, whitespace: true, message: t('appealWork.referral.noteRequired') }]
              : []
          }
        >
          <Input.TextArea
            rows={5}
            maxLength={2000}
            showCount
            placeholder={t('appealWork.referral.notePlaceholder')}
            data-testid="referral-record-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
