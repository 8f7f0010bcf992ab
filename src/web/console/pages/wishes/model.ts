/**
 * Client-side helpers of the 微心愿 console pages: query keys, label lookup (Chinese from the shared
 * contract, English from `wishes.i18n.ts`), tag colours, yuan ↔ fen and the few API calls shared by
 * several pages.
 */
import { useTranslation } from 'react-i18next';
import {
  type ClaimState,
  claimStateLabels,
  type DonorKind,
  donorKindLabels,
  type FulfilmentMethod,
  fulfilmentMethodLabels,
  type TClaim,
  type TWish,
  type TWishActivity,
  type TWishListItem,
  type TWishSettings,
  type WishCategory,
  type WishState,
  wishCategories,
  wishCategoryLabels,
  wishStateLabels,
  wishStates,
} from '../../../../shared/wishes.ts';
import { formatYuan } from '../../../shared/format.ts';
import { registerWishStrings } from '../wishes.i18n.ts';

export type {
  ClaimState,
  DonorKind,
  FulfilmentMethod,
  TClaim,
  TWish,
  TWishActivity,
  TWishListItem,
  TWishSettings,
  WishCategory,
  WishState,
};
export { wishCategories, wishStates };

registerWishStrings();

export const API = '/api/v1/wishes';
export const wishesKey = ['wishes'] as const;
export const wishKey = (id: number) => [...wishesKey, 'wish', id] as const;
export const activitiesKey = [...wishesKey, 'activities'] as const;

/**
 * The permissions the server grants for wishes (wishes.service.ts, claims and stats services): reading
 * the union's wishes, reviewing them, posting on a worker's behalf, the per-org settings, the claim
 * events and the statistics.
 */
export const wishPerm = {
  view: 'wish.view',
  review: 'wish.review',
  post: 'wish.post',
  settings: 'wish.settings',
  events: 'wish.activity',
  stats: 'wishes.stats',
  /** Release a donor's claim for them (claims.service.ts); not in `actions`, offered on live claims. */
  releaseClaim: 'wish.releaseClaim',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export type WishPage = Page<TWishListItem>;
export type ActivityPage = Page<TWishActivity>;
export type EventClaim = TClaim & { wishTitle: string };
export type ActivityDetail = TWishActivity & { claims: EventClaim[] };

export const isWishState = (v: string | null): v is WishState =>
  v !== null && (wishStates as readonly string[]).includes(v);
export const isWishCategory = (v: string | null): v is WishCategory =>
  v !== null && (wishCategories as readonly string[]).includes(v);

export const stateColor: Record<WishState, string> = {
  pending: 'gold',
  returned: 'orange',
  rejected: 'red',
  published: 'blue',
  claimed: 'cyan',
  sent: 'purple',
  fulfilled: 'green',
  withdrawn: 'default',
};
export const claimStateColor: Record<ClaimState, string> = {
  active: 'cyan',
  sent: 'purple',
  fulfilled: 'green',
  released: 'default',
  expired: 'orange',
};

/**
 * The steps the detail page offers, in button order; the server lists the ones open to the caller in
 * `actions` (wishes.service.ts `actionsFor`) and checks again. `edit` opens the wish form.
 */
export const wishActions = [
  'approve',
  'return',
  'reject',
  'edit',
  'sent',
  'confirm',
  'release',
  'withdraw',
] as const;
export type WishAction = (typeof wishActions)[number];

/** Yuan (as typed, ≤ 2 decimals) to integer fen, and back. */
export const toFen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);
export const fenText = (fen: number | null | undefined) => (fen == null ? '—' : formatYuan(fen / 100));

/** Today in China (the claim deadlines are dates there). */
export const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

type Kind = 'state' | 'category' | 'claimState' | 'method' | 'kind';
const zh: Record<Kind, Record<string, string>> = {
  state: wishStateLabels,
  category: wishCategoryLabels,
  claimState: claimStateLabels,
  method: fulfilmentMethodLabels,
  kind: donorKindLabels,
};

/** Enum labels in the current language (Chinese from the contract, the rest from the strings). */
export function useWishLabels() {
  const { t, i18n } = useTranslation();
  return (kind: Kind, value: string | null | undefined): string => {
    if (value == null) return '—';
    if (i18n.language.startsWith('zh')) return zh[kind][value] ?? value;
    return t(`wishes.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
  };
}
