import { CarOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  Pagination,
  Skeleton,
  Space,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  isOneOf,
  type Page,
  qtyText,
  SHIPMENTS_API,
  type ShipmentState,
  shipmentStateColor,
  shipmentStates,
  shipmentsKey,
  type TShipmentListItem,
  urgencyColor,
  useSupplyLabels,
} from './supplies/catalogue-model.ts';
import './hardship/hardship.css';
import './supplies/catalogue.css';

interface Filters {
  state?: ShipmentState | undefined;
  q?: string | undefined;
}

const isState = isOneOf(shipmentStates);

function readParams(params: URLSearchParams) {
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    state: isState(params.get('state')) ? (params.get('state') as ShipmentState) : undefined,
    q: q ? q.slice(0, 40) : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

/** The tabs whose counts a driver cares about: what is still to do. */
const counted: ShipmentState[] = ['pending', 'departed', 'in_transit', 'exception'];

/**
 * 配送单: the shipments of the caller's subtree (the union, the requesting unit), or for a logistics
 * partner its own work queue. Cards on a phone, a table on wider screens.
 */
export default function SupplyShipmentsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const label = useSupplyLabels();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const partner = me.active?.role === 'partner';
  const phone = !screens.md;
  const lang = i18n.language;

  const search = params.toString();

  const list = useQuery({
    queryKey: [...shipmentsKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<Page<TShipmentListItem>>(SHIPMENTS_API, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const counts = useQueries({
    queries: counted.map((state) => ({
      queryKey: [...shipmentsKey, 'list', 'count', state, filters.q],
      queryFn: () => api.get<Page<TShipmentListItem>>(SHIPMENTS_API, { state, q: filters.q, pageSize: 1 }),
      refetchInterval: 30_000,
    })),
  });
  const countOf = (s: ShipmentState) => counts[counted.indexOf(s)]?.data?.total;

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  const reset = () => apply({});
  const filtered = filters.q !== undefined || filters.state !== undefined;

  const stateTag = (s: TShipmentListItem) => (
    <Tag color={shipmentStateColor[s.state]} style={{ marginInlineEnd: 0 }}>
      {label('shipmentState', s.state)}
    </Tag>
  );
  const urgencyTag = (s: TShipmentListItem) => (
    <Tag color={urgencyColor[s.urgency]} style={{ marginInlineEnd: 0 }}>
      {label('urgency', s.urgency)}
    </Tag>
  );
  const goodsText = (s: TShipmentListItem) =>
    t('supplyLogistics.shipments.goods', { lines: s.lineCount, total: qtyText(s.totalQuantity) });

  const columns: TableColumnsType<TShipmentListItem> = [
    {
      key: 'code',
      title: t('supplyLogistics.col.code'),
      width: 140,
      render: (_, s) => (
        <Link to={`/supplies/shipments/${s.id}`} className="nj-hs-mono">
          {s.code}
        </Link>
      ),
    },
    {
      key: 'urgency',
      title: t('supplyLogistics.col.urgencyShort'),
      width: 64,
      render: (_, s) => urgencyTag(s),
    },
    { key: 'state', title: t('supplyLogistics.col.state'), width: 80, render: (_, s) => stateTag(s) },
    {
      key: 'point',
      title: t('supplyLogistics.col.pointUnit'),
      width: 200,
      render: (_, s) => (
        <div>
          <Typography.Text strong>{s.pointName}</Typography.Text>
          <div style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">
              {s.unitName} · {s.pointAddress}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...(partner
      ? []
      : [
          {
            key: 'partner',
            title: t('supplyLogistics.col.partner'),
            width: 120,
            render: (_: unknown, s: TShipmentListItem) => s.partner.name,
          },
        ]),
    { key: 'goods', title: t('supplyLogistics.col.goods'), width: 100, render: (_, s) => goodsText(s) },
    {
      key: 'plate',
      title: t('supplyLogistics.col.plate'),
      width: 96,
      render: (_, s) =>
        s.vehiclePlate ? (
          <span className="nj-hs-mono">{s.vehiclePlate}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'times',
      title: t('supplyLogistics.col.times'),
      width: 210,
      render: (_, s) => (
        <div style={{ fontSize: 12, lineHeight: 1.7 }} className="nj-hs-mono">
          <div>
            {t('supplyLogistics.col.createdShort')} {formatDateTime(s.createdAt, lang)}
          </div>
          {s.departedAt ? (
            <div>
              {t('supplyLogistics.col.departedShort')} {formatDateTime(s.departedAt, lang)}
            </div>
          ) : null}
          {s.deliveredAt ? (
            <div>
              {t('supplyLogistics.col.deliveredShort')} {formatDateTime(s.deliveredAt, lang)}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: 'actions',
      title: t('supplyLogistics.col.actions'),
      width: 70,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, s) => (
        <Link
          to={`/supplies/shipments/${s.id}`}
          aria-label={`${t('supplyLogistics.shipments.open')} ${s.code}`}
        >
          {partner && (s.state === 'pending' || s.state === 'departed' || s.state === 'in_transit')
            ? t('supplyLogistics.shipments.handle')
            : t('supplyLogistics.shipments.open')}
        </Link>
      ),
    },
  ];

  const tabs = [
    { key: 'all', label: t('supplyLogistics.shipments.all') },
    ...shipmentStates.map((s) => {
      const n = counted.includes(s) ? countOf(s) : undefined;
      return {
        key: s,
        label: (
          <span data-testid={`shipment-tab-${s}`}>
            {label('shipmentState', s)}
            {n ? (
              <Badge
                count={n}
                size="small"
                color={s === 'exception' ? 'red' : '#8c8c8c'}
                style={{ marginInlineStart: 6 }}
              />
            ) : null}
          </span>
        ),
      };
    }),
  ];

  const cards = () => {
    if (list.isError && !list.data) {
      return (
        <Alert
          type="error"
          showIcon
          title={t('supplyLogistics.shipments.loadFailed')}
          description={errorMessage(list.error)}
          action={
            <Button size="small" onClick={() => void list.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      );
    }
    if (!list.data) return <Skeleton active paragraph={{ rows: 6 }} />;
    if (list.data.items.length === 0) {
      return (
        <Empty
          description={
            filtered ? t('supplyLogistics.shipments.emptyFiltered') : t('supplyLogistics.shipments.empty')
          }
        />
      );
    }
    return (
      <>
        <div className="nj-sup-cards" data-testid="shipment-cards">
          {list.data.items.map((s) => (
            <Card
              key={s.id}
              size="small"
              hoverable
              className="nj-sup-card"
              onClick={() => navigate(`/supplies/shipments/${s.id}`)}
              data-testid={`shipment-card-${s.id}`}
            >
              <div className="nj-sup-card-head">
                <Link
                  to={`/supplies/shipments/${s.id}`}
                  className="nj-hs-mono"
                  onClick={(e) => e.stopPropagation()}
                  style={{ fontWeight: 600 }}
                >
                  {s.code}
                </Link>
                <Space size={4}>
                  {urgencyTag(s)}
                  {stateTag(s)}
                </Space>
              </div>
              <div style={{ marginTop: 6 }}>
                <Typography.Text strong style={{ fontSize: 15 }}>
                  {s.pointName}
                </Typography.Text>
              </div>
              <div className="nj-sup-card-meta">
                <div>
                  <EnvironmentOutlined /> {s.pointAddress}
                </div>
                <div>
                  {s.unitName} · {goodsText(s)}
                </div>
                {s.vehiclePlate ? (
                  <div>
                    <CarOutlined /> {s.vehiclePlate}
                    {s.departedAt
                      ? ` · ${t('supplyLogistics.col.departed')} ${formatDateTime(s.departedAt, lang)}`
                      : ''}
                  </div>
                ) : (
                  <div>
                    {t('supplyLogistics.col.created')} {formatDateTime(s.createdAt, lang)}
                  </div>
                )}
                {s.deliveredAt ? (
                  <div>
                    {t('supplyLogistics.col.delivered')} {formatDateTime(s.deliveredAt, lang)}
                  </div>
                ) : null}
              </div>
            </Card>
          ))}
        </div>
        {list.data.total > pageSize ? (
          <Pagination
            simple
            style={{ marginTop: 12, textAlign: 'center' }}
            current={page}
            pageSize={pageSize}
            total={list.data.total}
            onChange={(p) => apply(filters, p)}
          />
        ) : null}
      </>
    );
  };

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {partner ? t('supplyLogistics.shipments.titlePartner') : t('supplyLogistics.shipments.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {partner ? t('supplyLogistics.shipments.subtitlePartner') : t('supplyLogistics.shipments.subtitle')}
      </Typography.Paragraph>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <search aria-label={t('supplyLogistics.filter.aria')}>
          <Input.Search
            key={search}
            allowClear
            maxLength={40}
            defaultValue={filters.q}
            placeholder={t('supplyLogistics.filter.shipmentPlaceholder')}
            enterButton={phone ? true : t('supplyLogistics.filter.query')}
            onSearch={(v) => apply({ ...filters, q: v.trim() || undefined })}
            style={{ maxWidth: phone ? undefined : 420 }}
            data-testid="shipment-search"
          />
        </search>
        <Tabs
          className="nj-sup-tabs"
          activeKey={filters.state ?? 'all'}
          onChange={(k) => apply({ ...filters, state: k === 'all' ? undefined : (k as ShipmentState) })}
          items={tabs}
          size={phone ? 'small' : 'middle'}
        />
        <Typography.Text type="secondary" aria-live="polite" style={{ display: 'block', marginBottom: 8 }}>
          {list.data ? t('supplyLogistics.shipments.total', { count: list.data.total }) : ''}
        </Typography.Text>
        {phone ? (
          cards()
        ) : (
          <ServerTable<TShipmentListItem>
            list={list}
            columns={columns}
            page={page}
            pageSize={pageSize}
            onPage={(p, size) => apply(filters, p, size)}
            filtered={filtered}
            onClearFilters={reset}
            testId="shipment-table"
            text={{
              loadFailed: t('supplyLogistics.shipments.loadFailed'),
              empty: t('supplyLogistics.shipments.empty'),
              emptyFiltered: t('supplyLogistics.shipments.emptyFiltered'),
              clearFilters: t('supplyLogistics.filter.clear'),
            }}
          />
        )}
      </Card>
    </div>
  );
}
