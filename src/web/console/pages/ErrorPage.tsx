import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** 403 / 404 / 500 in plain words, with a way back. */
export function ErrorPage({ kind, onRetry }: { kind: '403' | '404' | '500'; onRetry?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={kind === '500' ? '500' : kind}
      title={t(`error.${kind}.title`)}
      subTitle={t(`error.${kind}.text`)}
      extra={[
        onRetry ? (
          <Button key="retry" onClick={onRetry}>
            {t('action.retry')}
          </Button>
        ) : null,
        <Button key="home" type="primary" onClick={() => navigate('/')}>
          {t('error.home')}
        </Button>,
      ]}
    />
  );
}
