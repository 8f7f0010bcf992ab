import { useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { phonePattern } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { OrgSelect } from '../users/OrgSelect.tsx';
import {
  POINTS_API,
  type PointKind,
  pointKinds,
  pointsKey,
  type TPoint,
  type TPointInput,
  useSupplyLabels,
} from './catalogue-model.ts';

interface Values {
  orgId?: number;
  name?: string;
  kind?: PointKind;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  note?: string;
}

/** 新增 / 编辑 配送点位 (`ZPointInput`): the unit it belongs to, its kind, address and contact. */
export function PointFormModal(props: Parameters<typeof PointFormModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <PointFormModalDialog key={useOpenings(props.open)} {...props} />;
}

function PointFormModalDialog({
  open,
  point,
  defaultOrg,
  onClose,
}: {
  open: boolean;
  point?: TPoint | null | undefined;
  /** Preselected unit for a new point (the caller's own org). */
  defaultOrg?: { id: number; name: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  // A masked number (someone else's unit) has to be typed again to be saved.
  const masked = point ? point.contactPhone.includes('*') : false;

  const submit = async (v: Values) => {
    const body: TPointInput = {
      orgId: v.orgId ?? 0,
      name: v.name?.trim() ?? '',
      kind: v.kind ?? 'other',
      address: v.address?.trim() ?? '',
      contactName: v.contactName?.trim() ?? '',
      contactPhone: v.contactPhone?.trim() ?? '',
      note: v.note?.trim() || null,
    };
    setSaving(true);
    try {
      const saved = point
        ? await api.patch<TPoint>(`${POINTS_API}/${point.id}`, body)
        : await api.post<TPoint>(POINTS_API, body);
      message.success(point ? t('msg.saved') : t('supplyLogistics.point.created', { name: saved.name }));
      await client.invalidateQueries({ queryKey: pointsKey });
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });
  return (
    <Modal
      title={point ? `${t('supplyLogistics.point.edit')} · ${point.name}` : t('supplyLogistics.point.new')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.save')}
      okButtonProps={{ 'data-testid': 'point-form-submit' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={640}
      destroyOnHidden
    >
      <Form<Values>
        name="supplyPointForm"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          point
            ? {
                orgId: point.org.id,
                name: point.name,
                kind: point.kind,
                address: point.address,
                contactName: point.contactName,
                contactPhone: masked ? undefined : point.contactPhone,
                note: point.note ?? undefined,
              }
            : { orgId: defaultOrg?.id, kind: 'designated_hospital' }
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="orgId"
              label={t('supplyLogistics.point.org')}
              rules={[
                { required: true, message: t('msg.required', { field: t('supplyLogistics.point.org') }) },
              ]}
            >
              <OrgSelect
                activeOnly
                known={[...(point ? [point.org] : []), ...(defaultOrg ? [defaultOrg] : [])]}
                placeholder={t('supplyLogistics.point.orgPlaceholder')}
                data-testid="point-form-org"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="kind"
              label={t('supplyLogistics.point.kind')}
              rules={[
                { required: true, message: t('msg.required', { field: t('supplyLogistics.point.kind') }) },
              ]}
            >
              <Select options={pointKinds.map((k) => ({ value: k, label: label('pointKind', k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="name"
              label={t('supplyLogistics.point.name')}
              rules={[required(t('supplyLogistics.point.name')), { max: 60 }]}
            >
              <Input
                maxLength={60}
                placeholder={t('supplyLogistics.point.namePlaceholder')}
                data-testid="point-form-name"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="address"
              label={t('supplyLogistics.point.address')}
              rules={[required(t('supplyLogistics.point.address')), { min: 4, max: 120 }]}
            >
              <Input maxLength={120} placeholder={t('supplyLogistics.point.addressPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactName"
              label={t('supplyLogistics.point.contact')}
              rules={[required(t('supplyLogistics.point.contact')), { max: 20 }]}
            >
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactPhone"
              label={t('supplyLogistics.point.phone')}
              extra={masked ? t('supplyLogistics.point.phoneRetype') : undefined}
              rules={[
                required(t('supplyLogistics.point.phone')),
                { pattern: phonePattern, message: t('supplyLogistics.point.phoneInvalid') },
              ]}
            >
              <Input maxLength={13} inputMode="tel" placeholder="021-12345678" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label={t('supplyLogistics.point.note')} rules={[{ max: 200 }]}>
              <Input.TextArea
                rows={2}
                maxLength={200}
                placeholder={t('supplyLogistics.point.notePlaceholder')}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
