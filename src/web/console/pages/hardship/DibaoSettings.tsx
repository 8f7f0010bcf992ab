import { SettingOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DIBAO_MAX_MONTHLY_FEN, type ZDibaoSetting } from '../../../../shared/hardship.ts';
import { request } from '../../../shared/api.ts';
import { useInheritedSetting } from '../../components/inheritedSetting.ts';
import { errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import { OrgSelect } from '../users/OrgSelect.tsx';
import { chooseRule, MoneyInput, requiredRule } from './fields.tsx';
import { fenText, hardshipKey, toFen, toYuan } from './model.ts';

type TDibaoSetting = z.infer<typeof ZDibaoSetting>;
const DIBAO_API = '/api/v1/hardship/settings/dibao';

interface Values {
  orgId?: number;
  yuan?: number | null;
}

/**
 * 低保标准: the local minimum-living standard (元 per person a month) an org sets for its subtree. The
 * suggested category of an archive compares its monthly per-capita income with it (深度 < 1×, 相对 < 2×)
 * when the income is entered or changed; archives already assessed keep theirs until then.
 */
export function DibaoSettingsButton({ defaultOrg }: { defaultOrg: { id: number; name: string } }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="hardship-dibao">
        {t('hardship.dibao.button')}
      </Button>
      {open ? <DibaoModal defaultOrg={defaultOrg} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function DibaoModal({
  defaultOrg,
  onClose,
}: {
  defaultOrg: { id: number; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const orgId = Form.useWatch('orgId', form) ?? defaultOrg.id;
  const key = [...hardshipKey, 'dibao', orgId] as const;
  const { setting, source: from } = useInheritedSetting<TDibaoSetting>({
    queryKey: key,
    url: DIBAO_API,
    orgId,
  });
  const s = setting.data;
  useEffect(() => {
    if (s && s.orgId === orgId) form.setFieldValue('yuan', toYuan(s.dibaoMonthlyFen));
  }, [s, orgId, form]);

  const source = !from
    ? ''
    : from.kind === 'own'
      ? t('hardship.dibao.fromSelf')
      : from.kind === 'ancestor'
        ? t('hardship.dibao.fromAncestor', { name: from.name })
        : t('hardship.dibao.fromDefault');

  const own = from?.kind === 'own';
  const yuan = Form.useWatch('yuan', form);
  // Saving the inherited figure unchanged would pin it: the org would stop following its parent.
  const unchanged = !!s && yuan != null && toFen(yuan) === s.dibaoMonthlyFen;

  const clear = async () => {
    setSaving(true);
    try {
      const next = await request<TDibaoSetting>('DELETE', `${DIBAO_API}?orgId=${orgId}`);
      client.setQueryData(key, next);
      await client.invalidateQueries({ queryKey: [...hardshipKey, 'dibao'] });
      message.success(t('hardship.dibao.cleared', { amount: fenText(next.dibaoMonthlyFen) }));
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const next = await request<TDibaoSetting>('PUT', DIBAO_API, {
        orgId,
        dibaoMonthlyFen: toFen(v.yuan),
      });
      client.setQueryData(key, next);
      // Orgs below inherit it, and the create form previews with it.
      await client.invalidateQueries({ queryKey: [...hardshipKey, 'dibao'] });
      message.success(t('hardship.dibao.saved', { amount: fenText(next.dibaoMonthlyFen) }));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const field = t('hardship.dibao.amount');
  return (
    <Modal
      open
      title={t('hardship.dibao.title')}
      onCancel={onClose}
      okText={t('hardship.dibao.save')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, disabled: !s || unchanged, 'data-testid': 'dibao-save' }}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {own ? (
            <Button
              onClick={() => void clear()}
              disabled={saving}
              data-testid="dibao-clear"
              style={{ float: 'left' }}
            >
              {t('hardship.dibao.clear')}
            </Button>
          ) : null}
          <CancelBtn />
          <OkBtn />
        </>
      )}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('hardship.dibao.intro')}</Typography.Paragraph>
      <Form<Values>
        name="hardshipDibao"
        form={form}
        layout="vertical"
        initialValues={{ orgId: defaultOrg.id }}
        onFinish={submit}
      >
        <Form.Item
          name="orgId"
          label={t('hardship.dibao.org')}
          rules={[chooseRule(t, t('hardship.dibao.org'))]}
        >
          <OrgSelect activeOnly known={[defaultOrg]} data-testid="dibao-org" />
        </Form.Item>
        {setting.isError && !s ? (
          <Alert
            type="error"
            showIcon
            title={t('hardship.dibao.loadFailed')}
            description={errorMessage(setting.error)}
          />
        ) : !s ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="dibao-source"
            title={t('hardship.dibao.current', { amount: fenText(s.dibaoMonthlyFen), source })}
          />
        )}
        <Form.Item
          name="yuan"
          label={field}
          extra={unchanged && !own ? t('hardship.dibao.unchangedHint') : t('hardship.dibao.amountHint')}
          rules={[requiredRule(t, field), numberRange(t, field, 0.01, DIBAO_MAX_MONTHLY_FEN / 100)]}
        >
          <MoneyInput data-testid="dibao-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
