import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exitReasons } from '../../../../shared/hardship.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { type ArchiveEvent, archiveKey, hardshipKey, type TArchive, useLabels } from './model.ts';

interface Values {
  note?: string;
  reason?: string;
  exitReason?: string;
  start?: Dayjs;
  end?: Dayjs;
}

/**
 * One lifecycle step: asks for what the step needs (公示 dates, 驳回 reason, 解档 reason, or an
 * optional note) and posts it to `/archives/:id/<event>`.
 */
export function ActionModal({
  archive,
  event,
  onClose,
}: {
  archive: TArchive;
  event: ArchiveEvent | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabels();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const exitReason = Form.useWatch('exitReason', form);

  const submit = async (v: Values) => {
    if (!event) return;
    let body: Record<string, unknown>;
    const note = v.note?.trim() || undefined;
    if (event === 'publicize') {
      body = { start: v.start?.format('YYYY-MM-DD'), end: v.end?.format('YYYY-MM-DD'), note };
    } else if (event === 'reject') body = { reason: v.reason?.trim() };
    else if (event === 'exit') body = { reason: v.exitReason, note };
    else body = note ? { note } : {};
    setSaving(true);
    try {
      const next = await api.post<TArchive>(`/api/v1/hardship/archives/${archive.id}/${event}`, body);
      client.setQueryData(archiveKey(archive.id), next);
      await client.invalidateQueries({ queryKey: hardshipKey });
      message.success(t('hardship.action.done', { label: label('event', event) }));
      onClose();
    } catch (e) {
      // The exit contract names its reason `reason`; the form calls it `exitReason`.
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const danger = event === 'reject' || event === 'exit';
  return (
    <Modal
      title={event ? `${label('event', event)} · ${archive.basic.name}` : ''}
      open={event !== null}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={event ? label('event', event) : t('hardship.action.ok')}
      okButtonProps={{ danger, 'data-testid': 'hardship-action-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Form<Values>
        name="hardshipAction"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          event === 'publicize' ? { start: dayjs(), end: dayjs().add(6, 'day') } : event === 'exit' ? {} : {}
        }
      >
        {event === 'publicize' ? (
          <>
            <Alert
              type="info"
              showIcon
              title={t('hardship.action.publicNotice')}
              style={{ marginBottom: 16 }}
            />
            <Form.Item
              name="start"
              label={t('hardship.action.start')}
              rules={[{ required: true, message: t('msg.required', { field: t('hardship.action.start') }) }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="end"
              label={t('hardship.action.end')}
              dependencies={['start']}
              rules={[
                { required: true, message: t('msg.required', { field: t('hardship.action.end') }) },
                ({ getFieldValue }) => ({
                  validator: async (_, v: Dayjs | undefined) => {
                    const start = getFieldValue('start') as Dayjs | undefined;
                    if (v && start && v.isBefore(start, 'day'))
                      throw new Error(t('hardship.action.endBeforeStart'));
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        ) : null}
        {event === 'reject' ? (
          <Form.Item
            name="reason"
            label={t('hardship.action.reason')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('msg.required', { field: t('hardship.action.reason') }),
              },
              { max: 500 },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        ) : null}
        {event === 'exit' ? (
          <Form.Item
            name="exitReason"
            label={t('hardship.action.exitReason')}
            rules={[
              { required: true, message: t('msg.required', { field: t('hardship.action.exitReason') }) },
            ]}
          >
            <Select options={exitReasons.map((r) => ({ value: r, label: label('exit', r) }))} />
          </Form.Item>
        ) : null}
        {event !== 'reject' ? (
          <Form.Item
            name="note"
            label={event === 'exit' ? t('hardship.action.exitNote') : t('hardship.action.note')}
            dependencies={['exitReason']}
            rules={[
              { max: 500 },
              {
                required: event === 'exit' && exitReason === 'other',
                whitespace: true,
                message: t('hardship.action.exitNoteRequired'),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
