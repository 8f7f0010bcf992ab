/**
 * 对接配置 (admins): one row per governance platform the union refers appeals to — 接口推送 (URL and a
 * write-only shared secret; the platform posts status to the callback URL shown to copy) or 人工交办.
 * Every governance-platform org of the admin's subtree is listed; one never configured says 未配置.
 * Selectors for browser tests:
 *   referral-endpoints (table), endpoint-edit-<partnerOrgId>, endpoint-mode (values api/manual), endpoint-url, endpoint-secret, endpoint-active, endpoint-save,
 *   endpoint-callback-<partnerOrgId>.
 */
import { CopyOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TEndpointInput } from '../../../../shared/appeals.ts';
import { api, request } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { endpointsKey, REFERRALS, type TEndpoint, useAppealLabels } from './model.ts';

interface Values {
  mode: 'api' | 'manual';
  url?: string;
  secret?: string;
  active: boolean;
}

export function EndpointsTab() {
  const { t, i18n } = useTranslation();
  const label = useAppealLabels();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<TEndpoint | null>(null);
  const endpoints = useQuery({
    queryKey: endpointsKey,
    queryFn: () => api.get<TEndpoint[]>(`${REFERRALS}/endpoints`),
  });

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('appealWork.endpoint.copied'));
    } catch {
      message.info(text);
    }
  };

  const columns: TableColumnsType<TEndpoint> = [
    { key: 'partner', title: t('appealWork.endpoint.partner'), width: 200, render: (_, e) => e.partner.name },
    {
      key: 'mode',
      title: t('appealWork.endpoint.mode'),
      width: 100,
      render: (_, e) => <Tag color={e.mode === 'api' ? 'blue' : 'default'}>{label('mode', e.mode)}</Tag>,
    },
    {
      key: 'url',
      title: t('appealWork.endpoint.url'),
      width: 240,
      render: (_, e) =>
        e.url ? (
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {e.url}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'secret',
      title: t('appealWork.endpoint.secret'),
      width: 90,
      render: (_, e) =>
        e.hasSecret ? (
          <Tag color="green">{t('appealWork.endpoint.secretSet')}</Tag>
        ) : (
          <Typography.Text type="secondary">{t('appealWork.endpoint.secretUnset')}</Typography.Text>
        ),
    },
    {
      key: 'callback',
      title: t('appealWork.endpoint.callbackUrl'),
      width: 300,
      render: (_, e) => (
        <Space size={4}>
          <Typography.Text
            code
            style={{ wordBreak: 'break-all' }}
            data-testid={`endpoint-callback-${e.partner.id}`}
          >
            {e.callbackUrl}
          </Typography.Text>
          <Button
            size="small"
            type="text"
            icon={<CopyOutlined />}
            aria-label={t('appealWork.endpoint.copy')}
            onClick={() => void copy(e.callbackUrl)}
          />
        </Space>
      ),
    },
    {
      key: 'active',
      title: t('appealWork.endpoint.active'),
      width: 80,
      render: (_, e) =>
        e.updatedAt === null ? (
          <Tag color="orange">{t('appealWork.endpoint.unset')}</Tag>
        ) : e.active ? (
          <Tag color="green">{t('appealWork.endpoint.activeOn')}</Tag>
        ) : (
          <Tag>{t('appealWork.endpoint.activeOff')}</Tag>
        ),
    },
    {
      key: 'updated',
      title: t('appealWork.endpoint.updatedAt'),
      width: 150,
      render: (_, e) => <span className="nj-hs-mono">{formatDateTime(e.updatedAt, i18n.language)}</span>,
    },
    {
      key: 'actions',
      title: '',
      width: 80,
      render: (_, e) => (
        <Button
          size="small"
          type={e.updatedAt === null ? 'primary' : 'default'}
          onClick={() => setEditing(e)}
          data-testid={`endpoint-edit-${e.partner.id}`}
        >
          {e.updatedAt === null ? t('appealWork.endpoint.configure') : t('appealWork.endpoint.edit')}
        </Button>
      ),
    },
  ];

  if (endpoints.isError)
    return (
      <Alert
        type="error"
        showIcon
        title={t('appealWork.endpoint.loadFailed')}
        description={errorMessage(endpoints.error)}
        action={
          <Button size="small" onClick={() => void endpoints.refetch()}>
            {t('action.retry')}
          </Button>
        }
      />
    );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('appealWork.endpoint.intro')}</Typography.Paragraph>
      <Table<TEndpoint>
        data-testid="referral-endpoints"
        rowKey={(e) => e.partner.id}
        size="middle"
        columns={columns}
        dataSource={endpoints.data ?? []}
        loading={endpoints.isFetching}
        pagination={false}
        scroll={{ x: 1240 }}
        locale={{ emptyText: t('appealWork.endpoint.empty') }}
      />
      <EndpointModal editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function EndpointModal(props: Parameters<typeof EndpointModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <EndpointModalDialog key={useOpenings(props.editing !== null)} {...props} />;
}

function EndpointModalDialog({ editing, onClose }: { editing: TEndpoint | null; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useAppealLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);
  const [saving, setSaving] = useState(false);
  const current = editing;

  const save = async (v: Values) => {
    const partnerOrgId = current?.partner.id;
    if (!partnerOrgId) return;
    const body: TEndpointInput = {
      mode: v.mode,
      url: v.url?.trim() || null,
      active: v.active,
      ...(v.secret ? { secret: v.secret } : {}),
    };
    setSaving(true);
    try {
      await request<TEndpoint>('PUT', `${REFERRALS}/endpoints/${partnerOrgId}`, body);
      message.success(t('appealWork.endpoint.saved'));
      await qc.invalidateQueries({ queryKey: endpointsKey });
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={t('appealWork.endpoint.title', { name: current?.partner.name })}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('action.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          onClick={() => form.submit()}
          data-testid="endpoint-save"
        >
          {t('appealWork.endpoint.save')}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="referralEndpoint"
        preserve={false}
        initialValues={{
          mode: current?.mode ?? 'manual',
          url: current?.url ?? undefined,
          active: current?.active ?? true,
        }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="mode" label={t('appealWork.endpoint.mode')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="endpoint-mode">
            <Radio value="api">{label('mode', 'api')}</Radio>
            <Radio value="manual">{label('mode', 'manual')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="url"
          label={t('appealWork.endpoint.url')}
          rules={
            mode === 'api'
              ? [{ required: true, type: 'url', message: t('appealWork.endpoint.urlRequired') }]
              : [{ type: 'url', message: t('appealWork.endpoint.urlRequired') }]
          }
        >
          <Input placeholder="https://" maxLength={500} data-testid="endpoint-url" />
        </Form.Item>
        <Form.Item
          name="secret"
          label={t('appealWork.endpoint.secret')}
          extra={t('appealWork.endpoint.secretHint')}
          rules={[
            { min: 16, max: 200, message: t('appealWork.endpoint.secretPlaceholderNew') },
            {
              required: mode === 'api' && !current?.hasSecret,
              message: t('appealWork.endpoint.secretRequired'),
            },
          ]}
        >
          <Input.Password
            autoComplete="new-password"
            placeholder={
              current?.hasSecret
                ? t('appealWork.endpoint.secretPlaceholder')
                : t('appealWork.endpoint.secretPlaceholderNew')
            }
            data-testid="endpoint-secret"
          />
        </Form.Item>
        <Form.Item name="active" label={t('appealWork.endpoint.active')} valuePropName="checked">
          <Switch data-testid="endpoint-active" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
