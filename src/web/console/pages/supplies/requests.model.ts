/**
 * Client-side helpers of the 物资需求 / 特殊需求 console pages (issue #6): API paths, query keys, label
 * lookup (Chinese from the shared contract, English from `supply-requests.i18n.ts`), tag colours and
 * the hub check. Types come from `shared/supplies.ts` (as the wishes pages take theirs from
 * `shared/wishes.ts`).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  type ItemCategory,
  itemCategories,
  itemCategoryLabels,
  type LineState,
  lineStateLabels,
  pointKindLabels,
  type RequestChannel,
  type RequestState,
  requestChannelLabels,
  requestChannels,
  requestStateLabels,
  requestStates,
  type ShipmentState,
  type SpecialState,
  shipmentStateLabels,
  specialStateLabels,
  specialStates,
  type TItem,
  type TPoint,
  type TRequest,
  type TRequestInput,
  type TRequestLine,
  type TRequestListItem,
  type TRequestTemplate,
  type TReviewPreview,
  type TShipment,
  type TShipmentListItem,
  type TSpecialRequest,
  type Urgency,
  urgencies,
  urgencyLabels,
} from '../../../../shared/supplies.ts';
import { api } from '../../../shared/api.ts';
import { formatYuan } from '../../../shared/format.ts';
import { useSession } from '../../session.tsx';
import { registerSupplyRequestStrings } from '../supply-requests.i18n.ts';
import { shipmentStateColor } from './catalogue-model.ts';

export type {
  ItemCategory,
  LineState,
  RequestChannel,
  RequestState,
  ShipmentState,
  SpecialState,
  TItem,
  TPoint,
  TRequest,
  TRequestInput,
  TRequestLine,
  TRequestListItem,
  TRequestTemplate,
  TReviewPreview,
  TShipment,
  TShipmentListItem,
  TSpecialRequest,
  Urgency,
};
export { itemCategories, requestChannels, requestStates, specialStates, urgencies };

registerSupplyRequestStrings();

export const SUPPLIES = '/api/v1/supplies';
export const REQUESTS = `${SUPPLIES}/requests`;
export const SPECIAL = `${SUPPLIES}/special-requests`;
export const ITEMS = `${SUPPLIES}/items`;
export const POINTS = `${SUPPLIES}/points`;
export const SHIPMENTS = `${SUPPLIES}/shipments`;

export const suppliesKey = ['supplies'] as const;
export const requestsKey = [...suppliesKey, 'requests'] as const;
export const requestKey = (id: number) => [...requestsKey, 'one', id] as const;
export const specialKey = [...suppliesKey, 'special'] as const;

export const supplyPerm = {
  view: 'supplies.view',
  request: 'supplies.request',
  review: 'supplies.review',
  hotline: 'supplies.hotline',
  dispatch: 'supplies.dispatch',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A logistics partner the hub may hand shipments to (`GET /shipments/partners`). */
export interface PartnerOption {
  id: number;
  name: string;
}

const has = <T extends string>(values: readonly T[], v: string | null): v is T =>
  v !== null && (values as readonly string[]).includes(v);
export const isRequestState = (v: string | null): v is RequestState => has(requestStates, v);
export const isUrgency = (v: string | null): v is Urgency => has(urgencies, v);
export const isChannel = (v: string | null): v is RequestChannel => has(requestChannels, v);
export const isSpecialState = (v: string | null): v is SpecialState => has(specialStates, v);

export const requestStateColor: Record<RequestState, string> = {
  submitted: 'gold',
  approved: 'blue',
  dispatching: 'cyan',
  completed: 'green',
  rejected: 'red',
  withdrawn: 'default',
};
export const urgencyColor: Record<Urgency, string> = {
  critical: 'red',
  urgent: 'orange',
  normal: 'default',
};
export { shipmentStateColor };
export const lineStateColor: Record<LineState, string> = {
  open: 'processing',
  received: 'success',
  closed: 'default',
};
export const specialStateColor: Record<SpecialState, string> = {
  open: 'gold',
  sourcing: 'blue',
  converted: 'green',
  declined: 'default',
};

export const fenText = (fen: number | null | undefined) => (fen == null ? '—' : formatYuan(fen / 100));

type Kind = 'state' | 'urgency' | 'channel' | 'line' | 'shipment' | 'special' | 'category' | 'pointKind';
const zh: Record<Kind, Record<string, string>> = {
  state: requestStateLabels,
  urgency: urgencyLabels,
  channel: requestChannelLabels,
  line: lineStateLabels,
  shipment: shipmentStateLabels,
  special: specialStateLabels,
  category: itemCategoryLabels,
  pointKind: pointKindLabels,
};

/** Enum labels in the current language (Chinese from the contract, the rest from the strings). */
export function useSupplyLabels() {
  const { t, i18n } = useTranslation();
  return (kind: Kind, value: string | null | undefined): string => {
    if (value == null) return '—';
    if (i18n.language.startsWith('zh')) return zh[kind][value] ?? value;
    return t(`supplyRequests.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
  };
}

/**
 * Is the caller's org a hub (枢纽工会) — does it run the catalogue its units request from? A hospital
 * cadre holds the same role grants as the city union's cadre, so the grants alone cannot tell; the
 * catalogue can: a hub sees its own items, a unit its hub's. The server checks again on every step.
 */
export function useIsHub(): boolean {
  const { me, can } = useSession();
  const orgId = me.active?.org.id;
  const partner = me.active?.role === 'partner';
  const probe = useQuery({
    queryKey: [...suppliesKey, 'hub-probe', orgId],
    queryFn: () => api.get<Page<TItem>>(ITEMS, { pageSize: 1 }),
    enabled: orgId !== undefined && !partner && can('supplies.catalogue.view'),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return !partner && probe.data?.items.some((i) => i.hub.id === orgId) === true;
}

/** The active points of the caller's subtree, or of one unit (for 热线代录). */
export function usePoints(orgId?: number) {
  return useQuery({
    queryKey: [...suppliesKey, 'points', 'options', orgId ?? null],
    queryFn: () => api.get<Page<TPoint>>(POINTS, { orgId, active: 'true', pageSize: 100 }),
    staleTime: 60_000,
  });
}
