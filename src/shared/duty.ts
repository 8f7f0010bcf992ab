import { z } from 'zod';
import { pageOf, ZIntId, ZOrgRef, ZPageQuery, ZText } from './common.ts';
import { ZUserRef } from './proposals.ts';

/**
 * 履职评价 (issue #9, seed 004 平湖/林埭): each representative's duty is scored against an indicator scheme
 * of the congress term — first-level indicators (大会期间, 闭会期间) with weights, second-level indicators
 * with points per record and a cap per term, bonus and penalty items. Duty records (履职记录) come from
 * what happens on the platform (a proposal submitted, a co-signature, a reply to a worker, a session
 * check-in …) or are entered by representatives with evidence and approved by a cadre. Scores, rankings
 * and the profile (履职画像) follow; closing a term archives all of it into an immutable snapshot.
 * Contracts shared by the server routes and the web. Times are ISO strings.
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

// ---------------------------------------------------------------- enums

/**
 * Where a duty record comes from. All but `manual` and `award` are created by the platform itself when
 * the event happens (idempotently: one record per source event and representative).
 */
export const { values: dutySources, labels: dutySourceLabels } = labelled(
  [
    'session_attended',
    'session_leave',
    'session_absent',
    'proposal_submitted',
    'proposal_filed',
    'proposal_cosigned',
    'proposal_reviewed',
    'proposal_rated',
    'contact_replied',
    'member_evaluation',
    'manual',
    'award',
  ] as const,
  {
    session_attended: '会议签到出席',
    session_leave: '会议请假',
    session_absent: '会议无故缺席',
    proposal_submitted: '提交提案建议',
    proposal_filed: '提案被立案',
    proposal_cosigned: '联名附议提案',
    proposal_reviewed: '参与提案审议',
    proposal_rated: '督办反馈（评价提案办理）',
    contact_replied: '答复职工留言',
    member_evaluation: '会员评议',
    manual: '代表填报',
    award: '工会认定加减分',
  },
);
export type DutySource = (typeof dutySources)[number];
/** Sources the platform creates by itself (a scheme item may count them). */
export const autoDutySources = dutySources.filter((s) => s !== 'manual' && s !== 'award');

/**
 * A record's state: `counted` (automatic, or a cadre's award), `pending` (entered by the representative,
 * awaiting a cadre), `approved` / `rejected` (decided), `void` (a cadre struck a wrong record, with reason).
 * Only `counted` and `approved` earn points.
 */
export const { values: dutyRecordStates, labels: dutyRecordStateLabels } = labelled(
  ['counted', 'pending', 'approved', 'rejected', 'void'] as const,
  { counted: '已计分', pending: '待审核', approved: '审核通过', rejected: '已驳回', void: '已作废' },
);
export type DutyRecordState = (typeof dutyRecordStates)[number];

export const { values: dutyItemKinds, labels: dutyItemKindLabels } = labelled(
  ['indicator', 'bonus', 'penalty'] as const,
  { indicator: '二级指标', bonus: '加分项', penalty: '减分项' },
);
export type DutyItemKind = (typeof dutyItemKinds)[number];

// ---------------------------------------------------------------- indicator scheme

const ZCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, '编码只能用小写字母、数字和下划线，以字母开头');

/**
 * A code for an item a cadre adds on the scheme page: records and score snapshots refer to items by
 * code, so it is made once, never typed and never shown. Random enough that two items added in one
 * sitting differ; the contract's duplicate check refuses the rest.
 */
export function newSchemeCode(prefix: 'level' | 'item' | 'bonuses' | 'penalties'): string {
  const random = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${prefix}_${random}${Date.now().toString(36).slice(-4)}`;
}

export const ZFirstLevelIndicator = z.object({
  code: ZCode,
  name: ZText(20).min(2, '请填写一级指标名称'),
  /** Percent of the base score (the weights of all first-level indicators add up to 100). */
  weight: z.number().int().min(0).max(100),
});
export type TFirstLevelIndicator = z.infer<typeof ZFirstLevelIndicator>;

export const ZSecondLevelIndicator = z.object({
  code: ZCode,
  name: ZText(20).min(2, '请填写二级指标名称'),
  firstLevel: ZCode,
  /** Points each record earns. */
  pointsPerRecord: z.number().int().min(0).max(100),
  /** Most points the indicator may earn in one term (records beyond it earn 0). */
  capPerTerm: z.number().int().min(1).max(1000),
  /** Platform events counted under this indicator. */
  sources: z.array(z.enum(autoDutySources as unknown as [DutySource, ...DutySource[]])).default([]),
  /** Representatives may enter records for it themselves (with evidence, approved by a cadre). */
  manualEntry: z.boolean().default(false),
  description: ZText(200).nullish(),
});
export type TSecondLevelIndicator = z.infer<typeof ZSecondLevelIndicator>;

/** A bonus (加分) or penalty (减分) item: points added or taken off the total per record, capped per term. */
export const ZAdjustmentItem = z.object({
  code: ZCode,
  name: ZText(20).min(2, '请填写名称'),
  /** Positive; a penalty's points are subtracted. */
  points: z.number().int().min(1).max(100),
  /** Null: no cap. */
  capPerTerm: z.number().int().min(1).max(1000).nullable().default(null),
  sources: z.array(z.enum(autoDutySources as unknown as [DutySource, ...DutySource[]])).default([]),
  description: ZText(200).nullish(),
});
export type TAdjustmentItem = z.infer<typeof ZAdjustmentItem>;

export const ZSchemeDefinition = z
  .object({
    firstLevel: z.array(ZFirstLevelIndicator).min(1, '至少一项一级指标').max(5),
    indicators: z.array(ZSecondLevelIndicator).min(1, '至少一项二级指标').max(20),
    bonuses: z.array(ZAdjustmentItem).max(10).default([]),
    penalties: z.array(ZAdjustmentItem).max(10).default([]),
    /** Representatives with no record in this many days are reminded (job `remind-idle-representatives`). */
    idleReminderDays: z.number().int().min(7).max(365).default(30),
  })
  .superRefine((d, ctx) => {
    const weight = d.firstLevel.reduce((s, f) => s + f.weight, 0);
    if (weight !== 100)
      ctx.addIssue({
        code: 'custom',
        path: ['firstLevel'],
        message: `一级指标权重之和应为 100（现为 ${weight}）`,
      });
    const codes = new Set<string>();
    const all = [...d.firstLevel, ...d.indicators, ...d.bonuses, ...d.penalties];
    for (const item of all) {
      if (codes.has(item.code))
        ctx.addIssue({ code: 'custom', path: ['indicators'], message: `编码重复：${item.code}` });
      codes.add(item.code);
    }
    const firstCodes = new Set(d.firstLevel.map((f) => f.code));
    d.indicators.forEach((ind, i) => {
      if (!firstCodes.has(ind.firstLevel))
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'firstLevel'],
          message: `「${ind.name}」的一级指标不存在`,
        });
      if (ind.pointsPerRecord > ind.capPerTerm)
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'capPerTerm'],
          message: `「${ind.name}」的封顶分不应小于每条记录的分值`,
        });
    });
    for (const f of d.firstLevel) {
      if (!d.indicators.some((ind) => ind.firstLevel === f.code))
        ctx.addIssue({
          code: 'custom',
          path: ['firstLevel'],
          message: `一级指标「${f.name}」下没有二级指标`,
        });
    }
    // Names head the leaderboard's columns: two 出席会议 columns would be told apart by nobody.
    const named = (list: 'firstLevel' | 'indicators' | 'bonuses' | 'penalties') =>
      (d[list] as { name: string }[]).map((item, i) => ({ list, i, name: item.name.trim() }));
    for (const group of [
      named('firstLevel'),
      [...named('indicators'), ...named('bonuses'), ...named('penalties')],
    ]) {
      const names = new Set<string>();
      for (const item of group) {
        if (names.has(item.name))
          ctx.addIssue({
            code: 'custom',
            path: [item.list, item.i, 'name'],
            message: `名称重复：「${item.name}」`,
          });
        names.add(item.name);
      }
    }
    const seen = new Map<string, string>();
    for (const item of [...d.indicators, ...d.bonuses, ...d.penalties]) {
      for (const s of item.sources) {
        const other = seen.get(s);
        if (other)
          ctx.addIssue({
            code: 'custom',
            path: ['indicators'],
            message: `「${dutySourceLabels[s]}」同时计入「${other}」和「${item.name}」`,
          });
        seen.set(s, item.name);
      }
    }
  });
export type TSchemeDefinition = z.infer<typeof ZSchemeDefinition>;

/** The default scheme of a new term (the seed's two first-level and eight second-level indicators). */
export const defaultSchemeDefinition: TSchemeDefinition = {
  firstLevel: [
    { code: 'congress', name: '大会期间', weight: 40 },
    { code: 'recess', name: '闭会期间', weight: 60 },
  ],
  indicators: [
    {
      code: 'attendance',
      name: '出席会议',
      firstLevel: 'congress',
      pointsPerRecord: 5,
      capPerTerm: 20,
      sources: ['session_attended'],
      manualEntry: false,
      description: '每出席一次大会或会议（扫码签到）',
    },
    {
      code: 'proposal',
      name: '提交提案',
      firstLevel: 'congress',
      pointsPerRecord: 5,
      capPerTerm: 20,
      sources: ['proposal_submitted'],
      manualEntry: false,
      description: '每提交一件提案或建议',
    },
    {
      code: 'cosign',
      name: '联名附议',
      firstLevel: 'congress',
      pointsPerRecord: 2,
      capPerTerm: 10,
      sources: ['proposal_cosigned'],
      manualEntry: false,
      description: '每联名附议一件提案',
    },
    {
      code: 'review',
      name: '参与审议',
      firstLevel: 'congress',
      pointsPerRecord: 3,
      capPerTerm: 15,
      sources: ['proposal_reviewed'],
      manualEntry: true,
      description: '参与提案审议或大会分组审议',
    },
    {
      code: 'contact',
      name: '联系职工',
      firstLevel: 'recess',
      pointsPerRecord: 2,
      capPerTerm: 20,
      sources: ['contact_replied'],
      manualEntry: true,
      description: '答复职工留言或线下联系职工',
    },
    {
      code: 'research',
      name: '调研走访',
      firstLevel: 'recess',
      pointsPerRecord: 5,
      capPerTerm: 20,
      sources: [],
      manualEntry: true,
      description: '开展调研、走访企业和职工，需上传佐证',
    },
    {
      code: 'supervision',
      name: '督办反馈',
      firstLevel: 'recess',
      pointsPerRecord: 3,
      capPerTerm: 15,
      sources: ['proposal_rated'],
      manualEntry: true,
      description: '跟踪督办提案并反馈评价',
    },
    {
      code: 'evaluation',
      name: '会员评议',
      firstLevel: 'recess',
      pointsPerRecord: 10,
      capPerTerm: 20,
      sources: ['member_evaluation'],
      manualEntry: false,
      description: '会员评议代表的问卷结束时，按该代表所得满意答案占比折算',
    },
  ],
  bonuses: [
    {
      code: 'filed',
      name: '提案被立案',
      points: 2,
      capPerTerm: 10,
      sources: ['proposal_filed'],
      description: '提案经代表审议立案',
    },
    {
      code: 'excellent',
      name: '提案获评优秀',
      points: 5,
      capPerTerm: 10,
      sources: [],
      description: '由工会认定',
    },
  ],
  penalties: [
    {
      code: 'absent',
      name: '无故缺席',
      points: 5,
      capPerTerm: null,
      sources: ['session_absent'],
      description: '未请假且未签到',
    },
    {
      code: 'false_record',
      name: '履职记录不实',
      points: 3,
      capPerTerm: null,
      sources: [],
      description: '由工会认定',
    },
  ],
  idleReminderDays: 30,
};

/** How the total is computed, shown beside every score. */
export const dutyScoreDefinition =
  '总分 = Σ 一级指标权重 ×（该一级指标下各二级指标得分之和 ÷ 各二级指标封顶分之和）+ 加分 − 减分。二级指标得分 = 每条有效记录的分值累计，超过本届封顶分的部分不计；会员评议：每次“会员评议代表”问卷结束时记一条，分值按该代表所得“满意答案数 ÷ 计入满意度的答案数”折算。';

export const ZSchemeInput = z.object({
  definition: ZSchemeDefinition,
  /** Why the scheme changes (required once a version exists; shown in the version history). */
  note: ZText(200).nullish(),
});
export type TSchemeInput = z.infer<typeof ZSchemeInput>;

export const ZScheme = z.object({
  id: z.number().int(),
  congressId: z.number().int(),
  version: z.number().int(),
  definition: ZSchemeDefinition,
  note: z.string().nullable(),
  createdBy: ZUserRef.nullable(),
  createdAt: z.iso.datetime(),
});
export type TScheme = z.infer<typeof ZScheme>;

/** What a scheme change did: every record re-scored under the new version. */
export const ZRecomputeSummary = z.object({
  version: z.number().int(),
  records: z.number().int(),
  representatives: z.number().int(),
  /** Representatives whose total changed. */
  changedRepresentatives: z.number().int(),
  message: z.string(),
});
export type TRecomputeSummary = z.infer<typeof ZRecomputeSummary>;
export const ZSchemeSaved = z.object({ scheme: ZScheme, recompute: ZRecomputeSummary });

// ---------------------------------------------------------------- duty records

export const ZDutyRecord = z.object({
  id: z.number().int(),
  congressId: z.number().int(),
  representative: z.object({ id: z.number().int(), name: z.string(), delegation: z.string() }),
  source: z.enum(dutySources),
  /** Scheme item it counts under (null: counted nowhere, e.g. a leave of absence). */
  item: z.object({ code: z.string(), name: z.string(), kind: z.enum(dutyItemKinds) }).nullable(),
  title: z.string(),
  detail: z.string().nullable(),
  occurredAt: z.iso.datetime(),
  state: z.enum(dutyRecordStates),
  /** Points earned after the cap (negative for a penalty). */
  points: z.number(),
  /** Points before the cap. */
  basePoints: z.number(),
  /** True when the term's cap cut this record's points. */
  capped: z.boolean(),
  /** The proposal, thread, session or survey the record came from (for a link). */
  sourceRef: z.string().nullable(),
  createdBy: ZUserRef.nullable(),
  reviewedBy: ZUserRef.nullable(),
  reviewedAt: z.iso.datetime().nullable(),
  rejectReason: z.string().nullable(),
  fileCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type TDutyRecord = z.infer<typeof ZDutyRecord>;

export const ZListDutyRecordsQuery = ZPageQuery.extend({
  congressId: ZIntId.optional(),
  representativeId: ZIntId.optional(),
  itemCode: z.string().max(32).optional(),
  state: z.enum(dutyRecordStates).optional(),
  source: z.enum(dutySources).optional(),
  delegation: z.string().max(40).optional(),
});
export const ZDutyRecordPage = pageOf(ZDutyRecord);

/** A representative enters a record (调研走访, 联系职工 offline …) with evidence; a cadre reviews it. */
export const ZManualRecordInput = z.object({
  congressId: z.number().int().positive(),
  itemCode: ZCode,
  title: ZText(60).min(2, '请填写履职事项'),
  detail: ZText(1000).min(5, '请说明履职情况（至少 5 个字）'),
  occurredOn: z.iso.date('请填写日期'),
});
/**
 * Evidence (photos, documents) is uploaded after creating the record, to the record itself
 * (`POST /api/v1/files`, entity type `duty.record`), by its representative while it is pending.
 */
export type TManualRecordInput = z.infer<typeof ZManualRecordInput>;

/** A cadre awards a bonus or a penalty item to a representative. */
export const ZAwardInput = z.object({
  representativeId: z.number().int().positive(),
  itemCode: ZCode,
  title: ZText(60).min(2, '请填写事由'),
  detail: ZText(1000).nullish(),
  occurredOn: z.iso.date('请填写日期'),
});
export const ZRejectInput = z.object({ reason: ZText(200).min(2, '请填写驳回理由') });
export const ZVoidInput = z.object({ reason: ZText(200).min(2, '请填写作废理由') });

// ---------------------------------------------------------------- sessions and check-in

export const { values: sessionKinds, labels: sessionKindLabels } = labelled(
  ['congress', 'meeting'] as const,
  {
    congress: '代表大会',
    meeting: '代表会议/活动',
  },
);
/** Where a session stands: attendance closed, on now, coming, or over and waiting for 结束签到. */
export type SessionTiming = 'closed' | 'ongoing' | 'upcoming' | 'ended';
export function sessionTiming(
  s: { closedAt: string | null; startsAt: string; endsAt: string },
  now: number = Date.now(),
): SessionTiming {
  if (s.closedAt) return 'closed';
  if (now < Date.parse(s.startsAt)) return 'upcoming';
  if (now <= Date.parse(s.endsAt)) return 'ongoing';
  return 'ended';
}

export const { values: attendanceStates, labels: attendanceStateLabels } = labelled(
  ['present', 'leave', 'absent', 'unmarked'] as const,
  { present: '已签到', leave: '请假', absent: '缺席', unmarked: '未签到' },
);
export type AttendanceState = (typeof attendanceStates)[number];

export const ZDutySessionInput = z
  .object({
    title: ZText(60).min(2, '请填写会议名称'),
    kind: z.enum(sessionKinds, '请选择会议类型'),
    startsAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    endsAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    venue: ZText(100).min(2, '请填写会议地点'),
  })
  .refine((s) => Date.parse(s.startsAt) < Date.parse(s.endsAt), {
    path: ['endsAt'],
    message: '结束时间应晚于开始时间',
  });

export const ZDutySession = z.object({
  id: z.number().int(),
  congressId: z.number().int(),
  title: z.string(),
  kind: z.enum(sessionKinds),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  venue: z.string(),
  /** Staff only: the token of the check-in QR (`/m/duty/checkin/<token>`); null for others. */
  checkinToken: z.string().nullable(),
  /** When attendance was closed (unmarked representatives became absent). */
  closedAt: z.iso.datetime().nullable(),
  counts: z.object({
    expected: z.number().int(),
    present: z.number().int(),
    leave: z.number().int(),
    absent: z.number().int(),
    unmarked: z.number().int(),
  }),
});
export type TDutySession = z.infer<typeof ZDutySession>;

export const ZAttendanceRow = z.object({
  representative: z.object({ id: z.number().int(), name: z.string(), delegation: z.string(), org: ZOrgRef }),
  state: z.enum(attendanceStates),
  method: z.enum(['qr', 'manual']).nullable(),
  checkedInAt: z.iso.datetime().nullable(),
  note: z.string().nullable(),
});
export const ZDutySessionDetail = ZDutySession.extend({ attendance: z.array(ZAttendanceRow) });
export type TDutySessionDetail = z.infer<typeof ZDutySessionDetail>;

export const ZMarkAttendanceInput = z.object({
  state: z.enum(['present', 'leave', 'absent']),
  note: ZText(200).nullish(),
});
export const ZCheckinInput = z.object({ token: z.string().trim().min(16).max(64) });
/** What the phone shows after scanning (before and after checking in). */
export const ZCheckinView = z.object({
  session: z.object({
    id: z.number().int(),
    title: z.string(),
    venue: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
  }),
  congress: z.object({ id: z.number().int(), name: z.string() }),
  representative: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  state: z.enum(attendanceStates),
  checkedInAt: z.iso.datetime().nullable(),
  /** Points the check-in earned (after the cap), when checked in. */
  points: z.number().nullable(),
  /** Why check-in is not possible now (closed, not a representative of this congress …), else null. */
  blockedReason: z.string().nullable(),
});
export type TCheckinView = z.infer<typeof ZCheckinView>;

// ---------------------------------------------------------------- scores, leaderboards, profile

export const ZItemScore = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(dutyItemKinds),
  firstLevel: z.string().nullable(),
  points: z.number(),
  /** Cap per term (null for an uncapped bonus/penalty). */
  cap: z.number().nullable(),
  records: z.number().int(),
});
export const ZFirstLevelScore = z.object({
  code: z.string(),
  name: z.string(),
  weight: z.number(),
  points: z.number(),
  max: z.number(),
  /** weight × points ÷ max, 2 decimals. */
  weighted: z.number(),
});

export const ZLeaderboardRow = z.object({
  rank: z.number().int(),
  delegationRank: z.number().int(),
  representative: z.object({
    id: z.number().int(),
    name: z.string(),
    delegation: z.string(),
    sector: z.string(),
    org: ZOrgRef,
  }),
  items: z.array(ZItemScore),
  firstLevel: z.array(ZFirstLevelScore),
  bonus: z.number(),
  penalty: z.number(),
  total: z.number(),
  records: z.number().int(),
  lastRecordAt: z.iso.datetime().nullable(),
});
export type TLeaderboardRow = z.infer<typeof ZLeaderboardRow>;

export const ZLeaderboardQuery = z.object({
  delegation: z.string().max(40).optional(),
  q: z.string().trim().max(30).optional(),
});
export const ZLeaderboard = z.object({
  congress: z.object({ id: z.number().int(), name: z.string(), state: z.enum(['active', 'closed']) }),
  schemeVersion: z.number().int(),
  /** From the archive snapshot (a closed term) or live. */
  archived: z.boolean(),
  archivedAt: z.iso.datetime().nullable(),
  definition: z.string(),
  delegations: z.array(z.string()),
  rows: z.array(ZLeaderboardRow),
});
export type TLeaderboard = z.infer<typeof ZLeaderboard>;

/** 履职画像 */
export const ZDutyProfile = z.object({
  congress: z.object({ id: z.number().int(), name: z.string(), state: z.enum(['active', 'closed']) }),
  archived: z.boolean(),
  schemeVersion: z.number().int(),
  definition: z.string(),
  score: ZLeaderboardRow,
  representativeCount: z.number().int(),
  /** Radar axes: the second-level indicators, points and cap each. */
  radar: z.array(z.object({ code: z.string(), name: z.string(), points: z.number(), cap: z.number() })),
  /** Every record of the term, newest first. */
  records: z.array(ZDutyRecord),
});
export type TDutyProfile = z.infer<typeof ZDutyProfile>;

/** Representatives with no record in the last N days. */
export const ZIdleRepresentative = z.object({
  representative: z.object({ id: z.number().int(), name: z.string(), delegation: z.string(), org: ZOrgRef }),
  lastRecordAt: z.iso.datetime().nullable(),
  idleDays: z.number().int().nullable(),
  remindedAt: z.iso.datetime().nullable(),
});
export const ZIdleQuery = z.object({ days: z.coerce.number().int().min(1).max(365).optional() });

// ---------------------------------------------------------------- archive

export const ZArchiveInput = z.object({ note: ZText(200).nullish() });
export const ZDutyArchive = z.object({
  congressId: z.number().int(),
  schemeVersion: z.number().int(),
  representatives: z.number().int(),
  records: z.number().int(),
  note: z.string().nullable(),
  archivedBy: ZUserRef.nullable(),
  archivedAt: z.iso.datetime(),
});
export type TDutyArchive = z.infer<typeof ZDutyArchive>;

/** A representative's own seats with their scores (H5 我的履职). */
export const ZMyDuty = z.array(
  z.object({
    congress: z.object({ id: z.number().int(), name: z.string(), state: z.enum(['active', 'closed']) }),
    representativeId: z.number().int(),
    total: z.number(),
    rank: z.number().int(),
    representativeCount: z.number().int(),
    records: z.number().int(),
    pending: z.number().int(),
  }),
);
