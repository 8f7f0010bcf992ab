/**
 * Client-side helpers of the 职工事大家议 console pages (issue #8): API paths, query keys, label lookup
 * (Chinese from the shared contracts, English from `appeals.i18n.ts`), tag colours. Types come from
 * `shared/appeals.ts` and `shared/proposals.ts`.
 */
import { useTranslation } from 'react-i18next';
import {
  type AppealState,
  appealKindLabels,
  appealStateLabels,
  appealStates,
  commentStateLabels,
  type ReferralState,
  referralModeLabels,
  referralStateLabels,
  referralStates,
  type TAppeal,
  type TAppealComment,
  type TAppealSummary,
  type TEndpoint,
  type TReferral,
  type TReferralDetail,
  type TTriageInput,
} from '../../../../shared/appeals.ts';
import {
  boardStepLabels,
  proposalCategoryLabels,
  proposalStateLabels,
  satisfactionLabels,
  superviseSubjectLabels,
  type TBoard,
  type TBoardItem,
  type TRepresentative,
} from '../../../../shared/proposals.ts';
import { registerAppealWorkStrings } from '../appeals.i18n.ts';

export type {
  AppealState,
  ReferralState,
  TAppeal,
  TAppealComment,
  TAppealSummary,
  TBoard,
  TBoardItem,
  TEndpoint,
  TReferral,
  TReferralDetail,
  TRepresentative,
  TTriageInput,
};
export { appealStates, referralStates };

registerAppealWorkStrings();

export const PROPOSALS_API = '/api/v1/proposals';
export const APPEALS = `${PROPOSALS_API}/appeals`;
export const REFERRALS = `${PROPOSALS_API}/referrals`;
export const BOARD = `${PROPOSALS_API}/board`;

export const appealsKey = ['appeals'] as const;
export const appealListKey = [...appealsKey, 'list'] as const;
export const appealKey = (id: number) => [...appealsKey, 'one', id] as const;
export const pendingCommentsKey = [...appealsKey, 'comments', 'pending'] as const;
export const referralsKey = ['referrals'] as const;
export const referralKey = (id: number) => [...referralsKey, 'one', id] as const;
export const endpointsKey = [...referralsKey, 'endpoints'] as const;
export const boardKey = ['supervise-board'] as const;

export const appealPerm = {
  view: 'proposals.view',
  triage: 'proposals.appeals.triage',
  referrals: 'proposals.referrals',
  config: 'proposals.referrals.config',
  partner: 'proposals.referrals.partner',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A pending comment with the appeal it belongs to (`ZPendingComment`). */
export type TPendingComment = TAppealComment & { appeal: { id: number; code: string; title: string } };

const has = <T extends string>(values: readonly T[], v: string | null): v is T =>
  v !== null && (values as readonly string[]).includes(v);
export const isAppealState = (v: string | null): v is AppealState => has(appealStates, v);
export const isReferralState = (v: string | null): v is ReferralState => has(referralStates, v);

export const appealStateColor: Record<AppealState, string> = {
  open: 'gold',
  handling: 'blue',
  replied: 'cyan',
  closed: 'green',
  merged: 'purple',
  to_proposal: 'geekblue',
  referred: 'magenta',
  withdrawn: 'default',
};
export const referralStateColor: Record<ReferralState, string> = {
  queued: 'gold',
  delivered: 'blue',
  accepted: 'cyan',
  in_progress: 'geekblue',
  answered: 'green',
  undeliverable: 'red',
};
export const commentStateColor: Record<string, string> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'default',
};
export const satisfactionColor: Record<string, string> = {
  satisfied: 'green',
  basically: 'blue',
  unsatisfied: 'red',
};
export const boardStatusColor: Record<string, string> = {
  due_soon: 'gold',
  overdue: 'red',
  escalated: 'volcano',
};

type Kind =
  | 'state'
  | 'kind'
  | 'comment'
  | 'category'
  | 'satisfaction'
  | 'referralState'
  | 'mode'
  | 'subject'
  | 'step'
  | 'boardStatus'
  | 'proposalState'
  | 'event';
const zh: Record<Kind, Record<string, string>> = {
  state: appealStateLabels,
  kind: appealKindLabels,
  comment: commentStateLabels,
  category: proposalCategoryLabels,
  satisfaction: satisfactionLabels,
  referralState: referralStateLabels,
  mode: referralModeLabels,
  subject: superviseSubjectLabels,
  step: boardStepLabels,
  boardStatus: { due_soon: '即将到期', overdue: '已超期', escalated: '已升级督办' },
  proposalState: proposalStateLabels,
  // The appeal flow's event labels (server: appeals.flow.ts), for the timeline.
  event: {
    create: '提出诉求',
    handle: '分办：工会办理',
    merge: '分办：合并到重复诉求',
    to_proposal: '分办：转会员代表提案',
    refer: '分办：转基层治理平台',
    reply: '答复',
    close: '职工评价，办结',
    reopen: '职工不满意，重新办理',
    withdraw: '撤回',
    close_unrated: '逾期未评价，办结',
  },
};

/** Enum labels in the current language (Chinese from the contracts, the rest from the strings). */
export function useAppealLabels() {
  const { t, i18n } = useTranslation();
  return (kind: Kind, value: string | null | undefined): string => {
    if (value == null) return '—';
    if (i18n.language.startsWith('zh')) return zh[kind][value] ?? value;
    return t(`appealWork.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
  };
}

/** Options for a Select over one enum, in the current language. */
export function useEnumOptions() {
  const label = useAppealLabels();
  return (kind: Kind) => Object.keys(zh[kind]).map((value) => ({ value, label: label(kind, value) }));
}

/** One workflow timeline event (`GET /api/v1/timeline/proposals.appeal/:id`). */
export interface TimelineEvent {
  id: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorName: string | null;
  actorRole: string | null;
  note: string | null;
  at: string;
}

/** Whole days from now until an ISO instant (negative when past). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.floor((new Date(iso).getTime() - now) / 86_400_000);
}
