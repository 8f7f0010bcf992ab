import { count, eq, gt, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import { addDays, beijingDay, formatMinutes } from '../../../shared/dates.ts';
import type {
  complaintOutcomes,
  ErrandState,
  ItemKind,
  RequesterKind,
  TErrandInput,
} from '../../../shared/errands.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { answerComplaint, lodgeComplaint } from './complaints.service.ts';
import {
  acceptErrand,
  cancelErrand,
  declineErrand,
  deliverErrand,
  dispatchErrand,
  mergeErrand,
  pickUpErrand,
  recordCall,
  requestErrand,
} from './errands.service.ts';
import { errandComplaints, errandHotlines, errands } from './errands.table.ts';
import { createHotline, createShift } from './roster.service.ts';

/**
 * 及时送 demo data (issue #7, seed 000 桥西区), invented: 石家庄市桥西区总工会 runs the service with five
 * 24-hour numbers (four 值守, one 投诉), a duty roster of day (08:00–20:00) and night (20:00–08:00) shifts
 * from two weeks back to a week ahead (so someone is on duty whenever the demo runs), its courier partner
 * 桥西区示范快递有限公司 with three couriers, and about sixty errands of the last thirty days in every
 * state: most delivered (among them the seed's two stories — a call at 22:05 for a street-office
 * worker's daily necessities delivered at 23:20, and a community cadre's phone charger delivered 1 h
 * 10 min after the call), some cancelled, duplicate calls merged, one declined by a courier and
 * dispatched again, a few asked for by a worker on the H5, and today's open ones (a few overdue);
 * complaints answered with each outcome and one still open.
 *
 * Everything goes through the module's own use cases (rules, timelines, audit, notifications), step
 * by step in the order the stories happened; after each step its timeline events, the notifications
 * it sent and the errand's own time column are moved to the step's planned time, and codes take the
 * Beijing day of the call. The audit log is append-only and keeps the time of seeding.
 */

type ComplaintOutcome = (typeof complaintOutcomes)[number];

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Invented numbers of the five 24-hour phones. */
const HOTLINES = [
  { label: '及时送热线 1', number: '0311-86680001', kind: 'duty' },
  { label: '及时送热线 2', number: '0311-86680002', kind: 'duty' },
  { label: '及时送热线 3', number: '0311-86680003', kind: 'duty' },
  { label: '及时送热线 4', number: '0311-86680004', kind: 'duty' },
  { label: '投诉电话', number: '0311-86680005', kind: 'complaint' },
] as const;

const CADRE_DAY = 'qx_cadre';
const CADRE_NIGHT = 'qx_duty2';
const COURIERS = ['qx_courier', 'qx_courier2', 'qx_courier3'] as const;
/** The demo worker asking on the H5 (a community worker of 桥西区示范街道社区工会). */
export const ERRANDS_DEMO_WORKER = '13900000016';
const SERVICE_ORG = '石家庄市桥西区总工会';
const COURIER_ORG = '桥西区示范快递有限公司';

// ---------------------------------------------------------------- stories

type Step =
  | { do: 'dispatch'; at: number }
  | { do: 'accept' | 'pickup'; at: number; by: number }
  | { do: 'decline'; at: number; by: number; reason: string }
  | { do: 'deliver'; at: number; by: number; receivedBy: string }
  | { do: 'cancel'; at: number; reason: string }
  | { do: 'merge'; at: number; into: string }
  | { do: 'complain'; at: number; name: string; mobile: string; content: string; public?: boolean }
  | { do: 'answer'; at: number; outcome: ComplaintOutcome; answer: string };

interface Story {
  key: string;
  /** The call (or the worker's request), epoch ms. */
  calledAt: number;
  worker?: boolean;
  input: Omit<TErrandInput, 'calledAt'>;
  /** Steps after the call, each at an absolute epoch ms. */
  steps: Step[];
}

/** Deterministic pseudo-random numbers (mulberry32), so every demo database looks the same. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Template {
  requesterKind: RequesterKind;
  kinds: ItemKind[];
  items: string;
  recipient: string;
  recipientAddress: string;
  caller: string;
  pickupAddress: string;
  pickupContact: string;
}

/** The kinds of need the hotline hears (names, places and numbers invented). */
const TEMPLATES: Template[] = [
  {
    requesterKind: 'frontline',
    kinds: ['charger'],
    items: '手机充电器（Type-C）和充电宝',
    recipient: '杜医生',
    recipientAddress: '桥西区示范路核酸检测点（东里社区）',
    caller: '杜医生家属',
    pickupAddress: '桥西区维明南大街 56 号 3 单元 401',
    pickupContact: '杜母',
  },
  {
    requesterKind: 'frontline',
    kinds: ['clothing', 'toiletries'],
    items: '换洗衣物两套、洗漱用品一套',
    recipient: '彭护士',
    recipientAddress: '桥西区示范街道卫生服务中心',
    caller: '彭护士爱人',
    pickupAddress: '桥西区自强路 12 号院 5 号楼 202',
    pickupContact: '彭爱人',
  },
  {
    requesterKind: 'volunteer',
    kinds: ['keys'],
    items: '家门钥匙一串（放在邻居家）',
    recipient: '冯志愿者',
    recipientAddress: '桥西区裕华西路示范小区 3 号门志愿服务点',
    caller: '冯志愿者',
    pickupAddress: '桥西区裕华西路示范小区 7 号楼 1 单元 301 邻居家',
    pickupContact: '邻居胡阿姨',
  },
  {
    requesterKind: 'frontline',
    kinds: ['medicine'],
    items: '降压药一盒（家属已备好）',
    recipient: '石警官',
    recipientAddress: '桥西区槐安西路示范卡口执勤点',
    caller: '石警官女儿',
    pickupAddress: '桥西区红旗大街 88 号 2 单元 602',
    pickupContact: '石女儿',
  },
  {
    requesterKind: 'volunteer',
    kinds: ['clothing'],
    items: '厚外套一件、保暖内衣一套',
    recipient: '贺志愿者',
    recipientAddress: '桥西区示范社区防疫志愿服务站',
    caller: '贺志愿者母亲',
    pickupAddress: '桥西区友谊南大街 23 号 6 号楼 502',
    pickupContact: '贺母',
  },
  {
    requesterKind: 'hardship',
    kinds: ['food', 'medicine'],
    items: '奶粉一罐、退烧药',
    recipient: '范女士',
    recipientAddress: '桥西区西里街示范小区 9 号楼 101',
    caller: '范女士',
    pickupAddress: '桥西区中华南大街示范药店',
    pickupContact: '药店店员',
  },
  {
    requesterKind: 'frontline',
    kinds: ['documents'],
    items: '工作证、身份证（在家中抽屉）',
    recipient: '邵主任',
    recipientAddress: '桥西区示范街道办事处',
    caller: '邵主任爱人',
    pickupAddress: '桥西区新石北路 66 号 4 单元 302',
    pickupContact: '邵爱人',
  },
  {
    requesterKind: 'frontline',
    kinds: ['toiletries'],
    items: '牙刷牙膏、毛巾、剃须刀',
    recipient: '汤队长',
    recipientAddress: '桥西区示范方舱医院工作人员驻地',
    caller: '汤队长妻子',
    pickupAddress: '桥西区振头示范小区 2 号楼 801',
    pickupContact: '汤妻子',
  },
  {
    requesterKind: 'hardship',
    kinds: ['food'],
    items: '米面油一份（困难职工慰问品）',
    recipient: '戴师傅',
    recipientAddress: '桥西区东里示范平房区 15 号',
    caller: '戴师傅',
    pickupAddress: '桥西区总工会职工服务中心',
    pickupContact: '服务中心值班员',
  },
  {
    requesterKind: 'volunteer',
    kinds: ['charger', 'other'],
    items: '充电器、老花镜',
    recipient: '叶大爷（楼栋志愿者）',
    recipientAddress: '桥西区示范小区 12 号楼楼栋值守点',
    caller: '叶大爷儿子',
    pickupAddress: '桥西区维明街 31 号 1 单元 201',
    pickupContact: '叶儿子',
  },
  {
    requesterKind: 'other',
    kinds: ['keys', 'documents'],
    items: '电动车钥匙、驾驶证',
    recipient: '程师傅（外卖骑手）',
    recipientAddress: '桥西区示范商业街骑手驿站',
    caller: '程师傅',
    pickupAddress: '桥西区自强路示范小区 5 号楼 302',
    pickupContact: '程室友',
  },
  {
    requesterKind: 'frontline',
    kinds: ['food'],
    items: '保温饭盒（家中做好的饭菜）',
    recipient: '陶医生',
    recipientAddress: '桥西区示范医院发热门诊',
    caller: '陶医生母亲',
    pickupAddress: '桥西区红旗大街 120 号 3 号楼 402',
    pickupContact: '陶母',
  },
];

/** Invented mobiles of callers, recipients and pickup contacts (136 1000 xxxx, no account has one). */
const mobileOf = (n: number) => `1361000${String(n).padStart(4, '0')}`;

/** A Beijing wall-clock time `daysAgo` days before today. */
function beijingAt(now: number, daysAgo: number, hm: string): number {
  const day = addDays(beijingDay(new Date(now)), -daysAgo);
  return Date.parse(`${day}T${hm}:00+08:00`);
}

function inputOf(
  tpl: Template,
  n: number,
  urgency: 'urgent' | 'normal' = 'normal',
): Omit<TErrandInput, 'calledAt'> {
  return {
    callerName: tpl.caller,
    callerMobile: mobileOf(n * 3),
    requesterKind: tpl.requesterKind,
    recipientName: tpl.recipient,
    recipientPhone: mobileOf(n * 3 + 1),
    recipientAddress: tpl.recipientAddress,
    itemKinds: tpl.kinds,
    items: tpl.items,
    pickupAddress: tpl.pickupAddress,
    pickupContact: tpl.pickupContact,
    pickupMobile: mobileOf(n * 3 + 2),
    urgency,
    note: null,
  };
}

/** A delivered errand's steps at the given minutes after the call. */
function delivered(
  calledAt: number,
  by: number,
  m: { dispatch: number; accept: number; pickup: number; deliver: number },
  receivedBy: string,
): Step[] {
  return [
    { do: 'dispatch', at: calledAt + m.dispatch * MIN },
    { do: 'accept', at: calledAt + m.accept * MIN, by },
    { do: 'pickup', at: calledAt + m.pickup * MIN, by },
    { do: 'deliver', at: calledAt + m.deliver * MIN, by, receivedBy },
  ];
}

/** The stories, relative to `now` (epoch ms). */
export function errandsDemoStories(now: number): Story[] {
  const rnd = random(20_220_831);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const between = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo));
  const stories: Story[] = [];
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };

  // The seed's first story: 22:05, a resident whose husband works at the street office; a community
  // volunteer fetches the things from the high-risk compound; delivered at 23:20.
  {
    const calledAt = beijingAt(now, 12, '22:05');
    stories.push({
      key: 'night-call',
      calledAt,
      input: {
        callerName: '郑女士',
        callerMobile: '13610001001',
        requesterKind: 'frontline',
        recipientName: '郑女士爱人（街道办事处工作人员）',
        recipientPhone: '13610001002',
        recipientAddress: '桥西区示范街道办事处',
        itemKinds: ['clothing', 'toiletries'],
        items: '生活用品：换洗衣物、洗漱用品（爱人多日未能回家）',
        pickupAddress: '桥西区示范锦苑小区（高风险小区）北门',
        pickupContact: '社区志愿者小魏',
        pickupMobile: '13610001003',
        urgency: 'urgent',
        note: '小区为高风险小区，由社区志愿者送到门口交给快递员',
      },
      steps: delivered(calledAt, 0, { dispatch: 4, accept: 9, pickup: 40, deliver: 75 }, '郑女士爱人'),
    });
  }
  // The seed's second story: a community cadre's phone charger, delivered 1 h 10 min after the call.
  {
    const calledAt = beijingAt(now, 9, '15:20');
    stories.push({
      key: 'charger',
      calledAt,
      input: {
        callerName: '蒋蕾',
        callerMobile: '13610001004',
        requesterKind: 'frontline',
        recipientName: '蒋蕾（示范社区干部）',
        recipientPhone: '13610001004',
        recipientAddress: '桥西区示范街道示范社区居委会',
        itemKinds: ['charger'],
        items: '手机充电器等物品',
        pickupAddress: '桥西区新石北路示范小区 6 号楼 2 单元 501',
        pickupContact: '蒋蕾母亲',
        pickupMobile: '13610001005',
        urgency: 'urgent',
        note: null,
      },
      steps: delivered(calledAt, 1, { dispatch: 3, accept: 8, pickup: 30, deliver: 70 }, '蒋蕾'),
    });
  }

  // Delivered ones over the last 30 days (two late: over 3 hours; two accepted late).
  const hours = [
    '07:40',
    '09:15',
    '10:30',
    '11:50',
    '13:10',
    '14:45',
    '16:20',
    '18:05',
    '19:40',
    '21:15',
    '22:30',
  ];
  for (let i = 0; i < 36; i += 1) {
    const k = next();
    const tpl = TEMPLATES[i % TEMPLATES.length] as Template;
    const daysAgo = 1 + Math.floor((i * 28) / 36);
    const calledAt = beijingAt(now, daysAgo, pick(hours)) + between(0, 9) * MIN;
    const dispatch = between(2, 12);
    const accept = dispatch + (i === 7 || i === 22 ? between(20, 30) : between(1, 9));
    const pickup = accept + between(10, 35);
    const deliver = i === 11 || i === 29 ? between(190, 230) : pickup + between(15, 70);
    stories.push({
      key: `d${i}`,
      calledAt,
      input: inputOf(tpl, k, rnd() < 0.4 ? 'urgent' : 'normal'),
      steps: delivered(calledAt, i % 3, { dispatch, accept, pickup, deliver }, tpl.recipient.slice(0, 3)),
    });
  }

  // Declined by one courier (car broke down), dispatched again and delivered by another.
  {
    const calledAt = beijingAt(now, 6, '20:40');
    const tpl = TEMPLATES[0] as Template;
    stories.push({
      key: 'declined',
      calledAt,
      input: inputOf(tpl, next(), 'urgent'),
      steps: [
        { do: 'dispatch', at: calledAt + 5 * MIN },
        { do: 'accept', at: calledAt + 9 * MIN, by: 2 },
        { do: 'decline', at: calledAt + 20 * MIN, by: 2, reason: '电动车没电了，附近暂无车辆，请改派' },
        { do: 'dispatch', at: calledAt + 24 * MIN },
        { do: 'accept', at: calledAt + 27 * MIN, by: 0 },
        { do: 'pickup', at: calledAt + 50 * MIN, by: 0 },
        { do: 'deliver', at: calledAt + 95 * MIN, by: 0, receivedBy: '杜医生' },
      ],
    });
  }

  // Worker requests on the H5 (three delivered).
  for (const [i, daysAgo] of [20, 11, 3].entries()) {
    const calledAt = beijingAt(now, daysAgo, ['08:20', '12:35', '19:10'][i] as string);
    const tpl = TEMPLATES[[1, 6, 0][i] as number] as Template;
    stories.push({
      key: `h5-${i}`,
      calledAt,
      worker: true,
      input: {
        ...inputOf(tpl, next()),
        recipientName: '苏建华',
        recipientAddress: '桥西区示范街道示范社区居委会',
        note: '职工本人在社区值守，物品请家人准备好',
      },
      steps: delivered(calledAt, i, { dispatch: 6, accept: 11, pickup: 35, deliver: 80 + i * 10 }, '苏建华'),
    });
  }

  // Cancelled (the caller solved it, or the courier could not reach the pickup).
  const cancels: [number, string, number, boolean][] = [
    [25, '来电人已自行取回', 15, false],
    [17, '家属联系不上，来电人要求取消', 40, true],
    [8, '重复需求，已由社区代为送达', 10, false],
    [2, '收件人已下班回家，无需再送', 30, true],
  ];
  for (const [i, [daysAgo, reason, after, dispatched]] of cancels.entries()) {
    const calledAt = beijingAt(now, daysAgo, '10:05') + i * 37 * MIN;
    stories.push({
      key: `cancel-${i}`,
      calledAt,
      input: inputOf(TEMPLATES[(i * 5 + 2) % TEMPLATES.length] as Template, next()),
      steps: [
        ...(dispatched ? [{ do: 'dispatch' as const, at: calledAt + 5 * MIN }] : []),
        { do: 'cancel', at: calledAt + after * MIN, reason },
      ],
    });
  }

  // Duplicate calls (another family member calls about the same need), merged into the first.
  for (const [i, into] of ['d3', 'd17', 'd30'].entries()) {
    const target = stories.find((s) => s.key === into);
    if (!target) throw new Error(`no story ${into}`);
    const calledAt = target.calledAt + 1 * MIN;
    stories.push({
      key: `dup-${i}`,
      calledAt,
      input: {
        ...target.input,
        callerName: `${target.input.recipientName.slice(0, 1)}家亲属`,
        callerMobile: mobileOf(900 + i),
      },
      steps: [{ do: 'merge', at: calledAt + 2 * MIN, into }],
    });
  }

  // Today's open ones: pending (one a worker's, one just declined), dispatched (one not accepted for
  // 40 minutes: overdue), accepted, picked up (one 3 h 30 min after the call: overdue).
  const ago = (minutes: number) => now - minutes * MIN;
  const open: { key: string; called: number; tpl: number; steps: (c: number) => Step[]; worker?: boolean }[] =
    [
      { key: 'pending-1', called: 12, tpl: 3, steps: () => [] },
      { key: 'pending-h5', called: 25, tpl: 1, steps: () => [], worker: true },
      {
        key: 'pending-declined',
        called: 55,
        tpl: 4,
        steps: (c) => [
          { do: 'dispatch', at: c + 6 * MIN },
          { do: 'decline', at: c + 20 * MIN, by: 1, reason: '取件地址所在小区封控，暂时进不去' },
        ],
      },
      { key: 'dispatched-1', called: 14, tpl: 5, steps: (c) => [{ do: 'dispatch', at: c + 4 * MIN }] },
      { key: 'dispatched-2', called: 30, tpl: 9, steps: (c) => [{ do: 'dispatch', at: c + 6 * MIN }] },
      { key: 'dispatched-late', called: 48, tpl: 7, steps: (c) => [{ do: 'dispatch', at: c + 5 * MIN }] },
      {
        key: 'accepted-1',
        called: 35,
        tpl: 2,
        steps: (c) => [
          { do: 'dispatch', at: c + 3 * MIN },
          { do: 'accept', at: c + 9 * MIN, by: 0 },
        ],
      },
      {
        key: 'accepted-2',
        called: 70,
        tpl: 10,
        steps: (c) => [
          { do: 'dispatch', at: c + 5 * MIN },
          { do: 'accept', at: c + 12 * MIN, by: 1 },
        ],
      },
      {
        key: 'picked-1',
        called: 80,
        tpl: 11,
        steps: (c) => [
          { do: 'dispatch', at: c + 4 * MIN },
          { do: 'accept', at: c + 8 * MIN, by: 2 },
          { do: 'pickup', at: c + 40 * MIN, by: 2 },
        ],
      },
      {
        key: 'picked-late',
        called: 210,
        tpl: 8,
        steps: (c) => [
          { do: 'dispatch', at: c + 10 * MIN },
          { do: 'accept', at: c + 18 * MIN, by: 0 },
          { do: 'pickup', at: c + 150 * MIN, by: 0 },
        ],
      },
    ];
  for (const o of open) {
    const calledAt = ago(o.called);
    stories.push({
      key: o.key,
      calledAt,
      ...(o.worker ? { worker: true } : {}),
      input: inputOf(TEMPLATES[o.tpl] as Template, next(), 'urgent'),
      steps: o.steps(calledAt),
    });
  }

  // Complaints: answered with each outcome, one still open (lodged on the public page).
  const complain = (
    key: string,
    after: number,
    c: Omit<Extract<Step, { do: 'complain' }>, 'do' | 'at'>,
    answer?: [ComplaintOutcome, string, number],
  ) => {
    const s = stories.find((x) => x.key === key);
    if (!s) throw new Error(`no story ${key}`);
    const last = Math.max(s.calledAt, ...s.steps.map((x) => x.at));
    s.steps.push({ do: 'complain', at: last + after * MIN, ...c });
    if (answer)
      s.steps.push({
        do: 'answer',
        at: last + (after + answer[2]) * MIN,
        outcome: answer[0],
        answer: answer[1],
      });
  };
  complain(
    'd11',
    60,
    {
      name: TEMPLATES[11 % TEMPLATES.length]?.caller ?? '来电人',
      mobile: mobileOf(12 * 3),
      content: '来电后三个多小时才送到，饭菜都凉了',
    },
    [
      'upheld',
      '经核实，当晚快递员同时承接多单导致延误，已与快递公司工会约定夜间增派人手，并向您致歉',
      20 * 60,
    ],
  );
  complain(
    'd7',
    90,
    {
      name: TEMPLATES[7]?.caller ?? '来电人',
      mobile: mobileOf(8 * 3),
      content: '派单后快递员二十多分钟才接单，希望加快响应',
    },
    ['explained', '当时正值交接班，快递员在途中完成上一单后立即接单；已提醒合作单位缩短接单时间', 26 * 60],
  );
  complain(
    'd20',
    120,
    {
      name: TEMPLATES[20 % TEMPLATES.length]?.caller ?? '来电人',
      mobile: mobileOf(21 * 3),
      content: '说快递员态度不好，没有打电话就放在门口了',
    },
    [
      'unfounded',
      '经调取通话记录和签收信息，快递员到达前已两次电话联系并由收件人当面签收，投诉情况不属实，已向来电人说明',
      30 * 60,
    ],
  );
  complain(
    'declined',
    45,
    {
      name: TEMPLATES[0]?.caller ?? '来电人',
      mobile: mobileOf(37 * 3),
      content: '第一位快递员接单后又退回，耽误了时间',
    },
    [
      'explained',
      '第一位快递员的电动车临时没电，已立即改派并在 1 个半小时内送达，已向来电人说明情况',
      16 * 60,
    ],
  );
  complain('d33', 30, {
    name: TEMPLATES[33 % TEMPLATES.length]?.caller ?? '来电人',
    mobile: mobileOf(34 * 3),
    content: '送来的充电器接口型号不对，希望能再送一次',
    public: true,
  });
  // A past story whose last step would fall in the last half hour (early in the Beijing morning) moves
  // back whole; today's open ones are placed relative to now already.
  const latest = now - 30 * MIN;
  for (const s of stories) {
    if (open.some((o) => o.key === s.key)) continue;
    const over = Math.max(s.calledAt, ...s.steps.map((x) => x.at)) - latest;
    if (over <= 0) continue;
    s.calledAt -= over;
    for (const step of s.steps) step.at -= over;
  }
  return stories;
}

// ---------------------------------------------------------------- seeding

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

export interface ErrandsDemoSummary {
  hotlines: number;
  shifts: number;
  errands: number;
  byState: Partial<Record<ErrandState, number>>;
  complaints: number;
}

/** Seed the 及时送 demo once (skipped when any hotline exists), after the supplies demo. */
export async function seedErrandsDemo(deps: Deps, now = Date.now()): Promise<ErrandsDemoSummary | null> {
  const [existing] = await deps.database.db.select({ n: count() }).from(errandHotlines);
  if ((existing?.n ?? 0) > 0) return null;
  const [service] = await deps.database.db.select().from(orgs).where(eq(orgs.name, SERVICE_ORG));
  if (!service) return null;
  return deps.database.db.transaction((tx) =>
    seedIn({ ...deps, database: { ...deps.database, db: tx } }, now),
  );
}

async function seedIn(deps: Deps, now: number): Promise<ErrandsDemoSummary> {
  const db = deps.database.db;
  const dayCadre = await actAs(deps, CADRE_DAY);
  const nightCadre = await actAs(deps, CADRE_NIGHT);
  const couriers = await Promise.all(COURIERS.map((u) => actAs(deps, u)));
  const worker = await actAs(deps, ERRANDS_DEMO_WORKER);
  const [courierOrg] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, COURIER_ORG));
  if (!courierOrg) throw new Error(`demo org ${COURIER_ORG} missing`);
  const cadreAt = (at: number) => {
    const hour = new Date(at + 8 * HOUR).getUTCHours();
    return hour >= 8 && hour < 20 ? dayCadre : nightCadre;
  };

  // Five 24-hour phones.
  const hotlineIds: number[] = [];
  for (const h of HOTLINES) {
    hotlineIds.push((await createHotline(dayCadre, { ...h, allDay: true, active: true })).id);
  }
  // Day and night shifts from two weeks back to a week ahead, on the first two lines.
  const today = beijingDay(new Date(now));
  let shifts = 0;
  for (let d = -15; d <= 7; d += 1) {
    const day = addDays(today, d);
    const dayUser = dayCadre.actor?.userId ?? 0;
    const nightUser = nightCadre.actor?.userId ?? 0;
    if (d >= -14) {
      await createShift(dayCadre, {
        userId: dayUser,
        hotlineId: hotlineIds[0] ?? null,
        startsAt: new Date(`${day}T08:00:00+08:00`).toISOString(),
        endsAt: new Date(`${day}T20:00:00+08:00`).toISOString(),
        note: '白班',
      });
      shifts += 1;
    }
    await createShift(dayCadre, {
      userId: nightUser,
      hotlineId: hotlineIds[1] ?? null,
      startsAt: new Date(`${day}T20:00:00+08:00`).toISOString(),
      endsAt: new Date(`${addDays(day, 1)}T08:00:00+08:00`).toISOString(),
      note: '夜班',
    });
    shifts += 1;
  }
  const setupAt = new Date(beijingAt(now, 31, '09:00'));
  await db.update(errandHotlines).set({ createdAt: setupAt, updatedAt: setupAt });

  // The stories, every step in the order it happened.
  const stories = errandsDemoStories(now);
  type Action = { story: Story; step: Step | null; at: number };
  const actions: Action[] = [];
  for (const s of stories) {
    actions.push({ story: s, step: null, at: s.calledAt });
    for (const step of s.steps) actions.push({ story: s, step, at: step.at });
  }
  actions.sort((a, b) => a.at - b.at);
  const errandIds = new Map<string, number>();
  const complaintIds = new Map<string, number>();
  const lastIds = async () => {
    const [tl] = await db
      .select({ n: sql<number>`coalesce(max(${timelineEvents.id}), 0)::bigint` })
      .from(timelineEvents);
    const [nt] = await db
      .select({ n: sql<number>`coalesce(max(${notifications.id}), 0)::bigint` })
      .from(notifications);
    return { tl: Number(tl?.n ?? 0), nt: Number(nt?.n ?? 0) };
  };
  const column = {
    dispatch: errands.dispatchedAt,
    accept: errands.acceptedAt,
    pickup: errands.pickedUpAt,
    deliver: errands.deliveredAt,
  } as const;

  for (const { story, step, at } of actions) {
    const before = await lastIds();
    const when = new Date(at);
    const id = errandIds.get(story.key);
    const courier = (by: number) => couriers[by % couriers.length] as Ctx;
    if (step === null) {
      const e = story.worker
        ? await requestErrand(worker, {
            requesterKind: story.input.requesterKind,
            recipientName: story.input.recipientName,
            recipientPhone: story.input.recipientPhone,
            recipientAddress: story.input.recipientAddress,
            itemKinds: story.input.itemKinds,
            items: story.input.items,
            pickupAddress: story.input.pickupAddress,
            pickupContact: story.input.pickupContact,
            pickupMobile: story.input.pickupMobile,
            urgency: story.input.urgency,
            note: story.input.note ?? null,
          })
        : await recordCall(cadreAt(at), story.input);
      errandIds.set(story.key, e.id);
      // The code carries the Beijing day of the call, like a code taken that day.
      const code = `JS${beijingDay(when).replaceAll('-', '')}-${String(e.id).padStart(5, '0')}`;
      await db
        .update(errands)
        .set({ code, calledAt: when, createdAt: when, updatedAt: when })
        .where(eq(errands.id, e.id));
      await db.execute(sql`update notifications set title = replace(title, ${e.code}, ${code}),
          body = replace(body, ${e.code}, ${code}) where id > ${before.nt}`);
    } else {
      if (id === undefined) throw new Error(`story ${story.key}: step before the call`);
      switch (step.do) {
        case 'dispatch':
          await dispatchErrand(cadreAt(at), id, { courierOrgId: courierOrg.id });
          break;
        case 'accept':
          await acceptErrand(courier(step.by), id);
          break;
        case 'pickup':
          await pickUpErrand(courier(step.by), id);
          break;
        case 'decline':
          await declineErrand(courier(step.by), id, { reason: step.reason });
          break;
        case 'deliver':
          await deliverErrand(courier(step.by), id, { receivedBy: step.receivedBy });
          break;
        case 'cancel':
          await cancelErrand(cadreAt(at), id, { reason: step.reason });
          break;
        case 'merge': {
          const into = errandIds.get(step.into);
          if (into === undefined) throw new Error(`story ${story.key}: merge target ${step.into} missing`);
          await mergeErrand(cadreAt(at), id, { intoId: into, note: '同一需求的重复来电' });
          break;
        }
        case 'complain': {
          const [row] = await db.select({ code: errands.code }).from(errands).where(eq(errands.id, id));
          const c = await lodgeComplaint(
            step.public ? { ...cadreAt(at), actor: null } : cadreAt(at),
            step.public
              ? { errandCode: row?.code ?? '', name: step.name, mobile: step.mobile, content: step.content }
              : { errandId: id, name: step.name, mobile: step.mobile, content: step.content },
          );
          complaintIds.set(story.key, c.id);
          await db.update(errandComplaints).set({ createdAt: when }).where(eq(errandComplaints.id, c.id));
          break;
        }
        case 'answer': {
          const cid = complaintIds.get(story.key);
          if (cid === undefined) throw new Error(`story ${story.key}: answer before the complaint`);
          await answerComplaint(cadreAt(at), cid, { outcome: step.outcome, answer: step.answer });
          await db.update(errandComplaints).set({ answeredAt: when }).where(eq(errandComplaints.id, cid));
          break;
        }
      }
      if (step.do in column) {
        const col = column[step.do as keyof typeof column];
        await db.execute(sql`update errands set ${sql.identifier(col.name)} = ${when}, updated_at = ${when}
            where id = ${id}`);
      } else if (step.do === 'cancel' || step.do === 'merge' || step.do === 'decline') {
        await db.update(errands).set({ updatedAt: when }).where(eq(errands.id, id));
      }
      if (step.do === 'deliver') {
        // The worker's notice quotes the minutes from the call, as they were.
        const minutes = Math.round((at - story.calledAt) / MIN);
        await db.execute(sql`update notifications set body = regexp_replace(body, '来电后 [^，]*送达',
            ${`来电后 ${formatMinutes(minutes)}送达`}) where id > ${before.nt}`);
      }
    }
    // The step's timeline events and notices take its time; what is older than a day has been read.
    await db.update(timelineEvents).set({ at: when }).where(gt(timelineEvents.id, before.tl));
    await db
      .update(notifications)
      .set({ createdAt: when, ...(at < now - 24 * HOUR ? { readAt: new Date(at + HOUR) } : {}) })
      .where(gt(notifications.id, before.nt));
  }

  const byState: Partial<Record<ErrandState, number>> = {};
  for (const r of await db
    .select({ state: errands.state, n: count() })
    .from(errands)
    .groupBy(errands.state)) {
    byState[r.state as ErrandState] = r.n;
  }
  const [complaints] = await db.select({ n: count() }).from(errandComplaints);
  return {
    hotlines: hotlineIds.length,
    shifts,
    errands: errandIds.size,
    byState,
    complaints: complaints?.n ?? 0,
  };
}

/** Keys of the two seed stories (the demo test checks their durations). */
export const SEED_STORIES = { nightCall: 'night-call', charger: 'charger' } as const;
