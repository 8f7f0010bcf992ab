import { CameraOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { API, type FulfilmentMethod, type TWish, useWishLabels, wishesKey, wishKey } from './model.ts';

/** The steps this modal runs (edit has its own form). */
export type StepAction = 'approve' | 'return' | 'reject' | 'sent' | 'confirm' | 'withdraw' | 'release';

interface Values {
  note?: string;
  reason?: string;
  method?: FulfilmentMethod;
  trackingNote?: string;
}

/** A cadre marks sent only what goes through the union: handed over, or bought with donated money. */
const unionMethods: FulfilmentMethod[] = ['viaUnion', 'money'];

/**
 * One step on a wish: asks for what the step needs (退回 note, 不通过 reason, 寄出 method and note,
 * 释放 reason, an optional note and photo for 确认收到) and posts it to `/wishes/:id/<step>`. API errors (a donor
 * released the claim a moment ago: 409) show as messages; the page then reloads the wish.
 */
export function WishActionModal({
  wish,
  action,
  onClose,
}: {
  wish: TWish;
  action: StepAction | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useWishLabels();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [photo, setPhoto] = useState<File | null>(null);
  const client = useQueryClient();
  const { message } = App.useApp();
  // The sending's photo hangs on the claim (files entity `wishes.claim`, open while the claim is
  // active); the receipt photo hangs on the wish (open while claimed or sent).
  const claimId = wish.claim?.id;
  const withPhoto = (action === 'sent' && claimId !== undefined) || action === 'confirm';

  const submit = async (v: Values) => {
    if (!action) return;
    const note = v.note?.trim() || undefined;
    setSaving(true);
    try {
      let photoFileId: string | undefined;
      if (withPhoto && photo) {
        const data = new FormData();
        data.append('file', photo);
        const file = await api.upload<TFile>(
          withQuery(
            '/api/v1/files',
            action === 'sent'
              ? { entityType: 'wishes.claim', entityId: String(claimId) }
              : { entityType: 'wishes.wish', entityId: String(wish.id) },
          ),
          data,
        );
        photoFileId = file.id;
      }
      const body =
        action === 'reject' || action === 'release'
          ? { reason: v.reason?.trim() }
          : action === 'return'
            ? { note }
            : action === 'sent'
              ? { method: v.method, note, trackingNote: v.trackingNote?.trim() || null, photoFileId }
              : action === 'confirm'
                ? { note: note ?? null, photoFileId }
                : note
                  ? { note }
                  : {};
      const next = await api.post<TWish>(`${API}/${wish.id}/${action}`, body);
      client.setQueryData(wishKey(wish.id), next);
      message.success(t('wishes.action.done', { label: t(`wishes.action.${action}`) }));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      // Someone else may have moved the wish meanwhile: show it as it is now.
      void client.invalidateQueries({ queryKey: wishKey(wish.id) });
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: wishesKey, exact: false, refetchType: 'none' });
    }
  };

  const danger = action === 'reject' || action === 'withdraw' || action === 'release';
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });
  const method = wish.claim?.method;
  return (
    <Modal
      title={action ? `${t(`wishes.action.${action}`)} · ${wish.title}` : ''}
      open={action !== null}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={action ? t(`wishes.action.${action}`) : t('action.confirm')}
      okButtonProps={{ danger, 'data-testid': 'wish-action-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
      afterClose={() => setPhoto(null)}
    >
      <Form<Values>
        name="wishAction"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          method: method && unionMethods.includes(method) ? method : 'viaUnion',
        }}
      >
        {action === 'approve' ? (
          <Alert type="info" showIcon title={t('wishes.action.approveText')} style={{ marginBottom: 16 }} />
        ) : null}
        {action === 'withdraw' ? (
          <Alert
            type="warning"
            showIcon
            title={t('wishes.action.withdrawText')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {action === 'release' ? (
          <Alert
            type="warning"
            showIcon
            title={t('wishes.action.releaseText')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {action === 'reject' || action === 'release' ? (
          <Form.Item
            name="reason"
            label={action === 'release' ? t('wishes.action.releaseReason') : t('wishes.action.rejectReason')}
            rules={[
              required(
                action === 'release' ? t('wishes.action.releaseReason') : t('wishes.action.rejectReason'),
              ),
              { max: 500 },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        ) : null}
        {action === 'sent' ? (
          <Form.Item name="method" label={t('wishes.action.sendMethod')} rules={[{ required: true }]}>
            <Select options={unionMethods.map((m) => ({ value: m, label: label('method', m) }))} />
          </Form.Item>
        ) : null}
        {action && action !== 'reject' && action !== 'release' ? (
          <Form.Item
            name="note"
            label={
              action === 'return'
                ? t('wishes.action.returnNote')
                : action === 'sent'
                  ? t('wishes.action.sendNote')
                  : action === 'confirm'
                    ? t('wishes.action.confirmNote')
                    : t('wishes.action.note')
            }
            rules={[
              ...(action === 'return'
                ? [required(t('wishes.action.returnNote'))]
                : action === 'sent'
                  ? [required(t('wishes.action.sendNote'))]
                  : []),
              { max: 500 },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="wish-action-note" />
          </Form.Item>
        ) : null}
        {action === 'sent' ? (
          <Form.Item name="trackingNote" label={t('wishes.action.tracking')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        ) : null}
        {withPhoto ? (
          <Form.Item label={t('wishes.action.photo')}>
            <Upload
              accept="image/jpeg,image/png,image/webp"
              maxCount={1}
              beforeUpload={(file) => {
                setPhoto(file);
                return false;
              }}
              onRemove={() => setPhoto(null)}
              fileList={photo ? [{ uid: 'photo', name: photo.name, status: 'done' }] : []}
            >
              <Button icon={<CameraOutlined />}>{t('wishes.action.addPhoto')}</Button>
            </Upload>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
