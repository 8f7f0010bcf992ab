/**
 * Client-side helpers of the 物资目录 / 配送点位 / 配送单 console pages (issue #6): API paths, query
 * keys, enum labels (Chinese from the shared contract, English from `supply-logistics.i18n.ts`), tag
 * colours and yuan ↔ fen.
 */
import { useTranslation } from 'react-i18next';
import {
  type DisinfectionCheck,
  disinfectionCheckLabels,
  disinfectionChecks,
  type ItemCategory,
  itemCategories,
  itemCategoryLabels,
  itemSourceLabels,
  itemStateLabels,
  itemStates,
  type PointKind,
  pointKindLabels,
  pointKinds,
  type ShipmentState,
  shipmentStateLabels,
  shipmentStates,
  stockEntryKindLabels,
  type TItem,
  type TItemInput,
  type TPoint,
  type TPointInput,
  type TShipment,
  type TShipmentListItem,
  type TStockEntry,
  type Urgency,
  urgencyLabels,
} from '../../../../shared/supplies.ts';
import { formatYuan } from '../../../shared/format.ts';
import { registerSupplyLogisticsStrings } from '../supply-logistics.i18n.ts';

export type {
  DisinfectionCheck,
  ItemCategory,
  PointKind,
  ShipmentState,
  TItem,
  TItemInput,
  TPoint,
  TPointInput,
  TShipment,
  TShipmentListItem,
  TStockEntry,
  Urgency,
};
export { disinfectionChecks, itemCategories, itemStates, pointKinds, shipmentStates };

registerSupplyLogisticsStrings();

export const SUPPLIES_API = '/api/v1/supplies';
export const ITEMS_API = `${SUPPLIES_API}/items`;
export const POINTS_API = `${SUPPLIES_API}/points`;
export const SHIPMENTS_API = `${SUPPLIES_API}/shipments`;

export const itemsKey = ['supplies', 'items'] as const;
export const pointsKey = ['supplies', 'points'] as const;
export const shipmentsKey = ['supplies', 'shipments'] as const;
export const shipmentKey = (id: number) => [...shipmentsKey, 'one', id] as const;

/** Permissions granted by `server/modules/supplies/supplies.access.ts`. */
export const supplyPerm = {
  view: 'supplies.view',
  catalogueView: 'supplies.catalogue.view',
  catalogueManage: 'supplies.catalogue.manage',
  pointsManage: 'supplies.points.manage',
  shipmentsView: 'supplies.shipments.view',
  shipmentsHandle: 'supplies.shipments.handle',
  dispatch: 'supplies.dispatch',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Available stock below this is highlighted (and is the default of the 低库存 filter). */
export const LOW_STOCK = 20;

export const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string | null | undefined): v is T =>
    v != null && (values as readonly string[]).includes(v);

/** Yuan (as typed, ≤ 2 decimals) to integer fen, and back. */
export const toFen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);
export const fenText = (fen: number | null | undefined) => (fen == null ? '—' : formatYuan(fen / 100));
export const qtyText = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString('zh-CN'));

export const shipmentStateColor: Record<ShipmentState, string> = {
  pending: 'gold',
  departed: 'blue',
  in_transit: 'cyan',
  delivered: 'green',
  exception: 'red',
  returned: 'default',
};
export const urgencyColor: Record<Urgency, string> = {
  critical: 'red',
  urgent: 'orange',
  normal: 'default',
};

type Kind =
  | 'category'
  | 'itemState'
  | 'source'
  | 'entryKind'
  | 'pointKind'
  | 'urgency'
  | 'shipmentState'
  | 'check';
const zh: Record<Kind, Record<string, string>> = {
  category: itemCategoryLabels,
  itemState: itemStateLabels,
  source: itemSourceLabels,
  entryKind: stockEntryKindLabels,
  pointKind: pointKindLabels,
  urgency: urgencyLabels,
  shipmentState: shipmentStateLabels,
  check: disinfectionCheckLabels,
};

/** Enum labels in the current language (Chinese from the contract, the rest from the strings). */
export function useSupplyLabels() {
  const { t, i18n } = useTranslation();
  return (kind: Kind, value: string | null | undefined): string => {
    if (value == null) return '—';
    if (i18n.language.startsWith('zh')) return zh[kind][value] ?? value;
    return t(`supplyLogistics.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
  };
}
