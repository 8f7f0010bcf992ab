import { eq } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import type { HardshipCause, TCreateArchiveInput } from '../../../shared/hardship.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { addAssistance } from './assistance.service.ts';
import type { ArchiveEvent } from './hardship.flow.ts';
import { addVisit, advanceArchive, applyForSelf, fileArchive, updateArchive } from './hardship.service.ts';

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

async function orgId(deps: Deps, name: string): Promise<number> {
  const [row] = await deps.database.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, name)).limit(1);
  if (!row) throw new Error(`demo org ${name} missing`);
  return row.id;
}

/** An invented but valid ID number from Youjiang (451002). */
function demoId(birth: string, order: number): string {
  const first17 = `451002${birth}${String(order).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

const dayOffset = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

interface DemoArchive {
  name: string;
  birth: string;
  order: number;
  org: string;
  cause: HardshipCause;
  secondary?: HardshipCause[];
  incomeYuan: number;
  size: number;
  medicalYuan?: number;
  work: TCreateArchiveInput['basic']['workStatus'];
  health: TCreateArchiveInput['basic']['health'];
  /** How far along the lifecycle to take it. */
  until: 'applied' | 'accepted' | 'reviewing' | 'reviewed' | 'publicizing' | 'filed' | 'rejected' | 'exited';
}

const BUILD = '右江区红星建筑工程公司工会';
const SANITATION = '右江区城区环卫站工会';
const STORE = '右江区百货商场工会';

/** All names, numbers and stories are invented. */
const archives: DemoArchive[] = [
  {
    name: '黄秀英',
    birth: '19780405',
    order: 122,
    org: SANITATION,
    cause: 'seriousIllness',
    secondary: ['schooling'],
    incomeYuan: 21_600,
    size: 4,
    medicalYuan: 30_000,
    work: 'employed',
    health: 'serious',
    until: 'filed',
  },
  {
    name: '农建国',
    birth: '19700918',
    order: 131,
    org: BUILD,
    cause: 'accident',
    incomeYuan: 30_000,
    size: 3,
    work: 'employed',
    health: 'disabled',
    until: 'filed',
  },
  {
    name: '韦丽萍',
    birth: '19820211',
    order: 142,
    org: STORE,
    cause: 'laidOff',
    secondary: ['schooling'],
    incomeYuan: 18_000,
    size: 3,
    work: 'laidOff',
    health: 'healthy',
    until: 'filed',
  },
  {
    name: '陆志强',
    birth: '19750630',
    order: 151,
    org: BUILD,
    cause: 'noWorkAbility',
    incomeYuan: 14_400,
    size: 2,
    work: 'migrant',
    health: 'chronic',
    until: 'publicizing',
  },
  {
    name: '覃美华',
    birth: '19860122',
    order: 162,
    org: SANITATION,
    cause: 'schooling',
    incomeYuan: 28_800,
    size: 4,
    work: 'employed',
    health: 'healthy',
    until: 'reviewed',
  },
  {
    name: '岑国庆',
    birth: '19691001',
    order: 171,
    org: STORE,
    cause: 'insufficientBenefits',
    incomeYuan: 20_400,
    size: 2,
    work: 'retired',
    health: 'chronic',
    until: 'reviewing',
  },
  {
    name: '梁小燕',
    birth: '19900715',
    order: 182,
    org: BUILD,
    cause: 'unemployedAble',
    incomeYuan: 16_800,
    size: 3,
    work: 'unemployed',
    health: 'healthy',
    until: 'accepted',
  },
  {
    name: '罗德明',
    birth: '19730309',
    order: 191,
    org: SANITATION,
    cause: 'naturalDisaster',
    incomeYuan: 26_400,
    size: 5,
    work: 'employed',
    health: 'healthy',
    until: 'applied',
  },
  {
    name: '蒙桂兰',
    birth: '19800827',
    order: 202,
    org: STORE,
    cause: 'seriousIllness',
    incomeYuan: 60_000,
    size: 3,
    work: 'employed',
    health: 'healthy',
    until: 'rejected',
  },
  {
    name: '廖文杰',
    birth: '19771112',
    order: 211,
    org: BUILD,
    cause: 'laidOff',
    incomeYuan: 19_200,
    size: 3,
    work: 'laidOff',
    health: 'healthy',
    until: 'exited',
  },
];

const order: DemoArchive['until'][] = [
  'applied',
  'accepted',
  'reviewing',
  'reviewed',
  'publicizing',
  'filed',
];

/**
 * About ten invented archives across the Baise demo unions in every state, plus one worker's own
 * application, so the hardship list and timelines show something on first start.
 */
export async function seedHardshipDemo(deps: Deps): Promise<number> {
  const cadre = await actAs(deps, 'bs_cadre');
  const reviewer = await actAs(deps, 'yj_reviewer');
  const go = (ctx: Ctx, id: number, event: ArchiveEvent, input = {}) => advanceArchive(ctx, id, event, input);
  let n = 0;
  for (const d of archives) {
    const a = await fileArchive(cadre, {
      orgId: await orgId(deps, d.org),
      basic: {
        name: d.name,
        idCard: demoId(d.birth, d.order),
        mobile: `1390776${String(d.order).padStart(4, '0')}`,
        ethnicity: '壮族',
        health: d.health,
        disabilityCategory: d.health === 'disabled' ? 'physical' : null,
        workStatus: d.work,
        employer: d.org.replace(/工会$/, ''),
        address: `广西百色市右江区示范路${d.order}号`,
        members: [
          { name: `${d.name.slice(0, 1)}小妹`, relation: '子女', schoolOrEmployer: '右江区示范中学' },
        ],
        bankName: '示范农商银行',
        bankAccount: `62210000000${d.order}`,
      },
      causes: { main: d.cause, secondary: d.secondary ?? [] },
      income: {
        annualIncomeFen: d.incomeYuan * 100,
        medicalExpenseFen: (d.medicalYuan ?? 0) * 100,
        schoolingExpenseFen: 0,
        householdSize: d.size,
      },
      housing: { type: 'rented', areaM2: 40, condition: '一般' },
      plan: [{ type: '就业帮扶', responsible: '黄干事', targetDate: dayOffset(180), status: 'ongoing' }],
      helperUserId: cadre.actor?.userId ?? null,
      note: '窗口受理（演示数据）',
    });
    n++;
    const target = d.until === 'rejected' ? 'reviewing' : d.until === 'exited' ? 'filed' : d.until;
    const reach = order.indexOf(target);
    if (reach >= 1) await go(cadre, a.id, 'accept');
    if (reach >= 2) {
      await addVisit(cadre, a.id, {
        visitDate: dayOffset(-40),
        visitors: '黄干事、农审核',
        findings: '入户核实家庭人口、收入和住房情况，与申请材料一致。',
      });
      await go(cadre, a.id, 'submit');
    }
    if (reach >= 3) await go(reviewer, a.id, 'pass');
    if (reach >= 4) {
      const past = target === 'filed';
      await go(cadre, a.id, 'publicize', {
        start: dayOffset(past ? -30 : -2),
        end: dayOffset(past ? -24 : 4),
      });
    }
    if (reach >= 5) {
      const suggested = a.income.suggestedCategory;
      await updateArchive(cadre, a.id, {
        income: {
          annualIncomeFen: a.income.annualIncomeFen,
          medicalExpenseFen: a.income.medicalExpenseFen,
          schoolingExpenseFen: a.income.schoolingExpenseFen,
          householdSize: a.income.householdSize,
          category: suggested ?? 'relative',
          categoryReason: suggested ? null : '家庭成员患病，收入不稳定（演示）',
        },
      });
      await go(reviewer, a.id, 'approve', { note: '经公示无异议，同意建档' });
      // 帮扶救助 history, so the archive detail and the verified QR page show some.
      await addAssistance(cadre, a.id, {
        type: 'living',
        amountFen: 100_000 + d.order * 1_000,
        date: dayOffset(-20),
        note: '生活救助（演示）',
      });
      await addAssistance(cadre, a.id, {
        type: 'warmth',
        amountFen: 50_000,
        items: '大米 1 袋、食用油 1 桶',
        date: dayOffset(-3),
        note: '元旦春节送温暖（演示）',
      });
    }
    if (d.until === 'rejected')
      await go(reviewer, a.id, 'reject', { reason: '核查发现家庭人均收入高于当地低保标准两倍' });
    if (d.until === 'exited')
      await go(cadre, a.id, 'exit', { exitReason: 'incomeMet', note: '已稳定再就业' });
  }
  const worker = await actAs(deps, '13900000003');
  await applyForSelf(worker, {
    basic: {
      name: '岑师傅',
      idCard: demoId('19720304', 221),
      mobile: '13900000003',
      health: 'chronic',
      workStatus: 'employed',
      employer: '右江区城区环卫站',
      members: [],
    },
    causes: { main: 'seriousIllness', secondary: [] },
    income: {
      annualIncomeFen: 2_160_000,
      medicalExpenseFen: 800_000,
      schoolingExpenseFen: 0,
      householdSize: 3,
    },
    note: '职工自主申请（演示数据）',
  });
  return n + 1;
}
