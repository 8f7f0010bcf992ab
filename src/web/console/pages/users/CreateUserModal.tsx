import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/auth.ts';
import { charName } from '../../../../shared/rules.ts';
import type { TCreateUserInput, TUser } from '../../../../shared/users.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { useSession } from '../../session.tsx';
import {
  mobilePattern,
  randomPassword,
  roleList,
  usernameProblem,
  usersKey,
  withFieldHints,
} from './model.ts';
import { OrgSelect } from './OrgSelect.tsx';
import { passwordRules } from './passwordRules.ts';

interface Values {
  username: string;
  displayName: string;
  mobile?: string;
  orgId?: number;
  roles: Role[];
  password: string;
}

/** 新建用户: an account in an org of the subtree, with at least one role there. */
export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const home = me.active?.org;

  const submit = async (v: Values) => {
    if (v.orgId === undefined) return;
    const body: TCreateUserInput = {
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      mobile: v.mobile?.trim() || undefined,
      orgId: v.orgId,
      password: v.password,
      roles: v.roles.map((role) => ({ orgId: v.orgId as number, role })),
    };
    setSaving(true);
    try {
      const user = await api.post<TUser>('/api/v1/users', body);
      message.success(t('users.create.done', { name: user.displayName, username: user.username }));
      await client.invalidateQueries({ queryKey: usersKey });
      onClose();
    } catch (e) {
      const hinted = withFieldHints(
        e,
        { USERNAME_TAKEN: 'username', MOBILE_TAKEN: 'mobile', ORG_INACTIVE: 'orgId' },
        ['roles'],
      );
      if (!showFieldErrors(form, hinted)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({ required: true, message: t('msg.required', { field }) });

  return (
    <Modal
      title={t('users.create.title')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => setShowPassword(false)}
      confirmLoading={saving}
      okText={t('users.create.ok')}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Form<Values>
        name="userCreate"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ orgId: home?.id, roles: [] }}
        requiredMark
      >
        <Form.Item
          name="username"
          label={t('users.field.username')}
          extra={t('users.hint.username')}
          rules={[
            required(t('users.field.username')),
            {
              validator: async (_, v: string | undefined) => {
                // Name what is wrong (the character typed, the length), not the rule again.
                const problem = v ? usernameProblem(v) : null;
                if (problem?.kind === 'chars')
                  throw new Error(
                    t('users.hint.usernameChars', {
                      chars: problem.chars.slice(0, 5).map(charName).join(''),
                    }),
                  );
                if (problem) throw new Error(t('users.hint.usernameLength', { n: problem.length }));
              },
            },
          ]}
        >
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.field.displayName')}
          rules={[required(t('users.field.displayName')), { max: 40, message: t('users.hint.nameMax') }]}
        >
          <Input autoComplete="off" maxLength={40} />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('users.field.mobile')}
          extra={t('users.hint.mobile')}
          rules={[{ pattern: mobilePattern, message: t('msg.mobileInvalid') }]}
        >
          <Input autoComplete="off" inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.field.org')} rules={[required(t('users.field.org'))]}>
          <OrgSelect activeOnly known={home ? [home] : []} placeholder={t('users.org.pick')} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.field.roles')}
          extra={t('users.hint.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.hint.rolesRequired') }]}
        >
          <Select<Role[]>
            mode="multiple"
            placeholder={t('users.role.pick')}
            options={roleList.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.field.password')}
          extra={
            <span>
              {t('msg.passwordRule')}
              {t('users.hint.firstLogin')}{' '}
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto' }}
                onClick={() => {
                  form.setFieldValue('password', randomPassword());
                  setShowPassword(true);
                  void form.validateFields(['password']);
                }}
              >
                {t('users.password.generate')}
              </Button>
            </span>
          }
          rules={passwordRules(t, t('users.field.password'))}
        >
          <Input.Password
            autoComplete="new-password"
            visibilityToggle={{ visible: showPassword, onVisibleChange: setShowPassword }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
