import { useQuery } from '@tanstack/react-query';
import type { TMe } from '../../../../shared/auth.ts';
import type { TDutyNow, TErrand, TErrandListItem, TNearestDuty } from '../../../../shared/errands.ts';
import { api } from '../../../shared/api.ts';

/**
 * 及时送 on the H5: the endpoints under /api/v1/errands. Types only from src/shared/errands.ts
 * (a value import would bring zod into the H5).
 */
export const errandsApi = '/api/v1/errands';

export type ErrandState = TErrand['state'];
export type ItemKind = TErrand['itemKinds'][number];
export type RequesterKind = TErrand['requesterKind'];

export const itemKinds: ItemKind[] = [
  'clothing',
  'toiletries',
  'charger',
  'keys',
  'medicine',
  'food',
  'documents',
  'other',
];
export const requesterKinds: RequesterKind[] = ['frontline', 'volunteer', 'hardship', 'other'];

/** A list endpoint answers `{ items }` (a page or not); both are read the same way. */
type Listed<T> = { items: T[] } | T[];
const itemsOf = <T>(r: Listed<T>): T[] => (Array.isArray(r) ? r : r.items);

/**
 * 值守信息: of `?org=` when given; otherwise of the union that serves the signed-in user's org (it or
 * the nearest ancestor with hotlines; null when none runs 及时送). Public, no sign-in needed.
 */
export function useDuty(orgParam: string | null, me: TMe | null) {
  const explicit = orgParam && /^[1-9]\d{0,9}$/.test(orgParam) ? Number(orgParam) : null;
  const own = me?.active?.org.id ?? null;
  return useQuery({
    queryKey: ['errands', 'duty', explicit, own],
    enabled: explicit !== null || own !== null,
    staleTime: 60_000,
    queryFn: async (): Promise<TDutyNow | null> =>
      explicit !== null
        ? api.get<TDutyNow>(`${errandsApi}/duty`, { orgId: explicit })
        : (await api.get<TNearestDuty>(`${errandsApi}/duty/nearest`, { orgId: own })).duty,
  });
}

export const myErrandsKey = ['errands', 'mine'] as const;

export function useMyErrands() {
  return useQuery({
    queryKey: myErrandsKey,
    queryFn: async () =>
      itemsOf(await api.get<Listed<TErrandListItem>>(`${errandsApi}/mine`, { pageSize: 100 })),
    staleTime: 10_000,
  });
}

export const courierQueueKey = ['errands', 'courier'] as const;

/** The courier org's errands (dispatched to it), refreshed while the queue is open. */
export function useCourierQueue() {
  return useQuery({
    queryKey: courierQueueKey,
    queryFn: async () =>
      itemsOf(await api.get<Listed<TErrandListItem>>(`${errandsApi}/courier`, { pageSize: 100 })),
    staleTime: 5_000,
    refetchInterval: 30_000,
  });
}

export const errandKey = (id: number) => ['errands', 'one', id] as const;

/** An errand as its worker (`/mine/:id`) or a courier of the org it went to (`/courier/:id`) sees it. */
export function useErrand(id: number, as: 'mine' | 'courier') {
  return useQuery({
    queryKey: errandKey(id),
    queryFn: () => api.get<TErrand>(`${errandsApi}/${as}/${id}`),
    enabled: id > 0,
    staleTime: 5_000,
    // Another courier of the org may take it, or the union may re-dispatch or cancel it.
    refetchInterval: 30_000,
  });
}

/** The courier's queue tabs. */
export type QueueTab = 'waiting' | 'active' | 'done';
export function tabOf(state: ErrandState): QueueTab {
  if (state === 'dispatched') return 'waiting';
  if (state === 'accepted' || state === 'picked_up') return 'active';
  return 'done';
}

/** A delivery photo through platform/files, on the errand (owner `errands.errand`). */
export async function uploadDeliveryPhoto(errandId: number, file: File): Promise<string> {
  const form = new FormData();
  form.append('file', file);
  const saved = await api.upload<{ id: string }>(
    `/api/v1/files?entityType=errands.errand&entityId=${errandId}`,
    form,
  );
  return saved.id;
}

export { formatMinutes } from '../../../../shared/dates.ts';

/** A number a phone can dial: digits and the leading + only. */
export const telHref = (n: string) => `tel:${n.replace(/[^\d+]/g, '')}`;
