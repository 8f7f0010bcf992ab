import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  InputNumber,
  Row,
  Skeleton,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMinutes } from '../../../../shared/dates.ts';
import { DEFAULT_ACCEPT_MINUTES, DEFAULT_DELIVER_MINUTES } from '../../../../shared/errands.ts';
import { request } from '../../../shared/api.ts';
import { useInheritedSetting } from '../../components/inheritedSetting.ts';
import { errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import { rosterKey, SETTINGS_API, type TErrandSettings } from './roster.model.ts';

interface Values {
  acceptMinutes?: number;
  deliverMinutes?: number;
}

/** `3 小时`, `2 小时 30 分钟`, `45 分钟`: the one way durations are written (shared/dates.ts). */
function useHours() {
  const { i18n } = useTranslation();
  return (minutes: number | undefined | null) => (minutes ? formatMinutes(minutes, i18n.language) : '');
}

/**
 * 超时提醒设置: how long a dispatched errand may wait for a courier to accept it, and how long from the
 * call to the delivery, before the duty cadre is alerted. Per org, inherited from the nearest ancestor
 * that set them, else the defaults; admins change them (`errands.settings`), others read them.
 */
export function SettingsCard({
  orgId,
  orgName,
  canEdit,
}: {
  orgId: number;
  orgName: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const hours = useHours();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const key = [...rosterKey, 'settings', orgId] as const;
  const { setting: settings, source: from } = useInheritedSetting<TErrandSettings>({
    queryKey: key,
    url: SETTINGS_API,
    orgId,
  });
  const s = settings.data;
  useEffect(() => {
    if (s) form.setFieldsValue({ acceptMinutes: s.acceptMinutes, deliverMinutes: s.deliverMinutes });
  }, [s, form]);
  const accept = Form.useWatch('acceptMinutes', form);
  const deliver = Form.useWatch('deliverMinutes', form);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const next = await request<TErrandSettings>('PUT', `${SETTINGS_API}?orgId=${orgId}`, {
        acceptMinutes: v.acceptMinutes,
        deliverMinutes: v.deliverMinutes,
      });
      client.setQueryData(key, next);
      // Orgs below inherit, and the overdue board reads the thresholds.
      await client.invalidateQueries({ queryKey: [...rosterKey, 'settings'] });
      await client.invalidateQueries({ queryKey: ['errands'] });
      message.success(t('errandRoster.settings.saved'));
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const inherited = !!from && from.kind !== 'own';
  const source = !from
    ? ''
    : (from.kind === 'own'
        ? t('errandRoster.settings.fromSelf', { name: orgName })
        : from.kind === 'ancestor'
          ? t('errandRoster.settings.fromAncestor', { name: from.name })
          : t('errandRoster.settings.fromDefault', {
              accept: DEFAULT_ACCEPT_MINUTES,
              deliver: hours(DEFAULT_DELIVER_MINUTES),
            })) + (inherited && canEdit ? t('errandRoster.settings.saveSetsOwn') : '');

  return (
    <Card title={t('errandRoster.settings.title')} data-testid="errand-settings">
      <Typography.Paragraph type="secondary">{t('errandRoster.settings.intro')}</Typography.Paragraph>
      {settings.isError && !s ? (
        <Alert
          type="error"
          showIcon
          title={t('errandRoster.settings.loadFailed')}
          description={errorMessage(settings.error)}
        />
      ) : !s ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          <Alert
            type="info"
            showIcon
            title={source}
            style={{ marginBottom: 16 }}
            data-testid="errand-settings-source"
          />
          {canEdit ? (
            <Form<Values> name="errandSettings" form={form} layout="vertical" onFinish={submit}>
              <Row gutter={24} align="bottom">
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item
                    name="acceptMinutes"
                    label={t('errandRoster.settings.accept')}
                    extra={t('errandRoster.settings.acceptHint')}
                    rules={[
                      {
                        required: true,
                        message: t('msg.required', { field: t('errandRoster.settings.accept') }),
                      },
                      numberRange(t, t('errandRoster.settings.accept'), 1, 24 * 60),
                    ]}
                  >
                    <InputNumber
                      precision={0}
                      suffix={t('errandRoster.settings.unit')}
                      style={{ width: 180 }}
                      data-testid="errand-settings-accept"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item
                    name="deliverMinutes"
                    label={t('errandRoster.settings.deliver')}
                    extra={`${t('errandRoster.settings.deliverHint')}${deliver ? `（${hours(deliver)}）` : ''}`}
                    rules={[
                      {
                        required: true,
                        message: t('msg.required', { field: t('errandRoster.settings.deliver') }),
                      },
                      numberRange(t, t('errandRoster.settings.deliver'), 10, 7 * 24 * 60),
                    ]}
                  >
                    <InputNumber
                      precision={0}
                      suffix={t('errandRoster.settings.unit')}
                      style={{ width: 180 }}
                      data-testid="errand-settings-deliver"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} lg={8}>
                  <Form.Item>
                    <Button
                      type="primary"
                      htmlType="submit"
                      loading={saving}
                      disabled={
                        accept === s.acceptMinutes && deliver === s.deliverMinutes && s.fromOrgId === s.orgId
                      }
                      data-testid="errand-settings-save"
                    >
                      {t('errandRoster.settings.save', { name: orgName })}
                    </Button>
                  </Form.Item>
                </Col>
              </Row>
            </Form>
          ) : (
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'accept',
                  label: t('errandRoster.settings.accept'),
                  children: hours(s.acceptMinutes),
                },
                {
                  key: 'deliver',
                  label: t('errandRoster.settings.deliver'),
                  children: hours(s.deliverMinutes),
                },
              ]}
            />
          )}
          {!canEdit ? (
            <Typography.Text type="secondary">{t('errandRoster.settings.adminOnly')}</Typography.Text>
          ) : null}
        </>
      )}
    </Card>
  );
}
