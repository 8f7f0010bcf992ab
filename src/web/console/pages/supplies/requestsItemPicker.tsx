import { DeleteOutlined, PictureOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Empty,
  Grid,
  Image,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.ts';
import {
  fenText,
  ITEMS,
  type ItemCategory,
  itemCategories,
  type Page,
  suppliesKey,
  type TItem,
  useSupplyLabels,
} from './requests.model.ts';

/** What a cart line needs to show about its item (a catalogue item, or what a template still knows). */
export interface CartItem {
  id: number;
  name: string;
  unit: string;
  spec: string | null;
  photoUrl: string | null;
  unitValueFen: number;
  available: number | null;
  perRequestLimit: number | null;
}
export interface CartLine {
  item: CartItem;
  quantity: number | null;
}

export const cartItemOf = (i: TItem): CartItem => ({
  id: i.id,
  name: i.name,
  unit: i.unit,
  spec: i.spec,
  photoUrl: i.photoUrl,
  unitValueFen: i.unitValueFen,
  available: i.available,
  perRequestLimit: i.perRequestLimit,
});

export const MAX_QTY = 1_000_000;

/** The client check of one cart line, as the server's rules (ZQty and the per-request limit). */
export function lineProblem(
  line: CartLine,
  t: (key: string, o?: Record<string, unknown>) => string,
): string | null {
  const q = line.quantity;
  if (q == null) return t('supplyRequests.form.qtyRequired');
  if (!Number.isInteger(q)) return t('supplyRequests.form.qtyInteger');
  if (q < 1) return t('supplyRequests.form.qtyMin');
  if (q > MAX_QTY) return t('supplyRequests.form.qtyMax');
  if (line.item.perRequestLimit != null && q > line.item.perRequestLimit) {
    return t('supplyRequests.form.qtyLimit', { limit: line.item.perRequestLimit, unit: line.item.unit });
  }
  return null;
}

function Thumb({ url, name }: { url: string | null; name: string }) {
  return url ? (
    <Image
      src={url}
      alt={name}
      width={40}
      height={40}
      style={{ objectFit: 'cover', borderRadius: 4 }}
      preview={{ mask: false }}
    />
  ) : (
    <div
      aria-hidden
      style={{
        width: 40,
        height: 40,
        borderRadius: 4,
        background: '#f5f5f5',
        display: 'grid',
        placeItems: 'center',
        color: '#bfbfbf',
      }}
    >
      <PictureOutlined />
    </div>
  );
}

/**
 * 物资目录 picker: the requestable items of the caller's hub (`GET /items?requestable=true`, searchable,
 * by category) with photo, spec, unit, available stock and per-request limit; 加入 adds a line to the cart.
 */
export function ItemPicker({
  cart,
  onAdd,
  testPrefix = 'supply-item',
}: {
  cart: CartLine[];
  onAdd: (item: TItem) => void;
  testPrefix?: string;
}) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<ItemCategory | undefined>();
  const [page, setPage] = useState(1);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(text.trim());
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useQuery({
    queryKey: [...suppliesKey, 'items', 'requestable', q, category ?? null, page],
    queryFn: () =>
      api.get<Page<TItem>>(ITEMS, { requestable: 'true', q: q || undefined, category, page, pageSize: 8 }),
    placeholderData: keepPreviousData,
  });
  const inCart = new Set(cart.map((l) => l.item.id));
  const narrow = Grid.useBreakpoint().md === false;

  const columns: TableColumnsType<TItem> = [
    { key: 'photo', width: 56, render: (_, i) => <Thumb url={i.photoUrl} name={i.name} /> },
    {
      key: 'name',
      title: t('supplyRequests.picker.name'),
      render: (_, i) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{i.name}</Typography.Text>{' '}
          <Tag style={{ marginInlineEnd: 0 }}>{label('category', i.category)}</Tag>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[i.spec, i.supplier?.name].filter(Boolean).join(' · ') || '—'}
            </Typography.Text>
          </div>
          {narrow ? (
            <div style={{ fontSize: 12 }} className="nj-hs-mono">
              {fenText(i.unitValueFen)}/{i.unit} · {t('supplyRequests.picker.available')} {i.available}
              {i.unit}
              {i.perRequestLimit != null
                ? ` · ${t('supplyRequests.cart.limit', { limit: i.perRequestLimit, unit: i.unit })}`
                : ''}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: 'value',
      title: t('supplyRequests.picker.value'),
      width: 100,
      align: 'right',
      render: (_, i) => (
        <span className="nj-hs-mono">
          {fenText(i.unitValueFen)}/{i.unit}
        </span>
      ),
    },
    {
      key: 'available',
      title: t('supplyRequests.picker.available'),
      width: 90,
      align: 'right',
      render: (_, i) => (
        <Typography.Text className="nj-hs-mono" type={i.available > 0 ? undefined : 'danger'}>
          {i.available}
          {i.unit}
        </Typography.Text>
      ),
    },
    {
      key: 'limit',
      title: t('supplyRequests.picker.limit'),
      width: 90,
      align: 'right',
      render: (_, i) =>
        i.perRequestLimit == null ? (
          <Typography.Text type="secondary">{t('supplyRequests.picker.noLimit')}</Typography.Text>
        ) : (
          <span className="nj-hs-mono">
            {i.perRequestLimit}
            {i.unit}
          </span>
        ),
    },
    {
      key: 'add',
      width: 84,
      render: (_, i) => (
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={inCart.has(i.id) || cart.length >= 100}
          onClick={() => onAdd(i)}
          data-testid={`${testPrefix}-add-${i.id}`}
          aria-label={`${t('supplyRequests.picker.add')} ${i.name}`}
        >
          {inCart.has(i.id) ? t('supplyRequests.picker.added') : t('supplyRequests.picker.add')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('supplyRequests.picker.search')}
          value={text}
          maxLength={40}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 220 }}
          data-testid={`${testPrefix}-search`}
          aria-label={t('supplyRequests.picker.search')}
        />
        <Select<ItemCategory>
          allowClear
          placeholder={t('supplyRequests.picker.category')}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          options={itemCategories.map((c) => ({ value: c, label: label('category', c) }))}
          style={{ width: 140 }}
          aria-label={t('supplyRequests.picker.category')}
        />
      </Space>
      <Table<TItem>
        rowKey="id"
        size="small"
        data-testid={`${testPrefix}-table`}
        columns={narrow ? columns.filter((c) => c.key === 'name' || c.key === 'add') : columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={narrow ? undefined : { x: 640 }}
        locale={{
          emptyText: list.isPending ? (
            <div style={{ height: 80 }} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supplyRequests.picker.empty')} />
          ),
        }}
        pagination={{
          current: page,
          pageSize: 8,
          total: list.data?.total ?? 0,
          size: 'small',
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
    </div>
  );
}

/** The chosen lines with their quantities (the per-request limit and stock shown beside each). */
export function CartTable({
  cart,
  onChange,
  showErrors,
  compact = false,
  testPrefix = 'supply-cart',
}: {
  cart: CartLine[];
  onChange: (next: CartLine[]) => void;
  showErrors: boolean;
  /** Item, quantity and remove only (a side column); phones get this layout too. */
  compact?: boolean;
  testPrefix?: string;
}) {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const narrow = compact || phone;
  const setQty = (id: number, quantity: number | null) =>
    onChange(cart.map((l) => (l.item.id === id ? { ...l, quantity } : l)));
  const columns: TableColumnsType<CartLine> = [
    { key: 'photo', width: 56, render: (_, l) => <Thumb url={l.item.photoUrl} name={l.item.name} /> },
    {
      key: 'name',
      title: t('supplyRequests.picker.name'),
      render: (_, l) => (
        <div>
          <Typography.Text strong>{l.item.name}</Typography.Text>
          {l.item.spec ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.item.spec}
              </Typography.Text>
            </div>
          ) : null}
          {narrow && (l.item.available != null || l.item.perRequestLimit != null) ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} className="nj-hs-mono">
                {[
                  l.item.available != null
                    ? `${t('supplyRequests.picker.available')} ${l.item.available}${l.item.unit}`
                    : null,
                  l.item.perRequestLimit != null
                    ? t('supplyRequests.cart.limit', { limit: l.item.perRequestLimit, unit: l.item.unit })
                    : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: 'qty',
      title: t('supplyRequests.cart.quantity'),
      width: narrow ? 140 : 200,
      render: (_, l) => {
        const problem = showErrors ? lineProblem(l, t) : null;
        const overStock = l.item.available != null && l.quantity != null && l.quantity > l.item.available;
        return (
          <div>
            <InputNumber<number>
              precision={0}
              value={l.quantity}
              onChange={(v) => setQty(l.item.id, v)}
              status={problem ? 'error' : overStock ? 'warning' : undefined}
              suffix={l.item.unit}
              style={{ width: narrow ? 120 : 150 }}
              data-testid={`${testPrefix}-qty-${l.item.id}`}
              aria-label={`${t('supplyRequests.cart.quantity')} ${l.item.name}`}
            />
            {problem ? (
              <div>
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {problem}
                </Typography.Text>
              </div>
            ) : overStock ? (
              <div>
                <Typography.Text type="warning" style={{ fontSize: 12 }}>
                  {t('supplyRequests.cart.overStock', { available: l.item.available, unit: l.item.unit })}
                </Typography.Text>
              </div>
            ) : null}
          </div>
        );
      },
    },
    {
      key: 'stock',
      title: t('supplyRequests.picker.available'),
      width: 110,
      align: 'right',
      render: (_, l) => (
        <span className="nj-hs-mono">
          {l.item.available == null ? '—' : `${l.item.available}${l.item.unit}`}
          {l.item.perRequestLimit != null ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('supplyRequests.cart.limit', { limit: l.item.perRequestLimit, unit: l.item.unit })}
              </Typography.Text>
            </div>
          ) : null}
        </span>
      ),
    },
    {
      key: 'value',
      title: t('supplyRequests.cart.value'),
      width: 110,
      align: 'right',
      render: (_, l) => (
        <span className="nj-hs-mono">{fenText(l.item.unitValueFen * (l.quantity ?? 0))}</span>
      ),
    },
    {
      key: 'remove',
      width: 56,
      render: (_, l) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={() => onChange(cart.filter((x) => x.item.id !== l.item.id))}
          aria-label={`${t('supplyRequests.cart.remove')} ${l.item.name}`}
          data-testid={`${testPrefix}-remove-${l.item.id}`}
        />
      ),
    },
  ];
  const total = cart.reduce((sum, l) => sum + l.item.unitValueFen * (l.quantity ?? 0), 0);
  return (
    <>
      <Table<CartLine>
        rowKey={(l) => l.item.id}
        size="small"
        data-testid={`${testPrefix}-table`}
        columns={
          narrow ? columns.filter((c) => c.key === 'name' || c.key === 'qty' || c.key === 'remove') : columns
        }
        dataSource={cart}
        pagination={false}
        scroll={narrow ? undefined : { x: 600 }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supplyRequests.cart.empty')} />
          ),
        }}
        summary={(rows) =>
          rows.length > 0 && !narrow ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4} align="right">
                <Typography.Text type="secondary">
                  {t('supplyRequests.cart.total', { count: rows.length })}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong className="nj-hs-mono">
                  {fenText(total)}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} />
            </Table.Summary.Row>
          ) : null
        }
      />
      {narrow && cart.length > 0 ? (
        <div style={{ textAlign: 'end', marginTop: 8 }}>
          <Typography.Text type="secondary">
            {t('supplyRequests.cart.total', { count: cart.length })}{' '}
          </Typography.Text>
          <Typography.Text strong className="nj-hs-mono">
            {fenText(total)}
          </Typography.Text>
        </div>
      ) : null}
    </>
  );
}
