import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../shared/api.ts';
import { passwordProblem } from '../../shared/passwords.ts';
import { errorMessage, showFieldErrors } from '../forms.ts';
import { meQueryKey } from '../session.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password; forced (not closable) after an admin reset. */
export function ChangePasswordModal({
  open,
  forced,
  onClose,
}: {
  open: boolean;
  forced: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const me = await authApi.changePassword(v.oldPassword, v.newPassword);
      client.setQueryData(meQueryKey, me);
      message.success(t('msg.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) form.setFields([{ name: 'oldPassword', errors: [errorMessage(e)] }]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('layout.changePassword')}
      open={open}
      onOk={() => form.submit()}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      maskClosable={!forced}
      cancelButtonProps={forced ? { style: { display: 'none' } } : undefined}
      confirmLoading={saving}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      destroyOnHidden
    >
      {forced ? (
        <Alert type="warning" showIcon title={t('layout.mustChange')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} name="changePassword" layout="vertical" onFinish={submit} requiredMark>
        <Form.Item name="oldPassword" label={t('field.oldPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('field.newPassword')}
          extra={t('msg.passwordRule')}
          rules={[
            { required: true },
            {
              // Names what is wrong (too short, one kind only), not the rule again.
              validator: async (_, v: string | undefined) => {
                const problem = v ? passwordProblem(t, v) : null;
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('field.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: async (_, v: string | undefined) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('msg.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
