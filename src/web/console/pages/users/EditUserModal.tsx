import { useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUpdateUserInput, TUser } from '../../../../shared/users.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { mobilePattern, usersKey, withFieldHints } from './model.ts';
import { OrgSelect } from './OrgSelect.tsx';

interface Values {
  displayName: string;
  mobile?: string;
  clearMobile?: boolean;
  orgId: number;
}

/** 编辑: name, mobile (blank keeps the current one) and home org. */
export function EditUserModal(props: Parameters<typeof EditUserModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <EditUserModalDialog key={useOpenings(props.open)} {...props} />;
}

function EditUserModalDialog({
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
  const client = useQueryClient();
  const { message } = App.useApp();
  const clearMobile = Form.useWatch('clearMobile', form) === true;

  const submit = async (v: Values) => {
    if (!user) return;
    const body: TUpdateUserInput = {};
    const name = v.displayName.trim();
    if (name !== user.displayName) body.displayName = name;
    if (v.clearMobile) body.mobile = null;
    else if (v.mobile?.trim()) body.mobile = v.mobile.trim();
    if (v.orgId !== user.org.id) body.orgId = v.orgId;
    if (Object.keys(body).length === 0) {
      message.info(t('users.edit.unchanged'));
      onClose();
      return;
    }
    setSaving(true);
    try {
      await api.patch<TUser>(`/api/v1/users/${user.id}`, body);
      message.success(t('msg.saved'));
      await client.invalidateQueries({ queryKey: usersKey });
      onClose();
    } catch (e) {
      const hinted = withFieldHints(e, { MOBILE_TAKEN: 'mobile', ORG_INACTIVE: 'orgId' });
      if (!showFieldErrors(form, hinted)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('users.edit.title', { name: user?.displayName ?? '' })}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {user ? (
        <Form<Values>
          name="userEdit"
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ displayName: user.displayName, orgId: user.org.id, clearMobile: false }}
          requiredMark
        >
          <Form.Item label={t('users.field.username')}>
            <Input value={user.username} disabled />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.field.displayName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('msg.required', { field: t('users.field.displayName') }),
              },
              { max: 40, message: t('users.hint.nameMax') },
            ]}
          >
            <Input autoComplete="off" maxLength={40} />
          </Form.Item>
          <Form.Item
            name="mobile"
            label={t('users.field.mobile')}
            extra={user.phone ? t('users.edit.mobileKeep', { phone: user.phone }) : t('users.hint.mobile')}
            rules={[{ pattern: mobilePattern, message: t('msg.mobileInvalid') }]}
          >
            <Input
              autoComplete="off"
              inputMode="numeric"
              maxLength={11}
              disabled={clearMobile}
              placeholder={user.phone ?? undefined}
            />
          </Form.Item>
          {user.phone ? (
            <Form.Item name="clearMobile" valuePropName="checked" style={{ marginTop: -12 }}>
              <Checkbox>{t('users.edit.clearMobile')}</Checkbox>
            </Form.Item>
          ) : null}
          <Form.Item
            name="orgId"
            label={t('users.field.org')}
            extra={t('users.edit.orgHint')}
            rules={[{ required: true, message: t('msg.required', { field: t('users.field.org') }) }]}
          >
            <OrgSelect activeOnly known={[user.org]} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
