import { Alert, Button, Card, Empty, Select, Skeleton, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../forms.ts';
import type { TCongress, useDutyCongress } from './api.ts';

/** The congress select of every 履职评价 page (test id `duty-congress-select`). */
export function CongressPicker({
  state,
  reset,
  width = 320,
}: {
  state: ReturnType<typeof useDutyCongress>;
  /** Search params to drop when the congress changes (filters that belong to the old one). */
  reset?: string[];
  width?: number;
}) {
  const { t } = useTranslation();
  return (
    <Select<number>
      value={state.current?.id}
      onChange={(id) => state.choose(id, reset)}
      loading={state.congresses.isPending}
      options={state.list.map((c) => ({
        value: c.id,
        label: (
          <span>
            {c.name}
            {c.state === 'closed' ? (
              <Tag style={{ marginLeft: 6 }} bordered={false}>
                {t('dutyPages.common.closedTag')}
              </Tag>
            ) : null}
          </span>
        ),
      }))}
      popupMatchSelectWidth={false}
      style={{ width }}
      aria-label={t('dutyPages.common.congress')}
      placeholder={t('dutyPages.common.congress')}
      data-testid="duty-congress-select"
    />
  );
}

/**
 * What a congress-scoped page shows before it has a congress: the load failure with 重试, a skeleton,
 * or "no congress yet"; then the page for the chosen congress.
 */
export function CongressGate({
  state,
  children,
}: {
  state: ReturnType<typeof useDutyCongress>;
  children: (congress: TCongress) => ReactNode;
}) {
  const { t } = useTranslation();
  const q = state.congresses;
  if (q.isError && !q.data)
    return (
      <Alert
        type="error"
        showIcon
        title={t('dutyPages.common.congressesFailed')}
        description={errorMessage(q.error)}
        action={
          <Button size="small" onClick={() => void q.refetch()}>
            {t('action.retry')}
          </Button>
        }
      />
    );
  if (q.isPending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  if (!state.current)
    return (
      <Card>
        <Empty description={t('dutyPages.common.noCongress')} />
      </Card>
    );
  return <>{children(state.current)}</>;
}
