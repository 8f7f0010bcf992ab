import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, authApi } from '../../shared/api.ts';
import { changeLanguage, type Language } from '../../shared/i18n.ts';
import { belongsOnPhone } from '../Layout.tsx';
import { meQueryKey } from '../session.tsx';

interface Values {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<{ message: string; locked: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const client = useQueryClient();

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login(v.username, v.password);
      client.setQueryData(meQueryKey, me);
      // Workers, donors and representatives work on the phone app: the same session serves it.
      if (belongsOnPhone(me)) {
        window.location.replace('/m/');
        return;
      }
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      const locked = e instanceof ApiError && (e.code === 'ACCOUNT_LOCKED' || e.code === 'TOO_MANY_ATTEMPTS');
      setError({ message: e instanceof ApiError ? e.message : t('msg.networkError'), locked });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="nj-login">
      <Card className="nj-login-card">
        <div className="nj-login-head">
          <span className="nj-logo nj-logo-lg" aria-hidden>
            家
          </span>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {t('app.fullName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {error ? (
          <Alert
            role="alert"
            type={error.locked ? 'warning' : 'error'}
            showIcon
            title={error.locked ? t('login.lockedTitle') : t('login.failedTitle')}
            description={error.message}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('msg.required', { field: t('field.username') }) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('field.password')}
            rules={[{ required: true, message: t('msg.required', { field: t('field.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('action.login')}
          </Button>
        </Form>
        <div className="nj-login-foot">
          <a href="/m/">{t('login.toH5')}</a>
          <Segmented
            size="small"
            value={i18n.language}
            onChange={(v) => void changeLanguage(v as Language)}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'English', value: 'en-US' },
            ]}
          />
        </div>
      </Card>
    </main>
  );
}
