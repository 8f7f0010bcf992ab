import { z } from 'zod';
import { pageOf, ZDateTime, ZIntId, ZOrgRef, ZPageQuery, ZText } from './common.ts';
import { phonePattern } from './rules.ts';

/**
 * 及时送 (urgent errands, issue #7, seed 000 桥西区): a district union's hotline (5 phones, staffed 24 h)
 * takes a call for an urgent daily necessity (clothes, toiletries, a charger, keys) for a frontline worker,
 * volunteer or hardship worker, records who it is for, what and where to pick it up, and dispatches it to
 * a courier partner (a 快递 company's union); a courier accepts, picks it up and delivers it, usually
 * within hours. Contracts shared by the server routes and the web. Times are ISO strings.
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

const ZPhone = z.string().trim().regex(phonePattern, '请输入正确的手机号或座机号（如 0311-12345678）');

// ---------------------------------------------------------------- enums

/** Errand lifecycle; transitions in `server/modules/errands/errands.flow.ts`. */
export const { values: errandStates, labels: errandStateLabels } = labelled(
  ['pending', 'dispatched', 'accepted', 'picked_up', 'delivered', 'cancelled', 'merged'] as const,
  {
    pending: '待派单',
    dispatched: '已派单',
    accepted: '已接单',
    picked_up: '已取件',
    delivered: '已送达',
    cancelled: '已取消',
    merged: '已合并',
  },
);
export type ErrandState = (typeof errandStates)[number];
/** States in which an errand is still under way (counted on the overdue board). */
export const openErrandStates = [
  'pending',
  'dispatched',
  'accepted',
  'picked_up',
] as const satisfies readonly ErrandState[];

export const { values: itemKinds, labels: itemKindLabels } = labelled(
  ['clothing', 'toiletries', 'charger', 'keys', 'medicine', 'food', 'documents', 'other'] as const,
  {
    clothing: '衣物',
    toiletries: '洗漱用品',
    charger: '充电器',
    keys: '钥匙',
    medicine: '药品',
    food: '食品',
    documents: '证件',
    other: '其他',
  },
);
export type ItemKind = (typeof itemKinds)[number];

/** Who the errand is for: the service is for these groups (seed 000). */
export const { values: requesterKinds, labels: requesterKindLabels } = labelled(
  ['frontline', 'volunteer', 'hardship', 'other'] as const,
  { frontline: '防疫一线职工', volunteer: '志愿者', hardship: '困难职工', other: '其他' },
);
export type RequesterKind = (typeof requesterKinds)[number];

export const { values: errandUrgencies, labels: errandUrgencyLabels } = labelled(
  ['urgent', 'normal'] as const,
  { urgent: '加急', normal: '普通' },
);

export const { values: errandChannels, labels: errandChannelLabels } = labelled(['hotline', 'h5'] as const, {
  hotline: '热线来电',
  h5: '职工网上申请',
});

/** A hotline number's use: 值守 (taking errands), 投诉 (complaints) or both. */
export const { values: hotlineKinds, labels: hotlineKindLabels } = labelled(
  ['duty', 'complaint', 'both'] as const,
  { duty: '值守电话', complaint: '投诉电话', both: '值守及投诉' },
);

export const { values: complaintStates, labels: complaintStateLabels } = labelled(
  ['open', 'answered'] as const,
  { open: '待答复', answered: '已答复' },
);
/** How a complaint ended (dashboard: complaints and how they ended). */
export const { values: complaintOutcomes, labels: complaintOutcomeLabels } = labelled(
  ['upheld', 'explained', 'unfounded'] as const,
  { upheld: '属实，已整改', explained: '已解释说明', unfounded: '经核实不属实' },
);

/** Defaults of the alert thresholds when an org (and its ancestors) has not set its own. */
export const DEFAULT_ACCEPT_MINUTES = 15;
export const DEFAULT_DELIVER_MINUTES = 180;

// ---------------------------------------------------------------- hotlines and duty roster

export const ZHotlineInput = z.object({
  label: ZText(20).min(1, '请填写名称（如 及时送热线 1）'),
  number: ZPhone,
  kind: z.enum(hotlineKinds, '请选择用途'),
  /** Staffed around the clock (24 小时值守). */
  allDay: z.boolean().default(true),
  active: z.boolean().default(true),
});
export type THotlineInput = z.infer<typeof ZHotlineInput>;
export const ZHotline = z.object({
  id: z.number().int(),
  org: ZOrgRef,
  label: z.string(),
  number: z.string(),
  kind: z.enum(hotlineKinds),
  allDay: z.boolean(),
  active: z.boolean(),
});
export type THotline = z.infer<typeof ZHotline>;

/** One duty shift: a cadre on a hotline from `startsAt` to `endsAt` (may cross midnight). */
export const ZShiftInput = z
  .object({
    userId: z.number().int().positive('请选择值班人员'),
    hotlineId: z.number().int().positive().nullable().optional(),
    startsAt: ZDateTime,
    endsAt: ZDateTime,
    note: ZText(100).nullable().optional(),
  })
  .refine((s) => Date.parse(s.startsAt) < Date.parse(s.endsAt), {
    path: ['endsAt'],
    message: '结束时间应晚于开始时间',
  });
export type TShiftInput = z.infer<typeof ZShiftInput>;
export const ZShift = z.object({
  id: z.number().int(),
  org: ZOrgRef,
  user: z.object({ id: z.number().int(), name: z.string() }),
  hotline: z.object({ id: z.number().int(), label: z.string(), number: z.string() }).nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  note: z.string().nullable(),
});
export type TShift = z.infer<typeof ZShift>;
export const ZListShiftsQuery = z.object({
  orgId: ZIntId.optional(),
  /** Beijing days, inclusive; default today and the next 6 days. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** 值守信息 of a union, public (H5, no login): its numbers and who is on duty now (name masked). */
export const ZDutyNow = z.object({
  org: ZOrgRef,
  hotlines: z.array(
    z.object({ label: z.string(), number: z.string(), kind: z.enum(hotlineKinds), allDay: z.boolean() }),
  ),
  /** e.g. 王** (on the public page) or the full name (signed-in cadres of the org). */
  onDuty: z.array(z.object({ name: z.string(), hotline: z.string().nullable(), until: z.iso.datetime() })),
});
export type TDutyNow = z.infer<typeof ZDutyNow>;

/** The 及时送 of an org's nearest union that runs it (itself or an ancestor), or null: none does. */
export const ZNearestDuty = z.object({ duty: ZDutyNow.nullable() });
export type TNearestDuty = z.infer<typeof ZNearestDuty>;

// ---------------------------------------------------------------- complaints

export const ZComplaintInput = z.object({
  /** The errand complained about (by id for signed-in users, by code on the public page). */
  errandId: z.number().int().positive().optional(),
  errandCode: ZText(30).optional(),
  name: ZText(20).min(1, '请填写您的姓名'),
  /** The caller's or the recipient's phone: a landline counts (complaints come in by phone). */
  mobile: ZPhone,
  content: ZText(500).min(5, '请写明投诉内容（至少 5 个字）'),
});
export type TComplaintInput = z.infer<typeof ZComplaintInput>;
export const ZAnswerComplaintInput = z.object({
  answer: ZText(500).min(2, '请填写答复内容'),
  outcome: z.enum(complaintOutcomes, '请选择处理结果'),
});
export const ZComplaint = z.object({
  id: z.number().int(),
  errandId: z.number().int(),
  errandCode: z.string(),
  state: z.enum(complaintStates),
  name: z.string(),
  /** Masked except for the union. */
  mobile: z.string(),
  content: z.string(),
  answer: z.string().nullable(),
  outcome: z.enum(complaintOutcomes).nullable(),
  answeredBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
});
export type TComplaint = z.infer<typeof ZComplaint>;
export const ZComplaintPage = pageOf(ZComplaint);
export const ZListComplaintsQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  state: z.enum(complaintStates).optional(),
});

// ---------------------------------------------------------------- errands

export const ZErrandInput = z.object({
  callerName: ZText(20).min(1, '请填写来电人姓名'),
  callerMobile: ZPhone,
  /** When the call came in (default now): the clock of every time figure starts here. */
  calledAt: ZDateTime.optional(),
  requesterKind: z.enum(requesterKinds, '请选择服务对象类别'),
  recipientName: ZText(20).min(1, '请填写收件人'),
  recipientPhone: ZPhone,
  recipientAddress: ZText(120).min(4, '请填写送达地址'),
  itemKinds: z.array(z.enum(itemKinds)).min(1, '请选择物品类别').max(8),
  items: ZText(300).min(2, '请写明需要送的物品'),
  pickupAddress: ZText(120).min(4, '请填写取件地址'),
  pickupContact: ZText(20).min(1, '请填写取件联系人'),
  pickupMobile: ZPhone,
  urgency: z.enum(errandUrgencies).default('normal'),
  note: ZText(300).nullable().optional(),
});
export type TErrandInput = z.infer<typeof ZErrandInput>;

/** A cadre records the call for a union (default: the cadre's own org). */
export const ZHotlineErrandInput = ZErrandInput.extend({ orgId: z.number().int().positive().optional() });
/** A worker asks on the H5: the caller is the worker (name and mobile from the account). */
export const ZWorkerErrandInput = ZErrandInput.omit({ callerName: true, callerMobile: true, calledAt: true });
export type TWorkerErrandInput = z.infer<typeof ZWorkerErrandInput>;

export const ZDispatchErrandInput = z.object({
  courierOrgId: z.number().int().positive('请选择快递合作单位'),
  note: ZText(200).nullable().optional(),
});
export const ZDeclineErrandInput = z.object({ reason: ZText(200).min(2, '请填写无法接单的原因') });
export const ZDeliverErrandInput = z.object({
  receivedBy: ZText(20).min(1, '请填写签收人'),
  /** A photo uploaded beforehand through platform/files (owner `errands.errand`). */
  photoFileId: z.string().nullable().optional(),
  note: ZText(200).nullable().optional(),
});
export const ZCancelErrandInput = z.object({ reason: ZText(200).min(2, '请填写取消原因') });
/** Merge a duplicate call into the errand it repeats. */
export const ZMergeErrandInput = z.object({
  intoId: z.number().int().positive('请选择要合并到的工单'),
  note: ZText(200).nullable().optional(),
});
export const ZErrandNoteInput = z.object({ note: ZText(200).nullable().optional() });

export const ZErrandEvent = z.object({
  event: z.string(),
  label: z.string(),
  at: z.iso.datetime(),
  actor: z.string().nullable(),
  note: z.string().nullable(),
});
export type TErrandEvent = z.infer<typeof ZErrandEvent>;

/** Minutes from the call to each step (null until reached). */
export const ZErrandDurations = z.object({
  toDispatch: z.number().nullable(),
  toAccept: z.number().nullable(),
  toPickup: z.number().nullable(),
  toDelivery: z.number().nullable(),
});

export const ZErrand = z.object({
  id: z.number().int(),
  /** e.g. JS20261125-00012 */
  code: z.string(),
  org: ZOrgRef,
  state: z.enum(errandStates),
  channel: z.enum(errandChannels),
  urgency: z.enum(errandUrgencies),
  requesterKind: z.enum(requesterKinds),
  /** Phones in full for the union and the courier handling it, masked otherwise. */
  caller: z.object({ name: z.string(), mobile: z.string() }),
  recipient: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
  pickup: z.object({ address: z.string(), contact: z.string(), mobile: z.string() }),
  itemKinds: z.array(z.enum(itemKinds)),
  items: z.string(),
  note: z.string().nullable(),
  courierOrg: ZOrgRef.nullable(),
  courier: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  receivedBy: z.string().nullable(),
  photoUrl: z.string().nullable(),
  cancelReason: z.string().nullable(),
  mergedInto: z.object({ id: z.number().int(), code: z.string() }).nullable(),
  /** Duplicate calls merged into this one. */
  merged: z.array(z.object({ id: z.number().int(), code: z.string(), callerName: z.string() })),
  calledAt: z.iso.datetime(),
  dispatchedAt: z.iso.datetime().nullable(),
  acceptedAt: z.iso.datetime().nullable(),
  pickedUpAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  durations: ZErrandDurations,
  /** Over the org's thresholds now (or when it was delivered). */
  overdue: z.object({ accept: z.boolean(), delivery: z.boolean() }),
  recordedBy: z.string().nullable(),
  timeline: z.array(ZErrandEvent),
  complaints: z.array(ZComplaint),
  /** What the caller may do now (the server checks again). */
  actions: z.array(z.string()),
});
export type TErrand = z.infer<typeof ZErrand>;

export const ZErrandListItem = z.object({
  id: z.number().int(),
  code: z.string(),
  org: ZOrgRef,
  state: z.enum(errandStates),
  channel: z.enum(errandChannels),
  urgency: z.enum(errandUrgencies),
  requesterKind: z.enum(requesterKinds),
  callerName: z.string(),
  recipientName: z.string(),
  recipientAddress: z.string(),
  items: z.string(),
  itemKinds: z.array(z.enum(itemKinds)),
  courierOrg: ZOrgRef.nullable(),
  calledAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  /** Call → delivery, minutes. */
  minutesToDelivery: z.number().nullable(),
  overdue: z.boolean(),
  openComplaints: z.number().int(),
});
export type TErrandListItem = z.infer<typeof ZErrandListItem>;
export const ZErrandPage = pageOf(ZErrandListItem);
export const ZListErrandsQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  state: z.enum(errandStates).optional(),
  /** Code, caller, recipient, address or items. */
  q: ZText(40).optional(),
  courierOrgId: ZIntId.optional(),
  /** Calls of these Beijing days, inclusive. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** `true`: every errand that went past a limit (also one delivered late); `open`: those still under way. */
  overdue: z.enum(['true', 'open']).optional(),
});
export type TListErrandsQuery = z.infer<typeof ZListErrandsQuery>;

/** Alert thresholds of an org (inherited from the nearest ancestor that set them, else the defaults). */
export const ZErrandSettings = z.object({
  orgId: z.number().int(),
  acceptMinutes: z.number().int(),
  deliverMinutes: z.number().int(),
  fromOrgId: z.number().int().nullable(),
});
export type TErrandSettings = z.infer<typeof ZErrandSettings>;
export const ZSetErrandSettingsInput = z.object({
  acceptMinutes: z
    .number()
    .int()
    .min(1, '至少 1 分钟')
    .max(24 * 60, '最多 24 小时'),
  deliverMinutes: z
    .number()
    .int()
    .min(10, '至少 10 分钟')
    .max(7 * 24 * 60, '最多 7 天'),
});

/** 超时看板: open errands past or near a threshold. */
export const ZOverdueBoard = z.object({
  settings: ZErrandSettings,
  items: z.array(
    z.object({
      errand: ZErrandListItem,
      /** not accepted within acceptMinutes of dispatch / not delivered within deliverMinutes of the call. */
      kind: z.enum(['accept', 'delivery']),
      /** Minutes past the threshold (negative: still within it, shown when close). */
      minutesOver: z.number(),
    }),
  ),
});
export type TOverdueBoard = z.infer<typeof ZOverdueBoard>;

// ---------------------------------------------------------------- stats

export const ZErrandStatsQuery = z.object({
  orgId: ZIntId.optional(),
  /** Calls of these Beijing days, inclusive; default the last 30 days. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type TErrandStatsQuery = z.infer<typeof ZErrandStatsQuery>;

export const ERRAND_STATS_DEFINITIONS = {
  errands: '工单数：统计期内来电（或网上申请）的及时送工单，合并掉的重复来电不计',
  delivered: '已送达：其中已送达的工单数',
  median: '送达用时（中位数）：已送达工单从来电到送达的分钟数，取中位数',
  p90: '送达用时（90%）：90% 的已送达工单在此时间内送达',
  overdue: '超时：未在派单后规定时间内接单、或未在来电后规定时间内送达的工单',
  complaints: '投诉：统计期内收到的投诉及其处理结果',
} as const;

export const ZErrandStats = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  org: ZOrgRef,
  totals: z.object({
    errands: z.number().int(),
    delivered: z.number().int(),
    cancelled: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    medianMinutesToDelivery: z.number().nullable(),
    p90MinutesToDelivery: z.number().nullable(),
    medianMinutesToDispatch: z.number().nullable(),
    complaints: z.number().int(),
    complaintsAnswered: z.number().int(),
  }),
  byDay: z.array(
    z.object({
      day: z.iso.date(),
      errands: z.number().int(),
      delivered: z.number().int(),
      medianMinutesToDelivery: z.number().nullable(),
    }),
  ),
  byItemKind: z.array(z.object({ kind: z.enum(itemKinds), errands: z.number().int() })),
  byRequesterKind: z.array(z.object({ kind: z.enum(requesterKinds), errands: z.number().int() })),
  byCourier: z.array(
    z.object({
      courierOrg: ZOrgRef,
      courier: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      errands: z.number().int(),
      delivered: z.number().int(),
      declined: z.number().int(),
      medianMinutesToDelivery: z.number().nullable(),
    }),
  ),
  complaintsByOutcome: z.array(
    z.object({ outcome: z.enum(complaintOutcomes).nullable(), count: z.number().int() }),
  ),
});
export type TErrandStats = z.infer<typeof ZErrandStats>;
