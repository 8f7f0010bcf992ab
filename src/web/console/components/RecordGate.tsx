import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api.ts';
import { errorMessage } from '../forms.ts';

/** A record id from the address: a positive 32-bit integer, else not valid (shown as not found). */
export function recordId(raw: string | undefined): { id: number; valid: boolean } {
  const id = Number(raw);
  return { id, valid: Number.isInteger(id) && id > 0 && id <= 2_147_483_647 };
}

/** Retry a record's query on network and server errors only: a 4xx will not change by asking again. */
export const retryUnlessClientError = (failures: number, e: unknown) =>
  !(e instanceof ApiError && e.status < 500) && failures < 2;

/**
 * The states of a record page before its record is there: not found (or not yours: 404 and 403 look
 * the same), failed to load (with 重试), loading; then the page itself.
 */
export function RecordGate<T>({
  query,
  valid,
  back,
  notFoundText,
  loadFailedText,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  valid: boolean;
  back: ReactNode;
  notFoundText: string;
  loadFailedText: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const notFound =
    !valid || (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403));
  if (notFound) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Empty description={notFoundText} />
        </Card>
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="nj-hs">
        {back}
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={loadFailedText}
          description={errorMessage(query.error)}
          action={
            <Button size="small" onClick={() => void query.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (!query.data) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
