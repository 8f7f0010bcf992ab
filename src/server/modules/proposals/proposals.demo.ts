import { and, count, eq } from 'drizzle-orm';
import type { RepSector } from '../../../shared/proposals.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Deps } from '../../platform/context.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { congresses, congressSessions, representatives } from './proposals.table.ts';

/**
 * 云履职 demo data (issue #8, seed 004 平湖/林埭), invented: 林埭镇总工会 holds its standing
 * member-representative congress 林埭镇总工会第一届会员代表大会 (term 2026–2030, co-signing threshold 2)
 * with three sessions and twenty representatives from the two company unions (the demo accounts
 * `ph_rep` 沈代表, `ld_rep2` 杨代表 and `ld_rep3` 钟代表 among them; the other seventeen are accounts
 * `ld_rep4` … `ld_rep20` with the demo password). All names and numbers are invented.
 */

export const PROPOSALS_DEMO_UNION = '林埭镇总工会';
export const PROPOSALS_DEMO_CONGRESS = '林埭镇总工会第一届会员代表大会';

type Unit = 'textile' | 'machine';
const UNIT_NAMES: Record<Unit, string> = {
  textile: '林埭镇示范纺织有限公司工会',
  machine: '林埭镇示范机械有限公司工会',
};

export interface DemoRepresentative {
  username: string;
  displayName: string;
  unit: Unit;
  sector: RepSector;
  delegation: string;
  title: string | null;
  mobile: string;
  /** Accounts of `demoAccounts` exist already; the others are created here. */
  existing?: boolean;
}

/** The twenty representatives (the seed's 阳光学堂 suggestion has the proposer and nineteen co-signers). */
export const demoRepresentatives: DemoRepresentative[] = [
  {
    username: 'ph_rep',
    displayName: '沈代表',
    unit: 'textile',
    sector: 'frontline',
    delegation: '纺织代表小组',
    title: '织造车间挡车工、班组长',
    mobile: '13900000002',
    existing: true,
  },
  {
    username: 'ld_rep2',
    displayName: '杨代表',
    unit: 'machine',
    sector: 'technical',
    delegation: '机械代表小组',
    title: '数控车间技术员',
    mobile: '13900000018',
    existing: true,
  },
  {
    username: 'ld_rep3',
    displayName: '钟代表',
    unit: 'textile',
    sector: 'frontline',
    delegation: '纺织代表小组',
    title: '印染车间操作工',
    mobile: '13900000019',
    existing: true,
  },
  ...(
    [
      ['朱美芳', 'textile', 'frontline', '纺织代表小组', '整经车间值车工'],
      ['陈建国', 'textile', 'management', '纺织代表小组', '生产部副经理'],
      ['王秀英', 'textile', 'frontline', '纺织代表小组', '验布组组长'],
      ['李志强', 'textile', 'technical', '纺织代表小组', '设备科机修工程师'],
      ['张丽华', 'textile', 'union_cadre', '纺织代表小组', '公司工会女职工委员'],
      ['刘海燕', 'textile', 'frontline', '纺织代表小组', '包装车间操作工'],
      ['徐晓东', 'textile', 'new_employment', '新就业形态代表小组', '厂区外卖配送员（驻厂站点）'],
      ['顾春梅', 'textile', 'frontline', '纺织代表小组', '食堂班长'],
      ['孙建平', 'machine', 'frontline', '机械代表小组', '装配车间钳工'],
      ['马卫东', 'machine', 'technical', '机械代表小组', '质检部检验员'],
      ['周国庆', 'machine', 'management', '机械代表小组', '人力资源部主管'],
      ['吴建华', 'machine', 'frontline', '机械代表小组', '焊接车间电焊工'],
      ['郑小红', 'machine', 'union_cadre', '机械代表小组', '公司工会经审委员'],
      ['黄志明', 'machine', 'frontline', '机械代表小组', '仓储物流叉车工'],
      ['胡月琴', 'machine', 'frontline', '机械代表小组', '喷涂车间操作工'],
      ['曹立新', 'machine', 'new_employment', '新就业形态代表小组', '货车司机（园区运输车队）'],
      ['潘丽萍', 'machine', 'other', '机械代表小组', '厂医务室护士'],
    ] as const
  ).map(
    ([displayName, unit, sector, delegation, title], i): DemoRepresentative => ({
      username: `ld_rep${i + 4}`,
      displayName,
      unit,
      sector,
      delegation,
      title,
      mobile: `1390000${String(101 + i).padStart(4, '0')}`,
    }),
  ),
];

/** The congress's sessions (Beijing times). */
export const demoSessions = [
  {
    title: '第一届会员代表大会第一次会议',
    startsAt: '2026-01-16T09:00:00+08:00',
    endsAt: '2026-01-16T16:30:00+08:00',
    venue: '林埭镇文化中心大礼堂',
  },
  {
    title: '第一届会员代表大会代表联络日（年中提案督办）',
    startsAt: '2026-07-10T14:00:00+08:00',
    endsAt: '2026-07-10T17:00:00+08:00',
    venue: '林埭镇总工会职工之家会议室',
  },
  {
    title: '第一届会员代表大会第二次会议',
    startsAt: '2027-01-15T09:00:00+08:00',
    endsAt: '2027-01-15T16:30:00+08:00',
    venue: '林埭镇文化中心大礼堂',
  },
] as const;

export interface ProposalsDemoSummary {
  congressId: number;
  sessions: number;
  representatives: number;
  createdAccounts: number;
}

async function orgByName(deps: Deps, name: string) {
  const [row] = await deps.database.db.select().from(orgs).where(eq(orgs.name, name));
  if (!row) throw new Error(`demo org ${name} missing`);
  return row;
}

/** Seed the congress, its sessions and representatives; null when there is already a congress. */
export async function seedProposalsDemo(deps: Deps, _now = Date.now()): Promise<ProposalsDemoSummary | null> {
  const [existing] = await deps.database.db.select({ n: count() }).from(congresses);
  if ((existing?.n ?? 0) > 0) return null;
  const [union] = await deps.database.db.select().from(orgs).where(eq(orgs.name, PROPOSALS_DEMO_UNION));
  if (!union) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return deps.database.db.transaction(async (tx) => {
    const txDeps: Deps = { ...deps, database: { ...deps.database, db: tx } };
    const units = {
      textile: await orgByName(txDeps, UNIT_NAMES.textile),
      machine: await orgByName(txDeps, UNIT_NAMES.machine),
    };
    const [cadre] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'ld_cadre'));
    const [congress] = await tx
      .insert(congresses)
      .values({
        orgId: union.id,
        orgPath: union.path,
        name: PROPOSALS_DEMO_CONGRESS,
        termNo: 1,
        termStart: '2026-01-01',
        termEnd: '2030-12-31',
        cosignThreshold: 2,
        cosignWindowDays: 7,
        reviewDays: 7,
        handleDays: 30,
        superviseDays: 5,
        feedbackDays: 15,
        graceDays: 3,
        createdBy: cadre?.id ?? null,
        createdAt: new Date('2025-12-20T10:00:00+08:00'),
        updatedAt: new Date('2025-12-20T10:00:00+08:00'),
      })
      .returning({ id: congresses.id });
    if (!congress) throw new Error('demo congress insert failed');
    for (const s of demoSessions) {
      await tx.insert(congressSessions).values({
        congressId: congress.id,
        title: s.title,
        startsAt: new Date(s.startsAt),
        endsAt: new Date(s.endsAt),
        venue: s.venue,
        createdAt: new Date('2025-12-20T10:30:00+08:00'),
      });
    }
    let createdAccounts = 0;
    const seatedAt = new Date('2026-01-16T11:00:00+08:00');
    for (const r of demoRepresentatives) {
      const unit = units[r.unit];
      let [user] = await tx.select({ id: users.id }).from(users).where(eq(users.username, r.username));
      if (!user) {
        [user] = await tx
          .insert(users)
          .values({
            username: r.username,
            displayName: r.displayName,
            orgId: unit.id,
            passwordHash,
            phoneEnc: deps.vault.encrypt(r.mobile),
            phoneHash: deps.vault.blindIndex('mobile', r.mobile),
          })
          .returning({ id: users.id });
        createdAccounts += 1;
      }
      if (!user) throw new Error(`demo representative ${r.username} insert failed`);
      const [role] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, user.id),
            eq(memberships.orgId, unit.id),
            eq(memberships.role, 'representative'),
          ),
        );
      if (!role)
        await tx.insert(memberships).values({ userId: user.id, orgId: unit.id, role: 'representative' });
      await tx.insert(representatives).values({
        congressId: congress.id,
        userId: user.id,
        orgId: unit.id,
        orgPath: union.path,
        sector: r.sector,
        delegation: r.delegation,
        title: r.title,
        mobileEnc: deps.vault.encrypt(r.mobile),
        createdAt: seatedAt,
        updatedAt: seatedAt,
      });
    }
    return {
      congressId: congress.id,
      sessions: demoSessions.length,
      representatives: demoRepresentatives.length,
      createdAccounts,
    };
  });
}
