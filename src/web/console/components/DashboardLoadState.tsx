import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * What a dashboard shows while its figures are not there: a retryable error (kept above stale figures
 * on a failed refresh) and a skeleton on the first load.
 */
export function DashboardLoadState({
  query,
  loadFailedText,
}: {
  query: Pick<UseQueryResult<unknown, unknown>, 'isError' | 'error' | 'isPending' | 'data' | 'refetch'>;
  loadFailedText: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {query.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={loadFailedText}
          description={(query.error as Error).message}
          action={<Button onClick={() => void query.refetch()}>{t('action.retry')}</Button>}
        />
      )}
      {!query.data && query.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
    </>
  );
}
