import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  TDonorProfile,
  TWallQuery,
  TWallWish,
  TWish,
  TWishEvent,
  WishCategory,
} from '../../../../shared/wishes.ts';
import { api } from '../../../shared/api.ts';

/**
 * The platform defaults of src/shared/wishes.ts, repeated: importing a value from that module would
 * bring zod into the H5 (types only from there).
 */
export const DEFAULT_CLAIM_DAYS = 14;
export const DEFAULT_WISH_VALUE_CAP_FEN = 50_000;

const base = '/api/v1/wishes';
export const wishesApi = base;

/** One public wish with its public timeline (steps and dates, donor masked). */
export type TWallWishDetail = TWallWish & { timeline: TWishEvent[]; claimDays?: number };

export interface WallFilters {
  regionOrgId: string;
  category: WishCategory | '';
  value: ValueBand;
  state: TWallQuery['state'];
}

/** Value bands of the filter, in fen; the wall takes a min and a max. */
export const valueBands = {
  any: [undefined, undefined],
  upTo100: [undefined, 10_000],
  '100to300': [10_000, 30_000],
  '300to500': [30_000, 50_000],
  over500: [50_000, undefined],
} as const satisfies Record<string, readonly [number | undefined, number | undefined]>;
export type ValueBand = keyof typeof valueBands;

export const WALL_PAGE_SIZE = 10;

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The wall, page by page (加载更多). */
export function useWall(f: WallFilters) {
  const [minValueFen, maxValueFen] = valueBands[f.value];
  const query = {
    regionOrgId: f.regionOrgId || undefined,
    category: f.category || undefined,
    minValueFen,
    maxValueFen,
    state: f.state,
    pageSize: WALL_PAGE_SIZE,
  };
  return useInfiniteQuery({
    queryKey: ['wishes', 'wall', query],
    queryFn: ({ pageParam }) => api.get<Page<TWallWish>>(`${base}/wall`, { ...query, page: pageParam }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    staleTime: 30_000,
  });
}

export function useWallRegions() {
  return useQuery({
    queryKey: ['wishes', 'wall', 'regions'],
    queryFn: () => api.get<{ items: { id: number; name: string }[] }>(`${base}/wall/regions`),
    staleTime: 5 * 60_000,
  });
}

export const wallWishKey = (id: number) => ['wishes', 'wall', 'one', id] as const;

export function useWallWish(id: number, enabled = true) {
  return useQuery({
    queryKey: wallWishKey(id),
    queryFn: () => api.get<TWallWishDetail>(`${base}/wall/${id}`),
    enabled,
    staleTime: 15_000,
  });
}

export interface ThanksEntry {
  name: string;
  kind: TDonorProfile['kind'];
  fulfilled: number;
}

export function useThanks() {
  return useQuery({
    queryKey: ['wishes', 'thanks'],
    queryFn: () => api.get<{ items: ThanksEntry[] }>(`${base}/thanks`),
    staleTime: 60_000,
  });
}

export interface MyWishes {
  items: TWish[];
  canPost: boolean;
  reason: string | null;
  valueCapFen: number;
}

export const myWishesKey = ['wishes', 'mine'] as const;

export function useMyWishes() {
  return useQuery({
    queryKey: myWishesKey,
    queryFn: () => api.get<MyWishes>(`${base}/mine`),
    staleTime: 15_000,
  });
}

export const wishKey = (id: number) => ['wishes', 'one', id] as const;

/** A wish as its worker, or the donor holding its claim, sees it. */
export function useWish(id: number, enabled = true) {
  return useQuery({
    queryKey: wishKey(id),
    queryFn: () => api.get<TWish>(`${base}/${id}`),
    enabled,
    staleTime: 10_000,
  });
}

export const donorClaimsKey = ['wishes', 'donor', 'claims'] as const;

export function useDonorClaims(enabled = true) {
  return useQuery({
    queryKey: donorClaimsKey,
    enabled,
    queryFn: () => api.get<{ items: TWish[] }>(`${base}/donor/claims`),
    staleTime: 10_000,
  });
}

export const donorProfileKey = ['wishes', 'donor', 'profile'] as const;

export function useDonorProfile() {
  return useQuery({
    queryKey: donorProfileKey,
    queryFn: () => api.get<TDonorProfile>(`${base}/donor/profile`),
    staleTime: 30_000,
  });
}

/**
 * Attach a photo through platform/files and return the file id the wish endpoints take as
 * `photoFileId`: a wish's own photo and the receipt hang on the wish (`wishes.wish`), a sending's
 * photo on the claim (`wishes.claim`).
 */
export async function uploadPhoto(entityType: 'wishes.wish' | 'wishes.claim', entityId: number, file: File) {
  const form = new FormData();
  form.append('file', file);
  const saved = await api.upload<{ id: string }>(
    `/api/v1/files?entityType=${entityType}&entityId=${entityId}`,
    form,
  );
  return saved.id;
}

export const uploadWishPhoto = (wishId: number, file: File) => uploadPhoto('wishes.wish', wishId, file);

/**
 * An optional photo that must not block the step it goes with: uploaded if the server takes it,
 * otherwise the step goes ahead without it and the reason is shown afterwards.
 */
export async function optionalPhoto(
  upload: () => Promise<string>,
): Promise<{ photoFileId: string | null; problem: unknown }> {
  try {
    return { photoFileId: await upload(), problem: null };
  } catch (problem) {
    return { photoFileId: null, problem };
  }
}

/** Days from today (China time) to a YYYY-MM-DD deadline; negative when past. */
export function daysUntil(date: string, now = Date.now()): number {
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  return Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
}

/** Today + n days in China time, as YYYY-MM-DD. */
export function inDays(n: number, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}
