import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/auth.ts';
import type { TAddMembershipInput, TUser } from '../../../../shared/users.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { roleList, usersKey, withFieldHints } from './model.ts';
import { OrgSelect } from './OrgSelect.tsx';

interface Values {
  orgId?: number;
  role?: Role;
}

/** 分配角色: one more role for the user, in an org of the caller's subtree. */
export function AddRoleModal(props: Parameters<typeof AddRoleModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <AddRoleModalDialog key={useOpenings(props.open)} {...props} />;
}

function AddRoleModalDialog({
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

  const submit = async (v: Values) => {
    if (!user || v.orgId === undefined || v.role === undefined) return;
    setSaving(true);
    try {
      const body: TAddMembershipInput = { orgId: v.orgId, role: v.role };
      await api.post<TUser>(`/api/v1/users/${user.id}/memberships`, body);
      message.success(t('users.addRole.done', { name: user.displayName, role: t(`role.${v.role}`) }));
      await client.invalidateQueries({ queryKey: usersKey });
      onClose();
    } catch (e) {
      const hinted = withFieldHints(e, { MEMBERSHIP_EXISTS: 'role', ORG_INACTIVE: 'orgId' });
      if (!showFieldErrors(form, hinted)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const held = new Set((user?.memberships ?? []).map((m) => `${m.orgId}:${m.role}`));
  const orgId = Form.useWatch('orgId', form);

  return (
    <Modal
      title={t('users.addRole.title', { name: user?.displayName ?? '' })}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('users.addRole.ok')}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {user && user.memberships.length > 0 ? (
        <Typography.Paragraph type="secondary">
          {t('users.addRole.current')}
          {user.memberships.map((m) => `${m.orgName}：${t(`role.${m.role}`)}`).join('；')}
        </Typography.Paragraph>
      ) : null}
      <Form<Values>
        name="userRole"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ orgId: user?.org.id }}
        requiredMark
      >
        <Form.Item
          name="orgId"
          label={t('users.addRole.org')}
          rules={[{ required: true, message: t('msg.required', { field: t('users.addRole.org') }) }]}
        >
          <OrgSelect activeOnly known={user ? [user.org] : []} placeholder={t('users.org.pick')} />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.addRole.role')}
          rules={[{ required: true, message: t('users.role.pick') }]}
        >
          <Select<Role>
            placeholder={t('users.role.pick')}
            options={roleList.map((r) => ({
              value: r,
              label: t(`role.${r}`),
              disabled: orgId !== undefined && held.has(`${orgId}:${r}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
