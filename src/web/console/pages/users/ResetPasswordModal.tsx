import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TResetPasswordInput, TUser } from '../../../../shared/users.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { randomPassword } from './model.ts';
import { confirmRules, passwordRules } from './passwordRules.ts';

interface Values {
  password: string;
  confirm: string;
}

/** 重置密码: a temporary password; the user's sessions end and they must change it at next login. */
export function ResetPasswordModal({
  user,
  open,
  onClose,
}: {
  user: TUser | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [visible, setVisible] = useState(false);
  const { message } = App.useApp();

  const submit = async (v: Values) => {
    if (!user) return;
    setSaving(true);
    try {
      const body: TResetPasswordInput = { password: v.password };
      await api.post<TUser>(`/api/v1/users/${user.id}/reset-password`, body);
      message.success(t('users.reset.done', { name: user.displayName }));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const toggle = { visible, onVisibleChange: setVisible };

  return (
    <Modal
      title={t('users.reset.title', { name: user?.displayName ?? '' })}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => setVisible(false)}
      confirmLoading={saving}
      okText={t('users.reset.ok')}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.reset.notice')} style={{ marginBottom: 16 }} />
      <Form<Values>
        name="userReset"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        requiredMark
      >
        <Form.Item
          name="password"
          label={t('field.newPassword')}
          extra={
            <span>
              {t('msg.passwordRule')}{' '}
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto' }}
                onClick={() => {
                  const p = randomPassword();
                  form.setFieldsValue({ password: p, confirm: p });
                  setVisible(true);
                  void form.validateFields(['password', 'confirm']);
                }}
              >
                {t('users.password.generate')}
              </Button>
            </span>
          }
          rules={passwordRules(t, t('field.newPassword'))}
        >
          <Input.Password autoComplete="new-password" visibilityToggle={toggle} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('field.confirmPassword')}
          dependencies={['password']}
          rules={confirmRules(t, t('field.confirmPassword'), 'password')}
        >
          <Input.Password autoComplete="new-password" visibilityToggle={toggle} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
