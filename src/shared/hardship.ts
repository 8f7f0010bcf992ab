import { z } from 'zod';
import { pageOf, ZDate, ZFen, ZIntId, ZMobile, ZPageQuery, ZText } from './common.ts';

/**
 * 困难职工帮扶 (hardship archives): enum values with their Chinese labels and the zod contracts the
 * server routes and the web forms share. Money is always an integer number of fen (分).
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

/** Archive lifecycle states; the transitions are in `server/modules/hardship/hardship.flow.ts`. */
export const archiveStates = [
  'applied',
  'accepted',
  'reviewing',
  'reviewed',
  'publicizing',
  'filed',
  'rejected',
  'exited',
] as const;
export type ArchiveState = (typeof archiveStates)[number];
export const archiveStateLabels: Record<ArchiveState, string> = {
  applied: '已申请（待受理）',
  accepted: '已受理（待入户核查）',
  reviewing: '审核中',
  reviewed: '审核通过（待公示）',
  publicizing: '公示中',
  filed: '在档',
  rejected: '已驳回',
  exited: '已解档（脱困）',
};
/** States in which an ID number counts as "on file" for the one-active-archive rule. */
export const inactiveArchiveStates = ['rejected', 'exited'] as const satisfies readonly ArchiveState[];

export const { values: sexes, labels: sexLabels } = labelled(['male', 'female'] as const, {
  male: '男',
  female: '女',
});

export const { values: healthStatuses, labels: healthLabels } = labelled(
  ['healthy', 'chronic', 'serious', 'disabled'] as const,
  { healthy: '健康', chronic: '慢性病', serious: '大病', disabled: '残疾' },
);

export const { values: disabilityCategories, labels: disabilityLabels } = labelled(
  ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const,
  {
    visual: '视力残疾',
    hearing: '听力残疾',
    speech: '言语残疾',
    physical: '肢体残疾',
    intellectual: '智力残疾',
    mental: '精神残疾',
    multiple: '多重残疾',
  },
);

export const { values: workStatuses, labels: workStatusLabels } = labelled(
  ['employed', 'laidOff', 'unemployed', 'retired', 'migrant', 'newForm'] as const,
  {
    employed: '在岗',
    laidOff: '下岗',
    unemployed: '失业',
    retired: '退休',
    migrant: '农民工',
    newForm: '新就业形态',
  },
);

/** 致困原因 */
export const { values: hardshipCauses, labels: hardshipCauseLabels } = labelled(
  [
    'noWorkAbility',
    'unemployedAble',
    'laidOff',
    'noSocialInsurance',
    'insufficientBenefits',
    'seriousIllness',
    'naturalDisaster',
    'accident',
    'schooling',
    'other',
  ] as const,
  {
    noWorkAbility: '无劳动能力',
    unemployedAble: '有劳动能力未就业',
    laidOff: '下岗失业',
    noSocialInsurance: '未参加社保',
    insufficientBenefits: '社保待遇不到位',
    seriousIllness: '患重特大疾病',
    naturalDisaster: '自然灾害',
    accident: '意外事故',
    schooling: '子女上学',
    other: '其他',
  },
);
export type HardshipCause = (typeof hardshipCauses)[number];

/** 困难类别 */
export const { values: hardshipCategories, labels: hardshipCategoryLabels } = labelled(
  ['deep', 'relative', 'accident'] as const,
  { deep: '深度困难', relative: '相对困难', accident: '意外致困' },
);
export type HardshipCategory = (typeof hardshipCategories)[number];

export const { values: housingTypes, labels: housingTypeLabels } = labelled(
  ['owned', 'rented', 'public', 'other'] as const,
  { owned: '自有住房', rented: '租住', public: '公租房', other: '其他' },
);

export const { values: measureStatuses, labels: measureStatusLabels } = labelled(
  ['planned', 'ongoing', 'done'] as const,
  { planned: '未开始', ongoing: '进行中', done: '已完成' },
);

export const { values: exitReasons, labels: exitReasonLabels } = labelled(
  ['incomeMet', 'retired', 'movedOut', 'deceased', 'other'] as const,
  { incomeMet: '收入达标', retired: '退休', movedOut: '迁出', deceased: '去世', other: '其他' },
);

export const { values: applicationChannels, labels: applicationChannelLabels } = labelled(
  ['window', 'self'] as const,
  { window: '窗口受理', self: '职工自主申请' },
);

/** 低保 standard used when neither the archive's org nor any ancestor has one configured (fen/month). */
export const DEFAULT_DIBAO_MONTHLY_FEN = 85_000;

/** Share of income above which rigid expenses (medical + schooling) make a family 意外致困. */
export const RIGID_EXPENSE_SHARE = 0.8;

/**
 * Monthly per-capita income in fen (rounded down): household annual disposable income ÷ 12 ÷ members.
 */
export function perCapitaMonthlyFen(annualIncomeFen: number, householdSize: number): number {
  return Math.floor(annualIncomeFen / 12 / Math.max(1, householdSize));
}

/**
 * The category the income section suggests (the cadre confirms or overrides it):
 * 深度困难 below 1× the 低保 standard; otherwise 意外致困 when the main cause is an accident or a
 * natural disaster or rigid expenses exceed 80% of income; otherwise 相对困难 below 2×; else none
 * (the family does not meet the filing standard).
 */
export function suggestCategory(input: {
  annualIncomeFen: number;
  medicalExpenseFen: number;
  schoolingExpenseFen: number;
  householdSize: number;
  mainCause: HardshipCause;
  dibaoMonthlyFen: number;
}): HardshipCategory | null {
  const perCapita = perCapitaMonthlyFen(input.annualIncomeFen, input.householdSize);
  if (perCapita < input.dibaoMonthlyFen) return 'deep';
  const rigid = input.medicalExpenseFen + input.schoolingExpenseFen;
  if (
    input.mainCause === 'accident' ||
    input.mainCause === 'naturalDisaster' ||
    rigid > input.annualIncomeFen * RIGID_EXPENSE_SHARE
  ) {
    return 'accident';
  }
  if (perCapita < 2 * input.dibaoMonthlyFen) return 'relative';
  return null;
}

// ---------------------------------------------------------------- inputs

export const ZHouseholdMemberInput = z.object({
  name: ZText(40).min(1, '请填写成员姓名'),
  relation: ZText(20).min(1, '请填写与申请人关系'),
  /** Validated on the server (GB 11643 check digit); stored encrypted. */
  idCard: z.string().trim().max(18).nullable().optional(),
  /**
   * On an edit, with no `idCard`: keep the ID number stored for the member at this position of the saved
   * household (the console shows it masked, so an edit need neither reveal nor retype it).
   */
  keepIdCardOf: z.number().int().min(0).max(19).optional(),
  health: z.enum(healthStatuses).optional(),
  annualIncomeFen: ZFen.optional(),
  schoolOrEmployer: ZText(100).nullable().optional(),
});

const basicFields = {
  name: ZText(40).min(1, '请填写姓名'),
  mobile: ZMobile.nullable().optional(),
  ethnicity: ZText(20).nullable().optional(),
  health: z.enum(healthStatuses),
  disabilityCategory: z.enum(disabilityCategories).nullable().optional(),
  workStatus: z.enum(workStatuses),
  employer: ZText(100).nullable().optional(),
  /** Name of the employer's grassroots union, as text (it may not be on the platform yet). */
  employerUnion: ZText(100).nullable().optional(),
  address: ZText(200).nullable().optional(),
  members: z.array(ZHouseholdMemberInput).max(20, '家庭成员最多 20 人').default([]),
  bankName: ZText(60).nullable().optional(),
  bankAccount: z
    .string()
    .trim()
    .regex(/^\d{8,30}$/, '银行账号应为 8–30 位数字')
    .nullable()
    .optional(),
};

export const ZBasicInput = z.object({
  ...basicFields,
  /** 18-digit resident ID; checked on the server, stored encrypted, searchable by blind index. */
  idCard: z.string().trim().min(1, '请填写身份证号').max(18, '身份证号应为 18 位'),
});
/** Basic section edits: everything but the ID number (a wrong ID means rejecting and refiling). */
export const ZBasicUpdate = z
  .object({
    ...basicFields,
    // Absent means "keep the household as it is" (a `.default([])` under `.partial()` would still apply in
    // zod 4, and an edit of 民族 wiped the members).
    members: z.array(ZHouseholdMemberInput).max(20, '家庭成员最多 20 人').optional(),
  })
  .partial();

export const ZCausesInput = z
  .object({
    main: z.enum(hardshipCauses),
    secondary: z.array(z.enum(hardshipCauses)).max(3, '次要致困原因最多 3 项').default([]),
    otherText: ZText(200).nullable().optional(),
  })
  .refine((c) => !c.secondary.includes(c.main), {
    message: '次要原因不能与主要原因相同',
    path: ['secondary'],
  })
  .refine((c) => new Set(c.secondary).size === c.secondary.length, {
    message: '次要原因不能重复',
    path: ['secondary'],
  })
  .refine((c) => !(c.main === 'other' || c.secondary.includes('other')) || Boolean(c.otherText), {
    message: '选择「其他」时请说明具体原因',
    path: ['otherText'],
  });

export const ZIncomeInput = z.object({
  /** Household annual disposable income. */
  annualIncomeFen: ZFen,
  medicalExpenseFen: ZFen.default(0),
  schoolingExpenseFen: ZFen.default(0),
  householdSize: z.number().int().min(1, '家庭人口至少 1 人').max(30),
  /** The cadre's confirmed category; when it differs from the suggestion a reason is required. */
  category: z.enum(hardshipCategories).nullable().optional(),
  categoryReason: ZText(500).nullable().optional(),
});

export const ZHousingInput = z.object({
  type: z.enum(housingTypes),
  areaM2: z.number().min(0).max(10_000).nullable().optional(),
  condition: ZText(200).nullable().optional(),
});

export const ZMeasure = z.object({
  type: ZText(40).min(1, '请填写帮扶措施类型'),
  responsible: ZText(40).min(1, '请填写责任人'),
  targetDate: ZDate.nullable().optional(),
  status: z.enum(measureStatuses).default('planned'),
  result: ZText(500).nullable().optional(),
});

export const ZCreateArchiveInput = z.object({
  /** The org the archive belongs to (usually the worker's grassroots union); in the caller's subtree. */
  orgId: z.number().int().positive(),
  basic: ZBasicInput,
  causes: ZCausesInput,
  income: ZIncomeInput,
  housing: ZHousingInput.nullable().optional(),
  plan: z.array(ZMeasure).max(30).default([]),
  /** 结对帮扶责任人: a cadre of an org in the caller's subtree. */
  helperUserId: z.number().int().positive().nullable().optional(),
  note: ZText(500).optional(),
});
export type TCreateArchiveInput = z.infer<typeof ZCreateArchiveInput>;

/** A worker's own application (自主申请) on the H5: to their own union, without helper, plan or category. */
export const ZSelfApplyInput = z.object({
  basic: ZBasicInput,
  causes: ZCausesInput,
  income: ZIncomeInput.omit({ category: true, categoryReason: true }),
  housing: ZHousingInput.nullable().optional(),
  note: ZText(500).optional(),
});
export type TSelfApplyInput = z.infer<typeof ZSelfApplyInput>;

/** Replace whole sections; omit a section to leave it as it is. */
export const ZUpdateArchiveInput = z
  .object({
    basic: ZBasicUpdate.optional(),
    causes: ZCausesInput.optional(),
    income: ZIncomeInput.optional(),
    housing: ZHousingInput.nullable().optional(),
    plan: z.array(ZMeasure).max(30).optional(),
  })
  .refine((v) => Object.values(v).some((s) => s !== undefined), { message: '没有要修改的内容' });
export type TUpdateArchiveInput = z.infer<typeof ZUpdateArchiveInput>;

export const ZArchiveIdParam = z.object({ id: ZIntId });

export const ZListArchivesQuery = ZPageQuery.extend({
  /** Root of the org subtree to list (defaults to the caller's org). */
  orgId: ZIntId.optional(),
  state: z.enum(archiveStates).optional(),
  category: z.enum(hardshipCategories).optional(),
  mainCause: z.enum(hardshipCauses).optional(),
  /** 次要致困原因: archives listing this cause among their secondary ones. */
  secondaryCause: z.enum(hardshipCauses).optional(),
  helperUserId: ZIntId.optional(),
  /** Filed archives whose yearly review is overdue, or due within 30 days. */
  reviewDue: z.enum(['overdue', 'within30']).optional(),
  /** Name (contains), or an exact 18-digit ID number or 11-digit mobile (blind index). */
  q: z.string().trim().max(40).optional(),
});
export type TListArchivesQuery = z.infer<typeof ZListArchivesQuery>;

export const ZTransitionNote = z.object({ note: ZText(500).optional() });
export const ZPublicizeInput = z
  .object({ start: ZDate, end: ZDate, note: ZText(500).optional() })
  .refine((v) => v.end >= v.start, { message: '公示结束日期不能早于开始日期', path: ['end'] });
export const ZRejectInput = z.object({ reason: ZText(500).min(1, '请填写驳回理由') });
export const ZExitInput = z
  .object({ reason: z.enum(exitReasons), note: ZText(500).optional() })
  .refine((v) => v.reason !== 'other' || Boolean(v.note), {
    message: '选择「其他」时请说明解档原因',
    path: ['note'],
  });

export const ZVisitInput = z.object({
  visitDate: ZDate,
  visitors: ZText(200).min(1, '请填写核查人员'),
  findings: ZText(2000).min(1, '请填写核查情况'),
});
export const ZVisit = z.object({
  id: z.number().int(),
  visitDate: z.string(),
  visitors: z.string(),
  findings: z.string(),
  recordedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TVisit = z.infer<typeof ZVisit>;

export const ZAssignHelperInput = z.object({
  userId: z.number().int().positive(),
  reason: ZText(200).optional(),
});

export const ZHelper = z.object({
  userId: z.number().int(),
  name: z.string(),
  phone: z.string().nullable().describe('masked'),
  orgName: z.string().nullable(),
});
export const ZHelperChange = z.object({
  id: z.number().int(),
  helper: ZHelper.nullable(),
  reason: z.string().nullable(),
  changedBy: z.string().nullable(),
  at: z.iso.datetime(),
});

export const ZDibaoSetting = z.object({
  orgId: z.number().int(),
  /** The org whose setting applies (this org or its nearest ancestor); null = platform default. */
  fromOrgId: z.number().int().nullable(),
  dibaoMonthlyFen: z.number().int(),
});
export const ZDibaoQuery = z.object({ orgId: ZIntId });
/** Real local standards are hundreds to low thousands of yuan; 10,000 catches a slipped digit. */
export const DIBAO_MAX_MONTHLY_FEN = 1_000_000;
export const ZSetDibaoInput = z.object({
  orgId: z.number().int().positive(),
  dibaoMonthlyFen: ZFen.min(1, '低保标准应大于 0').max(
    DIBAO_MAX_MONTHLY_FEN,
    '低保标准不能超过 10,000 元/人·月',
  ),
});

// ---------------------------------------------------------------- outputs (masked)

export const ZHouseholdMember = z.object({
  name: z.string(),
  relation: z.string(),
  idCard: z.string().nullable().describe('masked'),
  health: z.enum(healthStatuses).nullable(),
  annualIncomeFen: z.number().int().nullable(),
  schoolOrEmployer: z.string().nullable(),
  /** The member has an active hardship archive of their own (anywhere on the platform). */
  archived: z.boolean(),
});

export const ZArchive = z.object({
  id: z.number().int(),
  state: z.enum(archiveStates),
  channel: z.enum(applicationChannels),
  org: z.object({ id: z.number().int(), name: z.string() }),
  basic: z.object({
    name: z.string(),
    idCard: z.string().describe('masked, e.g. 4510**********1234'),
    sex: z.enum(sexes),
    birthYear: z
      .number()
      .int()
      .describe(
        'the full birth date is 8 of the ID number’s hidden digits: it comes with the unmasked data only',
      ),
    mobile: z.string().nullable().describe('masked'),
    ethnicity: z.string().nullable(),
    health: z.enum(healthStatuses),
    disabilityCategory: z.enum(disabilityCategories).nullable(),
    workStatus: z.enum(workStatuses),
    employer: z.string().nullable(),
    employerUnion: z.string().nullable(),
    address: z.string().nullable().describe('partially hidden'),
    members: z.array(ZHouseholdMember),
    bankName: z.string().nullable(),
    bankAccount: z.string().nullable().describe('masked: last 4 digits'),
  }),
  helper: ZHelper.nullable(),
  causes: z.object({
    main: z.enum(hardshipCauses),
    secondary: z.array(z.enum(hardshipCauses)),
    otherText: z.string().nullable(),
  }),
  income: z.object({
    annualIncomeFen: z.number().int(),
    medicalExpenseFen: z.number().int(),
    schoolingExpenseFen: z.number().int(),
    householdSize: z.number().int(),
    perCapitaMonthlyFen: z.number().int(),
    dibaoMonthlyFen: z.number().int(),
    suggestedCategory: z.enum(hardshipCategories).nullable(),
    category: z.enum(hardshipCategories).nullable(),
    categoryReason: z.string().nullable(),
  }),
  housing: z
    .object({ type: z.enum(housingTypes), areaM2: z.number().nullable(), condition: z.string().nullable() })
    .nullable(),
  plan: z.array(
    z.object({
      type: z.string(),
      responsible: z.string(),
      targetDate: z.string().nullable(),
      status: z.enum(measureStatuses),
      result: z.string().nullable(),
    }),
  ),
  publicity: z.object({ start: z.string(), end: z.string() }).nullable(),
  rejectReason: z.string().nullable(),
  exit: z.object({ reason: z.enum(exitReasons), note: z.string().nullable() }).nullable(),
  filedAt: z.iso.datetime().nullable(),
  /** Next yearly review (年度复核) of a filed archive. */
  reviewDue: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TArchive = z.infer<typeof ZArchive>;

export const ZArchiveListItem = z.object({
  id: z.number().int(),
  state: z.enum(archiveStates),
  org: z.object({ id: z.number().int(), name: z.string() }),
  name: z.string(),
  idCard: z.string().describe('masked'),
  sex: z.enum(sexes),
  mainCause: z.enum(hardshipCauses),
  category: z.enum(hardshipCategories).nullable(),
  suggestedCategory: z.enum(hardshipCategories).nullable(),
  perCapitaMonthlyFen: z.number().int(),
  helperName: z.string().nullable(),
  reviewDue: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type TArchiveListItem = z.infer<typeof ZArchiveListItem>;
/** Lists count matching archives up to this many; beyond it `totalCapped` says the total is a lower bound. */
export const ARCHIVE_COUNT_CAP = 10_000;
export const ZArchivePage = pageOf(ZArchiveListItem).extend({
  totalCapped: z.boolean().describe(`true: more than ${ARCHIVE_COUNT_CAP} match, total is the cap`),
});

/** Unmasked personal data of one archive; every read is audited as `hardship.viewPii`. */
export const ZArchivePii = z.object({
  id: z.number().int(),
  idCard: z.string(),
  birthDate: z.string().describe('YYYY-MM-DD'),
  mobile: z.string().nullable(),
  address: z.string().nullable(),
  bankAccount: z.string().nullable(),
  members: z.array(z.object({ name: z.string(), idCard: z.string().nullable() })),
});
export type TArchivePii = z.infer<typeof ZArchivePii>;

/** One line of a public notice (公示): nothing that identifies the person beyond a masked name. */
export const ZPublicNotice = z.object({
  name: z.string().describe('masked, e.g. 黄*英'),
  orgName: z.string(),
  category: z.enum(hardshipCategories).nullable(),
  start: z.string(),
  end: z.string(),
});
export type TPublicNotice = z.infer<typeof ZPublicNotice>;
export const ZPublicNoticeQuery = z.object({ orgId: ZIntId });

/** One step of a worker's own application as they see it (no staff names). */
export const ZMyProgressStep = z.object({
  event: z.string(),
  label: z.string(),
  state: z.enum(archiveStates),
  note: z.string().nullable(),
  at: z.iso.datetime(),
});
export type TMyProgressStep = z.infer<typeof ZMyProgressStep>;

// ---------------------------------------------------------------- personal QR (个人二维码)

/** An archive's personal QR code: the public page's absolute URL and the QR image as SVG. */
export const ZArchiveQr = z.object({
  url: z.string(),
  svg: z.string(),
  createdAt: z.string(),
});
export type TArchiveQr = z.infer<typeof ZArchiveQr>;

/** Printable cards: chosen archive ids (`1,2,3`) or every filed archive of an org's subtree. */
export const ZQrCardsQuery = z
  .object({
    ids: z
      .string()
      .regex(/^\d{1,10}(,\d{1,10})*$/, '档案编号以逗号分隔')
      .transform((s) => s.split(',').map(Number))
      .optional(),
    orgId: ZIntId.optional(),
  })
  .refine((q) => q.ids !== undefined || q.orgId !== undefined, { message: '请选择档案或组织' });
export type TQrCardsQuery = z.infer<typeof ZQrCardsQuery>;

// ---------------------------------------------------------------- assistance (帮扶救助)

export const { values: assistanceTypes, labels: assistanceTypeLabels } = labelled(
  ['living', 'medical', 'schooling', 'employment', 'housing', 'socialInsurance', 'warmth', 'other'] as const,
  {
    living: '生活救助',
    medical: '医疗救助',
    schooling: '助学（金秋助学）',
    employment: '就业帮扶',
    housing: '住房',
    socialInsurance: '社保',
    warmth: '送温暖慰问',
    other: '其他',
  },
);
export type AssistanceType = (typeof assistanceTypes)[number];

const assistanceFields = {
  type: z.enum(assistanceTypes),
  /** Cash, exact in fen; null when only items were given. */
  amountFen: ZFen.nullable().optional(),
  /** Items given (e.g. 米 1 袋、油 1 桶). */
  items: ZText(200).nullable().optional(),
  date: ZDate,
  /** The giving org (in the caller's subtree); the caller's own org when omitted. */
  givingOrgId: z.number().int().positive().optional(),
  note: ZText(500).nullable().optional(),
};
const cashOrItems = (v: { amountFen?: number | null | undefined; items?: string | null | undefined }) =>
  v.amountFen != null || Boolean(v.items);
const cashOrItemsMessage = { message: '请填写发放金额或物品', path: ['amountFen'] };

export const ZAssistanceInput = z.object(assistanceFields).refine(cashOrItems, cashOrItemsMessage);
export type TAssistanceInput = z.infer<typeof ZAssistanceInput>;

/** 送温暖 campaigns: one assistance to many archives at once (all or nothing). */
export const ZBulkAssistanceInput = z
  .object({
    ...assistanceFields,
    archiveIds: z
      .array(z.number().int().positive())
      .min(1, '请选择档案')
      .max(2000, '一次最多 2000 份档案')
      .refine((ids) => new Set(ids).size === ids.length, '档案不能重复'),
  })
  .refine(cashOrItems, cashOrItemsMessage);
export type TBulkAssistanceInput = z.infer<typeof ZBulkAssistanceInput>;

export const ZAssistance = z.object({
  id: z.number(),
  archiveId: z.number(),
  type: z.enum(assistanceTypes),
  amountFen: z.number().nullable(),
  items: z.string().nullable(),
  date: z.string(),
  givingOrg: z.object({ id: z.number(), name: z.string() }),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type TAssistance = z.infer<typeof ZAssistance>;

export const ZAssistanceList = z.object({
  items: z.array(ZAssistance),
  /** All of the archive's assistance: count and cash total (fen). */
  total: z.object({ count: z.number(), amountFen: z.number() }),
  /** Per calendar year, newest first. */
  byYear: z.array(z.object({ year: z.number(), count: z.number(), amountFen: z.number() })),
});
export type TAssistanceList = z.infer<typeof ZAssistanceList>;
