import { CameraOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import {
  NUCLEIC_TEST_VALID_HOURS,
  type TDeliverInput,
  type TDepartInput,
} from '../../../../shared/supplies.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { beijingWall, fromBeijingWall } from '../../beijingClock.ts';
import { errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import {
  type DisinfectionCheck,
  disinfectionChecks,
  qtyText,
  SHIPMENTS_API,
  shipmentKey,
  shipmentsKey,
  type TShipment,
  useSupplyLabels,
} from './catalogue-model.ts';

/** The steps of a shipment, in button order (the server lists the open ones in `actions`). */
export const shipmentActions = ['depart', 'transit', 'deliver', 'fail', 'restock'] as const;
export type ShipmentAction = (typeof shipmentActions)[number];

interface Values {
  vehiclePlate?: string;
  driverName?: string;
  driverPhone?: string;
  driverTestedAt?: Dayjs | string | null;
  disinfection?: DisinfectionCheck[];
  note?: string;
  recipientName?: string;
  received?: Record<string, number | null>;
  reason?: string;
}

const platePattern = /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/;
const mobilePattern = /^1[3-9]\d{9}$/;

/**
 * A Dayjs from the date-time field (Beijing wall clock, see beijingClock.ts): the phone's native
 * picker gives `YYYY-MM-DDTHH:mm`.
 */
const asDayjs = (v: Dayjs | string | null | undefined): Dayjs | null => {
  if (!v) return null;
  const d = typeof v === 'string' ? dayjs(v) : v;
  return d.isValid() ? d : null;
};

/** The driver's latest test: the phone's own date-time picker on a phone, Ant Design's on a desktop. */
function TestTimeField({
  value,
  onChange,
  phone,
  placeholder,
}: {
  value?: Dayjs | string | null;
  onChange?: (v: Dayjs | string | null) => void;
  phone: boolean;
  placeholder: string;
}) {
  const now = beijingWall();
  if (phone) {
    return (
      <Input
        type="datetime-local"
        value={typeof value === 'string' ? value : value ? value.format('YYYY-MM-DDTHH:mm') : ''}
        max={now.format('YYYY-MM-DDTHH:mm')}
        onChange={(e) => onChange?.(e.target.value || null)}
        data-testid="depart-tested-at"
        style={{ minHeight: 40 }}
      />
    );
  }
  // No disabledDate: the field's rule names a time too old or in the future, where the picker would
  // silently put a typed one back.
  return (
    <DatePicker
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      placeholder={placeholder}
      value={asDayjs(value)}
      onChange={(d) => onChange?.(d)}
      style={{ width: 220 }}
      data-testid="depart-tested-at"
    />
  );
}

/**
 * One step on a shipment: 出库 (plate, driver, the driver's latest nucleic-acid test, the whole
 * disinfection checklist), 运输中, 送达签收 (received per line, recipient, photo) or 异常 (reason).
 * Posts to `/shipments/:id/<step>`; a 409 (someone moved it meanwhile) shows as a message and the
 * page reloads the shipment.
 */
export function ShipmentActionModal({
  shipment: s,
  action,
  onClose,
}: {
  shipment: TShipment;
  action: ShipmentAction | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const phone = !screens.sm;
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const received = Form.useWatch('received', form);

  useEffect(() => {
    if (!photo) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const submit = async (v: Values) => {
    if (!action) return;
    const note = v.note?.trim() || null;
    setSaving(true);
    try {
      let body: unknown;
      if (action === 'depart') {
        const tested = asDayjs(v.driverTestedAt);
        body = {
          vehiclePlate: v.vehiclePlate?.trim().toUpperCase() ?? '',
          driverName: v.driverName?.trim() ?? '',
          driverPhone: v.driverPhone?.trim() ?? '',
          driverTestedAt: tested ? fromBeijingWall(tested.second(0).millisecond(0)) : '',
          disinfection: v.disinfection ?? [],
          note,
        } satisfies TDepartInput;
      } else if (action === 'deliver') {
        let photoFileId: string | null = null;
        if (photo) {
          const data = new FormData();
          data.append('file', photo);
          const file = await api.upload<TFile>(
            withQuery('/api/v1/files', { entityType: 'supplies.shipment', entityId: String(s.id) }),
            data,
          );
          photoFileId = file.id;
        }
        body = {
          recipientName: v.recipientName?.trim() ?? '',
          photoFileId,
          lines: s.lines.map((l) => ({ shipmentLineId: l.id, received: v.received?.[String(l.id)] ?? 0 })),
          note,
        } satisfies TDeliverInput;
      } else if (action === 'fail') {
        body = { reason: v.reason?.trim() ?? '' };
      } else {
        body = { note };
      }
      const next = await api.post<TShipment>(`${SHIPMENTS_API}/${s.id}/${action}`, body);
      client.setQueryData(shipmentKey(s.id), next);
      message.success(t(`supplyLogistics.action.${action}Done`));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      void client.invalidateQueries({ queryKey: shipmentKey(s.id) });
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: shipmentsKey, refetchType: 'none' });
    }
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });
  const short =
    action === 'deliver' && received
      ? s.lines.filter((l) => (received[String(l.id)] ?? l.quantity) < l.quantity)
      : [];

  const body = () => {
    if (action === 'depart') {
      return (
        <>
          <Form.Item
            name="disinfection"
            label={t('supplyLogistics.depart.checklist')}
            required
            rules={[
              {
                validator: (_, v: DisinfectionCheck[] | undefined) =>
                  (v ?? []).length === disinfectionChecks.length
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('supplyLogistics.depart.checklistAll'))),
              },
            ]}
          >
            <Checkbox.Group style={{ display: 'grid', gap: 8 }} data-testid="depart-checklist">
              {disinfectionChecks.map((c) => (
                <Checkbox key={c} value={c} data-testid={`depart-check-${c}`}>
                  {label('check', c)}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item
                name="vehiclePlate"
                label={t('supplyLogistics.depart.plate')}
                normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
                rules={[
                  required(t('supplyLogistics.depart.plate')),
                  { pattern: platePattern, message: t('supplyLogistics.depart.plateInvalid') },
                ]}
              >
                <Input maxLength={8} placeholder="沪A12345" data-testid="depart-plate" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item
                name="driverName"
                label={t('supplyLogistics.depart.driver')}
                rules={[required(t('supplyLogistics.depart.driver')), { max: 20 }]}
              >
                <Input maxLength={20} data-testid="depart-driver" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item
                name="driverPhone"
                label={t('supplyLogistics.depart.driverPhone')}
                rules={[
                  required(t('supplyLogistics.depart.driverPhone')),
                  { pattern: mobilePattern, message: t('msg.mobileInvalid') },
                ]}
              >
                <Input maxLength={11} inputMode="tel" data-testid="depart-driver-phone" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="driverTestedAt"
            label={t('supplyLogistics.depart.testedAt')}
            extra={t('supplyLogistics.depart.testedAtHint', { hours: NUCLEIC_TEST_VALID_HOURS })}
            rules={[
              { required: true, message: t('msg.required', { field: t('supplyLogistics.depart.testedAt') }) },
              {
                validator: (_, v: Dayjs | string | null | undefined) => {
                  const d = asDayjs(v);
                  if (!d) return Promise.resolve();
                  if (d.isAfter(beijingWall().add(1, 'minute')))
                    return Promise.reject(new Error(t('supplyLogistics.depart.testedFuture')));
                  if (d.isBefore(beijingWall().subtract(NUCLEIC_TEST_VALID_HOURS, 'hour')))
                    return Promise.reject(
                      new Error(
                        t('supplyLogistics.depart.testedExpired', { hours: NUCLEIC_TEST_VALID_HOURS }),
                      ),
                    );
                  return Promise.resolve();
                },
              },
            ]}
          >
            <TestTimeField phone={phone} placeholder={t('supplyLogistics.depart.testedAtPlaceholder')} />
          </Form.Item>
          <Form.Item name="note" label={t('supplyLogistics.action.note')} rules={[{ max: 300 }]}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
        </>
      );
    }
    if (action === 'deliver') {
      return (
        <>
          <Typography.Paragraph type="secondary">{t('supplyLogistics.deliver.intro')}</Typography.Paragraph>
          <Table
            className="nj-sup-lines"
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={s.lines}
            style={{ marginBottom: 16 }}
            columns={[
              {
                key: 'item',
                title: t('supplyLogistics.col.item'),
                render: (_, l) => (
                  <span>
                    {l.itemName}
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                      {t('supplyLogistics.deliver.loaded', { n: l.quantity, unit: l.unit })}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                key: 'received',
                title: t('supplyLogistics.col.received'),
                width: 130,
                render: (_, l) => (
                  <Form.Item
                    name={['received', String(l.id)]}
                    style={{ marginBottom: 0 }}
                    rules={[
                      { required: true, message: t('supplyLogistics.deliver.receivedRequired') },
                      numberRange(t, t('supplyLogistics.col.received'), 0, l.quantity),
                    ]}
                  >
                    <InputNumber
                      precision={0}
                      suffix={l.unit}
                      aria-label={`${l.itemName} ${t('supplyLogistics.col.received')}`}
                      data-testid={`deliver-received-${l.id}`}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
          {short.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('supplyLogistics.deliver.short', { items: short.map((l) => l.itemName).join('、') })}
            />
          ) : null}
          <Form.Item
            name="recipientName"
            label={t('supplyLogistics.deliver.recipient')}
            rules={[required(t('supplyLogistics.deliver.recipient')), { max: 20 }]}
          >
            <Input maxLength={20} style={{ maxWidth: 240 }} data-testid="deliver-recipient" />
          </Form.Item>
          <Form.Item
            label={t('supplyLogistics.deliver.photo')}
            extra={t('supplyLogistics.deliver.photoHint')}
          >
            <Space align="start" wrap>
              {preview ? (
                <img
                  src={preview}
                  alt={t('supplyLogistics.deliver.photo')}
                  style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }}
                />
              ) : null}
              <Upload
                accept="image/*"
                showUploadList={false}
                maxCount={1}
                beforeUpload={(file) => {
                  setPhoto(file);
                  return false;
                }}
              >
                <Button icon={<CameraOutlined />} data-testid="deliver-photo">
                  {photo ? t('supplyLogistics.deliver.photoChange') : t('supplyLogistics.deliver.photoPick')}
                </Button>
              </Upload>
            </Space>
          </Form.Item>
          <Form.Item name="note" label={t('supplyLogistics.action.note')} rules={[{ max: 300 }]}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
        </>
      );
    }
    if (action === 'fail') {
      return (
        <Form.Item
          name="reason"
          label={t('supplyLogistics.fail.reason')}
          extra={
            s.state === 'pending'
              ? t('supplyLogistics.fail.pendingHint')
              : t('supplyLogistics.fail.onTheWayHint')
          }
          rules={[required(t('supplyLogistics.fail.reason')), { min: 2, max: 300 }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={300}
            placeholder={t('supplyLogistics.fail.placeholder')}
            data-testid="fail-reason"
          />
        </Form.Item>
      );
    }
    if (action === 'restock') {
      return (
        <>
          <Typography.Paragraph>{t('supplyLogistics.restock.confirm')}</Typography.Paragraph>
          <ul data-testid="restock-lines" style={{ paddingInlineStart: 20 }}>
            {s.lines.map((l) => (
              <li key={l.id}>
                {l.itemName} {qtyText(l.quantity)} {l.unit}（{l.requestCode}）
              </li>
            ))}
          </ul>
          <Typography.Paragraph type="secondary">{t('supplyLogistics.restock.after')}</Typography.Paragraph>
          <Form.Item name="note" label={t('supplyLogistics.action.note')} rules={[{ max: 300 }]}>
            <Input.TextArea rows={2} maxLength={300} placeholder={t('supplyLogistics.restock.placeholder')} />
          </Form.Item>
        </>
      );
    }
    return (
      <>
        <Typography.Paragraph>
          {t('supplyLogistics.transit.confirm', { point: s.point.name })}
        </Typography.Paragraph>
        <Form.Item name="note" label={t('supplyLogistics.action.note')} rules={[{ max: 300 }]}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </>
    );
  };

  return (
    <Modal
      title={action ? `${t(`supplyLogistics.action.${action}`)} · ${s.code}` : ''}
      open={action !== null}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={action ? t(`supplyLogistics.action.${action}`) : t('action.confirm')}
      okButtonProps={{ danger: action === 'fail', 'data-testid': 'shipment-action-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={action === 'depart' || action === 'deliver' ? 620 : 480}
      style={phone ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
      destroyOnHidden
      afterClose={() => setPhoto(null)}
    >
      <Form<Values>
        name={`shipment-${action ?? 'none'}`}
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          action === 'deliver'
            ? { received: Object.fromEntries(s.lines.map((l) => [String(l.id), l.quantity])) }
            : action === 'depart'
              ? {
                  vehiclePlate: s.vehiclePlate ?? undefined,
                  driverName: s.driverName ?? undefined,
                  disinfection: [],
                }
              : {}
        }
      >
        {body()}
      </Form>
    </Modal>
  );
}
