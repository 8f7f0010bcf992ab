import {
  ArrowLeftOutlined,
  CheckCircleFilled,
  CloseCircleOutlined,
  EnvironmentOutlined,
  FileExcelOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Grid,
  Image,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EventTimeline } from '../components/EventTimeline.tsx';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  disinfectionChecks,
  qtyText,
  SHIPMENTS_API,
  shipmentKey,
  shipmentStateColor,
  supplyPerm,
  type TShipment,
  urgencyColor,
  useSupplyLabels,
} from './supplies/catalogue-model.ts';
import { type ShipmentAction, ShipmentActionModal, shipmentActions } from './supplies/shipmentsActions.tsx';
import './hardship/hardship.css';
import './supplies/catalogue.css';

type Line = TShipment['lines'][number];

/** 配送单详情: where it goes (tap to call the contact), what is loaded, the vehicle, the sign-off, the steps. */
export default function SupplyShipmentDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { id, valid } = recordId(raw);
  const shipment = useQuery({
    queryKey: shipmentKey(id),
    queryFn: () => api.get<TShipment>(`${SHIPMENTS_API}/${id}`),
    enabled: valid,
    refetchInterval: 30_000,
    retry: retryUnlessClientError,
  });

  const back = (
    <Link to="/supplies/shipments">
      <ArrowLeftOutlined /> {t('supplyLogistics.detail.back')}
    </Link>
  );
  return (
    <RecordGate
      query={shipment}
      valid={valid}
      back={back}
      notFoundText={t('supplyLogistics.detail.notFound')}
      loadFailedText={t('supplyLogistics.detail.loadFailed')}
    >
      {(data) => <Detail shipment={data} back={back} />}
    </RecordGate>
  );
}

function Detail({ shipment: s, back }: { shipment: TShipment; back: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useSupplyLabels();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = !screens.sm;
  const lang = i18n.language;
  const [step, setStep] = useState<ShipmentAction | null>(null);
  const [downloading, setDownloading] = useState(false);
  const actions = shipmentActions.filter((a) => s.actions.includes(a));
  const linkRequests = can(supplyPerm.view);
  const delivered = s.state === 'delivered';

  const manifest = async () => {
    setDownloading(true);
    try {
      await api.download(`${SHIPMENTS_API}/${s.id}/manifest.xlsx`, undefined, `装车清单-${s.code}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  };

  const requestRef = (l: Line) =>
    linkRequests ? (
      <Link to={`/supplies/requests/${l.requestId}`} className="nj-hs-mono">
        {l.requestCode}
      </Link>
    ) : (
      <span className="nj-hs-mono">{l.requestCode}</span>
    );
  const receivedText = (l: Line) =>
    l.received == null ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Typography.Text type={l.received < l.quantity ? 'danger' : 'success'} strong className="nj-hs-mono">
        {qtyText(l.received)}
        {l.received < l.quantity
          ? ` (${t('supplyLogistics.detail.shortBy', { n: l.quantity - l.received })})`
          : ''}
      </Typography.Text>
    );

  const total = s.lines.reduce((n, l) => n + l.quantity, 0);
  // Each request on the shipment once, linked: where the hub dispatches again or closes lines.
  const requests = [...new Map(s.lines.map((l) => [l.requestId, l])).values()];
  const requestCodes = (
    <Space size={[12, 4]} wrap style={{ marginInlineStart: 4 }}>
      {requests.map((l) => (
        <span key={l.requestId}>{requestRef(l)}</span>
      ))}
    </Space>
  );
  // What happens next, in the words of whoever is looking: the hub (by what it may do), the unit.
  const exceptionNext = s.actions.includes('restock') ? (
    <span>
      {t('supplyLogistics.detail.exceptionOnRoad')}
      {requestCodes}
    </span>
  ) : s.departedAt === null && linkRequests && s.actions.includes('manifest') ? (
    <span>
      {t('supplyLogistics.detail.exceptionNotDeparted')}
      {requestCodes}
    </span>
  ) : !s.actions.includes('manifest') ? (
    t('supplyLogistics.detail.exceptionUnit')
  ) : null;

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
                data-testid="shipment-code"
              >
                {s.code}
              </Typography.Title>
              <Tag
                color={shipmentStateColor[s.state]}
                style={{ marginInlineEnd: 0 }}
                data-testid="shipment-state"
              >
                {label('shipmentState', s.state)}
              </Tag>
              <Tag color={urgencyColor[s.urgency]} style={{ marginInlineEnd: 0 }}>
                {label('urgency', s.urgency)}
              </Tag>
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {s.partner.name} ·{' '}
              {t('supplyLogistics.detail.createdAt', { at: formatDateTime(s.createdAt, lang) })}
            </Typography.Paragraph>
          </div>
          {actions.length > 0 ? (
            <section
              aria-label={t('supplyLogistics.detail.actionsAria')}
              className="nj-hs-actions nj-sup-actions"
            >
              {actions.map((a) => (
                <Button
                  key={a}
                  size={phone ? 'large' : 'middle'}
                  type={a === 'fail' ? 'default' : 'primary'}
                  danger={a === 'fail'}
                  onClick={() => setStep(a)}
                  data-testid={`shipment-action-${a}`}
                >
                  {t(`supplyLogistics.action.${a}`)}
                </Button>
              ))}
            </section>
          ) : null}
        </div>

        {s.state === 'exception' && s.exceptionReason ? (
          <Alert
            type="error"
            showIcon
            title={t('supplyLogistics.detail.exceptionLine', { reason: s.exceptionReason })}
            description={exceptionNext}
            style={{ marginBottom: 16 }}
            data-testid="shipment-exception"
          />
        ) : null}
        {s.state === 'returned' ? (
          <Alert
            type="info"
            showIcon
            title={t('supplyLogistics.detail.returnedLine', { reason: s.exceptionReason ?? '—' })}
            description={
              linkRequests ? (
                <span>
                  {t('supplyLogistics.detail.returnedNext')}
                  {requestCodes}
                </span>
              ) : null
            }
            style={{ marginBottom: 16 }}
            data-testid="shipment-returned"
          />
        ) : null}

        <section aria-label={t('supplyLogistics.detail.point')} data-testid="shipment-point">
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
            <EnvironmentOutlined /> {s.point.name}{' '}
            <Tag style={{ marginInlineStart: 4, verticalAlign: 'middle' }}>
              {label('pointKind', s.point.kind)}
            </Tag>
          </Typography.Title>
          <Typography.Paragraph style={{ marginBottom: 6, fontSize: 15 }}>
            {s.point.address}
          </Typography.Paragraph>
          <Space size={[16, 6]} wrap>
            <span>{t('supplyLogistics.detail.contactLine', { name: s.point.contactName })}</span>
            {s.point.contactPhone.includes('*') ? (
              <span className="nj-hs-mono">{s.point.contactPhone}</span>
            ) : (
              <a href={`tel:${s.point.contactPhone}`} className="nj-sup-call" data-testid="shipment-call">
                <PhoneOutlined /> {s.point.contactPhone}
              </a>
            )}
            <Typography.Text type="secondary">{s.point.org.name}</Typography.Text>
          </Space>
        </section>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('supplyLogistics.detail.lines', { lines: s.lines.length, total: qtyText(total) })}
            extra={
              s.actions.includes('manifest') ? (
                <Button
                  size="small"
                  icon={<FileExcelOutlined />}
                  loading={downloading}
                  onClick={() => void manifest()}
                  data-testid="shipment-manifest"
                >
                  {t('supplyLogistics.detail.manifest')}
                </Button>
              ) : null
            }
          >
            {phone ? (
              <div data-testid="shipment-lines">
                {s.lines.map((l) => (
                  <div
                    key={l.id}
                    className="nj-sup-line-row"
                    style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
                  >
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                      <Typography.Text strong>{l.itemName}</Typography.Text>
                      <span className="nj-hs-mono">
                        {qtyText(l.quantity)} {l.unit}
                      </span>
                    </div>
                    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 13 }}>
                      <span>{requestRef(l)}</span>
                      {l.received != null ? (
                        <span>
                          {t('supplyLogistics.col.received')} {receivedText(l)}
                        </span>
                      ) : null}
                    </div>
                  </div>
                ))}
              </div>
            ) : (
              <Table<Line>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={s.lines}
                data-testid="shipment-lines"
                columns={[
                  { key: 'item', title: t('supplyLogistics.col.item'), render: (_, l) => l.itemName },
                  {
                    key: 'request',
                    title: t('supplyLogistics.col.request'),
                    width: 170,
                    render: (_, l) => requestRef(l),
                  },
                  {
                    key: 'quantity',
                    title: t('supplyLogistics.col.loaded'),
                    width: 100,
                    align: 'right',
                    render: (_, l) => (
                      <span className="nj-hs-mono">
                        {qtyText(l.quantity)} {l.unit}
                      </span>
                    ),
                  },
                  {
                    key: 'received',
                    title: t('supplyLogistics.col.received'),
                    width: 130,
                    align: 'right',
                    render: (_, l) => receivedText(l),
                  },
                ]}
              />
            )}
          </Card>

          <Card size="small" title={t('supplyLogistics.detail.vehicle')} style={{ marginTop: 16 }}>
            {s.vehiclePlate || s.departedAt ? (
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="shipment-vehicle">
                <Descriptions.Item label={t('supplyLogistics.depart.plate')}>
                  <span className="nj-hs-mono">{s.vehiclePlate ?? '—'}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('supplyLogistics.depart.driver')}>
                  {s.driverName ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('supplyLogistics.depart.driverPhone')}>
                  {s.driverPhone && !s.driverPhone.includes('*') ? (
                    <a href={`tel:${s.driverPhone}`} className="nj-hs-mono">
                      {s.driverPhone}
                    </a>
                  ) : (
                    <span className="nj-hs-mono">{s.driverPhone ?? '—'}</span>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('supplyLogistics.depart.testedAt')}>
                  {formatDateTime(s.driverTestedAt, lang)}
                </Descriptions.Item>
                <Descriptions.Item label={t('supplyLogistics.col.departed')}>
                  {formatDateTime(s.departedAt, lang)}
                </Descriptions.Item>
                <Descriptions.Item label={t('supplyLogistics.depart.checklist')} span={2}>
                  <Space size={[12, 4]} wrap>
                    {disinfectionChecks.map((c) =>
                      s.disinfection.includes(c) ? (
                        <span key={c}>
                          <CheckCircleFilled style={{ color: '#52c41a' }} /> {label('check', c)}
                        </span>
                      ) : (
                        <Typography.Text key={c} type="secondary">
                          <CloseCircleOutlined /> {label('check', c)}
                        </Typography.Text>
                      ),
                    )}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{t('supplyLogistics.detail.notDeparted')}</Typography.Text>
            )}
          </Card>

          {delivered ? (
            <Card size="small" title={t('supplyLogistics.detail.receipt')} style={{ marginTop: 16 }}>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="shipment-receipt">
                <Descriptions.Item label={t('supplyLogistics.deliver.recipient')}>
                  {s.recipientName ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('supplyLogistics.col.delivered')}>
                  {formatDateTime(s.deliveredAt, lang)}
                </Descriptions.Item>
                {s.photoUrl ? (
                  <Descriptions.Item label={t('supplyLogistics.deliver.photo')} span={2}>
                    <Image
                      src={s.photoUrl}
                      width={120}
                      alt={t('supplyLogistics.deliver.photo')}
                      style={{ borderRadius: 6 }}
                      data-testid="shipment-photo"
                    />
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
          ) : null}
          {s.note ? (
            <Card size="small" title={t('supplyLogistics.detail.note')} style={{ marginTop: 16 }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {s.note}
              </Typography.Paragraph>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('supplyLogistics.detail.timeline')}>
            <EventTimeline
              events={s.timeline}
              testId="shipment-timeline"
              emptyText={t('supplyLogistics.detail.noTimeline')}
            />
          </Card>
        </Col>
      </Row>
      <ShipmentActionModal shipment={s} action={step} onClose={() => setStep(null)} />
    </div>
  );
}
