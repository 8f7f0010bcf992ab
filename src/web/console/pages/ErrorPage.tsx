import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
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

function PageLoadFailed() {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('error.page.title')}
      subTitle={t('error.page.text')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()} data-testid="page-reload">
          {t('error.reload')}
        </Button>
      }
    />
  );
}

/**
 * A page that throws while loading (typically its script file, replaced by a new release or cut off
 * by the network) shows a reload prompt inside the layout instead of blanking the whole console.
 * Moving to another page (a new `path`) tries again.
 */
export class PageBoundary extends Component<{ path: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidUpdate(prev: { path: string }) {
    if (prev.path !== this.props.path && this.state.failed) this.setState({ failed: false });
  }
  override render() {
    return this.state.failed ? <PageLoadFailed /> : this.props.children;
  }
}
