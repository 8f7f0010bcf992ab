import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, InputNumber, Modal, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../../shared/api.ts';
import { useInheritedSetting } from '../../components/inheritedSetting.ts';
import { errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import { OrgSelect } from '../users/OrgSelect.tsx';
import { API, type TWishSettings, toFen, wishesKey } from './model.ts';

interface Values {
  valueCap?: number;
  maxOpenWishes?: number;
  claimDays?: number;
}

/** 微心愿设置 (admins): value cap, open wishes per archive and days to fulfil a claim, per org (inherited). */
export function SettingsModal({
  open,
  onClose,
  ownOrg,
}: {
  open: boolean;
  onClose: () => void;
  ownOrg: { id: number; name: string };
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [orgId, setOrgId] = useState(ownOrg.id);
  const [saving, setSaving] = useState(false);
  const key = [...wishesKey, 'settings', orgId] as const;
  const { setting: settings, source: from } = useInheritedSetting<TWishSettings>({
    queryKey: key,
    url: `${API}/settings`,
    orgId,
    enabled: open,
  });
  const s = settings.data;
  useEffect(() => {
    if (s)
      form.setFieldsValue({
        valueCap: s.valueCapFen / 100,
        maxOpenWishes: s.maxOpenWishes,
        claimDays: s.claimDays,
      });
  }, [s, form]);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const next = await request<TWishSettings>('PUT', `${API}/settings?orgId=${orgId}`, {
        valueCapFen: toFen(v.valueCap),
        maxOpenWishes: v.maxOpenWishes,
        claimDays: v.claimDays,
      });
      client.setQueryData(key, next);
      // Orgs below inherit: their cached settings are stale now.
      await client.invalidateQueries({ queryKey: [...wishesKey, 'settings'] });
      message.success(t('wishes.settings.saved'));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('wishes.settings.title')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.save')}
      okButtonProps={{ disabled: !s, 'data-testid': 'wish-settings-save' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Form<Values> name="wishSettings" form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t('wishes.settings.org')}>
          <OrgSelect value={orgId} onChange={(v) => setOrgId(v ?? ownOrg.id)} known={[ownOrg]} />
        </Form.Item>
        {settings.isError ? (
          <Alert
            type="error"
            showIcon
            title={t('wishes.settings.loadFailed')}
            description={errorMessage(settings.error)}
          />
        ) : !s ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : (
          <>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={
                from?.kind === 'own'
                  ? t('wishes.settings.fromSelf')
                  : from?.kind === 'ancestor'
                    ? t('wishes.settings.fromAncestor', { name: from.name })
                    : t('wishes.settings.fromDefault')
              }
            />
            <Form.Item
              name="valueCap"
              label={t('wishes.settings.valueCap')}
              rules={[
                { required: true, message: t('msg.required', { field: t('wishes.settings.valueCap') }) },
                numberRange(t, t('wishes.settings.valueCap'), 1, 100_000),
              ]}
            >
              <InputNumber precision={2} prefix="¥" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="maxOpenWishes"
              label={t('wishes.settings.maxOpen')}
              rules={[
                { required: true, message: t('msg.required', { field: t('wishes.settings.maxOpen') }) },
                numberRange(t, t('wishes.settings.maxOpen'), 1, 10),
              ]}
            >
              <InputNumber precision={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="claimDays"
              label={t('wishes.settings.claimDays')}
              rules={[
                { required: true, message: t('msg.required', { field: t('wishes.settings.claimDays') }) },
                numberRange(t, t('wishes.settings.claimDays'), 1, 90),
              ]}
            >
              <InputNumber precision={0} style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
