import {
  DownOutlined,
  ExportOutlined,
  PlusOutlined,
  ReloadOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Form,
  Grid,
  Image,
  Input,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TOrg } from '../../../shared/orgs.ts';
import { api } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  fenText,
  ITEMS_API,
  type ItemCategory,
  isOneOf,
  itemCategories,
  itemStates,
  itemsKey,
  LOW_STOCK,
  type Page,
  qtyText,
  supplyPerm,
  type TItem,
  useSupplyLabels,
} from './supplies/catalogue-model.ts';
import { ItemFormModal, useSupplierOrgs } from './supplies/catalogueItemForm.tsx';
import { LedgerDrawer, StockModal, type StockMode } from './supplies/catalogueStock.tsx';
import './hardship/hardship.css';
import './supplies/catalogue.css';

type ItemState = TItem['state'];
interface Filters {
  q?: string | undefined;
  category?: ItemCategory | undefined;
  supplierOrgId?: number | undefined;
  state?: ItemState | undefined;
  low?: boolean | undefined;
}

const isCategory = isOneOf(itemCategories);
const isState = isOneOf(itemStates);

function readParams(params: URLSearchParams) {
  const supplier = Number(params.get('supplierOrgId'));
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    q: q ? q.slice(0, 40) : undefined,
    category: isCategory(params.get('category')) ? (params.get('category') as ItemCategory) : undefined,
    supplierOrgId: Number.isInteger(supplier) && supplier > 0 ? supplier : undefined,
    state: isState(params.get('state')) ? (params.get('state') as ItemState) : undefined,
    low: params.get('low') === 'true' ? true : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

const queryOf = (f: Filters) => ({
  q: f.q,
  category: f.category,
  supplierOrgId: f.supplierOrgId,
  state: f.state,
  lowStockBelow: f.low ? LOW_STOCK : undefined,
});

/**
 * 物资目录: the hub union's catalogue with stock derived from the ledger. The union (at the hub or
 * above) puts items online, receives and adjusts stock, takes items off; a supplier / donor partner
 * sees and manages only its own items; requesting units read it.
 */
export default function SupplyCataloguePage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const label = useSupplyLabels();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<Filters>();
  const [editing, setEditing] = useState<TItem | null | 'new'>(null);
  const [stock, setStock] = useState<{ item: TItem; mode: StockMode } | null>(null);
  const [ledgerOf, setLedgerOf] = useState<TItem | null>(null);
  const [exporting, setExporting] = useState(false);
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const active = me.active;
  const partner = active?.role === 'partner';
  const supplierPartner = partner && (active?.org.type === 'supplier' || active?.org.type === 'donor');
  const canManage = can(supplyPerm.catalogueManage) && (!partner || supplierPartner);
  const suppliers = useSupplierOrgs(!partner);

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({
      q: undefined,
      category: undefined,
      supplierOrgId: undefined,
      state: undefined,
      low: undefined,
      ...filters,
    });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...itemsKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<Page<TItem>>(ITEMS_API, { ...queryOf(filters), page, pageSize }),
    placeholderData: keepPreviousData,
  });

  // Union users manage the items of a hub at or below their own org: the hub's path decides it.
  const hubIds = [...new Set((list.data?.items ?? []).map((i) => i.hub.id))].filter(
    (id) => id !== active?.org.id,
  );
  const hubs = useQueries({
    queries: hubIds.map((id) => ({
      queryKey: ['orgs', 'one', id],
      queryFn: () => api.get<TOrg>(`/api/v1/orgs/${id}`),
      enabled: canManage && !partner && can('org.view'),
      staleTime: 300_000,
      retry: false,
    })),
  });
  const myPath = active?.org.path ?? '';
  const manageable = (item: TItem): boolean => {
    if (!canManage) return false;
    if (partner) return true; // the server lists a partner's own items only
    if (item.hub.id === active?.org.id) return true;
    const hub = hubs.find((h) => h.data?.id === item.hub.id)?.data;
    return !!hub && hub.path.startsWith(`${myPath}.`);
  };
  const items = list.data?.items ?? [];
  // A union runs a catalogue where it is the hub (or above it); a unit only reads its hub's items.
  const canCreate = canManage && (partner || items.some(manageable) || (list.data?.total === 0 && !filtered));

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  const reset = () => {
    form.resetFields();
    apply({});
  };

  const toggle = (item: TItem) => {
    const next = item.state === 'active' ? 'deactivate' : 'activate';
    modal.confirm({
      title: t(`supplyLogistics.item.${next}Confirm`, { name: item.name }),
      content: next === 'deactivate' ? t('supplyLogistics.item.deactivateHint') : undefined,
      okText: t(`supplyLogistics.item.${next}`),
      okButtonProps: { danger: next === 'deactivate', 'data-testid': 'item-toggle-ok' } as never,
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await api.post<TItem>(`${ITEMS_API}/${item.id}/${next}`);
          message.success(t(`supplyLogistics.item.${next}Done`, { name: item.name }));
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          await client.invalidateQueries({ queryKey: itemsKey });
        }
      },
    });
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(`${ITEMS_API}/export`, queryOf(filters), t('supplyLogistics.catalogue.exportFile'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const lang = i18n.language;
  // English headers (Reserved, Available) need a little more room than 库存 / 已预留 / 可用.
  const numW = lang.startsWith('zh') ? 70 : 86;
  const windowText = (i: TItem) => {
    if (!i.activeFrom && !i.activeUntil) return t('supplyLogistics.item.always');
    return `${i.activeFrom ? formatDate(i.activeFrom, lang) : '…'} – ${i.activeUntil ? formatDate(i.activeUntil, lang) : '…'}`;
  };

  const columns: TableColumnsType<TItem> = [
    {
      key: 'photo',
      title: t('supplyLogistics.col.photo'),
      width: 56,
      render: (_, i) =>
        i.photoUrl ? (
          <Image
            src={i.photoUrl}
            width={40}
            height={40}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt={i.name}
          />
        ) : (
          <div className="nj-sup-thumb" aria-hidden>
            {i.name.slice(0, 1)}
          </div>
        ),
    },
    {
      key: 'name',
      title: t('supplyLogistics.col.nameSpec'),
      width: 180,
      render: (_, i) => (
        <div>
          <Typography.Text strong>{i.name}</Typography.Text>
          <div style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">
              {label('category', i.category)}
              {i.spec ? ` · ${i.spec}` : ''}
            </Typography.Text>
          </div>
          {i.note ? (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, maxWidth: 180 }}
              ellipsis={{ tooltip: i.note }}
            >
              {i.note}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      key: 'value',
      title: t('supplyLogistics.col.unitValue'),
      width: 100,
      align: 'right',
      render: (_, i) => (
        <span className="nj-hs-mono">
          {fenText(i.unitValueFen)}/{i.unit}
        </span>
      ),
    },
    ...(partner
      ? []
      : [
          {
            key: 'supplier',
            title: t('supplyLogistics.col.supplier'),
            width: 140,
            render: (_: unknown, i: TItem) =>
              i.supplier ? (
                i.supplier.name
              ) : (
                <Typography.Text type="secondary">{label('source', i.source)}</Typography.Text>
              ),
          },
        ]),
    {
      key: 'onHand',
      title: t('supplyLogistics.col.onHand'),
      width: numW,
      align: 'right',
      render: (_, i) => <span className="nj-hs-mono">{qtyText(i.onHand)}</span>,
    },
    {
      key: 'reserved',
      title: t('supplyLogistics.col.reserved'),
      width: numW,
      align: 'right',
      render: (_, i) => <span className="nj-hs-mono">{qtyText(i.reserved)}</span>,
    },
    {
      key: 'available',
      title: t('supplyLogistics.col.available'),
      width: numW,
      align: 'right',
      render: (_, i) =>
        i.available < LOW_STOCK ? (
          <Tooltip title={t('supplyLogistics.catalogue.lowHint', { n: LOW_STOCK })}>
            <Typography.Text type="danger" strong className="nj-hs-mono" data-testid={`item-low-${i.id}`}>
              {qtyText(i.available)}
            </Typography.Text>
          </Tooltip>
        ) : (
          <span className="nj-hs-mono">{qtyText(i.available)}</span>
        ),
    },
    {
      key: 'limit',
      title: t('supplyLogistics.col.limit'),
      width: numW,
      align: 'right',
      render: (_, i) =>
        i.perRequestLimit == null ? (
          <Typography.Text type="secondary">{t('supplyLogistics.item.noLimit')}</Typography.Text>
        ) : (
          <span className="nj-hs-mono">{qtyText(i.perRequestLimit)}</span>
        ),
    },
    {
      key: 'window',
      title: t('supplyLogistics.col.window'),
      width: 100,
      render: (_, i) => <span style={{ fontSize: 12 }}>{windowText(i)}</span>,
    },
    {
      key: 'state',
      title: t('supplyLogistics.col.state'),
      width: 80,
      render: (_, i) => (
        <Space size={4} wrap>
          <Tag color={i.state === 'active' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
            {label('itemState', i.state)}
          </Tag>
          {i.state === 'active' && !i.requestable ? (
            <Tooltip title={t('supplyLogistics.item.outOfWindowHint')}>
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('supplyLogistics.item.outOfWindow')}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'actions',
      title: t('supplyLogistics.col.actions'),
      // 台账 入库 编辑 on one line, 更多 below: 140 is enough, and the list fits 1366 px.
      width: 140,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, i) => {
        const manage = manageable(i);
        return (
          <Space size={[10, 2]} wrap>
            <Typography.Link onClick={() => setLedgerOf(i)} data-testid={`item-ledger-${i.id}`}>
              {t('supplyLogistics.item.ledger')}
            </Typography.Link>
            {manage ? (
              <>
                <Typography.Link
                  onClick={() => setStock({ item: i, mode: 'receive' })}
                  data-testid={`item-receive-${i.id}`}
                >
                  {t('supplyLogistics.stock.receive')}
                </Typography.Link>
                <Typography.Link onClick={() => setEditing(i)} data-testid={`item-edit-${i.id}`}>
                  {t('action.edit')}
                </Typography.Link>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      ...(partner
                        ? []
                        : [
                            {
                              key: 'adjust',
                              label: (
                                <span data-testid={`item-adjust-${i.id}`}>
                                  {t('supplyLogistics.stock.adjust')}
                                </span>
                              ),
                            },
                          ]),
                      {
                        key: 'toggle',
                        danger: i.state === 'active',
                        label: (
                          <span data-testid={`item-toggle-${i.id}`}>
                            {i.state === 'active'
                              ? t('supplyLogistics.item.deactivate')
                              : t('supplyLogistics.item.activate')}
                          </span>
                        ),
                      },
                    ],
                    onClick: ({ key }) =>
                      key === 'adjust' ? setStock({ item: i, mode: 'adjust' }) : toggle(i),
                  }}
                >
                  <Typography.Link data-testid={`item-more-${i.id}`}>
                    {t('supplyLogistics.item.more')} <DownOutlined style={{ fontSize: 10 }} />
                  </Typography.Link>
                </Dropdown>
              </>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('supplyLogistics.catalogue.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {supplierPartner
          ? t('supplyLogistics.catalogue.subtitlePartner')
          : t('supplyLogistics.catalogue.subtitle')}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('supplyLogistics.filter.aria')}>
          <Form<Filters>
            name="supplyItemFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={(v) => apply(v)}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="q" label={t('supplyLogistics.filter.q')}>
              <Input
                allowClear
                maxLength={40}
                placeholder={t('supplyLogistics.filter.itemPlaceholder')}
                className="nj-hs-f-wide"
                data-testid="item-search"
              />
            </Form.Item>
            <Form.Item name="category" label={t('supplyLogistics.filter.category')}>
              <Select<ItemCategory>
                allowClear
                placeholder={t('supplyLogistics.filter.all')}
                className="nj-hs-f-mid"
                options={itemCategories.map((c) => ({ value: c, label: label('category', c) }))}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            {partner || (suppliers.data ?? []).length === 0 ? null : (
              <Form.Item name="supplierOrgId" label={t('supplyLogistics.filter.supplier')}>
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('supplyLogistics.filter.all')}
                  className="nj-hs-f-wide"
                  loading={suppliers.isFetching}
                  options={(suppliers.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            )}
            <Form.Item name="state" label={t('supplyLogistics.filter.state')}>
              <Select<ItemState>
                allowClear
                placeholder={t('supplyLogistics.filter.all')}
                className="nj-hs-f-narrow"
                options={itemStates.map((s) => ({ value: s, label: label('itemState', s) }))}
              />
            </Form.Item>
            <Form.Item name="low" valuePropName="checked">
              <Checkbox data-testid="item-filter-low">
                {t('supplyLogistics.filter.low', { n: LOW_STOCK })}
              </Checkbox>
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('supplyLogistics.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('supplyLogistics.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <div role="toolbar" aria-label={t('supplyLogistics.catalogue.toolbar')} className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {list.data ? t('supplyLogistics.catalogue.total', { count: list.data.total }) : ''}
          </Typography.Text>
          <Space wrap>
            {canCreate ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing('new')}
                data-testid="item-new"
              >
                {t('supplyLogistics.item.new')}
              </Button>
            ) : null}
            <Button
              icon={<ExportOutlined />}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="item-export"
            >
              {t('action.export')}
            </Button>
          </Space>
        </div>
        <ServerTable<TItem>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => apply(filters, p, size)}
          filtered={filtered}
          onClearFilters={reset}
          testId="item-table"
          text={{
            loadFailed: t('supplyLogistics.catalogue.loadFailed'),
            empty: canCreate
              ? t('supplyLogistics.catalogue.emptyManage')
              : t('supplyLogistics.catalogue.empty'),
            emptyFiltered: t('supplyLogistics.catalogue.emptyFiltered'),
            clearFilters: t('supplyLogistics.filter.clear'),
          }}
        />
      </Card>

      <ItemFormModal
        open={editing !== null}
        item={editing === 'new' ? null : editing}
        partner={partner}
        onClose={() => setEditing(null)}
      />
      <StockModal item={stock?.item ?? null} mode={stock?.mode ?? 'receive'} onClose={() => setStock(null)} />
      <LedgerDrawer item={ledgerOf} onClose={() => setLedgerOf(null)} linkRequests={can(supplyPerm.view)} />
    </div>
  );
}
