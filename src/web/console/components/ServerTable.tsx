import { Alert, Button, Empty, Grid, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../forms.ts';

export const PAGE_SIZES = [10, 20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;

/** A list's filters and page as URL search params: empty values left out, text trimmed, defaults omitted. */
export function listSearchParams(
  filters: Record<string, string | number | boolean | undefined>,
  page: number,
  pageSize: number,
): URLSearchParams {
  const p = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    const text = typeof value === 'string' ? value.trim() : value;
    if (text !== undefined && text !== '' && text !== false) p.set(key, String(text));
  }
  if (page > 1) p.set('page', String(page));
  if (pageSize !== DEFAULT_PAGE_SIZE) p.set('pageSize', String(pageSize));
  return p;
}

export interface PageData<T> {
  items: T[];
  total: number;
  /** The total is a lower bound: the server stops counting at a cap. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

/** What the table needs from the list query (a TanStack Query result fits). */
export interface ListQuery<T> {
  data: PageData<T> | undefined;
  error: unknown;
  isError: boolean;
  isPending: boolean;
  isFetching: boolean;
  refetch: () => unknown;
}

/** The table's width when every column has its set width: past it, the table scrolls sideways. */
export function columnsWidth<T>(columns: TableColumnsType<T>): number {
  return columns.reduce((sum, c) => sum + Number(c.width ?? 0), 0);
}

/** A page past the last one (a bookmarked or shared URL): its records exist, on earlier pages. */
export const isPastLast = (data: { items: unknown[]; total: number; page: number }) =>
  data.items.length === 0 && data.total > 0 && data.page > 1;

/** What a list says on such a page instead of "no records", with the way back to page 1. */
export function PastLastPage({
  data,
  onFirst,
  testId,
}: {
  data: { total: number; page: number; pageSize: number };
  onFirst: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const pages = Math.ceil(data.total / data.pageSize);
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={t('list.pastLast', { page: data.page, total: data.total, pages })}
      data-testid={`${testId}-past-last`}
    >
      <Button onClick={onFirst}>{t('list.firstPage')}</Button>
    </Empty>
  );
}

/** Width of the tick-box column a row selection adds. */
export const SELECTION_WIDTH = 32;

/**
 * A server-paginated list: the load-failure alert with retry, the table scrolling inside its card
 * on narrow screens, and empty states that offer to clear the filters.
 */
export function ServerTable<T extends { id: number }>(props: {
  list: ListQuery<T>;
  columns: TableColumnsType<T>;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  /** Filters are active: empty states offer to clear them. */
  filtered: boolean;
  onClearFilters: () => void;
  /** Default: the columns' widths (and the tick boxes'). */
  scrollX?: number;
  testId: string;
  text: { loadFailed: string; empty: string; emptyFiltered: string; clearFilters: string };
  /** Ticking rows (kept across pages), for toolbar actions on the chosen ones. */
  rowSelection?: TableProps<T>['rowSelection'];
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { list, text, filtered } = props;
  const data = list.data;
  if (list.isError && !data) {
    return (
      <Alert
        type="error"
        showIcon
        title={text.loadFailed}
        description={errorMessage(list.error)}
        action={
          <Space wrap>
            <Button size="small" onClick={() => void list.refetch()}>
              {t('action.retry')}
            </Button>
            {filtered ? (
              <Button size="small" onClick={props.onClearFilters}>
                {text.clearFilters}
              </Button>
            ) : null}
          </Space>
        }
      />
    );
  }
  return (
    <Table<T>
      data-testid={props.testId}
      rowKey="id"
      size="middle"
      columns={props.columns}
      dataSource={data?.items ?? []}
      loading={list.isFetching}
      scroll={{
        x: props.scrollX ?? columnsWidth(props.columns) + (props.rowSelection ? SELECTION_WIDTH : 0),
      }}
      rowSelection={props.rowSelection}
      locale={{
        emptyText: list.isPending ? (
          <div style={{ height: 120 }} />
        ) : data && isPastLast(data) ? (
          <PastLastPage data={data} onFirst={() => props.onPage(1, props.pageSize)} testId={props.testId} />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? text.emptyFiltered : text.empty}
          >
            {filtered ? <Button onClick={props.onClearFilters}>{text.clearFilters}</Button> : null}
          </Empty>
        ),
      }}
      pagination={{
        current: data?.page ?? props.page,
        pageSize: data?.pageSize ?? props.pageSize,
        total: data?.total ?? 0,
        showTotal: (total) =>
          data?.totalCapped ? t('list.totalCapped', { total }) : t('list.total', { total }),
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        onChange: (p, size) => props.onPage(size !== props.pageSize ? 1 : p, size),
        size: screens.sm ? 'medium' : 'small',
      }}
    />
  );
}
