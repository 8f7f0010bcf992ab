import { count, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import {
  type AssistanceType,
  type exitReasons,
  type HardshipCategory,
  type HardshipCause,
  suggestCategory,
  type TAssistanceInput,
  type TCreateArchiveInput,
} from '../../../shared/hardship.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import { sqlRows } from '../../db/client.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { apply } from '../../platform/workflow/workflow.ts';
import { addAssistance, addAssistanceInBulk } from './assistance.service.ts';
import { type ArchiveEvent, archiveFlow } from './hardship.flow.ts';
import {
  addVisit,
  applyForSelf,
  assignHelper,
  fileArchive,
  setDibao,
  updateArchive,
} from './hardship.service.ts';
import { hardshipArchives } from './hardship.table.ts';
import { ensureTokens } from './qr.service.ts';
import { proposeTransfer } from './transfer.service.ts';

/**
 * 困难职工帮扶 demo data: about fifty invented households across the demo unions of Baise (seed 002),
 * Shanghai's medical union, Pinghu and Qiaoxi, in every lifecycle state, with two years of history.
 *
 * It goes through the real code: the use cases for the 低保 settings, filing (窗口受理 and the
 * worker's 自主申请: validation, encryption, blind indexes, the income assessment, helper history),
 * home visits, helper changes, category confirmation, single assistance and the bulk campaigns
 * (送温暖, 金秋助学, 生活救助); the lifecycle steps go through the platform workflow engine
 * (`apply`: legal transitions, who may take them, state compare-and-set, timeline and audit rows)
 * and the QR tokens through `ensureTokens`. The steps run in the order of their invented dates.
 * What hardship.service's `advanceArchive` adds around a step is skipped for speed (it re-reads
 * and presents the whole archive after each of ~300 steps): its preconditions (a visit before
 * review, publicity over and a confirmed category before approval) hold by construction of the
 * plan (hardship.demo.test.ts checks them), and the fields it writes (publicity dates, reject and
 * exit reasons, filed/exited times, review dates, the category a re-entry clears) are written in
 * the final batch. Notifications of the steps are not sent, except the worker's own approval.
 *
 * The code stamps "now": at the end the invented times are written back with a few batched
 * UPDATEs (timeline events; the archives' created/updated/filed/exited times and review dates;
 * visits, helper changes, assistance records, QR tokens, notifications). The audit log is
 * append-only and keeps the real time of seeding. Dates are relative to the day the seed runs
 * (the last 24 months), drawn from a seeded PRNG, so a given day always gives the same data. The
 * whole seed is one transaction (the use cases' own become savepoints): all or nothing, and
 * PGlite on disk flushes once.
 *
 * All names, ID numbers (valid check digits, invented region and birth parts), mobiles, addresses
 * and bank accounts are invented.
 */

type WorkStatus = TCreateArchiveInput['basic']['workStatus'];
type HealthStatus = TCreateArchiveInput['basic']['health'];
type HousingType = NonNullable<TCreateArchiveInput['housing']>['type'];
type MeasureStatus = TCreateArchiveInput['plan'][number]['status'];
type ExitReason = (typeof exitReasons)[number];

// ---------------------------------------------------------------- randomness and days

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** Integer in [lo, hi]. */
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    real: (lo: number, hi: number) => lo + next() * (hi - lo),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Rng = ReturnType<typeof prng>;

const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
/** The same calendar day a year later (29 Feb → 1 Mar), as hardship.service does. */
const aYearAfter = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
};
/** An instant on a day in China Standard Time. */
const at = (day: string, hour: number, minute: number) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
const monthsAgo = (today: string, months: number, rng: Rng) =>
  addDays(today, -Math.round(months * 30.44) + rng.int(-6, 6));

/** 春节 (Lunar New Year's Day): the 送温暖 campaign hands out its gifts shortly before it. */
const SPRING_FESTIVAL: Record<number, string> = {
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
  2036: '2036-01-28',
  2037: '2037-02-15',
  2038: '2038-02-04',
  2039: '2039-01-24',
  2040: '2040-02-12',
};

// ---------------------------------------------------------------- the places

type RegionKey = 'bs' | 'sh' | 'ph' | 'qx';

interface Region {
  /** Files, accepts, visits, publicizes, exits and records assistance. */
  cadre: string;
  /** Passes the review and approves filing. */
  reviewer: string;
  /** Paired helpers (结对帮扶责任人), all cadres of the region. */
  helpers: string[];
  /** Local 低保 standard set by an admin on an org (else the platform default). */
  dibao?: { by: string; org: string; fen: number };
  /** The union that pays medical, living and housing aid (the cadre's own pays the rest). */
  aidOrg: string;
  /** Invented region part of the ID numbers: real province and city digits, a county that is not. */
  idPrefix: string;
  mobilePrefix: string;
  addresses: string[];
  ethnicities: string[];
  schools: Record<SchoolLevel, string>;
  bank: string;
  /** 送温暖 gift per household before the Spring Festival. */
  warmth: { fen: number; items: string };
  surnames: string[];
}

type SchoolLevel = '学前' | '小学' | '初中' | '高中' | '大学';

const YJ = '右江区总工会';
const YJ_BUILD = '右江区红星建筑工程公司工会';
const YJ_SANITATION = '右江区城区环卫站工会';
const YJ_STORE = '右江区百货商场工会';
const HOSP1 = '上海市第一示范医院工会';
const HOSP2 = '上海市第二示范医院工会';
const HOSP3 = '上海市第三示范医院工会';
const PD_MED = '浦东新区医务工会';
const XH_MED = '徐汇区医务工会';
const LD = '林埭镇总工会';
const LD_TEXTILE = '林埭镇示范纺织有限公司工会';
const LD_MACHINE = '林埭镇示范机械有限公司工会';
const QX = '石家庄市桥西区总工会';
const QX_COMMUNITY = '桥西区示范街道社区工会';

const regions: Record<RegionKey, Region> = {
  bs: {
    cadre: 'bs_cadre',
    reviewer: 'yj_reviewer',
    helpers: ['bs_cadre', 'yj_cadre', 'hw_cadre'],
    dibao: { by: 'gx_admin', org: '百色市总工会', fen: 83_000 },
    aidOrg: YJ,
    idPrefix: '451091',
    mobilePrefix: '1390776',
    addresses: ['广西百色市右江区城东示范社区', '广西百色市右江区江滨示范小区', '广西百色市右江区向阳示范村'],
    ethnicities: ['壮族', '壮族', '壮族', '汉族', '瑶族'],
    schools: {
      学前: '右江区示范幼儿园',
      小学: '右江区示范小学',
      初中: '右江区示范初级中学',
      高中: '百色示范高级中学',
      大学: '广西示范职业技术学院',
    },
    bank: '百色示范农村商业银行',
    warmth: { fen: 50_000, items: '大米 1 袋（25 公斤）、食用油 1 桶' },
    surnames: ['黄', '韦', '农', '陆', '覃', '梁', '罗', '蒙', '岑', '莫', '李'],
  },
  sh: {
    cadre: 'sh_med_cadre',
    reviewer: 'sh_med_admin',
    helpers: ['sh_med_cadre', 'sh_hosp_cadre'],
    dibao: { by: 'sh_med_admin', org: '上海市医务工会', fen: 151_000 },
    aidOrg: '上海市医务工会',
    idPrefix: '310191',
    mobilePrefix: '1390216',
    addresses: ['上海市浦东新区示范路', '上海市徐汇区示范新村', '上海市闵行区示范苑'],
    ethnicities: ['汉族'],
    schools: {
      学前: '浦东新区示范幼儿园',
      小学: '徐汇区示范小学',
      初中: '浦东新区示范初级中学',
      高中: '上海市示范中学',
      大学: '上海示范职业技术学院',
    },
    bank: '上海示范农村商业银行',
    warmth: { fen: 100_000, items: '年货礼包 1 份' },
    surnames: ['张', '王', '陈', '周', '顾', '朱', '徐', '吴'],
  },
  ph: {
    cadre: 'ld_cadre',
    reviewer: 'ph_admin',
    helpers: ['ld_cadre'],
    dibao: { by: 'ph_admin', org: '平湖市总工会', fen: 116_000 },
    aidOrg: LD,
    idPrefix: '330491',
    mobilePrefix: '1390573',
    addresses: ['浙江省平湖市林埭镇示范村', '浙江省平湖市林埭镇示范小区'],
    ethnicities: ['汉族'],
    schools: {
      学前: '林埭镇示范幼儿园',
      小学: '林埭镇示范小学',
      初中: '林埭镇示范中学',
      高中: '平湖市示范高级中学',
      大学: '浙江示范职业技术学院',
    },
    bank: '平湖示范农村商业银行',
    warmth: { fen: 80_000, items: '大米 1 袋、食用油 1 桶' },
    surnames: ['沈', '钱', '朱', '徐', '金', '姚', '孙', '戴'],
  },
  qx: {
    cadre: 'qx_cadre',
    reviewer: 'qx_reviewer',
    helpers: ['qx_cadre'],
    aidOrg: QX,
    idPrefix: '130191',
    mobilePrefix: '1390311',
    addresses: ['河北省石家庄市桥西区示范街道', '河北省石家庄市桥西区示范小区'],
    ethnicities: ['汉族', '汉族', '回族'],
    schools: {
      学前: '桥西区示范幼儿园',
      小学: '桥西区示范小学',
      初中: '桥西区示范中学',
      高中: '石家庄示范高级中学',
      大学: '河北示范职业技术学院',
    },
    bank: '石家庄示范农村商业银行',
    warmth: { fen: 60_000, items: '米、面、油各 1 份' },
    surnames: ['王', '李', '张', '刘', '赵', '杨', '郭', '马'],
  },
};

// ---------------------------------------------------------------- the households

/** How an archive's story goes; months are before the day the seed runs. */
type Path =
  | { to: 'applied' | 'accepted' | 'reviewing' | 'reviewed' | 'publicizing' }
  | { to: 'filed'; months: number }
  /** Filed a little over a year ago, yearly review not done yet. */
  | { to: 'filed'; review: 'overdue' | 'within30' }
  | { to: 'rejected'; after: 'applied' | 'reviewing' | 'publicizing'; months: number; reason: string }
  | { to: 'exited'; months: number; exitMonths: number; reason: ExitReason; note: string }
  | {
      to: 'reentered';
      months: number;
      exitMonths: number;
      note: string;
      /** Where the second cycle is now: just re-applied, under review, or filed again that long ago. */
      now: 'applied' | 'reviewing' | { filedMonths: number };
    };

/** Target of the income section: below 1× 低保, below 2×, accident/disaster, rigid costs, or too high. */
type Level = 'deep' | 'relative' | 'accident' | 'rigid' | 'over';

interface Story {
  name: string;
  sex: 'm' | 'f';
  born: number;
  region: RegionKey;
  org: string;
  employer: string;
  work: WorkStatus;
  health: HealthStatus;
  cause: HardshipCause;
  secondary?: HardshipCause[];
  otherText?: string;
  level: Level;
  /** Household members: spouse (working), spouse0 (no income), spouseIll, kid:<level>, kid:工作, father, mother. */
  family: string;
  home: [HousingType, number, string];
  /** What the home visit found. */
  why: string;
  path: Path;
  /**
   * Index into the region's helpers (assigned at filing; for a self-application, at acceptance);
   * the paired helper changes half-way when `helper2` is set.
   */
  helper?: number;
  helper2?: number;
  /** A 微心愿 fulfilled (seed 002), recorded as 其他 assistance in kind. */
  wish?: string;
  /** Cadre overrides the suggested category, with this reason. */
  override?: { category: HardshipCategory; reason: string };
  /** The demo worker's own application (自主申请 on the H5). */
  self?: boolean;
}

const stories: Story[] = [
  // ---- 百色 / 右江区 (seed 002)
  {
    name: '黄秀英',
    sex: 'f',
    born: 1978,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'serious',
    cause: 'seriousIllness',
    secondary: ['schooling'],
    level: 'rigid',
    family: 'spouse kid:高中 kid:初中',
    home: ['rented', 38, '两室一厅，租住多年，设施陈旧'],
    why: '申请人确诊乳腺癌，术后放化疗，自付医疗费用高；丈夫在工地打零工，两个孩子上学',
    path: { to: 'filed', months: 20 },
    helper: 2,
  },
  {
    name: '农建国',
    sex: 'm',
    born: 1970,
    region: 'bs',
    org: YJ_BUILD,
    employer: '右江区红星建筑工程公司',
    work: 'employed',
    health: 'disabled',
    cause: 'accident',
    level: 'accident',
    family: 'spouse0 kid:大学',
    home: ['owned', 60, '自建砖混房，年久失修，雨天漏水'],
    why: '申请人在工地高处坠落致右腿残疾，只能做轻体力活，收入大减；儿子在读大学',
    path: { to: 'filed', months: 17 },
    helper: 0,
  },
  {
    name: '韦丽萍',
    sex: 'f',
    born: 1982,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'laidOff',
    health: 'healthy',
    cause: 'laidOff',
    secondary: ['schooling'],
    level: 'deep',
    family: 'kid:初中 kid:小学',
    home: ['rented', 32, '一室一厅，租金占收入近三成'],
    why: '商场缩减门店后申请人下岗，独自抚养两个孩子，靠打零工维持生活',
    path: { to: 'filed', months: 8 },
    helper: 0,
    helper2: 1,
    wish: '微心愿：溜冰鞋 1 双（爱心人士认领，送给在读小学的女儿）',
  },
  {
    name: '覃美华',
    sex: 'f',
    born: 1986,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'healthy',
    cause: 'schooling',
    secondary: ['insufficientBenefits'],
    level: 'deep',
    family: 'spouseIll kid:高中 kid:小学',
    home: ['public', 45, '公租房，基本生活设施齐全'],
    why: '丈夫患尿毒症长期透析无法工作，家庭靠申请人环卫工资维持，两个孩子上学',
    path: { to: 'filed', review: 'overdue' },
    helper: 2,
  },
  {
    name: '罗德明',
    sex: 'm',
    born: 1973,
    region: 'bs',
    org: YJ,
    employer: '百色示范农贸市场（个体）',
    work: 'newForm',
    health: 'healthy',
    cause: 'naturalDisaster',
    level: 'accident',
    family: 'spouse kid:初中 father mother',
    home: ['owned', 70, '右江洪水浸泡，一楼墙体开裂，家具家电损毁'],
    why: '洪水中房屋受损严重，家中存货全部损失，赡养年迈父母',
    path: { to: 'filed', review: 'overdue' },
    helper: 1,
  },
  {
    name: '梁小燕',
    sex: 'f',
    born: 1990,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'unemployed',
    health: 'healthy',
    cause: 'unemployedAble',
    level: 'relative',
    family: 'spouse kid:学前',
    home: ['rented', 40, '租住城中村民房'],
    why: '合同到期后一直未找到稳定工作，孩子年幼，丈夫收入不稳定',
    path: { to: 'filed', review: 'within30' },
    helper: 0,
  },
  {
    name: '岑国庆',
    sex: 'm',
    born: 1962,
    region: 'bs',
    org: YJ_BUILD,
    employer: '右江区红星建筑工程公司',
    work: 'retired',
    health: 'chronic',
    cause: 'insufficientBenefits',
    level: 'relative',
    family: 'spouse0',
    home: ['owned', 55, '老旧单位宿舍'],
    why: '早年断缴社保，退休金偏低，患高血压、糖尿病需长期服药',
    path: { to: 'filed', review: 'within30' },
    helper: 1,
  },
  {
    name: '蒙桂兰',
    sex: 'f',
    born: 1980,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'employed',
    health: 'serious',
    cause: 'seriousIllness',
    level: 'relative',
    family: 'spouse kid:初中',
    home: ['rented', 42, '租住，室内潮湿'],
    why: '申请人需长期血液透析，每周三次，夫妻一方需请假陪护',
    path: { to: 'filed', months: 5 },
    helper: 0,
    override: {
      category: 'deep',
      reason: '每周三次透析，交通和自费药品支出未计入刚性支出，实际可支配收入低于低保标准',
    },
  },
  {
    name: '廖文杰',
    sex: 'm',
    born: 1977,
    region: 'bs',
    org: YJ_BUILD,
    employer: '右江区红星建筑工程公司',
    work: 'laidOff',
    health: 'healthy',
    cause: 'laidOff',
    level: 'deep',
    family: 'spouse0 kid:高中',
    home: ['rented', 36, '租住'],
    why: '工程停工后失去工作，妻子在家照顾患病老人',
    path: {
      to: 'reentered',
      months: 22,
      exitMonths: 14,
      note: '在物流公司稳定就业，家庭人均收入超过低保标准两倍',
      now: { filedMonths: 4 },
    },
    helper: 1,
  },
  {
    name: '黄志明',
    sex: 'm',
    born: 1968,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'disabled',
    cause: 'noWorkAbility',
    secondary: ['noSocialInsurance'],
    level: 'deep',
    family: 'spouse0',
    home: ['other', 25, '借住亲戚家杂物间'],
    why: '脑梗后遗症致肢体残疾，基本丧失劳动能力，妻子无业',
    path: { to: 'filed', months: 3 },
    helper: 2,
  },
  {
    name: '莫春兰',
    sex: 'f',
    born: 1984,
    region: 'bs',
    org: YJ,
    employer: '右江区示范家政服务部',
    work: 'newForm',
    health: 'healthy',
    cause: 'schooling',
    level: 'relative',
    family: 'spouse kid:大学 kid:高中',
    home: ['owned', 65, '老房，结构安全'],
    why: '两个孩子同时读高中和大学，学费生活费支出大',
    path: { to: 'filed', months: 14 },
    helper: 1,
  },
  {
    name: '岑德福',
    sex: 'm',
    born: 1972,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'chronic',
    cause: 'seriousIllness',
    secondary: ['schooling'],
    level: 'rigid',
    family: 'spouse kid:初中',
    home: ['rented', 35, '租住，一家三口'],
    why: '患慢性肾病需定期治疗，自付医疗费用占家庭收入大半',
    path: { to: 'filed', months: 9 },
    helper: 2,
    self: true,
  },
  {
    name: '卢海燕',
    sex: 'f',
    born: 1983,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'laidOff',
    health: 'healthy',
    cause: 'laidOff',
    level: 'deep',
    family: 'kid:小学',
    home: ['rented', 30, '租住'],
    why: '下岗后独自抚养孩子，无稳定收入',
    path: {
      to: 'exited',
      months: 23,
      exitMonths: 7,
      reason: 'incomeMet',
      note: '经培训取得育婴员证书，在家政公司稳定就业，家庭人均收入超过低保标准两倍',
    },
    helper: 0,
  },
  {
    name: '班振华',
    sex: 'm',
    born: 1965,
    region: 'bs',
    org: YJ_BUILD,
    employer: '右江区红星建筑工程公司',
    work: 'employed',
    health: 'chronic',
    cause: 'insufficientBenefits',
    level: 'relative',
    family: 'spouse0 mother',
    home: ['owned', 50, '老旧平房'],
    why: '社保缴费年限不足，妻子无业，赡养高龄母亲',
    path: {
      to: 'exited',
      months: 21,
      exitMonths: 10,
      reason: 'retired',
      note: '已办理退休，补缴后养老金达到当地标准',
    },
    helper: 1,
  },
  {
    name: '黎玉梅',
    sex: 'f',
    born: 1969,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'serious',
    cause: 'seriousIllness',
    level: 'deep',
    family: 'spouse',
    home: ['public', 40, '公租房'],
    why: '确诊肝癌晚期，住院治疗，家庭积蓄耗尽',
    path: {
      to: 'exited',
      months: 19,
      exitMonths: 3,
      reason: 'deceased',
      note: '申请人因病去世，工会已上门慰问家属',
    },
    helper: 2,
  },
  {
    name: '潘永福',
    sex: 'm',
    born: 1975,
    region: 'bs',
    org: YJ,
    employer: '右江区示范运输队',
    work: 'employed',
    health: 'healthy',
    cause: 'other',
    otherText: '配偶患精神疾病需长期看护',
    level: 'relative',
    family: 'spouseIll kid:初中',
    home: ['owned', 58, '自有住房'],
    why: '妻子患精神疾病需专人看护，申请人只能打短工',
    path: {
      to: 'exited',
      months: 16,
      exitMonths: 2,
      reason: 'other',
      note: '配偶病情稳定并纳入残疾人两项补贴，家庭收支已平衡，本人申请退出',
    },
    helper: 1,
  },
  {
    name: '谭秀珍',
    sex: 'f',
    born: 1979,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'unemployed',
    health: 'chronic',
    cause: 'unemployedAble',
    secondary: ['seriousIllness'],
    level: 'deep',
    family: 'kid:高中',
    home: ['rented', 33, '租住'],
    why: '再次失业，类风湿关节炎加重，独自抚养读高中的儿子',
    path: {
      to: 'reentered',
      months: 21,
      exitMonths: 12,
      note: '在超市找到工作，家庭收入达标',
      now: 'reviewing',
    },
    helper: 0,
  },
  {
    name: '杨海军',
    sex: 'm',
    born: 1981,
    region: 'bs',
    org: YJ_BUILD,
    employer: '右江区红星建筑工程公司',
    work: 'migrant',
    health: 'healthy',
    cause: 'accident',
    level: 'accident',
    family: 'spouse kid:小学 kid:学前',
    home: ['rented', 40, '租住'],
    why: '骑电动车上班途中遭遇交通事故，肇事方无力赔偿，再度陷入困难',
    path: {
      to: 'reentered',
      months: 18,
      exitMonths: 9,
      note: '伤愈复工，收入恢复',
      now: 'applied',
    },
    helper: 1,
  },
  {
    name: '李桂芳',
    sex: 'f',
    born: 1976,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'healthy',
    cause: 'schooling',
    level: 'relative',
    family: 'spouse kid:大学',
    home: ['owned', 80, '商品房'],
    why: '孩子读大学支出较大',
    path: {
      to: 'rejected',
      after: 'applied',
      months: 4,
      reason: '经核实家庭有商品房一套且无贷款，配偶收入稳定，不符合困难职工建档条件，不予受理',
    },
  },
  {
    name: '黄伟',
    sex: 'm',
    born: 1985,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'employed',
    health: 'healthy',
    cause: 'seriousIllness',
    level: 'over',
    family: 'spouse kid:小学',
    home: ['owned', 90, '商品房'],
    why: '父亲住院，申请人称医疗支出大',
    path: {
      to: 'rejected',
      after: 'reviewing',
      months: 2,
      reason: '入户核查发现家庭人均月收入高于当地低保标准两倍，且医疗费用已由医保报销大部分，不符合建档条件',
    },
    helper: 0,
  },
  {
    name: '罗金凤',
    sex: 'f',
    born: 1988,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'chronic',
    cause: 'seriousIllness',
    level: 'deep',
    family: 'kid:小学 mother',
    home: ['rented', 28, '租住'],
    why: '母亲瘫痪在床，申请人患慢性病，独自抚养孩子',
    path: { to: 'applied' },
  },
  {
    name: '韦国强',
    sex: 'm',
    born: 1974,
    region: 'bs',
    org: YJ_BUILD,
    employer: '右江区红星建筑工程公司',
    work: 'migrant',
    health: 'healthy',
    cause: 'noSocialInsurance',
    level: 'relative',
    family: 'spouse kid:初中',
    home: ['rented', 36, '工地板房'],
    why: '长期在工地务工，未参加职工社会保险',
    path: { to: 'accepted' },
    helper: 1,
  },
  {
    name: '覃小红',
    sex: 'f',
    born: 1991,
    region: 'bs',
    org: YJ_STORE,
    employer: '右江区百货商场',
    work: 'employed',
    health: 'healthy',
    cause: 'accident',
    level: 'accident',
    family: 'spouseIll kid:学前',
    home: ['rented', 35, '租住'],
    why: '丈夫下班途中遭遇车祸，重伤住院，家庭失去主要收入',
    path: { to: 'reviewing' },
    helper: 2,
  },
  {
    name: '陆文斌',
    sex: 'm',
    born: 1980,
    region: 'bs',
    org: YJ,
    employer: '右江区示范外卖配送站',
    work: 'newForm',
    health: 'healthy',
    cause: 'schooling',
    secondary: ['noSocialInsurance'],
    level: 'relative',
    family: 'spouse0 kid:高中 kid:初中',
    home: ['rented', 45, '租住'],
    why: '外卖骑手，收入不稳定，两个孩子上学，妻子在家照顾老人',
    path: { to: 'reviewed' },
    helper: 1,
  },
  {
    name: '蒙丽华',
    sex: 'f',
    born: 1977,
    region: 'bs',
    org: YJ_SANITATION,
    employer: '右江区城区环卫站',
    work: 'employed',
    health: 'serious',
    cause: 'seriousIllness',
    level: 'deep',
    family: 'spouse kid:高中',
    home: ['public', 42, '公租房'],
    why: '确诊宫颈癌，正在化疗，无法坚持工作',
    path: { to: 'publicizing' },
    helper: 2,
  },
  // ---- 上海市医务工会 (seed 003's medical union)
  {
    name: '张红梅',
    sex: 'f',
    born: 1975,
    region: 'sh',
    org: HOSP1,
    employer: '上海市第一示范医院',
    work: 'employed',
    health: 'healthy',
    cause: 'seriousIllness',
    level: 'deep',
    family: 'spouseIll kid:大学',
    home: ['rented', 30, '租住老式公房'],
    why: '丈夫患肝癌，长期住院，申请人为医院护理员，收入微薄',
    path: { to: 'filed', months: 19 },
    helper: 0,
  },
  {
    name: '王建军',
    sex: 'm',
    born: 1972,
    region: 'sh',
    org: HOSP2,
    employer: '上海市第二示范医院',
    work: 'employed',
    health: 'disabled',
    cause: 'accident',
    level: 'accident',
    family: 'spouse kid:高中',
    home: ['public', 40, '公租房'],
    why: '医院保安，巡逻时摔伤致腰椎骨折，留下肢体残疾',
    path: { to: 'filed', months: 15 },
    helper: 1,
  },
  {
    name: '陈玉兰',
    sex: 'f',
    born: 1981,
    region: 'sh',
    org: PD_MED,
    employer: '浦东新区示范社区卫生服务中心',
    work: 'employed',
    health: 'healthy',
    cause: 'schooling',
    secondary: ['laidOff'],
    level: 'relative',
    family: 'spouse0 kid:大学 kid:初中',
    home: ['rented', 35, '租住'],
    why: '丈夫下岗在家，两个孩子上学，家庭仅靠申请人护工收入',
    path: { to: 'filed', review: 'overdue' },
    helper: 0,
  },
  {
    name: '周国华',
    sex: 'm',
    born: 1963,
    region: 'sh',
    org: XH_MED,
    employer: '徐汇区示范医院后勤服务公司',
    work: 'retired',
    health: 'chronic',
    cause: 'insufficientBenefits',
    level: 'relative',
    family: 'spouse0',
    home: ['owned', 28, '老式里弄房'],
    why: '退休金低，患慢阻肺需长期吸氧治疗',
    path: { to: 'filed', review: 'within30' },
    helper: 1,
  },
  {
    name: '顾美芳',
    sex: 'f',
    born: 1979,
    region: 'sh',
    org: HOSP3,
    employer: '上海市第三示范医院',
    work: 'migrant',
    health: 'healthy',
    cause: 'noSocialInsurance',
    secondary: ['schooling'],
    level: 'deep',
    family: 'kid:初中',
    home: ['rented', 15, '合租隔间'],
    why: '外来务工保洁员，未参加社保，独自抚养随迁子女',
    path: { to: 'filed', months: 6 },
    helper: 1,
    wish: '微心愿：智能手机 1 部（爱心企业认领）',
  },
  {
    name: '朱志刚',
    sex: 'm',
    born: 1983,
    region: 'sh',
    org: HOSP1,
    employer: '上海市第一示范医院',
    work: 'employed',
    health: 'healthy',
    cause: 'seriousIllness',
    level: 'rigid',
    family: 'spouse kid:小学',
    home: ['rented', 38, '租住'],
    why: '医院电工，儿子确诊白血病，骨髓移植费用巨大',
    path: { to: 'filed', months: 10 },
    helper: 0,
  },
  {
    name: '徐丽娟',
    sex: 'f',
    born: 1980,
    region: 'sh',
    org: HOSP2,
    employer: '上海市第二示范医院',
    work: 'laidOff',
    health: 'healthy',
    cause: 'laidOff',
    level: 'deep',
    family: 'kid:高中',
    home: ['rented', 25, '租住'],
    why: '医院食堂外包后失去工作，独自抚养孩子',
    path: {
      to: 'exited',
      months: 22,
      exitMonths: 8,
      reason: 'incomeMet',
      note: '经工会推荐到医院陪护中心就业，收入稳定达标',
    },
    helper: 0,
  },
  {
    name: '吴德明',
    sex: 'm',
    born: 1964,
    region: 'sh',
    org: PD_MED,
    employer: '浦东新区示范社区卫生服务中心',
    work: 'employed',
    health: 'chronic',
    cause: 'insufficientBenefits',
    level: 'relative',
    family: 'spouse0',
    home: ['owned', 35, '老公房'],
    why: '工龄短，临近退休，妻子患病无收入',
    path: {
      to: 'exited',
      months: 20,
      exitMonths: 5,
      reason: 'retired',
      note: '已办理退休，领取养老金和医疗保险待遇',
    },
    helper: 1,
  },
  {
    name: '沈秀英',
    sex: 'f',
    born: 1986,
    region: 'sh',
    org: XH_MED,
    employer: '徐汇区示范医院后勤服务公司',
    work: 'employed',
    health: 'healthy',
    cause: 'seriousIllness',
    level: 'deep',
    family: 'spouseIll kid:小学',
    home: ['rented', 28, '租住'],
    why: '丈夫突发脑出血，术后偏瘫',
    path: { to: 'accepted' },
    helper: 0,
  },
  {
    name: '陆建平',
    sex: 'm',
    born: 1978,
    region: 'sh',
    org: HOSP3,
    employer: '上海市第三示范医院',
    work: 'employed',
    health: 'healthy',
    cause: 'accident',
    level: 'accident',
    family: 'spouse kid:初中',
    home: ['rented', 32, '租住'],
    why: '家中失火，财物损失严重，妻子烧伤住院',
    path: { to: 'publicizing' },
    helper: 1,
  },
  // ---- 平湖市 / 林埭镇 (seed 004)
  {
    name: '沈金娣',
    sex: 'f',
    born: 1971,
    region: 'ph',
    org: LD_TEXTILE,
    employer: '林埭镇示范纺织有限公司',
    work: 'employed',
    health: 'serious',
    cause: 'seriousIllness',
    level: 'rigid',
    family: 'spouse kid:工作',
    home: ['owned', 120, '农村自建房'],
    why: '纺织厂挡车工，确诊肺癌，靶向药自费部分较高',
    path: { to: 'filed', months: 21.5 },
    helper: 0,
  },
  {
    name: '钱国良',
    sex: 'm',
    born: 1976,
    region: 'ph',
    org: LD_MACHINE,
    employer: '林埭镇示范机械有限公司',
    work: 'employed',
    health: 'disabled',
    cause: 'accident',
    level: 'accident',
    family: 'spouse kid:高中',
    home: ['owned', 110, '农村自建房'],
    why: '操作冲床时右手受伤致残，只能调岗做辅助工',
    path: { to: 'filed', months: 16 },
    helper: 0,
  },
  {
    name: '朱美英',
    sex: 'f',
    born: 1982,
    region: 'ph',
    org: LD_TEXTILE,
    employer: '林埭镇示范纺织有限公司',
    work: 'employed',
    health: 'healthy',
    cause: 'schooling',
    level: 'relative',
    family: 'spouse kid:大学 kid:高中',
    home: ['owned', 100, '农村自建房'],
    why: '两个孩子分别读大学和高中，丈夫务农收入低',
    path: { to: 'filed', months: 9 },
    helper: 0,
  },
  {
    name: '徐建明',
    sex: 'm',
    born: 1969,
    region: 'ph',
    org: LD,
    employer: '林埭镇示范农机合作社',
    work: 'employed',
    health: 'healthy',
    cause: 'naturalDisaster',
    level: 'accident',
    family: 'spouse0 mother',
    home: ['owned', 95, '台风致屋顶掀翻，正在修缮'],
    why: '台风过境，房屋屋顶被掀翻，大棚全部损毁',
    path: { to: 'filed', review: 'within30' },
    helper: 0,
  },
  {
    name: '金小芬',
    sex: 'f',
    born: 1985,
    region: 'ph',
    org: LD_TEXTILE,
    employer: '林埭镇示范纺织有限公司',
    work: 'laidOff',
    health: 'healthy',
    cause: 'laidOff',
    secondary: ['schooling'],
    level: 'deep',
    family: 'kid:小学 kid:学前',
    home: ['rented', 40, '租住'],
    why: '纺织厂减产裁员后下岗，丈夫去世，独自抚养两个孩子',
    path: { to: 'filed', months: 4 },
    helper: 0,
  },
  {
    name: '姚春华',
    sex: 'm',
    born: 1967,
    region: 'ph',
    org: LD_MACHINE,
    employer: '林埭镇示范机械有限公司',
    work: 'employed',
    health: 'chronic',
    cause: 'seriousIllness',
    level: 'relative',
    family: 'spouse',
    home: ['owned', 90, '农村自建房'],
    why: '心脏搭桥手术后需长期服药',
    path: {
      to: 'exited',
      months: 20,
      exitMonths: 6,
      reason: 'movedOut',
      note: '随子女迁往杭州居住，已告知迁入地工会',
    },
    helper: 0,
  },
  {
    name: '孙桂英',
    sex: 'f',
    born: 1973,
    region: 'ph',
    org: LD,
    employer: '林埭镇示范保洁服务社',
    work: 'employed',
    health: 'chronic',
    cause: 'insufficientBenefits',
    level: 'deep',
    family: 'spouseIll',
    home: ['owned', 80, '农村老房'],
    why: '丈夫中风卧床，申请人做保洁收入低',
    path: { to: 'applied' },
  },
  {
    name: '戴伟强',
    sex: 'm',
    born: 1984,
    region: 'ph',
    org: LD_MACHINE,
    employer: '林埭镇示范机械有限公司',
    work: 'employed',
    health: 'healthy',
    cause: 'seriousIllness',
    level: 'rigid',
    family: 'spouse kid:小学',
    home: ['rented', 50, '租住'],
    why: '女儿患先天性心脏病，需手术治疗',
    path: { to: 'reviewing' },
    helper: 0,
  },
  {
    name: '吴丽萍',
    sex: 'f',
    born: 1987,
    region: 'ph',
    org: LD_TEXTILE,
    employer: '林埭镇示范纺织有限公司',
    work: 'employed',
    health: 'healthy',
    cause: 'unemployedAble',
    level: 'relative',
    family: 'spouse0 kid:初中',
    home: ['rented', 45, '租住'],
    why: '丈夫失业在家，申请人收入难以支撑家庭开支',
    path: { to: 'publicizing' },
    helper: 0,
  },
  // ---- 石家庄市桥西区 (seed 000)
  {
    name: '王秀兰',
    sex: 'f',
    born: 1970,
    region: 'qx',
    org: QX_COMMUNITY,
    employer: '桥西区示范物业服务公司',
    work: 'employed',
    health: 'serious',
    cause: 'seriousIllness',
    level: 'deep',
    family: 'spouse0 kid:大学',
    home: ['owned', 45, '老旧小区'],
    why: '社区保洁员，确诊胃癌，术后化疗',
    path: { to: 'filed', months: 21 },
    helper: 0,
  },
  {
    name: '李建国',
    sex: 'm',
    born: 1979,
    region: 'qx',
    org: QX,
    employer: '桥西区示范快递有限公司',
    work: 'newForm',
    health: 'disabled',
    cause: 'accident',
    level: 'accident',
    family: 'spouse kid:初中',
    home: ['rented', 40, '租住'],
    why: '快递员，派件途中遭遇交通事故，左腿截肢',
    path: { to: 'filed', months: 14 },
    helper: 0,
  },
  {
    name: '张丽',
    sex: 'f',
    born: 1989,
    region: 'qx',
    org: QX_COMMUNITY,
    employer: '桥西区示范商贸公司',
    work: 'unemployed',
    health: 'healthy',
    cause: 'unemployedAble',
    level: 'deep',
    family: 'kid:小学',
    home: ['rented', 30, '租住'],
    why: '公司倒闭后失业，独自抚养孩子',
    path: { to: 'filed', months: 7 },
    helper: 0,
  },
  {
    name: '刘志强',
    sex: 'm',
    born: 1976,
    region: 'qx',
    org: QX,
    employer: '桥西区示范餐饮店',
    work: 'newForm',
    health: 'chronic',
    cause: 'noSocialInsurance',
    level: 'relative',
    family: 'spouse kid:高中',
    home: ['rented', 45, '租住'],
    why: '灵活就业多年未参保，患腰椎间盘突出不能久站',
    path: { to: 'filed', months: 2 },
    helper: 0,
  },
  {
    name: '赵春梅',
    sex: 'f',
    born: 1982,
    region: 'qx',
    org: QX_COMMUNITY,
    employer: '桥西区示范物业服务公司',
    work: 'employed',
    health: 'healthy',
    cause: 'schooling',
    level: 'relative',
    family: 'spouse0 kid:高中',
    home: ['owned', 55, '老旧小区'],
    why: '丈夫因病失业，孩子读高中',
    path: {
      to: 'exited',
      months: 18,
      exitMonths: 4,
      reason: 'incomeMet',
      note: '丈夫康复后再就业，家庭收入达标',
    },
    helper: 0,
  },
  {
    name: '杨国栋',
    sex: 'm',
    born: 1974,
    region: 'qx',
    org: QX,
    employer: '桥西区示范运输公司',
    work: 'employed',
    health: 'healthy',
    cause: 'laidOff',
    level: 'relative',
    family: 'spouse kid:大学',
    home: ['owned', 70, '商品房'],
    why: '运输公司停业，申请人称收入骤减',
    path: {
      to: 'rejected',
      after: 'publicizing',
      months: 1.5,
      reason: '公示期间收到实名反映，经核实申请人家庭有经营性收入未如实申报，不符合建档条件',
    },
    helper: 0,
  },
  {
    name: '郭淑芬',
    sex: 'f',
    born: 1968,
    region: 'qx',
    org: QX_COMMUNITY,
    employer: '桥西区示范物业服务公司',
    work: 'employed',
    health: 'chronic',
    cause: 'insufficientBenefits',
    level: 'deep',
    family: 'spouseIll',
    home: ['owned', 40, '老旧小区'],
    why: '丈夫尘肺病，社保待遇未落实',
    path: { to: 'accepted' },
    helper: 0,
  },
  {
    name: '马文华',
    sex: 'm',
    born: 1980,
    region: 'qx',
    org: QX,
    employer: '桥西区示范快递有限公司',
    work: 'newForm',
    health: 'healthy',
    cause: 'seriousIllness',
    level: 'rigid',
    family: 'spouse kid:初中',
    home: ['rented', 38, '租住'],
    why: '妻子确诊红斑狼疮，需长期治疗',
    path: { to: 'reviewed' },
    helper: 0,
  },
];

// ---------------------------------------------------------------- the plan (pure, deterministic)

const GIVEN = {
  m: ['建华', '志勇', '国平', '海涛', '文军', '永康', '德才', '春生', '立新', '明辉', '振东', '家俊'],
  f: ['秀梅', '丽华', '春燕', '桂香', '玉珍', '海英', '晓燕', '美玲', '凤英', '金花', '翠兰', '淑华'],
  kidM: ['子轩', '浩然', '宇航', '俊杰', '梓豪', '博文', '嘉乐', '思远'],
  kidF: ['雨欣', '梓涵', '欣怡', '诗琪', '佳怡', '思雨', '可馨', '若曦'],
};
const SCHOOL_AGE: Record<SchoolLevel | '工作', number> = {
  学前: 5,
  小学: 9,
  初中: 14,
  高中: 17,
  大学: 20,
  工作: 24,
};
/** 金秋助学 per child and year, fen. */
const SCHOOL_AID_FEN: Record<SchoolLevel, number> = {
  学前: 0,
  小学: 80_000,
  初中: 100_000,
  高中: 200_000,
  大学: 500_000,
};
/** Yearly schooling costs counted as rigid expenses, fen. */
const SCHOOL_COST_FEN: Record<SchoolLevel, number> = {
  学前: 300_000,
  小学: 100_000,
  初中: 200_000,
  高中: 500_000,
  大学: 1_200_000,
};

interface PlannedMember {
  name: string;
  relation: string;
  idCard: string;
  health: HealthStatus;
  annualIncomeFen?: number;
  schoolOrEmployer?: string;
  level?: SchoolLevel;
}

type StepKind =
  | 'create'
  | 'accept'
  | 'visit'
  | 'submit'
  | 'pass'
  | 'publicize'
  | 'category'
  | 'approve'
  | 'reject'
  | 'exit'
  | 'reenter'
  | 'helper'
  | 'aid';

export interface PlannedStep {
  kind: StepKind;
  at: Date;
  day: string;
  publicity?: { start: string; end: string };
  reason?: string;
  exitReason?: ExitReason;
  note?: string;
  aid?: TAssistanceInput & { givingOrg?: string };
  helper?: string;
  /** Reviewer rejects (after review), else the cadre (不予受理). */
  byReviewer?: boolean;
}

export interface PlannedArchive {
  story: Story;
  idCard: string;
  mobile: string;
  members: PlannedMember[];
  input: TCreateArchiveInput['basic'];
  income: {
    annualIncomeFen: number;
    medicalExpenseFen: number;
    schoolingExpenseFen: number;
    householdSize: number;
  };
  suggested: HardshipCategory | null;
  category: HardshipCategory | null;
  plan: TCreateArchiveInput['plan'];
  helper: string | null;
  steps: PlannedStep[];
  /** The review date a filed archive ends with. */
  reviewDue: string | null;
  /** Standard amounts in the 金秋助学 and 生活救助 campaigns (0: not concerned). */
  schoolAidFen: number;
  livingAidFen: number;
}

/** A region's campaign: one bulk entry per standard amount to the households on file that day. */
export interface PlannedBulk {
  region: RegionKey;
  type: 'warmth' | 'schooling' | 'living';
  day: string;
  at: Date;
  note: string;
}

export interface HardshipDemoPlan {
  today: string;
  archives: PlannedArchive[];
  bulks: PlannedBulk[];
}

const HOURS: Record<StepKind, [number, number]> = {
  create: [9, 10],
  reenter: [9, 10],
  accept: [10, 11],
  visit: [14, 15],
  submit: [16, 17],
  pass: [10, 11],
  publicize: [9, 9],
  category: [14, 14],
  approve: [11, 11],
  reject: [15, 16],
  exit: [10, 11],
  helper: [13, 13],
  aid: [9, 16],
};

/** Days before the next step of a cycle (backwards from the last one). */
const GAP: Partial<Record<StepKind, [number, number]>> = {
  create: [1, 4],
  reenter: [1, 4],
  accept: [2, 7],
  visit: [0, 2],
  submit: [2, 6],
  pass: [1, 3],
};

/**
 * The invented households and everything that happens to them, in days relative to `today`.
 * Pure: the same day gives the same plan (tests use it to know the invented ID numbers).
 */
export function planHardshipDemo(today = todayCst()): HardshipDemoPlan {
  const people = prng(20_210_111); // who they are: independent of the day
  const dates = prng(20_200_601); // when things happen
  const year = Number(today.slice(0, 4));
  const oldest = addDays(today, -729);
  let serial = 0;

  const idCard = (prefix: string, born: number, sex: 'm' | 'f') => {
    serial++;
    const birth = `${born}${String(people.int(1, 12)).padStart(2, '0')}${String(people.int(1, 28)).padStart(2, '0')}`;
    const order = 100 + serial * 2 + (sex === 'm' ? 1 : 0);
    const first17 = `${prefix}${birth}${String(order).padStart(3, '0')}`;
    return first17 + idCardCheckChar(first17);
  };

  const archives: PlannedArchive[] = stories.map((story, index) => {
    const region = regions[story.region];
    const surname = story.name.slice(0, 1);
    // ---- household
    const members: PlannedMember[] = [];
    let spouseSurname = people.pick(region.surnames);
    for (const token of story.family.split(' ').filter(Boolean)) {
      const [what, level] = token.split(':') as [string, string | undefined];
      if (what.startsWith('spouse')) {
        const sex = story.sex === 'm' ? 'f' : 'm';
        spouseSurname = people.pick(region.surnames);
        members.push({
          name: spouseSurname + people.pick(GIVEN[sex]),
          relation: '配偶',
          idCard: idCard(region.idPrefix, story.born + people.int(-3, 3), sex),
          health: what === 'spouseIll' ? 'serious' : 'healthy',
          ...(what === 'spouse'
            ? { schoolOrEmployer: people.pick(['打零工', '个体经营', '工地务工', '超市理货员']) }
            : {}),
        });
      } else if (what === 'kid') {
        const sex = people.next() < 0.5 ? 'm' : 'f';
        const lvl = (level ?? '小学') as SchoolLevel | '工作';
        const kidSurname =
          story.sex === 'm' || !members.some((m) => m.relation === '配偶') ? surname : spouseSurname;
        members.push({
          name: kidSurname + people.pick(sex === 'm' ? GIVEN.kidM : GIVEN.kidF),
          relation: sex === 'm' ? '儿子' : '女儿',
          idCard: idCard(region.idPrefix, year - SCHOOL_AGE[lvl], sex),
          health: 'healthy',
          ...(lvl === '工作'
            ? { schoolOrEmployer: '外出务工' }
            : { schoolOrEmployer: region.schools[lvl], level: lvl }),
        });
      } else if (what === 'father' || what === 'mother') {
        const sex = what === 'father' ? 'm' : 'f';
        members.push({
          name: surname + people.pick(GIVEN[sex]),
          relation: what === 'father' ? '父亲' : '母亲',
          idCard: idCard(region.idPrefix, story.born - people.int(24, 30), sex),
          health: people.next() < 0.5 ? 'chronic' : 'healthy',
        });
      }
    }
    const size = members.length + 1;

    // ---- income, against the region's 低保 standard
    const dibao = region.dibao?.fen ?? 85_000;
    const factor = {
      deep: [0.55, 0.92],
      relative: [1.15, 1.85],
      accident: [1.1, 1.8],
      rigid: [1.2, 1.8],
      over: [2.3, 2.8],
    }[story.level] as [number, number];
    const perCapita = dibao * people.real(factor[0], factor[1]);
    const annualIncomeFen = Math.round((perCapita * 12 * size) / 10_000) * 10_000;
    const schoolingExpenseFen = members.reduce((sum, m) => sum + (m.level ? SCHOOL_COST_FEN[m.level] : 0), 0);
    const ill =
      story.cause === 'seriousIllness' ||
      story.health === 'serious' ||
      members.some((m) => m.health === 'serious');
    const medicalExpenseFen =
      story.level === 'rigid'
        ? Math.round((annualIncomeFen * people.real(0.85, 1.2)) / 10_000) * 10_000
        : ill && story.level !== 'over'
          ? Math.round(Math.min(annualIncomeFen * 0.5, people.int(8_000, 30_000) * 100) / 10_000) * 10_000
          : story.health === 'chronic'
            ? people.int(2, 6) * 100_000
            : 0;
    const income = { annualIncomeFen, medicalExpenseFen, schoolingExpenseFen, householdSize: size };
    const spouse = members.find((m) => m.relation === '配偶' && m.schoolOrEmployer);
    if (spouse) spouse.annualIncomeFen = Math.round((annualIncomeFen * people.real(0.35, 0.55)) / 100) * 100;
    const suggested = suggestCategory({ ...income, mainCause: story.cause, dibaoMonthlyFen: dibao });
    const category = story.override?.category ?? suggested;

    // ---- basic section
    const mobile = story.self
      ? '13900000003'
      : `${region.mobilePrefix}${String(1000 + index * 37).slice(-4)}`;
    const address = `${people.pick(region.addresses)}${people.int(1, 12)}栋${people.int(1, 4)}单元${people.int(1, 7)}0${people.int(1, 4)}室`;
    const applicantId = idCard(region.idPrefix, story.born, story.sex);
    const helper = story.helper === undefined ? null : (region.helpers[story.helper] ?? null);
    const basic: TCreateArchiveInput['basic'] = {
      name: story.name,
      idCard: applicantId,
      mobile,
      ethnicity: people.pick(region.ethnicities),
      health: story.health,
      disabilityCategory: story.health === 'disabled' ? 'physical' : null,
      workStatus: story.work,
      employer: story.employer,
      employerUnion: story.org,
      address,
      members: members.map((m) => ({
        name: m.name,
        relation: m.relation,
        idCard: m.idCard,
        health: m.health,
        ...(m.annualIncomeFen !== undefined ? { annualIncomeFen: m.annualIncomeFen } : {}),
        schoolOrEmployer: m.schoolOrEmployer ?? null,
      })),
      bankName: region.bank,
      bankAccount: `6221${String(people.int(10_000_000, 99_999_999))}${String(people.int(1_000_000, 9_999_999))}`,
    };

    // ---- what happens, when
    const steps: PlannedStep[] = [];
    const step = (kind: StepKind, day: string, extra: Partial<PlannedStep> = {}) => {
      const [h0, h1] = HOURS[kind];
      const s: PlannedStep = { kind, day, at: at(day, dates.int(h0, h1), dates.int(0, 59)), ...extra };
      steps.push(s);
      return s;
    };
    /** One cycle of kinds ending on `lastDay`, scheduled backwards; returns the day of the first step. */
    const cycle = (kinds: StepKind[], lastDay: string, first: 'create' | 'reenter') => {
      const planned: { kind: StepKind; day: string; publicity?: { start: string; end: string } }[] = [];
      let day = lastDay;
      for (let i = kinds.length - 1; i >= 0; i--) {
        const kind = kinds[i] as StepKind;
        const next = kinds[i + 1];
        if (next) {
          if (next === 'approve') day = addDays(day, -dates.int(8, 10));
          else if (next === 'reject' && kind === 'publicize') day = addDays(day, -dates.int(2, 5));
          else if (next === 'reject' && kind === 'submit') day = addDays(day, -dates.int(2, 5));
          else if (next === 'reject') day = addDays(day, -dates.int(3, 8));
          else {
            const gap = GAP[kind] ?? [1, 3];
            day = addDays(day, -dates.int(gap[0], gap[1]));
          }
        }
        planned.unshift({
          kind,
          day,
          ...(kind === 'publicize' ? { publicity: { start: day, end: addDays(day, 6) } } : {}),
        });
      }
      // The very first step is the filing or the re-entry.
      if (planned[0]) planned[0].kind = first;
      for (const p of planned) {
        if (p.kind === 'visit') {
          step('visit', p.day, { note: visitFindings(story, size, perCapita, region) });
        } else if (p.kind === 'reject') {
          // After the case went to review only a reviewer rejects; before, the cadre refuses it.
          const reason = 'reason' in story.path ? story.path.reason : '';
          step('reject', p.day, { reason, byReviewer: kinds.includes('submit') });
        } else if (p.kind === 'pass' && (story.self || first === 'reenter') && kinds.includes('approve')) {
          step('pass', p.day);
          // 返困 cleared the category, a self-application never had one: the cadre confirms it.
          step('category', p.day);
        } else {
          step(p.kind, p.day, p.publicity ? { publicity: p.publicity } : {});
        }
        if (p.kind === 'accept' && story.self && helper)
          step('helper', p.day, { helper, note: '受理后指定' });
      }
      return planned[0]?.day ?? lastDay;
    };
    const toFiled: StepKind[] = ['create', 'accept', 'visit', 'submit', 'pass', 'publicize', 'approve'];
    const upTo = (state: 'applied' | 'accepted' | 'reviewing' | 'reviewed' | 'publicizing'): StepKind[] =>
      toFiled.slice(0, { applied: 1, accepted: 2, reviewing: 4, reviewed: 5, publicizing: 6 }[state]);
    const recent = () => addDays(today, -dates.int(1, 5));

    const p = story.path;
    let filedDay: string | null = null;
    const endDay = addDays(today, 1);
    let reviewDue: string | null = null;
    const filedCycles: [string, string][] = [];
    if (p.to === 'filed') {
      filedDay =
        'review' in p
          ? p.review === 'overdue'
            ? addDays(today, -365 - dates.int(8, 45))
            : addDays(today, -365 + dates.int(5, 25))
          : monthsAgo(today, p.months, dates);
      if (filedDay < oldest) filedDay = addDays(oldest, 30);
      cycle(toFiled, filedDay, 'create');
      filedCycles.push([filedDay, endDay]);
      reviewDue = aYearAfter(filedDay);
      if (!('review' in p)) while (reviewDue <= today) reviewDue = aYearAfter(reviewDue);
    } else if (p.to === 'rejected') {
      const kinds: StepKind[] =
        p.after === 'applied'
          ? ['create', 'reject']
          : p.after === 'reviewing'
            ? [...upTo('reviewing'), 'reject']
            : [...upTo('publicizing'), 'reject'];
      cycle(
        kinds,
        p.after === 'publicizing' ? addDays(today, -dates.int(25, 40)) : monthsAgo(today, p.months, dates),
        'create',
      );
    } else if (p.to === 'exited' || p.to === 'reentered') {
      filedDay = monthsAgo(today, p.months, dates);
      cycle(toFiled, filedDay, 'create');
      const exitDay = monthsAgo(today, p.exitMonths, dates);
      step('exit', exitDay, {
        exitReason: p.to === 'exited' ? p.reason : 'incomeMet',
        note: p.note,
      });
      filedCycles.push([filedDay, exitDay]);
      if (p.to === 'reentered') {
        if (p.now === 'applied') cycle(['reenter'], addDays(today, -dates.int(2, 4)), 'reenter');
        else if (p.now === 'reviewing') cycle(upTo('reviewing'), recent(), 'reenter');
        else {
          const again = monthsAgo(today, p.now.filedMonths, dates);
          cycle(toFiled, again, 'reenter');
          filedCycles.push([again, endDay]);
          reviewDue = aYearAfter(again);
        }
      }
    } else if (p.to === 'publicizing') {
      // Publicity started a few days ago and is still running.
      cycle(upTo('publicizing'), addDays(today, -dates.int(1, 3)), 'create');
    } else {
      cycle(upTo(p.to), p.to === 'applied' ? addDays(today, -dates.int(2, 8)) : recent(), 'create');
    }

    // ---- paired-helper change half-way, and assistance while on file
    if (story.helper2 !== undefined && filedDay) {
      const day = addDays(filedDay, Math.floor(daysBetween(filedDay, today) / 2));
      step('helper', day, { helper: region.helpers[story.helper2] ?? '', note: '原结对帮扶责任人工作调整' });
    }
    // 金秋助学 and 生活救助 are campaigns (bulk entries per region, see `bulks`); these are the
    // household's standard amounts in them.
    const schoolAidFen = Math.max(0, ...members.map((m) => (m.level ? SCHOOL_AID_FEN[m.level] : 0)));
    const livingAidFen =
      category === 'deep' || story.cause === 'noWorkAbility' ? (size <= 2 ? 120_000 : 180_000) : 0;
    for (const [from, until] of filedCycles) {
      const last = until > today ? today : addDays(until, -1);
      const aid = (day: string, input: TAssistanceInput & { givingOrg?: string }) => {
        if (day > from && day <= last) step('aid', day, { aid: input });
      };
      const span = daysBetween(from, last);
      // 医疗救助: a share of the self-paid part of hospital bills, exact to the fen
      if (ill) {
        for (let d = dates.int(15, 60); d < span; d += dates.int(150, 260)) {
          const selfPaid = dates.int(1_500_000, 8_000_000);
          const share = dates.pick([0.3, 0.4, 0.5]);
          const day = addDays(from, d);
          aid(day, {
            type: 'medical',
            amountFen: Math.floor(selfPaid * share),
            date: day,
            givingOrg: region.aidOrg,
            note: `大病医疗救助：住院自付 ${(selfPaid / 100).toFixed(2)} 元，按 ${share * 100}% 救助`,
          });
        }
      } else if (story.health === 'chronic') {
        const day = addDays(from, dates.int(30, 120));
        aid(day, {
          type: 'medical',
          amountFen: dates.int(80_000, 250_000),
          date: day,
          givingOrg: region.aidOrg,
          note: '慢性病门诊医疗救助',
        });
      }
      const causes = [story.cause, ...(story.secondary ?? [])];
      if (
        causes.some((c) => c === 'laidOff' || c === 'unemployedAble') ||
        story.work === 'laidOff' ||
        story.work === 'unemployed'
      ) {
        const day = addDays(from, dates.int(30, 90));
        aid(day, {
          type: 'employment',
          amountFen: 150_000,
          items: '推荐就业岗位 3 个',
          date: day,
          givingOrg: story.org,
          note: `职业技能培训补贴（${dates.pick(['育婴员', '中式面点师', '电工', '养老护理员'])}）`,
        });
      }
      if (story.cause === 'naturalDisaster') {
        const day = addDays(from, dates.int(10, 40));
        aid(day, {
          type: 'housing',
          amountFen: 800_000,
          date: day,
          givingOrg: region.aidOrg,
          note: '受灾房屋修缮补助',
        });
      } else if (story.home[0] === 'rented' && category === 'deep') {
        const day = addDays(from, dates.int(40, 120));
        aid(day, {
          type: 'housing',
          amountFen: 240_000,
          date: day,
          givingOrg: region.aidOrg,
          note: '租房补贴（全年）',
        });
      }
      if (causes.some((c) => c === 'noSocialInsurance' || c === 'insufficientBenefits')) {
        const day = addDays(from, dates.int(20, 100));
        aid(day, {
          type: 'socialInsurance',
          amountFen: 38_000 * size,
          date: day,
          givingOrg: story.org,
          note: `代缴城乡居民基本医疗保险个人缴费（${size} 人）`,
        });
      }
      if (story.cause === 'accident') {
        const day = addDays(from, dates.int(5, 25));
        aid(day, {
          type: 'warmth',
          amountFen: 100_000,
          items: '牛奶、水果',
          date: day,
          note: '伤病住院慰问',
        });
      }
      if (story.wish) {
        const day = addDays(from, dates.int(20, Math.max(21, Math.min(span - 1, 200))));
        aid(day, { type: 'other', items: story.wish, date: day, givingOrg: story.org, note: '“微心愿”认领' });
      }
    }

    // ---- 解困脱困计划: measures after the causes, their status by how long the archive has been on file
    const since = filedDay ? daysBetween(filedDay, today) : 0;
    // The responsible person is the paired helper (a username here, their name once seeded).
    const helperName = helper ?? region.cadre;
    const plan: TCreateArchiveInput['plan'] =
      p.to === 'applied' || p.to === 'accepted' || (p.to === 'rejected' && p.after === 'applied')
        ? []
        : [...new Set([story.cause, ...(story.secondary ?? [])])].map((c, i) => {
            const m = MEASURES[c];
            const status: MeasureStatus =
              p.to === 'exited'
                ? 'done'
                : !filedDay
                  ? 'planned'
                  : since > 240 + i * 60
                    ? 'done'
                    : since > 45
                      ? 'ongoing'
                      : 'planned';
            return {
              type: m.type,
              responsible: helperName,
              targetDate: addDays(filedDay ?? today, 90 + i * 90),
              status,
              result: status === 'done' ? m.done : null,
            };
          });
    if (plan.length > 0) {
      plan.push({
        type: '结对走访',
        responsible: helperName,
        targetDate: null,
        status: p.to === 'exited' ? 'done' : 'ongoing',
        result: null,
      });
    }

    steps.sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      story,
      idCard: applicantId,
      mobile,
      members,
      input: basic,
      income,
      suggested,
      category,
      plan,
      helper,
      steps,
      schoolAidFen,
      livingAidFen,
      reviewDue:
        steps.some((s) => s.kind === 'approve') &&
        (p.to === 'filed' || (p.to === 'reentered' && typeof p.now === 'object'))
          ? reviewDue
          : null,
    };
  });

  const bulks: PlannedBulk[] = [];
  const campaign = (type: PlannedBulk['type'], day: string, note: (region: RegionKey) => string) => {
    if (day <= oldest || day > today) return;
    (Object.keys(regions) as RegionKey[]).forEach((region, i) => {
      bulks.push({ region, type, day, at: at(day, 9, 10 + i * 7), note: note(region) });
    });
  };
  for (let y = year - 2; y <= year + 1; y++) {
    // 送温暖: gifts to every household on file ~12 days before 春节.
    campaign('warmth', addDays(SPRING_FESTIVAL[y] ?? `${y}-02-01`, -12), () => `${y}年元旦春节送温暖`);
    // 金秋助学 in late August / early September, for households with children at school.
    campaign('schooling', addDays(`${y}-08-18`, dates.int(0, 20)), () => `${y}年金秋助学`);
    // 生活救助 every half year for the deepest need.
    campaign('living', addDays(`${y}-06-15`, dates.int(0, 10)), () => `${y}年上半年生活救助`);
    campaign('living', addDays(`${y}-12-12`, dates.int(0, 10)), () => `${y}年下半年生活救助`);
  }
  return { today, archives, bulks };
}

const MEASURES: Record<HardshipCause, { type: string; done: string }> = {
  noWorkAbility: { type: '生活救助', done: '已纳入低保，按季度发放生活救助' },
  unemployedAble: { type: '就业帮扶', done: '经技能培训后推荐就业，已上岗' },
  laidOff: { type: '就业帮扶', done: '推荐到辖区企业再就业' },
  noSocialInsurance: { type: '社保帮扶', done: '已办理城乡居民养老和医疗保险参保' },
  insufficientBenefits: { type: '社保帮扶', done: '已协助申请待遇核查并补差' },
  seriousIllness: { type: '医疗救助', done: '已办理大病医疗救助和职工医疗互助' },
  naturalDisaster: { type: '住房保障', done: '受损房屋已修缮完毕' },
  accident: { type: '法律援助', done: '已协助完成工伤（事故）认定和赔偿' },
  schooling: { type: '助学帮扶', done: '子女已获金秋助学和学校助学金' },
  other: { type: '心理疏导', done: '已链接社区心理服务' },
};

const HOUSING_LABELS: Record<HousingType, string> = {
  owned: '自有住房',
  rented: '租住',
  public: '公租房',
  other: '借住',
};

function visitFindings(story: Story, size: number, perCapitaFen: number, region: Region): string {
  const yuan = Math.round(perCapitaFen / 100);
  const dibao = Math.round((region.dibao?.fen ?? 85_000) / 100);
  const [type, area, condition] = story.home;
  return `${story.why}。家庭 ${size} 口人，人均月收入约 ${yuan} 元（当地低保标准 ${dibao} 元）；${HOUSING_LABELS[type]} ${area} 平方米，${condition}。核查情况与申请材料一致。`;
}

// ---------------------------------------------------------------- running the plan

/** Acting as a demo account, through the real use cases, so timelines and audit rows are real too. */
async function actAs(deps: Deps, username: string): Promise<Ctx> {
  const [row] = await deps.database.db
    .select({ user: users, m: memberships, org: orgs })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(users.username, username))
    .limit(1);
  if (!row) throw new Error(`demo account ${username} missing`);
  return {
    db: deps.database.db,
    ip: null,
    deps,
    actor: {
      userId: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      sessionId: 'demo-seed',
      csrfToken: 'demo-seed',
      membership: {
        id: row.m.id,
        role: row.m.role as Role,
        orgId: row.org.id,
        orgPath: row.org.path,
        orgName: row.org.name,
        orgType: row.org.type as OrgType,
      },
    },
  };
}

interface Running {
  plan: PlannedArchive;
  id: number;
  orgId: number;
  orgPath: string;
  state: string;
  /** Times of the archive's timeline events, in the order they were written. */
  timeline: Date[];
  helperChanges: Date[];
  created: Date;
  touched: Date;
  firstFiled: Date | null;
  filed: Date | null;
  exited: Date | null;
  /** The fields the lifecycle steps write (hardship.service's advanceArchive writes the same). */
  publicity: { start: string; end: string } | null;
  rejectReason: string | null;
  exit: { reason: ExitReason; note: string | null } | null;
  /** 返困 cleared the confirmed category and no confirmation followed yet. */
  categoryCleared: boolean;
}

export interface HardshipDemoSummary {
  archives: number;
  byState: Record<string, number>;
  byCategory: Record<string, number>;
  assistance: { count: number; amountFen: number; byType: Record<string, number> };
}

/**
 * Seed the hardship demo once: skipped (returns null) when any archive exists already, so a second
 * start never duplicates. Runs after the demo orgs and accounts exist.
 */
export async function seedHardshipDemo(deps: Deps): Promise<HardshipDemoSummary | null> {
  const [existing] = await deps.database.db.select({ n: count() }).from(hardshipArchives);
  if ((existing?.n ?? 0) > 0) return null;
  // One transaction for the whole seed: all or nothing, and PGlite on disk flushes once.
  return deps.database.db.transaction((tx) => seedIn({ ...deps, database: { ...deps.database, db: tx } }));
}

const REVIEWER_STEPS: ReadonlySet<StepKind> = new Set(['pass', 'approve']);
const FLOW_STEPS: ReadonlySet<StepKind> = new Set([
  'accept',
  'submit',
  'pass',
  'publicize',
  'approve',
  'reject',
  'exit',
  'reenter',
]);
const STATE_AFTER: Partial<Record<StepKind, string>> = {
  accept: 'accepted',
  submit: 'reviewing',
  pass: 'reviewed',
  publicize: 'publicizing',
  approve: 'filed',
  reject: 'rejected',
  exit: 'exited',
  reenter: 'applied',
};

async function seedIn(deps: Deps): Promise<HardshipDemoSummary> {
  const db = deps.database.db;
  const plan = planHardshipDemo();

  const contexts = new Map<string, Ctx>();
  const as = async (username: string) => {
    let ctx = contexts.get(username);
    if (!ctx) {
      ctx = await actAs(deps, username);
      contexts.set(username, ctx);
    }
    return ctx;
  };
  const orgRows = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs);
  const orgByName = new Map(orgRows.map((o) => [o.name, o]));
  const org = (name: string) => {
    const o = orgByName.get(name);
    if (!o) throw new Error(`demo org ${name} missing`);
    return o;
  };
  const userId = async (username: string) => {
    const ctx = await as(username);
    if (!ctx.actor) throw new Error(`demo account ${username} missing`);
    return ctx.actor.userId;
  };
  /** Plan measures name their responsible person by username; the archive shows the name. */
  const named = async (measures: TCreateArchiveInput['plan']) => {
    const out: TCreateArchiveInput['plan'] = [];
    for (const m of measures) {
      out.push({ ...m, responsible: (await as(m.responsible)).actor?.displayName ?? m.responsible });
    }
    return out;
  };

  // Local 低保 standards first: the income assessment at filing reads them.
  for (const region of Object.values(regions)) {
    if (region.dibao) {
      await setDibao(await as(region.dibao.by), {
        orgId: org(region.dibao.org).id,
        dibaoMonthlyFen: region.dibao.fen,
      });
    }
  }

  // Every step of every archive and the 送温暖 batches, in the order of their invented times.
  const ops: { at: Date; run: () => Promise<void> }[] = [];
  const running: Running[] = [];
  const visits: [number, Date][] = [];
  const aids: [number, Date][] = [];
  const batches: [string, Date][] = [];
  for (const a of plan.archives) {
    const first = a.steps[0]?.at ?? new Date();
    const r: Running = {
      plan: a,
      id: 0,
      orgId: 0,
      orgPath: '',
      state: 'applied',
      timeline: [],
      helperChanges: [],
      created: first,
      touched: first,
      firstFiled: null,
      filed: null,
      exited: null,
      publicity: null,
      rejectReason: null,
      exit: null,
      categoryCleared: false,
    };
    running.push(r);
    for (const s of a.steps) ops.push({ at: s.at, run: () => runStep(r, s) });
  }
  for (const b of plan.bulks) {
    ops.push({
      at: b.at,
      run: async () => {
        const region = regions[b.region];
        const groups = new Map<number, number[]>();
        for (const r of running) {
          if (r.plan.story.region !== b.region || r.state !== 'filed') continue;
          const fen =
            b.type === 'warmth'
              ? region.warmth.fen
              : b.type === 'schooling'
                ? r.plan.schoolAidFen
                : r.plan.livingAidFen;
          if (fen > 0) groups.set(fen, [...(groups.get(fen) ?? []), r.id]);
        }
        for (const [fen, ids] of groups) {
          const out = await addAssistanceInBulk(await as(region.cadre), {
            type: b.type,
            amountFen: fen,
            items: b.type === 'warmth' ? region.warmth.items : null,
            date: b.day,
            ...(b.type === 'living' ? { givingOrgId: org(region.aidOrg).id } : {}),
            note: b.note,
            archiveIds: ids,
          });
          batches.push([out.batchId, b.at]);
        }
      },
    });
  }
  ops.sort((x, y) => x.at.getTime() - y.at.getTime());
  for (const op of ops) await op.run();

  async function runStep(r: Running, s: PlannedStep) {
    const a = r.plan;
    const region = regions[a.story.region];
    const cadre = await as(region.cadre);
    if (s.kind !== 'aid' && s.kind !== 'visit') r.touched = s.at;

    if (FLOW_STEPS.has(s.kind)) {
      // The platform workflow engine: role check, state compare-and-set, timeline and audit rows.
      // The step's business preconditions (a visit before review, publicity over and a confirmed
      // category before approval) hold by construction of the plan, and the fields the step
      // writes are set in one batch at the end (see backdate).
      const event = s.kind as ArchiveEvent;
      const actor =
        REVIEWER_STEPS.has(s.kind) || (s.kind === 'reject' && s.byReviewer) ? region.reviewer : region.cadre;
      const note =
        s.kind === 'reject'
          ? s.reason
          : s.kind === 'publicize' && s.publicity
            ? `公示期 ${s.publicity.start} 至 ${s.publicity.end}`
            : s.kind === 'approve'
              ? '经公示无异议，同意建档'
              : s.kind === 'reenter'
                ? '家庭再次陷入困难，返困重新申请'
                : s.note;
      await apply(await as(actor), archiveFlow, {
        id: r.id,
        event,
        note,
        orgPath: r.orgPath,
        orgId: r.orgId,
      });
      r.timeline.push(s.at);
      r.state = STATE_AFTER[s.kind] ?? r.state;
      if (s.kind === 'publicize') r.publicity = s.publicity ?? null;
      if (s.kind === 'approve') {
        r.filed = s.at;
        r.firstFiled ??= s.at;
      }
      if (s.kind === 'reject') r.rejectReason = s.reason ?? null;
      if (s.kind === 'exit') {
        r.exited = s.at;
        r.exit = { reason: s.exitReason ?? 'other', note: s.note ?? null };
      }
      if (s.kind === 'reenter') {
        // A new cycle: the previous exit, publicity and confirmed category are history.
        Object.assign(r, { filed: null, exited: null, exit: null, publicity: null, categoryCleared: true });
      }
      return;
    }

    switch (s.kind) {
      case 'create': {
        const helperUserId = a.helper ? await userId(a.helper) : null;
        if (helperUserId && !a.story.self) r.helperChanges.push(s.at);
        const causes = {
          main: a.story.cause,
          secondary: a.story.secondary ?? [],
          otherText: a.story.otherText ?? null,
        };
        const housing = { type: a.story.home[0], areaM2: a.story.home[1], condition: a.story.home[2] };
        // Applications still waiting for acceptance have no plan and no confirmed category yet.
        const confirmed = a.plan.length > 0 ? a.category : null;
        const created = a.story.self
          ? await applyForSelf(await as(SELF_APPLICANT), {
              basic: a.input,
              causes,
              income: a.income,
              housing,
              note: '职工自主申请（演示数据）',
            })
          : await fileArchive(cadre, {
              orgId: org(a.story.org).id,
              basic: a.input,
              causes,
              income: {
                ...a.income,
                category: confirmed,
                categoryReason: confirmed ? (a.story.override?.reason ?? null) : null,
              },
              housing,
              plan: await named(a.plan),
              helperUserId,
              note: '窗口受理（演示数据）',
            });
        r.id = created.id;
        r.orgId = created.org.id;
        r.orgPath = org(created.org.name).path;
        r.timeline.push(s.at);
        return;
      }
      case 'visit': {
        const helper = a.helper ? (await as(a.helper)).actor?.displayName : null;
        const names = [...new Set([cadre.actor?.displayName, helper].filter(Boolean))];
        if (names.length < 2) names.push(`${a.story.org.replace(/工会$/, '')}工会委员`);
        const v = await addVisit(cadre, r.id, {
          visitDate: s.day,
          visitors: names.join('、'),
          findings: s.note ?? '入户核实家庭人口、收入和住房情况，与申请材料一致。',
        });
        visits.push([v.id, s.at]);
        return;
      }
      case 'category':
        // The cadre confirms the category (re-entry cleared it; a self-application never had one).
        await updateArchive(cadre, r.id, {
          income: {
            ...a.income,
            category: a.category,
            categoryReason: a.category === a.suggested ? null : (a.story.override?.reason ?? null),
          },
        });
        if (a.story.self) {
          // Written as stored: the plan is dated from the (backdated) filing, which the console's check
          // (a measure to do is not due before the archive was opened, i.e. today while seeding) would refuse.
          const plan = (await named(a.plan)).map((m) => ({
            type: m.type,
            responsible: m.responsible,
            targetDate: m.targetDate ?? null,
            status: m.status,
            result: m.result ?? null,
          }));
          await db.update(hardshipArchives).set({ plan }).where(eq(hardshipArchives.id, r.id));
        }
        r.categoryCleared = false;
        return;
      case 'helper':
        await assignHelper(cadre, r.id, { userId: await userId(s.helper ?? region.cadre), reason: s.note });
        r.helperChanges.push(s.at);
        return;
      case 'aid': {
        if (!s.aid) return;
        const { givingOrg, ...input } = s.aid;
        const row = await addAssistance(cadre, r.id, {
          ...input,
          ...(givingOrg ? { givingOrgId: org(givingOrg).id } : {}),
        });
        aids.push([row.id, s.at]);
        return;
      }
    }
  }

  // 个人二维码: every archive that was ever filed has its token (the real issuing function).
  const everFiled = running.filter((r) => r.firstFiled);
  await ensureTokens(
    await as(regions.bs.cadre),
    everFiled.map((r) => r.id),
  );
  // The worker hears that their own application was approved (as the approval step notifies).
  for (const r of running) {
    if (r.plan.story.self && r.filed) {
      await notify(db, {
        userIds: [await userId(SELF_APPLICANT)],
        kind: 'hardship.approve',
        title: `${r.plan.story.name} 的困难职工档案已审批建档`,
        link: `/m/hardship/${r.id}`,
      });
    }
  }

  await backdate(deps, running, visits, aids, batches);

  // 档案移交 (行走式数据链): one filed 右江区 household has moved to 平湖 and waits in 林埭镇's inbox.
  const mover = running.find(
    (r) =>
      r.plan.story.region === 'bs' && !r.plan.story.self && r.state === 'filed' && r.orgPath !== org(YJ).path,
  );
  if (mover) {
    await proposeTransfer(await as('yj_cadre'), mover.id, {
      toOrgId: org(LD).id,
      reason: '职工随配偶迁居浙江平湖，已在林埭镇示范纺织有限公司就业，档案随人移交林埭镇总工会。',
    });
    // Proposed two days ago in the morning, like every other demo step dated in the past.
    const proposed = at(addDays(plan.today, -2), 9, 40);
    await db.execute(
      sql`update hardship_transfers set requested_at = ${proposed.toISOString()}::timestamptz where archive_id = ${mover.id} and state = 'pending'`,
    );
    await db.execute(
      sql`update timeline_events set at = ${proposed.toISOString()}::timestamptz
          where entity_type = 'hardship.archive' and entity_id = ${String(mover.id)} and event = 'transferPropose'`,
    );
  }
  return summarize(
    deps,
    running.map((r) => r.id),
  );
}

/** The demo worker account (README) whose own application is among the archives. */
const SELF_APPLICANT = '13900000003';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The use cases stamped "now": write the invented times back, with the fields of the lifecycle
 * steps, in a few batched statements. The audit log keeps the real time of seeding (append-only).
 */
async function backdate(
  deps: Deps,
  running: Running[],
  visits: [number, Date][],
  aids: [number, Date][],
  batches: [string, Date][],
) {
  const db = deps.database.db;
  const idList = (values: (string | number)[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const events = await sqlRows<{ id: string | number; entity_id: string }>(
    db,
    sql`select id, entity_id from timeline_events
        where entity_type = 'hardship.archive' and entity_id in (${idList(running.map((r) => String(r.id)))})
        order by id`,
  );
  const byArchive = new Map<string, number[]>();
  for (const e of events) {
    const list = byArchive.get(e.entity_id) ?? [];
    list.push(Number(e.id));
    byArchive.set(e.entity_id, list);
  }
  const eventTimes: [number, Date][] = [];
  for (const r of running) {
    (byArchive.get(String(r.id)) ?? []).forEach((id, i) => {
      const t = r.timeline[i];
      if (t) eventTimes.push([id, t]);
    });
  }
  await setTimes(deps, 'timeline_events', 'at', eventTimes);
  await setTimes(deps, 'hardship_visits', 'created_at', visits);
  await setTimes(deps, 'hardship_assistance', 'created_at', aids);

  const rows = running.map(
    (r) =>
      sql`(${r.id}::int, ${iso(r.created)}::timestamptz, ${iso(r.touched)}::timestamptz,
           ${iso(r.filed)}::timestamptz, ${iso(r.exited)}::timestamptz,
           ${r.state === 'filed' ? r.plan.reviewDue : null}::date,
           ${r.publicity?.start ?? null}::date, ${r.publicity?.end ?? null}::date,
           ${r.state === 'rejected' ? r.rejectReason : null}::text,
           ${r.exit?.reason ?? null}::text, ${r.exit?.note ?? null}::text, ${r.categoryCleared}::boolean)`,
  );
  await db.execute(sql`
    update hardship_archives a set created_at = v.c, updated_at = v.u, filed_at = v.f, exited_at = v.x,
      review_due = v.r, publicity_start = v.ps, publicity_end = v.pe, reject_reason = v.rr,
      exit_reason = v.er, exit_note = v.en,
      category = case when v.cc then null else a.category end,
      category_reason = case when v.cc then null else a.category_reason end
    from (values ${sql.join(rows, sql`, `)}) as v(id, c, u, f, x, r, ps, pe, rr, er, en, cc)
    where a.id = v.id`);

  const helperRows = await sqlRows<{ id: number; archive_id: number }>(
    db,
    sql`select id, archive_id from hardship_helper_changes
        where archive_id in (${idList(running.map((r) => r.id))}) order by id`,
  );
  const helperTimes: [number, Date][] = [];
  for (const r of running) {
    helperRows
      .filter((h) => h.archive_id === r.id)
      .forEach((h, i) => {
        const t = r.helperChanges[i];
        if (t) helperTimes.push([h.id, t]);
      });
  }
  await setTimes(deps, 'hardship_helper_changes', 'at', helperTimes);

  // The QR token came with the first filing (a re-filed archive keeps it).
  const tokens = running.filter((r) => r.firstFiled);
  if (tokens.length > 0) {
    await db.execute(sql`
      update hardship_qr_tokens q set created_at = v.t
      from (values ${sql.join(
        tokens.map((r) => sql`(${r.id}::int, ${iso(r.firstFiled)}::timestamptz)`),
        sql`, `,
      )}) as v(id, t)
      where q.archive_id = v.id`);
  }
  if (batches.length > 0) {
    await db.execute(sql`
      update hardship_assistance s set created_at = v.t
      from (values ${sql.join(
        batches.map(([b, t]) => sql`(${b}::text, ${iso(t)}::timestamptz)`),
        sql`, `,
      )}) as v(b, t)
      where s.batch_id = v.b`);
  }
  // Notifications of the seeded steps (helper assignments, the worker's approval): dated with
  // their step, the older ones already read.
  await db.execute(sql`
    update notifications n set created_at = x.t,
      read_at = case when x.t < now() - interval '14 days' then x.t + interval '1 day' end
    from (
      select n2.id, case n2.kind
          when 'hardship.approve' then a.filed_at
          when 'hardship.helperAssigned' then (select max(h.at) from hardship_helper_changes h where h.archive_id = a.id)
          else a.updated_at end as t
      from notifications n2
      join hardship_archives a on a.id::text = substring(n2.link from '/hardship/([0-9]+)$')
      where n2.kind like 'hardship.%' and a.id in (${idList(running.map((r) => r.id))})
    ) x
    where n.id = x.id and x.t is not null`);
}

/** `update <table> set <column> = v.at from (values (id, at), …) where id = v.id`, in one statement. */
async function setTimes(deps: Deps, table: string, column: string, rows: [number, Date][]) {
  if (rows.length === 0) return;
  await deps.database.db.execute(sql`
    update ${sql.identifier(table)} t set ${sql.identifier(column)} = v.at
    from (values ${sql.join(
      rows.map(([id, t]) => sql`(${id}::bigint, ${t.toISOString()}::timestamptz)`),
      sql`, `,
    )}) as v(id, at)
    where t.id = v.id`);
}

async function summarize(deps: Deps, ids: number[]): Promise<HardshipDemoSummary> {
  const db = deps.database.db;
  const list = sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );
  // One after the other: inside the seed's transaction there is a single connection.
  const states = await sqlRows<{ k: string; n: number }>(
    db,
    sql`select state as k, count(*)::int as n from hardship_archives where id in (${list}) group by 1`,
  );
  const categories = await sqlRows<{ k: string | null; n: number }>(
    db,
    sql`select category as k, count(*)::int as n from hardship_archives
        where id in (${list}) and state = 'filed' group by 1`,
  );
  const aid = await sqlRows<{ k: AssistanceType; n: number; fen: string | number }>(
    db,
    sql`select type as k, count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as fen
        from hardship_assistance where archive_id in (${list}) group by 1`,
  );
  return {
    archives: ids.length,
    byState: Object.fromEntries(states.map((s) => [s.k, Number(s.n)])),
    byCategory: Object.fromEntries(categories.map((c) => [c.k ?? 'none', Number(c.n)])),
    assistance: {
      count: aid.reduce((sum, a) => sum + Number(a.n), 0),
      amountFen: aid.reduce((sum, a) => sum + Number(a.fen), 0),
      byType: Object.fromEntries(aid.map((a) => [a.k, Number(a.n)])),
    },
  };
}
