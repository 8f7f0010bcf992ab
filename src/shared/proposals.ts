import { z } from 'zod';
import { pageOf, ZIntId, ZMobile, ZOrgRef, ZPageQuery, ZText } from './common.ts';

/**
 * 云履职 (issue #8, seed 004 平湖/林埭): a union's standing member-representative congress (会员代表常任制),
 * its representatives, 联系服务 (workers message a representative), and representatives' proposals and
 * suggestions through the five-step loop 线上提交 → 代表审议 → 办理落实 → 执行督查 → 总结反馈, plus the
 * supervision board over every step's deadline. Appeals (职工事大家议) and referrals to the governance
 * platform are in `appeals.ts`. Contracts shared by the server routes and the web. Times are ISO strings.
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

export const ZUserRef = z.object({ id: z.number().int(), name: z.string() });
/**
 * Files of platform/files already uploaded to the record (`POST /api/v1/files` with its entity type and
 * id) that a progress update or reply refers to.
 */
export const ZFileIds = z.array(z.string().uuid('附件编号不正确')).max(9, '附件最多 9 个').default([]);

// ---------------------------------------------------------------- enums

/** Categories of proposals, suggestions and appeals (the seed's examples: 子女上学, 技能培训, 暑期托管). */
export const { values: proposalCategories, labels: proposalCategoryLabels } = labelled(
  [
    'employment',
    'wages',
    'rights',
    'safety',
    'children',
    'training',
    'welfare',
    'culture',
    'democracy',
    'other',
  ] as const,
  {
    employment: '劳动就业',
    wages: '工资收入',
    rights: '劳动权益',
    safety: '安全生产',
    children: '子女教育与托管',
    training: '技能培训',
    welfare: '生活福利',
    culture: '文体活动',
    democracy: '民主管理',
    other: '其他',
  },
);
export type ProposalCategory = (typeof proposalCategories)[number];

/** 界别 of a representative. */
export const { values: repSectors, labels: repSectorLabels } = labelled(
  ['frontline', 'technical', 'management', 'union_cadre', 'new_employment', 'other'] as const,
  {
    frontline: '一线职工',
    technical: '专业技术人员',
    management: '企业管理人员',
    union_cadre: '工会干部',
    new_employment: '新就业形态劳动者',
    other: '其他',
  },
);
export type RepSector = (typeof repSectors)[number];

export const { values: proposalKinds, labels: proposalKindLabels } = labelled(
  ['proposal', 'suggestion'] as const,
  { proposal: '提案', suggestion: '建议' },
);
export type ProposalKind = (typeof proposalKinds)[number];

/** Proposal lifecycle; transitions in `server/modules/proposals/proposals.flow.ts`. */
export const { values: proposalStates, labels: proposalStateLabels } = labelled(
  [
    'draft',
    'cosigning',
    'submitted',
    'returned',
    'filed',
    'handling',
    'replied',
    'feedback',
    'closed',
    'withdrawn',
  ] as const,
  {
    draft: '草稿',
    cosigning: '征集附议',
    submitted: '待审议',
    returned: '退回修改',
    filed: '已立案待交办',
    handling: '办理中',
    replied: '已答复待督查',
    feedback: '待评价',
    closed: '已办结',
    withdrawn: '已撤回',
  },
);
export type ProposalState = (typeof proposalStates)[number];
/** States still in the loop (counted on the supervision board and as not yet 办结). */
export const openProposalStates = [
  'submitted',
  'returned',
  'filed',
  'handling',
  'replied',
  'feedback',
] as const satisfies readonly ProposalState[];

/** The five steps of the loop, and which step each state is in (for the progress page). */
export const { values: loopSteps, labels: loopStepLabels } = labelled(
  ['submit', 'review', 'handle', 'supervise', 'feedback'] as const,
  {
    submit: '线上提交',
    review: '代表审议',
    handle: '办理落实',
    supervise: '执行督查',
    feedback: '总结反馈',
  },
);
export type LoopStep = (typeof loopSteps)[number];
export const stepOfState: Record<ProposalState, LoopStep | null> = {
  draft: 'submit',
  cosigning: 'submit',
  returned: 'submit',
  submitted: 'review',
  filed: 'handle',
  handling: 'handle',
  replied: 'supervise',
  feedback: 'feedback',
  closed: null,
  withdrawn: null,
};

export const { values: cosignStates, labels: cosignStateLabels } = labelled(
  ['invited', 'signed', 'declined', 'withdrawn'] as const,
  { invited: '已邀请', signed: '已附议', declined: '已谢绝', withdrawn: '已撤回附议' },
);
export type CosignState = (typeof cosignStates)[number];

/** 代表审议 outcomes. */
export const { values: reviewDecisions, labels: reviewDecisionLabels } = labelled(
  ['file', 'to_suggestion', 'return'] as const,
  { file: '立案', to_suggestion: '不立案，转为建议办理', return: '退回修改' },
);
export type ReviewDecision = (typeof reviewDecisions)[number];

/** 总结反馈: the proposer's (or appeal author's) rating. 不满意 reopens handling once. */
export const { values: satisfactionLevels, labels: satisfactionLabels } = labelled(
  ['satisfied', 'basically', 'unsatisfied'] as const,
  { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' },
);
export type Satisfaction = (typeof satisfactionLevels)[number];

/** Defaults of a congress's deadlines (days); each congress may set its own. */
export const DEFAULT_COSIGN_THRESHOLD = 2;
export const DEFAULT_COSIGN_WINDOW_DAYS = 7;
export const DEFAULT_REVIEW_DAYS = 7;
export const DEFAULT_HANDLE_DAYS = 30;
export const DEFAULT_SUPERVISE_DAYS = 5;
export const DEFAULT_FEEDBACK_DAYS = 15;
/** After a first missed deadline the handler is reminded and has this many days before escalation. */
export const DEFAULT_GRACE_DAYS = 3;

// ---------------------------------------------------------------- congresses and sessions

export const ZCongressSettings = z.object({
  /** Co-signers a proposal needs within the window, otherwise it is handled as a suggestion. */
  cosignThreshold: z.number().int().min(0).max(100).default(DEFAULT_COSIGN_THRESHOLD),
  cosignWindowDays: z.number().int().min(1).max(60).default(DEFAULT_COSIGN_WINDOW_DAYS),
  reviewDays: z.number().int().min(1).max(90).default(DEFAULT_REVIEW_DAYS),
  handleDays: z.number().int().min(1).max(365).default(DEFAULT_HANDLE_DAYS),
  superviseDays: z.number().int().min(1).max(60).default(DEFAULT_SUPERVISE_DAYS),
  feedbackDays: z.number().int().min(1).max(60).default(DEFAULT_FEEDBACK_DAYS),
  graceDays: z.number().int().min(1).max(30).default(DEFAULT_GRACE_DAYS),
});
export type TCongressSettings = z.infer<typeof ZCongressSettings>;

export const ZCongressInput = z
  .object({
    /** The union holding the congress (e.g. 林埭镇总工会); within the actor's subtree. */
    orgId: z.number().int().positive('请选择工会'),
    name: ZText(60).min(2, '请填写名称（如 林埭镇工会第一届会员代表大会）'),
    /** 届次 */
    termNo: z.number().int().min(1, '届次应为正整数').max(99),
    termStart: z.iso.date('请填写任期开始日期'),
    termEnd: z.iso.date('请填写任期结束日期'),
  })
  .merge(ZCongressSettings)
  .refine((c) => c.termStart < c.termEnd, { path: ['termEnd'], message: '任期结束应晚于开始' });
export type TCongressInput = z.infer<typeof ZCongressInput>;
/** Only the fields sent change (no defaults here, so a PATCH never resets an unsent setting). */
export const ZCongressUpdate = z
  .object({
    name: ZText(60).min(2),
    termStart: z.iso.date(),
    termEnd: z.iso.date(),
    cosignThreshold: z.number().int().min(0).max(100),
    cosignWindowDays: z.number().int().min(1).max(60),
    reviewDays: z.number().int().min(1).max(90),
    handleDays: z.number().int().min(1).max(365),
    superviseDays: z.number().int().min(1).max(60),
    feedbackDays: z.number().int().min(1).max(60),
    graceDays: z.number().int().min(1).max(30),
  })
  .partial();

export const ZCongress = z
  .object({
    id: z.number().int(),
    org: ZOrgRef,
    name: z.string(),
    termNo: z.number().int(),
    termStart: z.iso.date(),
    termEnd: z.iso.date(),
    /** `closed` once the term is archived (issue #9). */
    state: z.enum(['active', 'closed']),
    representativeCount: z.number().int(),
    proposalCount: z.number().int(),
  })
  .merge(ZCongressSettings);
export type TCongress = z.infer<typeof ZCongress>;
export const ZListCongressesQuery = z.object({ orgId: ZIntId.optional() });

/** 大会/会议: a session of the congress (check-in and attendance come with issue #9). */
export const ZCongressSessionInput = z
  .object({
    title: ZText(60).min(2, '请填写会议名称'),
    startsAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    endsAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    venue: ZText(100).min(2, '请填写会议地点'),
  })
  .refine((s) => Date.parse(s.startsAt) < Date.parse(s.endsAt), {
    path: ['endsAt'],
    message: '结束时间应晚于开始时间',
  });
export const ZCongressSession = z.object({
  id: z.number().int(),
  congressId: z.number().int(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  venue: z.string(),
});
export type TCongressSession = z.infer<typeof ZCongressSession>;

// ---------------------------------------------------------------- representatives (directory)

export const ZRepresentativeInput = z.object({
  /** An existing user; the service gives them the `representative` role in `orgId` if they lack it. */
  userId: z.number().int().positive('请选择职工'),
  /** The grassroots union the representative comes from (within the congress's union). */
  orgId: z.number().int().positive('请选择所在单位工会'),
  sector: z.enum(repSectors, '请选择界别'),
  /** 代表团/代表小组 */
  delegation: ZText(30).min(1, '请填写所在代表小组'),
  /** 职务 / short introduction shown in the directory. */
  title: ZText(40).nullable().optional(),
  /** Contact mobile; stored encrypted, shown masked to workers. */
  mobile: ZMobile.nullable().optional(),
});
export type TRepresentativeInput = z.infer<typeof ZRepresentativeInput>;
export const ZRepresentativeUpdate = ZRepresentativeInput.omit({ userId: true })
  .extend({ active: z.boolean() })
  .partial();

export const ZRepresentative = z.object({
  id: z.number().int(),
  congressId: z.number().int(),
  user: ZUserRef,
  org: ZOrgRef,
  sector: z.enum(repSectors),
  delegation: z.string(),
  title: z.string().nullable(),
  /** Masked (138****1234) except for cadres of the congress's union. */
  mobile: z.string().nullable(),
  active: z.boolean(),
  proposalCount: z.number().int(),
  cosignCount: z.number().int(),
  messageCount: z.number().int(),
});
export type TRepresentative = z.infer<typeof ZRepresentative>;
export const ZRepresentativePage = pageOf(ZRepresentative);
export const ZListRepresentativesQuery = ZPageQuery.extend({
  congressId: ZIntId.optional(),
  sector: z.enum(repSectors).optional(),
  delegation: ZText(30).optional(),
  /** Name or unit. */
  q: ZText(30).optional(),
  active: z.enum(['true', 'false']).optional(),
});

// ---------------------------------------------------------------- 联系服务 (worker ↔ representative)

export const ZContactThreadInput = z.object({
  representativeId: z.number().int().positive('请选择代表'),
  subject: ZText(60).min(2, '请填写主题'),
  body: ZText(1000).min(5, '请写明您想反映的事（至少 5 个字）'),
});
export const ZContactMessageInput = z.object({ body: ZText(1000).min(1, '请填写内容') });
export const ZContactMessage = z.object({
  id: z.number().int(),
  author: z.enum(['worker', 'representative']),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});
export const ZContactThread = z.object({
  id: z.number().int(),
  representative: z.object({ id: z.number().int(), name: z.string(), org: z.string() }),
  worker: z.object({ id: z.number().int(), name: z.string(), org: z.string() }),
  subject: z.string(),
  state: z.enum(['awaiting_reply', 'replied', 'closed']),
  lastMessageAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  messages: z.array(ZContactMessage),
});
export type TContactThread = z.infer<typeof ZContactThread>;
export const ZContactThreadSummary = ZContactThread.omit({ messages: true }).extend({
  lastMessage: z.string(),
});
export const ZContactThreadPage = pageOf(ZContactThreadSummary);
export const ZListContactThreadsQuery = ZPageQuery.extend({
  /** `mine`: the worker's own threads, or the representative's inbox; `org`: all of the union (cadres). */
  scope: z.enum(['mine', 'org']).default('mine'),
  state: z.enum(['awaiting_reply', 'replied', 'closed']).optional(),
});

// ---------------------------------------------------------------- proposals

export const ZProposalDraft = z.object({
  congressId: z.number().int().positive('请选择会员代表大会'),
  kind: z.enum(proposalKinds).default('proposal'),
  title: ZText(80).min(4, '请填写标题（至少 4 个字）'),
  category: z.enum(proposalCategories, '请选择类别'),
  /** 案由 / 理由 */
  reasons: ZText(3000).min(10, '请写明理由（至少 10 个字）'),
  /** 具体建议 / 办理请求 */
  request: ZText(3000).min(10, '请写明具体建议（至少 10 个字）'),
  /** Representatives of the same congress invited to co-sign (representative ids). */
  cosignerIds: z.array(z.number().int().positive()).max(200).default([]),
  /** The appeal the union turned into this proposal (职工事大家议 → 提案). */
  sourceAppealId: z.number().int().positive().nullable().optional(),
});
export type TProposalDraft = z.infer<typeof ZProposalDraft>;
export const ZProposalDraftUpdate = ZProposalDraft.omit({ congressId: true, sourceAppealId: true }).partial();

export const ZReviewInput = z
  .object({
    decision: z.enum(reviewDecisions, '请选择审议意见'),
    reason: ZText(500).nullable().optional(),
  })
  .refine((r) => r.decision === 'file' || (r.reason ?? '').length >= 2, {
    path: ['reason'],
    message: '不立案或退回修改须写明理由',
  });
export type TReviewInput = z.infer<typeof ZReviewInput>;

export const ZAssignInput = z.object({
  /** 主办单位: an org within the congress's union, or a partner org. */
  leadOrgId: z.number().int().positive('请选择主办单位'),
  /** 协办单位 */
  coOrgIds: z.array(z.number().int().positive()).max(10).default([]),
  /** Beijing date the reply is due; default today + the congress's handleDays. */
  dueDate: z.iso.date().optional(),
  note: ZText(500).nullable().optional(),
});
export type TAssignInput = z.infer<typeof ZAssignInput>;

export const ZProgressInput = z.object({
  text: ZText(2000).min(2, '请填写办理进展'),
  percent: z.number().int().min(0, '进度 0–100').max(100, '进度 0–100'),
  fileIds: ZFileIds,
});
export const ZReplyInput = z.object({
  text: ZText(3000).min(10, '请填写答复内容（至少 10 个字）'),
  fileIds: ZFileIds,
});
export const ZSuperviseInput = z
  .object({
    decision: z.enum(['accept', 'send_back'], '请选择督查意见'),
    note: ZText(500).nullable().optional(),
  })
  .refine((s) => s.decision === 'accept' || (s.note ?? '').length >= 2, {
    path: ['note'],
    message: '退回重办须写明意见',
  });
export const ZRateInput = z.object({
  satisfaction: z.enum(satisfactionLevels, '请选择满意度'),
  comment: ZText(500).nullable().optional(),
});
export type TRateInput = z.infer<typeof ZRateInput>;
export const ZNoteInput = z.object({ note: ZText(500).nullable().optional() });

export const ZCosigner = z.object({
  representativeId: z.number().int(),
  name: z.string(),
  org: z.string(),
  state: z.enum(cosignStates),
  signedAt: z.iso.datetime().nullable(),
});
export const ZProposalUpdate = z.object({
  id: z.number().int(),
  kind: z.enum(['progress', 'reply']),
  org: ZOrgRef,
  author: z.string(),
  text: z.string(),
  percent: z.number().int().nullable(),
  /** 1 for the first handling, 2 after 不满意 reopened it. */
  round: z.number().int(),
  fileIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type TProposalUpdate = z.infer<typeof ZProposalUpdate>;

/** One step of the loop on the progress page: when it started, finished, who acted and what was said. */
export const ZLoopStep = z.object({
  step: z.enum(loopSteps),
  label: z.string(),
  status: z.enum(['done', 'current', 'pending', 'skipped']),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  dueAt: z.iso.datetime().nullable(),
  actor: z.string().nullable(),
  note: z.string().nullable(),
});
export type TLoopStep = z.infer<typeof ZLoopStep>;

/** One entry of a proposal's timeline (every state change and co-sign), labelled in Chinese by the server. */
export const ZProposalEvent = z.object({
  event: z.string(),
  label: z.string(),
  at: z.iso.datetime(),
  actor: z.string().nullable(),
  note: z.string().nullable(),
});
export type TProposalEvent = z.infer<typeof ZProposalEvent>;

export const ZProposalSummary = z.object({
  id: z.number().int(),
  /** TA-2026-0001 (proposal number, e.g. 提案 TA / 建议 JY is the `kind`). */
  code: z.string(),
  congress: z.object({ id: z.number().int(), name: z.string() }),
  org: ZOrgRef,
  kind: z.enum(proposalKinds),
  title: z.string(),
  category: z.enum(proposalCategories),
  state: z.enum(proposalStates),
  proposer: z.object({ id: z.number().int(), name: z.string(), org: z.string() }),
  cosignedCount: z.number().int(),
  leadOrg: ZOrgRef.nullable(),
  /** Deadline of the current step (null when closed). */
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  satisfaction: z.enum(satisfactionLevels).nullable(),
  submittedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The kind the proposer asked for (a proposal without enough co-signers becomes a suggestion). */
  requestedKind: z.enum(proposalKinds),
});
export type TProposalSummary = z.infer<typeof ZProposalSummary>;
export const ZProposalPage = pageOf(ZProposalSummary);

export const ZProposal = ZProposalSummary.extend({
  reasons: z.string(),
  request: z.string(),
  cosignThreshold: z.number().int(),
  cosignDeadline: z.iso.datetime().nullable(),
  cosigners: z.array(ZCosigner),
  coOrgs: z.array(ZOrgRef),
  reviewReason: z.string().nullable(),
  updates: z.array(ZProposalUpdate),
  /** 0, or 1 once 不满意 reopened handling. */
  reopenCount: z.number().int(),
  ratingComment: z.string().nullable(),
  sourceAppeal: z.object({ id: z.number().int(), code: z.string(), title: z.string() }).nullable(),
  steps: z.array(ZLoopStep),
  /** Oldest first: drafting, co-signing, each step with who and the note (fits the console's EventTimeline). */
  timeline: z.array(ZProposalEvent),
  /** What the current user may do now (drives the buttons). */
  can: z.object({
    edit: z.boolean(),
    /** Start the co-signing window (the proposer, on a draft). */
    openCosign: z.boolean(),
    submit: z.boolean(),
    withdraw: z.boolean(),
    cosign: z.boolean(),
    withdrawCosign: z.boolean(),
    review: z.boolean(),
    assign: z.boolean(),
    progress: z.boolean(),
    reply: z.boolean(),
    supervise: z.boolean(),
    rate: z.boolean(),
    /** 逾期未评价办结 (a union cadre, once the rating deadline has passed). */
    closeUnrated: z.boolean(),
  }),
});
export type TProposal = z.infer<typeof ZProposal>;

/**
 * The progress page (时时查看、全程直播) a member of the union sees: every step with dates, the units, the
 * updates and the final reply; no contact details.
 */
export const ZProposalProgress = ZProposal.omit({ can: true, sourceAppeal: true });
export type TProposalProgress = z.infer<typeof ZProposalProgress>;

export const ZListProposalsQuery = ZPageQuery.extend({
  congressId: ZIntId.optional(),
  orgId: ZIntId.optional(),
  kind: z.enum(proposalKinds).optional(),
  state: z.enum(proposalStates).optional(),
  category: z.enum(proposalCategories).optional(),
  /** `mine`: the proposer's own; `cosign`: invitations to the current representative; `handling`: where
   * the actor's org is lead or co-handler; `all` (default): what the actor may see. */
  scope: z.enum(['all', 'mine', 'cosign', 'handling']).default('all'),
  q: ZText(40).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type TListProposalsQuery = z.infer<typeof ZListProposalsQuery>;

// ---------------------------------------------------------------- supervision board (督办)

export const { values: superviseSubjects, labels: superviseSubjectLabels } = labelled(
  ['proposal', 'appeal', 'referral'] as const,
  { proposal: '提案建议', appeal: '职工诉求', referral: '转治理平台事项' },
);
export type SuperviseSubject = (typeof superviseSubjects)[number];

export const { values: boardSteps, labels: boardStepLabels } = labelled(
  ['review', 'handle', 'supervise', 'feedback', 'triage', 'appeal_handle', 'referral'] as const,
  {
    review: '代表审议',
    handle: '办理落实',
    supervise: '执行督查',
    feedback: '总结反馈',
    triage: '诉求分办',
    appeal_handle: '诉求办理',
    referral: '治理平台办理',
  },
);
export type BoardStep = (typeof boardSteps)[number];

/** 0 = due within a day (heads-up), 1 = first miss (reminder), 2 = second miss (escalated to parent). */
export const ZBoardItem = z.object({
  subject: z.enum(superviseSubjects),
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  step: z.enum(boardSteps),
  /** The org that must act now (handling unit, the union, the governance partner). */
  handler: ZOrgRef,
  dueAt: z.iso.datetime(),
  overdueDays: z.number().int(),
  status: z.enum(['due_soon', 'overdue', 'escalated']),
  remindersSent: z.number().int(),
  escalatedTo: ZOrgRef.nullable(),
  lastReminderAt: z.iso.datetime().nullable(),
});
export type TBoardItem = z.infer<typeof ZBoardItem>;
export const ZBoard = z.object({
  items: z.array(ZBoardItem),
  counts: z.object({ dueSoon: z.number().int(), overdue: z.number().int(), escalated: z.number().int() }),
});
export type TBoard = z.infer<typeof ZBoard>;
export const ZBoardQuery = z.object({
  orgId: ZIntId.optional(),
  subject: z.enum(superviseSubjects).optional(),
  status: z.enum(['due_soon', 'overdue', 'escalated']).optional(),
});
