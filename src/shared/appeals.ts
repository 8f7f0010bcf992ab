import { z } from 'zod';
import { pageOf, ZIntId, ZOrgRef, ZPageQuery, ZText } from './common.ts';
import { proposalCategories, proposalStates, satisfactionLevels, ZFileIds } from './proposals.ts';

/**
 * 职工事大家议 (issue #8, seed 004): workers post appeals and suggestions, others 附议 and comment
 * (moderated), and the union triages each: handles it itself, merges it into a duplicate, turns it into a
 * representative's proposal, or refers it to the township's grassroots-governance platform (基层治理平台)
 * through an Open311-like signed API (or by hand for platforms without one).
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

// ---------------------------------------------------------------- enums

export const { values: appealKinds, labels: appealKindLabels } = labelled(['appeal', 'suggestion'] as const, {
  appeal: '诉求',
  suggestion: '意见建议',
});

/** Appeal lifecycle; transitions in `server/modules/proposals/appeals.flow.ts`. */
export const { values: appealStates, labels: appealStateLabels } = labelled(
  ['open', 'handling', 'replied', 'closed', 'merged', 'to_proposal', 'referred', 'withdrawn'] as const,
  {
    open: '待分办',
    handling: '办理中',
    replied: '已答复待评价',
    closed: '已办结',
    merged: '已合并',
    to_proposal: '已转代表提案',
    referred: '已转治理平台',
    withdrawn: '已撤回',
  },
);
export type AppealState = (typeof appealStates)[number];

export const { values: commentStates, labels: commentStateLabels } = labelled(
  ['pending', 'approved', 'rejected'] as const,
  { pending: '待审核', approved: '已公开', rejected: '未通过' },
);

/** Days the union has to triage an appeal, and the default handling deadline. */
export const APPEAL_TRIAGE_DAYS = 3;
export const APPEAL_HANDLE_DAYS = 15;
export const REFERRAL_DUE_DAYS = 15;

// ---------------------------------------------------------------- appeals

export const ZAppealInput = z.object({
  kind: z.enum(appealKinds).default('appeal'),
  category: z.enum(proposalCategories, '请选择类别'),
  title: ZText(60).min(4, '请填写标题（至少 4 个字）'),
  text: ZText(2000).min(10, '请写明情况（至少 10 个字）'),
  /** Where it happens (for referrals): free text, e.g. 林埭镇工业园区 3 号路. */
  location: ZText(100).nullable().optional(),
  /** Hidden from other workers (never from the union). */
  anonymous: z.boolean().default(false),
  /** The worker allows the union to pass name and mobile on to a governance platform. */
  shareContact: z.boolean().default(false),
});
export type TAppealInput = z.infer<typeof ZAppealInput>;

export const ZCommentInput = z.object({ text: ZText(500).min(2, '请填写评论（至少 2 个字）') });
export const ZModerateInput = z
  .object({ decision: z.enum(['approve', 'reject']), reason: ZText(200).nullable().optional() })
  .refine((m) => m.decision === 'approve' || (m.reason ?? '').length >= 2, {
    path: ['reason'],
    message: '不予公开须写明理由',
  });

export const ZAppealComment = z.object({
  id: z.number().int(),
  /** 匿名职工 toward other workers when the author asked for it is the appeal's author. */
  author: z.string(),
  text: z.string(),
  state: z.enum(commentStates),
  rejectReason: z.string().nullable(),
  mine: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type TAppealComment = z.infer<typeof ZAppealComment>;

/** The union's triage: one of four outcomes. */
export const ZTriageInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('handle'),
    /** The org that handles it (the union itself or a unit in its subtree). */
    handlerOrgId: z.number().int().positive('请选择承办单位'),
    dueDate: z.iso.date().optional(),
    note: ZText(500).nullable().optional(),
  }),
  z.object({
    action: z.literal('merge'),
    intoAppealId: z.number().int().positive('请选择要合并到的诉求'),
    note: ZText(500).nullable().optional(),
  }),
  z.object({
    action: z.literal('to_proposal'),
    /** The representative asked to take it up as a proposal. */
    representativeId: z.number().int().positive('请选择会员代表'),
    note: ZText(500).nullable().optional(),
  }),
  z.object({
    action: z.literal('refer'),
    /** A governance-platform partner org with a referral endpoint configured. */
    partnerOrgId: z.number().int().positive('请选择基层治理平台'),
    dueDate: z.iso.date().optional(),
    note: ZText(500).nullable().optional(),
  }),
]);
export type TTriageInput = z.infer<typeof ZTriageInput>;

export const ZAppealReplyInput = z.object({
  text: ZText(2000).min(5, '请填写答复内容'),
  fileIds: ZFileIds,
});

export const ZAppealSummary = z.object({
  id: z.number().int(),
  /** YS-20261126-0001 */
  code: z.string(),
  org: ZOrgRef,
  kind: z.enum(appealKinds),
  category: z.enum(proposalCategories),
  title: z.string(),
  state: z.enum(appealStates),
  /** 匿名职工 for other workers when anonymous; the real name for the author and the union. */
  author: z.string(),
  anonymous: z.boolean(),
  supportCount: z.number().int(),
  commentCount: z.number().int(),
  supportedByMe: z.boolean(),
  mine: z.boolean(),
  handlerOrg: ZOrgRef.nullable(),
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  satisfaction: z.enum(satisfactionLevels).nullable(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type TAppealSummary = z.infer<typeof ZAppealSummary>;
export const ZAppealPage = pageOf(ZAppealSummary);

export const ZAppeal = ZAppealSummary.extend({
  text: z.string(),
  location: z.string().nullable(),
  shareContact: z.boolean(),
  /** Union only: the author's unit and masked mobile (never shown to other workers). */
  authorDetail: z.object({ org: z.string(), mobile: z.string().nullable() }).nullable(),
  comments: z.array(ZAppealComment),
  triageNote: z.string().nullable(),
  mergedInto: z.object({ id: z.number().int(), code: z.string(), title: z.string() }).nullable(),
  proposal: z
    .object({ id: z.number().int(), code: z.string(), title: z.string(), state: z.enum(proposalStates) })
    .nullable(),
  /** The representative asked to take it up (to_proposal). */
  representative: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  referral: z
    .object({ id: z.number().int(), code: z.string(), state: z.string(), partner: ZOrgRef })
    .nullable(),
  reply: z.string().nullable(),
  replyFileIds: z.array(z.string()),
  repliedAt: z.iso.datetime().nullable(),
  reopenCount: z.number().int(),
  ratingComment: z.string().nullable(),
  can: z.object({
    support: z.boolean(),
    comment: z.boolean(),
    withdraw: z.boolean(),
    triage: z.boolean(),
    reply: z.boolean(),
    rate: z.boolean(),
    moderate: z.boolean(),
  }),
});
export type TAppeal = z.infer<typeof ZAppeal>;

export const ZListAppealsQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  state: z.enum(appealStates).optional(),
  category: z.enum(proposalCategories).optional(),
  kind: z.enum(appealKinds).optional(),
  /** `mine`: the worker's own; `handling`: where the actor's org handles it; `all` (default). */
  scope: z.enum(['all', 'mine', 'handling']).default('all'),
  sort: z.enum(['latest', 'support']).default('latest'),
  q: ZText(40).optional(),
});
export type TListAppealsQuery = z.infer<typeof ZListAppealsQuery>;
export const ZPendingCommentsQuery = ZPageQuery.extend({ orgId: ZIntId.optional() });
export const ZPendingComment = ZAppealComment.extend({
  appeal: z.object({ id: z.number().int(), code: z.string(), title: z.string() }),
});
export const ZPendingCommentPage = pageOf(ZPendingComment);

// ---------------------------------------------------------------- referrals to the governance platform

export const { values: referralModes, labels: referralModeLabels } = labelled(['api', 'manual'] as const, {
  api: '接口推送',
  manual: '人工交办',
});
export type ReferralMode = (typeof referralModes)[number];

/**
 * Referral lifecycle: `queued` (待推送, retried with backoff) → `delivered` (平台已签收) → `accepted`
 * (已受理) → `in_progress` (办理中) → `answered` (已办结答复). `undeliverable` after the last retry;
 * a cadre may retry or switch it to manual. Manual referrals start `delivered` when handed over.
 */
export const { values: referralStates, labels: referralStateLabels } = labelled(
  ['queued', 'delivered', 'accepted', 'in_progress', 'answered', 'undeliverable'] as const,
  {
    queued: '待推送',
    delivered: '平台已签收',
    accepted: '平台已受理',
    in_progress: '平台办理中',
    answered: '平台已答复',
    undeliverable: '推送失败',
  },
);
export type ReferralState = (typeof referralStates)[number];

/** Retry schedule: attempt n waits BASE × 2^(n-1) seconds, capped; after MAX attempts it is undeliverable. */
export const REFERRAL_RETRY_BASE_SECONDS = 60;
export const REFERRAL_RETRY_CAP_SECONDS = 6 * 3600;
export const REFERRAL_MAX_ATTEMPTS = 10;

/** A governance partner's endpoint, configured by the union (its admin). The secret is write-only. */
export const ZEndpointInput = z
  .object({
    mode: z.enum(referralModes, '请选择对接方式'),
    url: z.url('请填写正确的接口地址（http:// 或 https://）').nullable().optional(),
    /** Shared HMAC secret; omitted on update keeps the stored one. */
    secret: z.string().min(16, '密钥至少 16 位').max(200).optional(),
    active: z.boolean().default(true),
  })
  .refine((e) => e.mode === 'manual' || !!e.url, { path: ['url'], message: '接口推送须填写接口地址' });
export type TEndpointInput = z.infer<typeof ZEndpointInput>;
export const ZEndpoint = z.object({
  partner: ZOrgRef,
  mode: z.enum(referralModes),
  url: z.string().nullable(),
  hasSecret: z.boolean(),
  active: z.boolean(),
  /** The URL the platform posts status updates to. */
  callbackUrl: z.string(),
  updatedAt: z.iso.datetime().nullable(),
});
export type TEndpoint = z.infer<typeof ZEndpoint>;

export const ZReferralAttempt = z.object({
  no: z.number().int(),
  at: z.iso.datetime(),
  httpStatus: z.number().int().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export const ZReferralEvent = z.object({
  at: z.iso.datetime(),
  source: z.enum(['platform', 'manual', 'system']),
  status: z.enum(referralStates),
  note: z.string().nullable(),
});
export const ZReferral = z.object({
  id: z.number().int(),
  /** ZL-20261126-0001, our service_request_id toward the platform. */
  code: z.string(),
  org: ZOrgRef,
  partner: ZOrgRef,
  appeal: z.object({ id: z.number().int(), code: z.string(), title: z.string() }),
  mode: z.enum(referralModes),
  state: z.enum(referralStates),
  /** The platform's own id from its acknowledgement. */
  externalId: z.string().nullable(),
  dueAt: z.iso.datetime(),
  overdue: z.boolean(),
  attemptCount: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TReferral = z.infer<typeof ZReferral>;
export const ZReferralDetail = ZReferral.extend({
  /** Exactly what was (or will be) POSTed. */
  payload: z.record(z.string(), z.unknown()),
  attempts: z.array(ZReferralAttempt),
  events: z.array(ZReferralEvent),
});
export type TReferralDetail = z.infer<typeof ZReferralDetail>;
export const ZReferralPage = pageOf(ZReferral);
export const ZListReferralsQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  state: z.enum(referralStates).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
/** Manual mode (or a partner account on the console): record a status update or the final answer. */
export const ZReferralStatusInput = z
  .object({
    status: z.enum(['accepted', 'in_progress', 'answered']),
    note: ZText(2000).nullable().optional(),
  })
  .refine((s) => s.status !== 'answered' || (s.note ?? '').length >= 5, {
    path: ['note'],
    message: '办结答复须填写答复内容',
  });

/**
 * Inbound callback body from the platform (Open311-like), POSTed to
 * `/api/v1/proposals/referrals/callback` with headers `X-Niangjia-Timestamp` (unix seconds) and
 * `X-Niangjia-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`.
 */
export const ZReferralCallback = z.object({
  /** Unique per event: a replayed event id is refused. */
  event_id: z.string().min(8).max(100),
  service_request_id: z.string().min(1).max(40),
  status: z.enum(['accepted', 'in_progress', 'closed']),
  status_notes: z.string().max(4000).nullable().optional(),
  updated_datetime: z.iso.datetime({ offset: true }),
});
export type TReferralCallback = z.infer<typeof ZReferralCallback>;
export const REFERRAL_SIGNATURE_HEADER = 'x-niangjia-signature';
export const REFERRAL_TIMESTAMP_HEADER = 'x-niangjia-timestamp';
/** A callback whose timestamp is further than this from now is refused as a replay. */
export const REFERRAL_CALLBACK_TOLERANCE_SECONDS = 300;
