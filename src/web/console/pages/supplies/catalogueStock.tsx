import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import {
  ITEMS_API,
  itemsKey,
  type Page,
  qtyText,
  type TItem,
  type TStockEntry,
  useSupplyLabels,
} from './catalogue-model.ts';

export type StockMode = 'receive' | 'adjust';

interface StockValues {
  quantity?: number;
  note?: string;
  delta?: number;
  reason?: string;
}

/** 入库 (a positive quantity and a note) or 盘点调整 (a signed delta and a reason, hub only). */
export function StockModal({
  item,
  mode,
  onClose,
}: {
  item: TItem | null;
  mode: StockMode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<StockValues>();
  const [saving, setSaving] = useState(false);
  const delta = Form.useWatch('delta', form);

  const submit = async (v: StockValues) => {
    if (!item) return;
    setSaving(true);
    try {
      const saved =
        mode === 'receive'
          ? await api.post<TItem>(`${ITEMS_API}/${item.id}/receive`, {
              quantity: v.quantity,
              note: v.note?.trim() || null,
            })
          : await api.post<TItem>(`${ITEMS_API}/${item.id}/adjust`, {
              delta: v.delta,
              reason: v.reason?.trim() ?? '',
            });
      message.success(
        t(`supplyLogistics.stock.${mode}Done`, { name: saved.name, onHand: saved.onHand, unit: saved.unit }),
      );
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: itemsKey });
    }
  };

  const after = item && typeof delta === 'number' ? item.onHand + delta : null;
  return (
    <Modal
      title={item ? `${t(`supplyLogistics.stock.${mode}`)} · ${item.name}` : ''}
      open={item !== null}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t(`supplyLogistics.stock.${mode}`)}
      okButtonProps={{ 'data-testid': 'stock-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {item ? (
        <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('supplyLogistics.col.onHand')}>
            {qtyText(item.onHand)} {item.unit}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyLogistics.col.reserved')}>
            {qtyText(item.reserved)}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyLogistics.col.available')}>
            {qtyText(item.available)}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form<StockValues> name="supplyStock" form={form} layout="vertical" onFinish={submit} preserve={false}>
        {mode === 'receive' ? (
          <>
            <Form.Item
              name="quantity"
              label={t('supplyLogistics.stock.quantity')}
              rules={[
                {
                  required: true,
                  message: t('msg.required', { field: t('supplyLogistics.stock.quantity') }),
                },
                numberRange(t, t('supplyLogistics.stock.quantity'), 1, 1_000_000),
              ]}
            >
              <InputNumber
                precision={0}
                style={{ width: 200 }}
                suffix={item?.unit}
                data-testid="stock-quantity"
              />
            </Form.Item>
            <Form.Item name="note" label={t('supplyLogistics.stock.note')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('supplyLogistics.stock.notePlaceholder')} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item
              name="delta"
              label={t('supplyLogistics.stock.delta')}
              extra={
                after !== null
                  ? t('supplyLogistics.stock.after', { onHand: after, unit: item?.unit ?? '' })
                  : t('supplyLogistics.stock.deltaHint')
              }
              rules={[
                { required: true, message: t('msg.required', { field: t('supplyLogistics.stock.delta') }) },
                {
                  validator: (_, v: number | null | undefined) =>
                    v === 0
                      ? Promise.reject(new Error(t('supplyLogistics.stock.deltaZero')))
                      : Promise.resolve(),
                },
                numberRange(t, t('supplyLogistics.stock.delta'), -1_000_000, 1_000_000),
              ]}
            >
              <InputNumber
                precision={0}
                style={{ width: 200 }}
                suffix={item?.unit}
                data-testid="stock-delta"
              />
            </Form.Item>
            {after !== null && item && after < item.reserved ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('supplyLogistics.stock.belowReserved', { reserved: item.reserved })}
              />
            ) : null}
            <Form.Item
              name="reason"
              label={t('supplyLogistics.stock.reason')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('msg.required', { field: t('supplyLogistics.stock.reason') }),
                },
                { min: 2, max: 200 },
              ]}
            >
              <Input.TextArea
                rows={2}
                maxLength={200}
                placeholder={t('supplyLogistics.stock.reasonPlaceholder')}
                data-testid="stock-reason"
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** 库存台账: every entry of the item's append-only ledger, newest first, with the balances after it. */
export function LedgerDrawer({
  item,
  onClose,
  linkRequests,
}: {
  item: TItem | null;
  onClose: () => void;
  /** The caller may open the requests and shipments (a union user; a supplier partner sees neither). */
  linkRequests: boolean;
}) {
  const { t, i18n } = useTranslation();
  const label = useSupplyLabels();
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const id = item?.id;
  const ledger = useQuery({
    queryKey: [...itemsKey, 'ledger', id, page, pageSize],
    queryFn: () => api.get<Page<TStockEntry>>(`${ITEMS_API}/${id}/ledger`, { page, pageSize }),
    enabled: id !== undefined,
  });

  const signed = (e: TStockEntry) => {
    if (e.kind === 'adjusted') return e.quantity > 0 ? `+${e.quantity}` : String(e.quantity);
    if (e.kind === 'received') return `+${e.quantity}`;
    if (e.kind === 'shipped') return `−${e.quantity}`;
    return String(e.quantity);
  };
  const kindColor: Record<TStockEntry['kind'], string> = {
    received: 'green',
    reserved: 'gold',
    released: 'default',
    shipped: 'blue',
    adjusted: 'purple',
  };
  const columns: TableColumnsType<TStockEntry> = [
    {
      key: 'at',
      title: t('supplyLogistics.ledger.at'),
      width: 140,
      render: (_, e) => <span className="nj-hs-mono">{formatDateTime(e.at, i18n.language)}</span>,
    },
    {
      key: 'kind',
      title: t('supplyLogistics.ledger.kind'),
      width: 90,
      render: (_, e) => (
        <Tag color={kindColor[e.kind]} style={{ marginInlineEnd: 0 }}>
          {label('entryKind', e.kind)}
        </Tag>
      ),
    },
    {
      key: 'quantity',
      title: t('supplyLogistics.ledger.quantity'),
      width: 70,
      align: 'right',
      render: (_, e) => <span className="nj-hs-mono">{signed(e)}</span>,
    },
    {
      key: 'onHand',
      title: t('supplyLogistics.col.onHand'),
      width: 70,
      align: 'right',
      render: (_, e) => <span className="nj-hs-mono">{qtyText(e.onHandAfter)}</span>,
    },
    {
      key: 'reserved',
      title: t('supplyLogistics.col.reserved'),
      width: 70,
      align: 'right',
      render: (_, e) => <span className="nj-hs-mono">{qtyText(e.reservedAfter)}</span>,
    },
    {
      key: 'available',
      title: t('supplyLogistics.col.available'),
      width: 70,
      align: 'right',
      render: (_, e) => <span className="nj-hs-mono">{qtyText(e.availableAfter)}</span>,
    },
    {
      key: 'reason',
      title: t('supplyLogistics.ledger.reason'),
      width: 170,
      render: (_, e) => e.reason ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'link',
      title: t('supplyLogistics.ledger.link'),
      width: 110,
      render: (_, e) => (
        <span>
          {e.requestId ? (
            linkRequests ? (
              <Link to={`/supplies/requests/${e.requestId}`}>
                {t('supplyLogistics.ledger.request', { id: e.requestId })}
              </Link>
            ) : (
              t('supplyLogistics.ledger.request', { id: e.requestId })
            )
          ) : null}
          {e.requestId && e.shipmentId ? <br /> : null}
          {e.shipmentId ? (
            linkRequests ? (
              <Link to={`/supplies/shipments/${e.shipmentId}`}>
                {t('supplyLogistics.ledger.shipment', { id: e.shipmentId })}
              </Link>
            ) : (
              t('supplyLogistics.ledger.shipment', { id: e.shipmentId })
            )
          ) : null}
          {!e.requestId && !e.shipmentId ? <Typography.Text type="secondary">—</Typography.Text> : null}
        </span>
      ),
    },
    {
      key: 'actor',
      title: t('supplyLogistics.ledger.actor'),
      width: 90,
      render: (_, e) => e.actor ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];

  return (
    <Drawer
      title={item ? `${t('supplyLogistics.ledger.title')} · ${item.name}` : ''}
      open={item !== null}
      onClose={() => {
        setPage(1);
        onClose();
      }}
      size={screens.lg ? 1000 : '100%'}
      destroyOnHidden
    >
      {item ? (
        <Descriptions size="small" column={{ xs: 1, sm: 4 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('supplyLogistics.col.onHand')}>
            {qtyText(item.onHand)} {item.unit}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyLogistics.col.reserved')}>
            {qtyText(item.reserved)}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyLogistics.col.available')}>
            {qtyText(item.available)}
          </Descriptions.Item>
          <Descriptions.Item label={t('supplyLogistics.ledger.rule')}>
            {t('supplyLogistics.ledger.ruleText')}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {ledger.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('supplyLogistics.ledger.loadFailed')}
          description={errorMessage(ledger.error)}
        />
      ) : (
        <Table<TStockEntry>
          rowKey="id"
          size="small"
          loading={ledger.isFetching}
          dataSource={ledger.data?.items ?? []}
          columns={columns}
          scroll={{ x: 880 }}
          data-testid="ledger-table"
          pagination={{
            current: page,
            pageSize,
            total: ledger.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          }}
        />
      )}
    </Drawer>
  );
}
