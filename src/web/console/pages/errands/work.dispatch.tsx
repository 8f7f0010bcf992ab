import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { ERRANDS, errandKey, errandsKey, type TErrand, useCouriers } from './work.model.ts';

interface Values {
  courierOrgId?: number;
  note?: string;
}

/**
 * 派单 / 重新派单: hand one pending errand to a courier partner org.
 * Selectors: errand-dispatch-modal, errand-dispatch-courier (the courier select), errand-dispatch-note,
 * errand-dispatch-ok.
 */
export function DispatchModal({
  errand,
  open,
  again,
  onClose,
}: {
  errand: { id: number; code: string } | null;
  open: boolean;
  /** 重新派单 (a courier declined it before). */
  again?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const couriers = useCouriers(open);

  // One courier partner only: choose it.
  useEffect(() => {
    const only = couriers.data?.length === 1 ? couriers.data[0] : undefined;
    if (open && only && form.getFieldValue('courierOrgId') === undefined) {
      form.setFieldValue('courierOrgId', only.id);
    }
  }, [open, couriers.data, form]);

  const submit = async (v: Values) => {
    if (!errand) return;
    setSaving(true);
    try {
      const next = await api.post<TErrand>(`${ERRANDS}/${errand.id}/dispatch`, {
        courierOrgId: v.courierOrgId,
        note: v.note?.trim() || null,
      });
      client.setQueryData(errandKey(errand.id), next);
      message.success(t('errandWork.dispatch.done', { code: errand.code }));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: errandsKey });
    }
  };

  return (
    <Modal
      open={open}
      title={t(again ? 'errandWork.dispatch.titleAgain' : 'errandWork.dispatch.title', {
        code: errand?.code ?? '',
      })}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('errandWork.dispatch.ok')}
      okButtonProps={{ 'data-testid': 'errand-dispatch-ok' }}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="errand-dispatch-modal"
    >
      <Form<Values> form={form} name="errandDispatch" layout="vertical" onFinish={submit} preserve={false}>
        <Typography.Paragraph type="secondary">{t('errandWork.dispatch.hint')}</Typography.Paragraph>
        {couriers.isError ? (
          <Alert type="error" showIcon title={errorMessage(couriers.error)} style={{ marginBottom: 12 }} />
        ) : null}
        <Form.Item
          name="courierOrgId"
          label={t('errandWork.dispatch.courier')}
          rules={[{ required: true, message: t('errandWork.dispatch.courierRequired') }]}
          extra={
            couriers.data && couriers.data.length === 0 ? t('errandWork.dispatch.noCouriers') : undefined
          }
        >
          <Select<number>
            options={(couriers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            loading={couriers.isFetching}
            placeholder={t('errandWork.dispatch.courierPlaceholder')}
            data-testid="errand-dispatch-courier"
            aria-label={t('errandWork.dispatch.courier')}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('errandWork.dispatch.note')}
          rules={[{ max: 200, message: t('errandWork.form.max', { max: 200 }) }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="errand-dispatch-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
