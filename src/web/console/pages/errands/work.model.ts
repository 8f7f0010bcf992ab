/**
 * Client-side helpers of the 及时送 work pages (issue #7): API paths, query keys, label lookup (Chinese
 * from the shared contract, English from `errand-work.i18n.ts`), tag colours, duration text
 * ("1 小时 10 分钟") and the courier and duty queries. Types come from `shared/errands.ts`.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  complaintOutcomeLabels,
  type ErrandState,
  errandChannelLabels,
  errandStateLabels,
  errandStates,
  errandUrgencies,
  errandUrgencyLabels,
  hotlineKindLabels,
  type ItemKind,
  itemKindLabels,
  itemKinds,
  openErrandStates,
  type RequesterKind,
  requesterKindLabels,
  requesterKinds,
  type TDutyNow,
  type TErrand,
  type TErrandListItem,
  type TErrandSettings,
  type TNearestDuty,
  type TOverdueBoard,
} from '../../../../shared/errands.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { registerErrandWorkStrings } from '../errand-work.i18n.ts';

export type {
  ErrandState,
  ItemKind,
  RequesterKind,
  TDutyNow,
  TErrand,
  TErrandListItem,
  TErrandSettings,
  TOverdueBoard,
};
export { errandStates, errandUrgencies, itemKinds, openErrandStates, requesterKinds };

registerErrandWorkStrings();

export const ERRANDS = '/api/v1/errands';
export const errandsKey = ['errands'] as const;
export const errandListKey = [...errandsKey, 'list'] as const;
export const errandKey = (id: number) => [...errandsKey, 'one', id] as const;

export const errandPerm = {
  view: 'errands.view',
  intake: 'errands.intake',
  dispatch: 'errands.dispatch',
  complaints: 'errands.complaints',
  roster: 'errands.roster',
  settings: 'errands.settings',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CourierOption {
  id: number;
  name: string;
}

const has = <T extends string>(values: readonly T[], v: string | null): v is T =>
  v !== null && (values as readonly string[]).includes(v);
export const isErrandState = (v: string | null): v is ErrandState => has(errandStates, v);
export const isOpenState = (s: ErrandState) => (openErrandStates as readonly string[]).includes(s);

export const errandStateColor: Record<ErrandState, string> = {
  pending: 'gold',
  dispatched: 'blue',
  accepted: 'cyan',
  picked_up: 'geekblue',
  delivered: 'green',
  cancelled: 'default',
  merged: 'purple',
};
export const urgencyColor: Record<string, string> = { urgent: 'red', normal: 'default' };

type Kind = 'state' | 'urgency' | 'channel' | 'requester' | 'item' | 'hotline' | 'outcome';
const zh: Record<Kind, Record<string, string>> = {
  state: errandStateLabels,
  urgency: errandUrgencyLabels,
  channel: errandChannelLabels,
  requester: requesterKindLabels,
  item: itemKindLabels,
  hotline: hotlineKindLabels,
  outcome: complaintOutcomeLabels,
};

/** Enum labels in the current language (Chinese from the contract, the rest from the strings). */
export function useErrandLabels() {
  const { t, i18n } = useTranslation();
  return (kind: Kind, value: string | null | undefined): string => {
    if (value == null) return '—';
    if (i18n.language.startsWith('zh')) return zh[kind][value] ?? value;
    return t(`errandWork.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
  };
}

/** Durations are written one way everywhere: `8 分钟`, `1 小时 10 分钟`, `2 小时` (shared/dates.ts). */
export { formatMinutes } from '../../../../shared/dates.ts';

/** Minutes between two ISO times (null when either is missing). */
export const minutesBetween = (from: string | null, to: string | null): number | null =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 60_000 : null;

/** `GET /couriers` may answer with a list or a page; either way a list of orgs. */
const couriersOf = (body: unknown): CourierOption[] =>
  Array.isArray(body) ? body : ((body as { items?: CourierOption[] } | null)?.items ?? []);

/** The courier partner orgs the union may dispatch to. */
export function useCouriers(enabled = true) {
  return useQuery({
    queryKey: [...errandsKey, 'couriers'],
    queryFn: async () => couriersOf(await api.get<unknown>(`${ERRANDS}/couriers`)),
    enabled,
    staleTime: 60_000,
  });
}

/** The hotlines of the union serving the org (it or the nearest above; null: none) and who is on duty. */
export function useDutyNow(orgId: number | undefined) {
  return useQuery({
    queryKey: [...errandsKey, 'duty', orgId ?? null],
    queryFn: async () => (await api.get<TNearestDuty>(`${ERRANDS}/duty/nearest`, { orgId })).duty,
    enabled: orgId !== undefined,
    refetchInterval: 5 * 60_000,
    retry: false,
  });
}

/** Same rule as the contract's ZPhone (mobile or landline). */
export { phonePattern } from '../../../../shared/rules.ts';

/** `tel:` link text for a phone shown in full (masked numbers are not dialled). */
export const telHref = (phone: string) => (/^[\d-]+$/.test(phone) ? `tel:${phone.replace(/-/g, '')}` : null);

/** Date and time without the year ("11月26日 22:05" / "11-26 22:05") for dense tables. */
export const shortDateTime = (iso: string | null | undefined, lang: string): string =>
  formatDateTime(iso, lang).replace(/^\d{4}年|^\d{4}-/, '');

/** The org's alert thresholds (inherited, else the defaults). */
export function useErrandSettings(orgId: number | undefined) {
  return useQuery({
    queryKey: [...errandsKey, 'settings', orgId ?? null],
    queryFn: () => api.get<TErrandSettings>(`${ERRANDS}/settings`, { orgId }),
    enabled: orgId !== undefined,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
