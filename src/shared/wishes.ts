import { z } from 'zod';
import { pageOf, ZDate, ZFen, ZIntId, ZPageQuery, ZText } from './common.ts';

/**
 * 微心愿 (micro-wishes, issue #5): an archived hardship worker posts a small wish, their union reviews
 * it, it goes on the public wish wall, a donor (爱心人士 / 爱心企业) claims it exclusively and fulfils
 * it, the worker confirms receipt. Contracts shared by the server routes and the web; money in fen.
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

// ---------------------------------------------------------------- enums

/** Wish lifecycle; the transitions are in `server/modules/wishes/wishes.flow.ts`. */
export const { values: wishStates, labels: wishStateLabels } = labelled(
  ['pending', 'returned', 'rejected', 'published', 'claimed', 'sent', 'fulfilled', 'withdrawn'] as const,
  {
    pending: '待审核',
    returned: '退回修改',
    rejected: '未通过',
    published: '待认领',
    claimed: '已认领',
    sent: '已寄出',
    fulfilled: '已实现',
    withdrawn: '已撤回',
  },
);
export type WishState = (typeof wishStates)[number];

/** States shown on the public wish wall. */
export const wallStates = [
  'published',
  'claimed',
  'sent',
  'fulfilled',
] as const satisfies readonly WishState[];
/** A wish counts against the per-archive open limit in these states. */
export const openWishStates = [
  'pending',
  'returned',
  'published',
  'claimed',
  'sent',
] as const satisfies readonly WishState[];

export const { values: wishCategories, labels: wishCategoryLabels } = labelled(
  ['living', 'culture', 'career', 'health', 'schooling', 'skills', 'other'] as const,
  {
    living: '生活物资',
    culture: '精神文化',
    career: '职业提升',
    health: '健康保障',
    schooling: '助学帮扶',
    skills: '技能培训',
    other: '其他',
  },
);
export type WishCategory = (typeof wishCategories)[number];

/** Claim states: active (认领中, awaiting sending), sent (已寄出, awaiting receipt), then one end state. */
export const { values: claimStates, labels: claimStateLabels } = labelled(
  ['active', 'sent', 'fulfilled', 'released', 'expired'] as const,
  {
    active: '认领中',
    sent: '已寄出',
    fulfilled: '已实现',
    released: '已放弃',
    expired: '逾期释放',
  },
);
export type ClaimState = (typeof claimStates)[number];
/** A wish has at most one claim in these states (enforced by a unique partial index). */
export const liveClaimStates = ['active', 'sent'] as const satisfies readonly ClaimState[];

export const { values: fulfilmentMethods, labels: fulfilmentMethodLabels } = labelled(
  ['viaUnion', 'direct', 'money'] as const,
  {
    viaUnion: '交工会转交',
    direct: '直接寄送',
    money: '捐款由工会代购',
  },
);
export type FulfilmentMethod = (typeof fulfilmentMethods)[number];

export const { values: donorKinds, labels: donorKindLabels } = labelled(['person', 'enterprise'] as const, {
  person: '爱心人士',
  enterprise: '爱心企业',
});
export type DonorKind = (typeof donorKinds)[number];

/** Defaults when an org (and none of its ancestors) has set its own. */
export const DEFAULT_WISH_VALUE_CAP_FEN = 50_000;
export const DEFAULT_MAX_OPEN_WISHES = 1;
export const DEFAULT_CLAIM_DAYS = 14;

// ---------------------------------------------------------------- settings (per org, inherited)

export const ZWishSettings = z.object({
  orgId: z.number().int(),
  valueCapFen: z.number().int(),
  maxOpenWishes: z.number().int(),
  claimDays: z.number().int(),
  /** The org the effective values come from (itself, an ancestor) or null for the platform defaults. */
  fromOrgId: z.number().int().nullable(),
});
export type TWishSettings = z.infer<typeof ZWishSettings>;

export const ZSetWishSettingsInput = z.object({
  valueCapFen: ZFen.min(100, '上限至少 1 元').max(10_000_000, '上限最多 10 万元'),
  maxOpenWishes: z.number().int().min(1, '至少 1 个').max(10, '最多 10 个'),
  claimDays: z.number().int().min(1, '至少 1 天').max(90, '最多 90 天'),
});
export type TSetWishSettingsInput = z.infer<typeof ZSetWishSettingsInput>;

// ---------------------------------------------------------------- posting and review

export const ZWishInput = z.object({
  title: ZText(40).min(2, '请填写心愿标题（至少 2 个字）'),
  story: ZText(1000).min(10, '请写一写心愿背后的故事（至少 10 个字）'),
  category: z.enum(wishCategories, '请选择心愿类别'),
  valueFen: ZFen.min(100, '估计价值至少 1 元'),
  /** A photo uploaded beforehand through platform/files (entity `wishes.wish` after posting). */
  photoFileId: z.string().nullable().optional(),
});
export type TWishInput = z.infer<typeof ZWishInput>;

/** A cadre posts on a worker's behalf: which archive it belongs to. */
export const ZCadreWishInput = ZWishInput.extend({ archiveId: z.number().int().positive('请选择档案') });
export type TCadreWishInput = z.infer<typeof ZCadreWishInput>;

export const ZWishIdParam = z.object({ id: ZIntId });
export const ZReviewNoteInput = z.object({ note: ZText(500).optional() });
export const ZReturnWishInput = z.object({ note: ZText(500).min(1, '请填写需要修改的地方') });
export const ZRejectWishInput = z.object({ reason: ZText(500).min(1, '请填写不通过的理由') });

// ---------------------------------------------------------------- claim and fulfilment

export const ZClaimInput = z.object({ method: z.enum(fulfilmentMethods, '请选择实现方式').optional() });
export const ZReleaseClaimInput = z.object({ reason: ZText(500).min(1, '请填写放弃认领的原因') });
export const ZMarkSentInput = z.object({
  method: z.enum(fulfilmentMethods, '请选择实现方式'),
  note: ZText(500).min(1, '请填写寄送说明'),
  /** For `direct`: the courier and tracking number. */
  trackingNote: ZText(200).nullable().optional(),
  photoFileId: z.string().nullable().optional(),
});
export type TMarkSentInput = z.infer<typeof ZMarkSentInput>;
export const ZConfirmReceiptInput = z.object({
  note: ZText(500).nullable().optional(),
  photoFileId: z.string().nullable().optional(),
});
export const ZThanksInput = z.object({ thanks: ZText(300).min(1, '请写一句感谢的话') });

// ---------------------------------------------------------------- donors

export const ZDonorProfile = z.object({
  userId: z.number().int(),
  kind: z.enum(donorKinds),
  displayName: z.string(),
  enterpriseName: z.string().nullable(),
  /** Shown on the public thanks list (感谢榜) when the donor opted in. */
  showOnThanksList: z.boolean(),
  phone: z.string().nullable().describe('masked'),
  claimsTotal: z.number().int(),
  fulfilledTotal: z.number().int(),
});
export type TDonorProfile = z.infer<typeof ZDonorProfile>;

export const ZUpdateDonorProfileInput = z.object({
  kind: z.enum(donorKinds),
  enterpriseName: ZText(80).nullable().optional(),
  showOnThanksList: z.boolean(),
});

// ---------------------------------------------------------------- read models

export const ZWishEvent = z.object({
  event: z.string(),
  label: z.string(),
  at: z.iso.datetime(),
  /** Who acted, as the viewer may see it: 工会 / 爱心人士 张先生 / the worker. */
  actor: z.string().nullable(),
  note: z.string().nullable(),
});
export type TWishEvent = z.infer<typeof ZWishEvent>;

/** One wish on the public wall: never a name, ID number, mobile or address. */
export const ZWallWish = z.object({
  id: z.number().int(),
  title: z.string(),
  story: z.string(),
  category: z.enum(wishCategories),
  valueFen: z.number().int(),
  state: z.enum(wallStates),
  /** Surname + 先生/女士. */
  maskedName: z.string(),
  /** The worker's union's city / county, e.g. 北海市 · 海城区. */
  region: z.string(),
  orgId: z.number().int(),
  photoUrl: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  /** For claimed wishes: 爱心人士 王女士 / 爱心企业 某某公司. */
  claimedBy: z.string().nullable(),
});
export type TWallWish = z.infer<typeof ZWallWish>;
export const ZWallPage = pageOf(ZWallWish);
export const ZWallQuery = ZPageQuery.extend({
  /** A county / city union: wishes of its subtree. */
  regionOrgId: ZIntId.optional(),
  category: z.enum(wishCategories).optional(),
  minValueFen: z.coerce.number().int().min(0).optional(),
  maxValueFen: z.coerce.number().int().min(0).optional(),
  /** Default: only published (待认领); `all` includes claimed and fulfilled ones. */
  state: z.enum(['published', 'all']).default('published'),
});
export type TWallQuery = z.infer<typeof ZWallQuery>;

export const ZClaim = z.object({
  id: z.number().int(),
  wishId: z.number().int(),
  state: z.enum(claimStates),
  /** 爱心人士 王女士 / 爱心企业 某某公司 / a volunteer's name recorded at an event. */
  donorName: z.string(),
  donorKind: z.enum(donorKinds),
  method: z.enum(fulfilmentMethods).nullable(),
  deadline: z.iso.date(),
  claimedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  sentNote: z.string().nullable(),
  trackingNote: z.string().nullable(),
  receivedAt: z.iso.datetime().nullable(),
  /** The note given when confirming receipt. */
  receiptNote: z.string().nullable().optional(),
  /** The receipt photo (a file of the wish, `GET /api/v1/files/:id`); shown to the union and the worker. */
  receiptPhotoFileId: z.string().nullable().optional(),
  releasedAt: z.iso.datetime().nullable(),
  releaseReason: z.string().nullable(),
  eventId: z.number().int().nullable(),
});
export type TClaim = z.infer<typeof ZClaim>;

/** A wish as the worker, the claiming donor or the union sees it (the union also sees the archive link). */
export const ZWish = z.object({
  id: z.number().int(),
  archiveId: z.number().int(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  /** The union service hotline (UNION_HOTLINE): whom a donor calls for a 直接寄送 address. */
  hotline: z.string(),
  state: z.enum(wishStates),
  channel: z.enum(['self', 'cadre']),
  title: z.string(),
  story: z.string(),
  category: z.enum(wishCategories),
  valueFen: z.number().int(),
  maskedName: z.string(),
  region: z.string(),
  photoUrl: z.string().nullable(),
  reviewNote: z.string().nullable(),
  rejectReason: z.string().nullable(),
  thanks: z.string().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  fulfilledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The live or last claim. */
  claim: ZClaim.nullable(),
  timeline: z.array(ZWishEvent),
  /** What the caller may do now (the server checks again). */
  actions: z.array(z.string()),
});
export type TWish = z.infer<typeof ZWish>;

export const ZWishListItem = z.object({
  id: z.number().int(),
  archiveId: z.number().int(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  state: z.enum(wishStates),
  title: z.string(),
  category: z.enum(wishCategories),
  valueFen: z.number().int(),
  maskedName: z.string(),
  donorName: z.string().nullable(),
  claimDeadline: z.iso.date().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TWishListItem = z.infer<typeof ZWishListItem>;
export const ZWishPage = pageOf(ZWishListItem);
export const ZListWishesQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  state: z.enum(wishStates).optional(),
  category: z.enum(wishCategories).optional(),
  q: ZText(40).optional(),
});
export type TListWishesQuery = z.infer<typeof ZListWishesQuery>;

// ---------------------------------------------------------------- events (解忧超市, 认领活动)

export const ZWishEventInput = z.object({
  title: ZText(60).min(2, '请填写活动名称'),
  heldOn: ZDate,
  place: ZText(100).min(1, '请填写活动地点'),
  note: ZText(500).nullable().optional(),
});
export type TWishEventInput = z.infer<typeof ZWishEventInput>;

/** Claims recorded on paper at an event, entered in bulk: all or nothing. */
export const ZEventClaimsInput = z.object({
  claims: z
    .array(
      z.object({
        wishId: z.number().int().positive(),
        donorName: ZText(80).min(1, '请填写认领人'),
        donorKind: z.enum(donorKinds),
        /** Optional contact of the volunteer / enterprise, stored encrypted. */
        mobile: z.string().trim().nullable().optional(),
        /** A registered donor, when the claimer has an account. */
        donorUserId: z.number().int().positive().nullable().optional(),
      }),
    )
    .min(1, '请至少录入一条认领')
    .max(500, '一次最多 500 条')
    .refine((rows) => new Set(rows.map((r) => r.wishId)).size === rows.length, '同一心愿不能重复录入'),
});
export type TEventClaimsInput = z.infer<typeof ZEventClaimsInput>;

export const ZWishActivity = z.object({
  id: z.number().int(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  title: z.string(),
  heldOn: z.iso.date(),
  place: z.string(),
  note: z.string().nullable(),
  claimCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type TWishActivity = z.infer<typeof ZWishActivity>;

// ---------------------------------------------------------------- stats (微心愿统计)

/** Longest period one stats request may cover. */
export const WISH_STATS_MAX_MONTHS = 60;

/**
 * 微心愿统计 dashboard (issue #5 point 8): the query, the figures the console charts and the Excel
 * export share, and the definitions shown beside them. Computed live from the wishes and claims of
 * the subtree (volumes are thousands, not millions); periods are whole months in Beijing time.
 */
export const ZWishStatsQuery = z
  .object({
    /** Root of the subtree to count (the caller's org when omitted). */
    orgId: ZIntId.optional(),
    /** First month of the period (YYYY-MM); default 11 months before `to`. */
    from: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
      .optional(),
    /** Last month of the period (YYYY-MM, included); default the current month. */
    to: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to) {
      const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
      const span = index(q.to) - index(q.from) + 1;
      if (span < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: '起始月份不能晚于结束月份' });
      else if (span > WISH_STATS_MAX_MONTHS) {
        ctx.addIssue({ code: 'custom', path: ['from'], message: `统计期最长 ${WISH_STATS_MAX_MONTHS} 个月` });
      }
    }
  });
export type TWishStatsQuery = z.infer<typeof ZWishStatsQuery>;

/** How each figure is counted, in Chinese: shown on the dashboard and in the export. */
export const WISH_STATS_DEFINITIONS = {
  posted: '提交：统计期内提交的心愿数（职工自己在手机上提交或干部代为提交）',
  published: '发布：统计期内审核通过、发布到心愿墙的心愿数（按发布时间）',
  claimed: '认领：统计期内发生的认领次数（含活动现场认领；放弃或逾期后再次被认领另计）',
  fulfilled: '实现：统计期内确认收到、心愿实现的心愿数',
  fulfilledValue: '实现价值：统计期内实现的心愿的估计价值合计',
  released: '主动放弃：统计期内爱心人士主动放弃的认领数',
  expired: '逾期释放：统计期内超过实现期限、由系统释放回心愿墙的认领数',
  donors:
    '爱心人士（企业）：统计期内认领过心愿的不同认领人数；注册用户按账号计，活动现场登记的志愿者按姓名计；爱心企业为其中以企业身份认领的',
  claimDays:
    '认领用时（中位数）：统计期内首次被认领的心愿，从发布到首次认领所经过的天数，取中位数（一半心愿快于此值）',
  fulfilDays:
    '实现用时（中位数）：统计期内实现的心愿，从发布到确认收到所经过的天数，取中位数（含中途放弃、重新认领的时间）',
  events: '活动：统计期内举办的解忧超市、认领活动场次；活动认领为统计期内在活动现场登记的认领数',
  current: '当前状态：全部心愿此刻所处的状态（不受统计期影响）',
} as const;

/** The period figures of a subtree (or of one child org's subtree). */
export const ZWishFlowFigures = z.object({
  posted: z.number().int(),
  published: z.number().int(),
  claimed: z.number().int(),
  /** Claims recorded at an event (a part of `claimed`). */
  claimedAtEvents: z.number().int(),
  fulfilled: z.number().int(),
  fulfilledValueFen: z.number().int(),
  /** Claims released by their donor. */
  released: z.number().int(),
  /** Claims released by the deadline job. */
  expired: z.number().int(),
  /** Distinct claimers (accounts, or names of volunteers recorded at events). */
  donors: z.number().int(),
  /** … of whom enterprises. */
  enterprises: z.number().int(),
});
export type TWishFlowFigures = z.infer<typeof ZWishFlowFigures>;

export const ZWishStatsMonth = ZWishFlowFigures.extend({ month: z.string() });
export type TWishStatsMonth = z.infer<typeof ZWishStatsMonth>;

export const ZWishMedian = z.object({
  /** Median in days (one decimal); null when no wish qualifies. */
  days: z.number().nullable(),
  /** How many wishes the median is taken over. */
  count: z.number().int(),
  definition: z.string(),
});
export type TWishMedian = z.infer<typeof ZWishMedian>;

const ZWishStatsOrgRef = z.object({ id: z.number().int(), name: z.string() });

export const ZWishStatsChild = ZWishFlowFigures.extend({
  org: ZWishStatsOrgRef,
  /** True for the root org's own wishes (本级), which belong to no child. */
  self: z.boolean(),
  /** The org has sub-organisations (drilling into it shows them). */
  hasChildren: z.boolean(),
  /** Now on the wall waiting for a donor (待认领). */
  waiting: z.number().int(),
  /** Now claimed or sent, not yet received. */
  inProgress: z.number().int(),
});
export type TWishStatsChild = z.infer<typeof ZWishStatsChild>;

export const ZWishStatsCategory = z.object({
  category: z.enum(wishCategories),
  posted: z.number().int(),
  fulfilled: z.number().int(),
  fulfilledValueFen: z.number().int(),
  /** Now on the wall (待认领). */
  waiting: z.number().int(),
});
export type TWishStatsCategory = z.infer<typeof ZWishStatsCategory>;

export const ZWishStats = z.object({
  /** The subtree counted, and the way up from the caller's own org (for the breadcrumb). */
  org: ZWishStatsOrgRef,
  path: z.array(ZWishStatsOrgRef),
  period: z.object({ from: z.string(), to: z.string(), months: z.array(z.string()) }),
  /** When the figures were computed (ISO instant; they are live). */
  asOf: z.iso.datetime(),
  totals: ZWishFlowFigures,
  /** Every wish of the subtree by its current state (every state present). */
  byState: z.record(z.enum(wishStates), z.number().int()),
  medians: z.object({ claimDays: ZWishMedian, fulfilDays: ZWishMedian }),
  byMonth: z.array(ZWishStatsMonth),
  /** The root's own wishes (本级, when any) and each direct child org's subtree, most fulfilled first. */
  children: z.array(ZWishStatsChild),
  /** Every category, in the canonical order. */
  byCategory: z.array(ZWishStatsCategory),
  events: z.object({
    /** 解忧超市 / 认领活动 held in the period by orgs of the subtree. */
    activities: z.number().int(),
    /** Claims recorded at events in the period (= totals.claimedAtEvents). */
    claims: z.number().int(),
  }),
});
export type TWishStats = z.infer<typeof ZWishStats>;
