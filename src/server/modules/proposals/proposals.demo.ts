import { and, count, eq, sql } from 'drizzle-orm';
import type { TAppealInput } from '../../../shared/appeals.ts';
import type { Role } from '../../../shared/auth.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import {
  type ProposalCategory,
  type ProposalKind,
  proposalKindLabels,
  type RepSector,
  type Satisfaction,
  satisfactionLabels,
} from '../../../shared/proposals.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import {
  commentOnAppeal,
  createAppeal,
  moderateComment,
  rateAppeal,
  replyAppeal,
  supportAppeal,
  triageAppeal,
  withdrawAppeal,
} from './appeals.service.ts';
import { closeThread, postMessage, startThread } from './contact.service.ts';
import { cosign, createProposal, openCosign } from './proposals.service.ts';
import {
  appealSupports,
  appeals,
  congresses,
  congressSessions,
  proposalCoHandlers,
  proposalCosigners,
  proposals,
  proposalUpdates,
  referrals,
  representatives,
} from './proposals.table.ts';
import { putEndpoint, recordManualStatus } from './referrals.service.ts';

/**
 * 云履职 demo data (issue #8, seed 004 平湖/林埭), invented: 林埭镇总工会 holds its standing
 * member-representative congress 林埭镇总工会第一届会员代表大会 (term 2026–2030, co-signing threshold 2)
 * with three sessions and twenty representatives from the two company unions (the demo accounts
 * `ph_rep` 沈代表, `ld_rep2` 杨代表 and `ld_rep3` 钟代表 among them; the other seventeen are accounts
 * `ld_rep4` … `ld_rep20` with the demo password), plus the machine company union's chair
 * `ld_machine_cadre` (a handling unit).
 *
 * History of the last ten months is inserted straight into the tables as the services would have left
 * it (rows with their step times and deadlines, co-signers, progress and replies, workflow records):
 * fifteen proposals and suggestions in every state — the seed's 阳光学堂 suggestion co-signed by the
 * nineteen other representatives and answered with 126 children, a proposal that became a suggestion
 * for want of co-signers, one the review committee turned into a suggestion, one reopened after 不满意,
 * one closed unrated, a returned and a withdrawn one, and ones overdue at review, assignment, handling
 * and supervision — and seven appeals handled and rated. Today's items go through the services: the
 * seed's three appeals (技能培训 handled, 货车司机孩子转学 referred to 林埭镇基层治理平台 by hand and
 * answered, 暑期托管 turned into 沈代表's draft proposal), an appeal with 附议 and moderated comments and
 * a duplicate merged into it, overdue ones for the board, contact threads, a draft and a proposal
 * collecting co-signatures. The platform's endpoint is manual, so the demo never calls out.
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
  backDatedProposals: number;
  backDatedAppeals: number;
}

/** The machine company union's chair (a handling unit's staff), created with the demo. */
export const MACHINE_CADRE = { username: 'ld_machine_cadre', displayName: '冯主席', mobile: '13900000120' };

async function orgByName(deps: Deps, name: string) {
  const [row] = await deps.database.db.select().from(orgs).where(eq(orgs.name, name));
  if (!row) throw new Error(`demo org ${name} missing`);
  return row;
}

/** Seed the congress, its sessions and representatives; null when there is already a congress. */
export async function seedProposalsDemo(deps: Deps, now = Date.now()): Promise<ProposalsDemoSummary | null> {
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
    // The machine company union's chair answers for that handling unit.
    const [machineCadre] = await tx
      .insert(users)
      .values({
        username: MACHINE_CADRE.username,
        displayName: MACHINE_CADRE.displayName,
        orgId: units.machine.id,
        passwordHash,
        phoneEnc: deps.vault.encrypt(MACHINE_CADRE.mobile),
        phoneHash: deps.vault.blindIndex('mobile', MACHINE_CADRE.mobile),
      })
      .returning({ id: users.id });
    if (!machineCadre) throw new Error('demo machine cadre insert failed');
    await tx.insert(memberships).values({ userId: machineCadre.id, orgId: units.machine.id, role: 'cadre' });
    createdAccounts += 1;

    const [congressRow] = await tx.select().from(congresses).where(eq(congresses.id, congress.id));
    const gov = await orgByName(txDeps, GOV_ORG);
    if (!congressRow) throw new Error('demo congress missing');
    const scene = await sceneOf(txDeps, congressRow, {
      ld: union.id,
      textile: units.textile.id,
      machine: units.machine.id,
    });
    const stories = proposalStories(now);
    for (const story of stories) await insertProposalStory(tx, { ...scene, govOrgId: gov.id }, story);
    const history = appealHistory();
    for (const story of history) await insertAppealStory(tx, { ...scene, govOrgId: gov.id }, story, now);
    await seedLive(txDeps, { ...scene, govOrgId: gov.id }, now);
    return {
      congressId: congress.id,
      sessions: demoSessions.length,
      representatives: demoRepresentatives.length,
      createdAccounts,
      backDatedProposals: stories.length,
      backDatedAppeals: history.length,
    };
  });
}

const GOV_ORG = '林埭镇基层治理平台';

/** Seats and people (every demo account of 林埭镇) by username. */
async function sceneOf(
  deps: Deps,
  congress: typeof congresses.$inferSelect,
  orgIds: Record<OrgKey, number>,
): Promise<Omit<Scene, 'govOrgId'>> {
  const db = deps.database.db;
  const seatRows = await db
    .select({
      username: users.username,
      repId: representatives.id,
      userId: users.id,
      name: users.displayName,
    })
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .where(eq(representatives.congressId, congress.id));
  const seats = new Map(seatRows.map((r) => [r.username, r]));
  const people = new Map<string, Person>();
  for (const u of [
    ...demoRepresentatives.map((r) => r.username),
    'ld_cadre',
    'ld_reviewer',
    'ld_textile_cadre',
    MACHINE_CADRE.username,
    '13900000020',
  ]) {
    people.set(u, personOf(await actAs(deps, u)));
  }
  return { congress, orgIds, seats, people };
}

// ================================================================ proposals, appeals, referrals, threads

const DAY_MS = 86_400_000;

/** Beijing wall-clock time `days` days before `now` (negative: after), e.g. at(now, 30, '09:30'). */
const at = (now: number, days: number, time: string) =>
  new Date(`${addDays(beijingDay(new Date(now)), -days)}T${time}:00+08:00`);
const endOfDay = (d: Date, plusDays: number) =>
  new Date(`${addDays(beijingDay(d), plusDays)}T23:59:59.999+08:00`);

interface Person {
  id: number;
  name: string;
  role: Role;
  orgId: number;
}

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

const personOf = (ctx: Ctx): Person => {
  const a = ctx.actor;
  if (!a?.membership) throw new Error('demo actor without membership');
  return { id: a.userId, name: a.displayName, role: a.membership.role, orgId: a.membership.orgId };
};

/** One step of a back-dated proposal story. */
type PStep =
  | { do: 'open_cosign'; at: Date; signers: { user: string; at: Date }[]; declined?: string[] }
  | { do: 'submit'; at: Date }
  | { do: 'file' | 'to_suggestion' | 'return'; at: Date; reason?: string }
  | { do: 'assign'; at: Date; lead: OrgKey; co?: OrgKey[]; dueDays?: number; note?: string }
  | { do: 'progress'; at: Date; org: OrgKey; text: string; percent: number }
  | { do: 'reply'; at: Date; org: OrgKey; text: string }
  | { do: 'accept' | 'send_back'; at: Date; note?: string }
  | { do: 'close' | 'reopen'; at: Date; satisfaction: Satisfaction; comment?: string }
  | { do: 'close_unrated' | 'withdraw'; at: Date; note?: string };

type OrgKey = 'ld' | 'textile' | 'machine';

interface PStory {
  proposer: string;
  requestedKind: ProposalKind;
  title: string;
  category: ProposalCategory;
  reasons: string;
  request: string;
  createdAt: Date;
  steps: PStep[];
}

interface Scene {
  congress: typeof congresses.$inferSelect;
  govOrgId: number;
  orgIds: Record<OrgKey, number>;
  seats: Map<string, { repId: number; userId: number; name: string }>;
  people: Map<string, Person>;
}

/** Staff acting for an org in a back-dated step (the union's cadre, the textile union's chair). */
const STAFF: Record<OrgKey, string> = {
  ld: 'ld_cadre',
  textile: 'ld_textile_cadre',
  machine: MACHINE_CADRE.username,
};

/**
 * Insert one back-dated proposal as the services would have left it: the row with its step times and
 * deadlines, co-signers, co-handlers, progress and replies, and its workflow record (timeline).
 */
async function insertProposalStory(db: DbOrTx, scene: Scene, s: PStory): Promise<number> {
  const { congress, orgIds, seats, people } = scene;
  const seat = seats.get(s.proposer);
  if (!seat) throw new Error(`no seat for ${s.proposer}`);
  const person = (u: string) => {
    const p = people.get(u);
    if (!p) throw new Error(`demo person ${u} missing`);
    return p;
  };
  const proposer = person(s.proposer);
  const [seqRow] = await sqlRows<{ id: string }>(
    db,
    sql`select nextval(pg_get_serial_sequence('proposals', 'id'))::text as id`,
  );
  const id = Number(seqRow?.id);
  const prefix = s.requestedKind === 'proposal' ? 'TA' : 'JY';
  const code = `${prefix}${beijingDay(s.createdAt).replaceAll('-', '')}-${String(id).padStart(5, '0')}`;
  const row: typeof proposals.$inferInsert = {
    id,
    code,
    congressId: congress.id,
    orgId: congress.orgId,
    orgPath: congress.orgPath,
    state: 'draft',
    kind: s.requestedKind,
    requestedKind: s.requestedKind,
    title: s.title,
    category: s.category,
    reasons: s.reasons,
    request: s.request,
    proposerRepId: seat.repId,
    proposerUserId: proposer.id,
    cosignThreshold: congress.cosignThreshold,
    createdAt: s.createdAt,
  };
  type Ev = { event: string; from: string | null; to: string; by: Person; note: string | null; at: Date };
  const events: Ev[] = [
    {
      event: 'create',
      from: null,
      to: 'draft',
      by: proposer,
      note: `起草${proposalKindLabels[s.requestedKind]}`,
      at: s.createdAt,
    },
  ];
  const cosigners: (typeof proposalCosigners.$inferInsert)[] = [];
  const updates: (typeof proposalUpdates.$inferInsert)[] = [];
  const coOrgs: number[] = [];
  let round = 1;
  let last = s.createdAt;
  const move = (event: string, to: string, by: Person, when: Date, note: string | null = null) => {
    events.push({ event, from: row.state ?? null, to, by, note, at: when });
    row.state = to;
    last = when;
  };
  for (const step of s.steps) {
    switch (step.do) {
      case 'open_cosign': {
        row.cosignDeadline = new Date(step.at.getTime() + congress.cosignWindowDays * DAY_MS);
        move('open_cosign', 'cosigning', proposer, step.at);
        for (const sg of step.signers) {
          const st = seats.get(sg.user);
          if (!st) throw new Error(`no seat for ${sg.user}`);
          cosigners.push({
            proposalId: id,
            representativeId: st.repId,
            userId: st.userId,
            state: 'signed',
            invitedAt: step.at,
            signedAt: sg.at,
            updatedAt: sg.at,
          });
        }
        for (const u of step.declined ?? []) {
          const st = seats.get(u);
          if (!st) throw new Error(`no seat for ${u}`);
          cosigners.push({
            proposalId: id,
            representativeId: st.repId,
            userId: st.userId,
            state: 'declined',
            invitedAt: step.at,
            updatedAt: step.at,
          });
        }
        break;
      }
      case 'submit': {
        const signed = cosigners.filter((c) => c.state === 'signed').length;
        let note: string | null = null;
        if (s.requestedKind === 'proposal' && signed < congress.cosignThreshold) {
          row.kind = 'suggestion';
          note = `联名附议 ${signed} 人，不足 ${congress.cosignThreshold} 人，按建议办理`;
        } else if (signed > 0) note = `联名附议 ${signed} 人`;
        row.submittedAt = step.at;
        row.dueAt = endOfDay(step.at, congress.reviewDays);
        move('submit', 'submitted', proposer, step.at, note);
        break;
      }
      case 'file':
      case 'to_suggestion':
      case 'return': {
        row.reviewedAt = step.at;
        row.reviewedBy = person('ld_reviewer').id;
        row.reviewReason = step.reason ?? null;
        if (step.do === 'to_suggestion') row.kind = 'suggestion';
        row.dueAt = step.do === 'return' ? null : endOfDay(step.at, congress.reviewDays);
        move(
          step.do,
          step.do === 'return' ? 'returned' : 'filed',
          person('ld_reviewer'),
          step.at,
          step.reason,
        );
        break;
      }
      case 'assign': {
        row.leadOrgId = orgIds[step.lead];
        for (const k of step.co ?? []) coOrgs.push(orgIds[k]);
        row.assignedAt = step.at;
        row.handleDueAt = endOfDay(step.at, step.dueDays ?? congress.handleDays);
        row.dueAt = row.handleDueAt;
        move('assign', 'handling', person('ld_cadre'), step.at, step.note ?? null);
        break;
      }
      case 'progress':
      case 'reply': {
        const by = person(STAFF[step.org]);
        updates.push({
          proposalId: id,
          kind: step.do,
          orgId: orgIds[step.org],
          authorUserId: by.id,
          text: step.text,
          percent: step.do === 'progress' ? step.percent : null,
          round,
          fileIds: [],
          createdAt: step.at,
        });
        last = step.at;
        if (step.do === 'reply') {
          row.repliedAt = step.at;
          row.repliedBy = by.id;
          row.repliedOnTime = !row.handleDueAt || step.at.getTime() <= row.handleDueAt.getTime();
          row.dueAt = endOfDay(step.at, congress.superviseDays);
          move('reply', 'replied', by, step.at);
        }
        break;
      }
      case 'accept':
        row.acceptedAt = step.at;
        row.dueAt = endOfDay(step.at, congress.feedbackDays);
        move('accept', 'feedback', person('ld_cadre'), step.at, step.note ?? null);
        break;
      case 'send_back':
        row.dueAt = row.handleDueAt;
        move('send_back', 'handling', person('ld_cadre'), step.at, step.note ?? null);
        break;
      case 'close':
        row.satisfaction = step.satisfaction;
        row.ratingComment = step.comment ?? null;
        row.ratedAt = step.at;
        row.closedAt = step.at;
        row.dueAt = null;
        move(
          'close',
          'closed',
          proposer,
          step.at,
          `${satisfactionLabels[step.satisfaction]}${step.comment ? `：${step.comment}` : ''}`,
        );
        break;
      case 'reopen':
        row.satisfaction = step.satisfaction;
        row.ratingComment = step.comment ?? null;
        row.ratedAt = step.at;
        row.reopenCount = 1;
        round = 2;
        row.handleDueAt = endOfDay(step.at, congress.handleDays);
        row.dueAt = row.handleDueAt;
        move('reopen', 'handling', proposer, step.at, `不满意：${step.comment ?? ''}`);
        break;
      case 'close_unrated':
        row.closedAt = step.at;
        row.dueAt = null;
        move('close_unrated', 'closed', person('ld_cadre'), step.at, step.note ?? '评价期满未评价，办结');
        break;
      case 'withdraw':
        row.dueAt = null;
        move('withdraw', 'withdrawn', proposer, step.at, step.note ?? null);
        break;
    }
  }
  row.updatedAt = last;
  await db.insert(proposals).values(row);
  if (cosigners.length > 0) await db.insert(proposalCosigners).values(cosigners);
  for (const orgId of coOrgs) {
    await db.insert(proposalCoHandlers).values({ proposalId: id, orgId, assignedAt: row.assignedAt ?? last });
  }
  if (updates.length > 0) await db.insert(proposalUpdates).values(updates);
  await db.insert(timelineEvents).values(
    events.map((e) => ({
      entityType: 'proposals.proposal',
      entityId: String(id),
      event: e.event,
      fromState: e.from,
      toState: e.to,
      actorUserId: e.by.id,
      actorName: e.by.name,
      actorRole: e.by.role,
      note: e.note,
      at: e.at,
    })),
  );
  return id;
}

/** The other nineteen representatives, who all co-signed the seed's 阳光学堂 suggestion. */
const allButShen = () => demoRepresentatives.filter((r) => r.username !== 'ph_rep').map((r) => r.username);

/** Back-dated proposals and suggestions in every state (days before `now`, Beijing times). */
export function proposalStories(now: number): PStory[] {
  const d = (days: number, time = '09:30') => at(now, days, time);
  const signers = (users: string[], from: number) =>
    users.map((user, i) => ({
      user,
      at: d(from - Math.floor(i / 5), `${10 + (i % 8)}:${i % 2 ? '15' : '40'}`),
    }));
  return [
    {
      // Seed 004: the representatives' suggestion for a summer 阳光学堂, co-signed by 19, 126 children.
      proposer: 'ph_rep',
      requestedKind: 'suggestion',
      title: '关于开办职工子女暑期“阳光学堂”的建议',
      category: 'children',
      reasons:
        '林埭镇外来务工职工多，暑假期间孩子无人看管，不少职工只能把孩子带到厂区或独自留在出租屋，存在安全隐患，也影响职工安心工作。',
      request:
        '建议由镇总工会牵头，联合镇教育办、文化中心和辖区企业工会，在暑期开办职工子女“阳光学堂”，提供作业辅导、兴趣课程和午间托管，费用由工会经费和企业分担。',
      createdAt: d(204, '20:10'),
      steps: [
        { do: 'open_cosign', at: d(204, '20:15'), signers: signers(allButShen(), 204) },
        { do: 'submit', at: d(199, '08:50') },
        { do: 'file', at: d(197, '15:00') },
        {
          do: 'assign',
          at: d(195, '10:00'),
          lead: 'ld',
          co: ['textile', 'machine'],
          dueDays: 100,
          note: '镇总工会牵头，两家企业工会协办，暑期前完成场地和师资准备',
        },
        {
          do: 'progress',
          at: d(170),
          org: 'ld',
          text: '已与镇文化中心落实两间教室，联系师范院校志愿者 12 名。',
          percent: 40,
        },
        {
          do: 'progress',
          at: d(150),
          org: 'textile',
          text: '纺织公司工会腾出职工之家一层作为第三个教学点，配备空调和午休床。',
          percent: 70,
        },
        {
          do: 'reply',
          at: d(95, '16:00'),
          org: 'ld',
          text: '今年暑期在镇文化中心和纺织公司职工之家开办“阳光学堂”3 个班，7 月 6 日至 8 月 21 日共接收职工子女 126 名，开设作业辅导、书法、科学实验和安全教育课程，午餐和托管费用由镇总工会和企业分担，职工零负担。明年将扩大到机械公司。',
        },
        { do: 'accept', at: d(93, '11:00'), note: '已实地走访三个教学点，家长反映良好' },
        {
          do: 'close',
          at: d(90, '19:20'),
          satisfaction: 'satisfied',
          comment: '孩子们暑假有人管了，职工们都说好',
        },
      ],
    },
    {
      proposer: 'ld_rep2',
      requestedKind: 'proposal',
      title: '关于为一线职工开设数控技能提升班的提案',
      category: 'training',
      reasons:
        '机械公司新上数控设备 20 台，一线操作工多为传统机床出身，数控编程和维护技能不足，设备利用率不到六成。',
      request:
        '建议由公司工会联合人力资源部开设数控技能提升班，分初级、中级两期，考核合格者给予技能津贴，并推荐参加市级技能比武。',
      createdAt: d(300),
      steps: [
        {
          do: 'open_cosign',
          at: d(300, '10:00'),
          signers: signers(['ld_rep12', 'ld_rep13', 'ld_rep16'], 299),
        },
        { do: 'submit', at: d(296) },
        { do: 'file', at: d(293) },
        { do: 'assign', at: d(291), lead: 'machine', note: '请机械公司工会会同人力资源部办理' },
        {
          do: 'progress',
          at: d(280),
          org: 'machine',
          text: '初级班 32 人已开班，每周二、四晚上授课。',
          percent: 50,
        },
        {
          do: 'reply',
          at: d(265),
          org: 'machine',
          text: '初级班 32 人、中级班 18 人已结业，46 人考核合格，自 5 月起每月发放技能津贴 200 元；推荐 3 人参加市技能比武。',
        },
        { do: 'accept', at: d(263) },
        { do: 'close', at: d(260), satisfaction: 'satisfied', comment: '培训实用，津贴已发放' },
      ],
    },
    {
      proposer: 'ph_rep',
      requestedKind: 'proposal',
      title: '关于改善纺织车间夏季降温条件的提案',
      category: 'safety',
      reasons: '织造车间夏季室温常超过 35 ℃，现有风扇降温效果差，去年夏天有 3 名职工中暑。',
      request:
        '建议公司在织造车间加装冷风机和排风设备，高温时段调整作息，按规定足额发放高温津贴，并配备防暑药品。',
      createdAt: d(240),
      steps: [
        {
          do: 'open_cosign',
          at: d(240, '10:00'),
          signers: signers(['ld_rep3', 'ld_rep4', 'ld_rep7', 'ld_rep9'], 239),
        },
        { do: 'submit', at: d(236) },
        { do: 'file', at: d(234) },
        { do: 'assign', at: d(232), lead: 'textile', dueDays: 30 },
        {
          do: 'progress',
          at: d(215),
          org: 'textile',
          text: '已完成冷风机选型和报价，待公司审批。',
          percent: 30,
        },
        {
          do: 'reply',
          at: d(196),
          org: 'textile',
          text: '公司已批准采购冷风机 8 台，7 月上旬安装；高温津贴按月足额发放。',
        },
        { do: 'accept', at: d(195) },
        { do: 'reopen', at: d(190), satisfaction: 'unsatisfied', comment: '冷风机还没装，车间仍然很热' },
        {
          do: 'progress',
          at: d(180),
          org: 'textile',
          text: '8 台冷风机已安装到位，另加装排风扇 12 台。',
          percent: 80,
        },
        {
          do: 'reply',
          at: d(172),
          org: 'textile',
          text: '冷风机 8 台、排风扇 12 台已安装运行，车间温度下降 4–6 ℃；高温时段午休延长半小时，防暑药品每班配备。',
        },
        { do: 'accept', at: d(170) },
        { do: 'close', at: d(166), satisfaction: 'basically', comment: '温度降下来了，希望明年提前准备' },
      ],
    },
    {
      proposer: 'ld_rep3',
      requestedKind: 'proposal',
      title: '关于增加工业园区早晚公交班次的提案',
      category: 'welfare',
      reasons: '园区早班 7:30 上班，现有公交 7:40 才到站，职工只能骑电动车，雨天通勤困难。',
      request: '建议协调公交公司在上下班高峰增开园区专线，早上 7:00 前、晚上 17:30 后各加 2 班。',
      createdAt: d(215),
      steps: [
        {
          do: 'open_cosign',
          at: d(215, '11:00'),
          signers: signers(['ld_rep8'], 214),
          declined: ['ld_rep11'],
        },
        { do: 'submit', at: d(207) },
        { do: 'file', at: d(205) },
        { do: 'assign', at: d(204), lead: 'ld' },
        {
          do: 'reply',
          at: d(185),
          org: 'ld',
          text: '经镇总工会协调，公交公司自 6 月起在园区专线早晚高峰各增开 2 班，首班提前到 6:50。',
        },
        { do: 'accept', at: d(184) },
        { do: 'close', at: d(180), satisfaction: 'satisfied' },
      ],
    },
    {
      proposer: 'ld_rep4',
      requestedKind: 'proposal',
      title: '关于提高夜班津贴标准的提案',
      category: 'wages',
      reasons: '夜班津贴 15 元/班的标准已执行多年，低于周边同类企业。',
      request: '建议将夜班津贴提高到 30 元/班，并纳入工资集体协商。',
      createdAt: d(160),
      steps: [
        { do: 'open_cosign', at: d(160, '10:00'), signers: signers(['ld_rep5', 'ld_rep9', 'ld_rep10'], 159) },
        { do: 'submit', at: d(156) },
        {
          do: 'to_suggestion',
          at: d(153),
          reason: '涉及企业薪酬制度，宜纳入工资集体协商，按建议转企业工会办理',
        },
        { do: 'assign', at: d(151), lead: 'textile' },
        {
          do: 'reply',
          at: d(125),
          org: 'textile',
          text: '已纳入今年工资集体协商议题，公司同意自 10 月起夜班津贴提高到 25 元/班。',
        },
        { do: 'accept', at: d(124) },
        { do: 'close_unrated', at: d(105) },
      ],
    },
    {
      proposer: 'ld_rep14',
      requestedKind: 'proposal',
      title: '关于推行厂务公开民主恳谈会的提案',
      category: 'democracy',
      reasons: '职工对企业经营和福利安排知情渠道少，意见难以及时反映。',
      request: '建议各企业每季度召开一次厂务公开民主恳谈会，由工会组织，企业负责人现场答复。',
      createdAt: d(80),
      steps: [
        { do: 'open_cosign', at: d(80, '10:00'), signers: signers(['ld_rep13', 'ld_rep15', 'ld_rep17'], 79) },
        { do: 'submit', at: d(76) },
        { do: 'file', at: d(74) },
        { do: 'assign', at: d(73), lead: 'ld', co: ['machine'] },
        {
          do: 'reply',
          at: d(48),
          org: 'ld',
          text: '镇总工会已印发《企业民主恳谈会工作指引》，两家示范企业 10 月召开首次恳谈会，职工提出的 14 条意见当场答复 9 条。',
        },
        { do: 'accept', at: d(46) },
        { do: 'close', at: d(40), satisfaction: 'satisfied', comment: '恳谈会很实在' },
      ],
    },
    {
      proposer: 'ld_rep7',
      requestedKind: 'suggestion',
      title: '关于在厂区增设母婴关爱室的建议',
      category: 'rights',
      reasons: '纺织公司女职工占七成，哺乳期职工没有合适的哺乳和休息场所。',
      request: '建议按标准在厂区建设母婴关爱室，配备冰箱、沙发和洗手池。',
      createdAt: d(70),
      steps: [
        { do: 'open_cosign', at: d(70, '10:00'), signers: signers(['ld_rep8', 'ld_rep9'], 69) },
        { do: 'submit', at: d(66) },
        { do: 'file', at: d(64) },
        // Assigned with a short deadline that has passed: overdue on the board.
        { do: 'assign', at: d(60), lead: 'textile', dueDays: 40, note: '请年内建成' },
        {
          do: 'progress',
          at: d(35),
          org: 'textile',
          text: '已选定行政楼一层房间，正在装修设计。',
          percent: 30,
        },
      ],
    },
    {
      proposer: 'ld_rep15',
      requestedKind: 'suggestion',
      title: '关于加强车间噪声防护的建议',
      category: 'safety',
      reasons: '机械公司冲压车间噪声大，部分职工未规范佩戴耳塞，听力体检异常率上升。',
      request: '建议配发降噪耳罩，增加隔音设施，并把听力检查纳入年度体检。',
      createdAt: d(40),
      steps: [
        { do: 'submit', at: d(39) },
        { do: 'file', at: d(37) },
        // Due tomorrow: "due soon" on the board.
        { do: 'assign', at: d(36), lead: 'machine', dueDays: 36 },
        {
          do: 'progress',
          at: d(10),
          org: 'machine',
          text: '降噪耳罩 120 副已配发，隔音棚方案在比选。',
          percent: 60,
        },
      ],
    },
    {
      proposer: 'ld_rep20',
      requestedKind: 'proposal',
      title: '关于完善职工年度体检项目的提案',
      category: 'welfare',
      reasons: '现行体检项目偏少，女职工专项检查和中老年职工心脑血管检查缺失。',
      request: '建议增加女职工“两癌”筛查和 45 岁以上职工心脑血管检查项目。',
      createdAt: d(55),
      steps: [
        { do: 'open_cosign', at: d(55, '10:00'), signers: signers(['ld_rep16', 'ld_rep18'], 54) },
        { do: 'submit', at: d(50) },
        { do: 'file', at: d(48) },
        { do: 'assign', at: d(46), lead: 'machine' },
        // Replied eight days ago, the union has not checked it yet: supervision overdue.
        {
          do: 'reply',
          at: d(8),
          org: 'machine',
          text: '机械公司已与体检机构重新签约，明年起增加“两癌”筛查和心脑血管检查，费用由公司承担。',
        },
      ],
    },
    {
      proposer: 'ph_rep',
      requestedKind: 'suggestion',
      title: '关于延长职工书屋开放时间的建议',
      category: 'culture',
      reasons: '职工书屋只在白天开放，倒班职工下班后无法借阅。',
      request: '建议职工书屋延长至晚上 21:00，并开通自助借还。',
      createdAt: d(45),
      steps: [
        { do: 'submit', at: d(44) },
        { do: 'file', at: d(42) },
        { do: 'assign', at: d(41), lead: 'ld' },
        {
          do: 'reply',
          at: d(12),
          org: 'ld',
          text: '职工书屋自 11 月起每天开放到 21:00，已安装自助借还机 1 台。',
        },
        // Accepted five days ago: waiting for 沈代表's rating.
        { do: 'accept', at: d(5, '10:00') },
      ],
    },
    {
      proposer: 'ld_rep10',
      requestedKind: 'proposal',
      title: '关于建设新就业形态劳动者爱心驿站的提案',
      category: 'employment',
      reasons: '园区外卖和快递骑手多，缺少歇脚、饮水、充电的地方。',
      request: '建议在园区服务中心建设爱心驿站，提供饮水、充电、休息和应急药品。',
      createdAt: d(25),
      steps: [
        { do: 'open_cosign', at: d(25, '10:00'), signers: signers(['ld_rep19', 'ld_rep4'], 24) },
        { do: 'submit', at: d(20) },
        // Filed twelve days ago and not yet assigned: overdue for the union.
        { do: 'file', at: d(12) },
      ],
    },
    {
      proposer: 'ld_rep14',
      requestedKind: 'proposal',
      title: '关于建立职工代表列席企业经营会议制度的提案',
      category: 'democracy',
      reasons: '职工代表参与企业重大决策的渠道不畅。',
      request: '建议企业召开经营分析会时邀请 1–2 名职工代表列席。',
      createdAt: d(14),
      steps: [
        { do: 'open_cosign', at: d(14, '10:00'), signers: signers(['ld_rep13', 'ld_rep2'], 13) },
        // Submitted nine days ago, review overdue.
        { do: 'submit', at: d(9) },
      ],
    },
    {
      proposer: 'ld_rep11',
      requestedKind: 'proposal',
      title: '关于食堂增设清真窗口的提案',
      category: 'welfare',
      reasons: '机械公司有少数民族职工 20 余人，就餐不便。',
      request: '建议食堂增设清真窗口。',
      createdAt: d(16),
      steps: [
        { do: 'open_cosign', at: d(16, '10:00'), signers: signers(['ld_rep12', 'ld_rep17'], 15) },
        { do: 'submit', at: d(12) },
        { do: 'return', at: d(10), reason: '请补充就餐人数、场地条件和费用测算后再提交' },
      ],
    },
    {
      proposer: 'ld_rep6',
      requestedKind: 'proposal',
      title: '关于组织职工篮球联赛的提案',
      category: 'culture',
      reasons: '职工业余文体活动少。',
      request: '建议镇总工会每年组织一次职工篮球联赛。',
      createdAt: d(130),
      steps: [
        { do: 'submit', at: d(128) },
        { do: 'withdraw', at: d(127), note: '镇文体站已安排秋季联赛，撤回' },
      ],
    },
    {
      proposer: 'ld_rep16',
      requestedKind: 'suggestion',
      title: '关于为货车司机职工办理子女入学积分加分的建议',
      category: 'children',
      reasons: '长途货车司机常年在外，积分材料难以按时提交，影响子女入学。',
      request: '建议工会协调教育部门对货车司机职工的积分材料开通线上提交和代办。',
      createdAt: d(110),
      steps: [
        { do: 'submit', at: d(109) },
        { do: 'file', at: d(107) },
        { do: 'assign', at: d(106), lead: 'ld' },
        {
          do: 'reply',
          at: d(88),
          org: 'ld',
          text: '已与镇教育办商定，积分材料可由企业工会代为提交，开通线上补交通道。',
        },
        { do: 'accept', at: d(87) },
        { do: 'close', at: d(84), satisfaction: 'satisfied' },
      ],
    },
  ];
}

/** A back-dated appeal handled by the union: posted, triaged to a handler, replied, rated. */
interface AStory {
  author: string;
  title: string;
  category: ProposalCategory;
  text: string;
  handler: OrgKey;
  /** Days before now: posted, triaged, replied, rated. */
  days: [number, number, number, number];
  reply: string;
  satisfaction: Satisfaction;
  supporters: string[];
}

export function appealHistory(): AStory[] {
  return [
    {
      author: '13900000020',
      title: '春节前工资能否按时发放',
      category: 'wages',
      text: '听说公司资金紧张，春节前工资可能推迟发放，职工们很担心，希望工会了解一下。',
      handler: 'textile',
      days: [320, 319, 314, 312],
      reply: '经公司工会与财务部核实，1 月工资和年终奖已于春节前足额发放。',
      satisfaction: 'satisfied',
      supporters: ['ld_rep3', 'ld_rep4', 'ld_rep5', 'ld_rep9'],
    },
    {
      author: 'ld_rep12',
      title: '冲压车间安全防护网破损',
      category: 'safety',
      text: '冲压车间 3 号线防护网有破损，存在安全隐患，希望尽快维修。',
      handler: 'machine',
      days: [270, 269, 266, 265],
      reply: '防护网已更换，安全科对全车间防护设施进行了排查。',
      satisfaction: 'satisfied',
      supporters: ['ld_rep13', 'ld_rep15'],
    },
    {
      author: '13900000020',
      title: '食堂饭菜价格上涨过快',
      category: 'welfare',
      text: '食堂套餐从 10 元涨到 13 元，菜量还少了，希望工会和食堂沟通。',
      handler: 'textile',
      days: [230, 229, 220, 218],
      reply: '经协商，食堂恢复 10 元基本套餐，增加 2 元的素菜窗口，每月开展满意度测评。',
      satisfaction: 'basically',
      supporters: ['ld_rep4', 'ld_rep7', 'ld_rep9', 'ld_rep10', 'ld_rep11'],
    },
    {
      author: 'ld_rep18',
      title: '希望开设职工子女周末兴趣班',
      category: 'children',
      text: '周末孩子在家只看手机，希望工会组织书法、绘画等兴趣班。',
      handler: 'ld',
      days: [175, 174, 160, 158],
      reply: '镇总工会联合文化中心每周六开设书法、绘画兴趣班，首期招收 40 名职工子女。',
      satisfaction: 'satisfied',
      supporters: ['ld_rep5', 'ld_rep8'],
    },
    {
      author: 'ld_rep13',
      title: '劳动合同续签时间不明确',
      category: 'rights',
      text: '合同到期前公司没有通知是否续签，职工心里没底。',
      handler: 'machine',
      days: [140, 139, 130, 126],
      reply: '公司人力资源部已建立合同到期前 30 天书面告知制度，并对 12 名到期职工逐一沟通。',
      satisfaction: 'satisfied',
      supporters: ['ld_rep12'],
    },
    {
      author: '13900000020',
      title: '希望组织秋季职工趣味运动会',
      category: 'culture',
      text: '职工业余生活单调，希望工会组织趣味运动会，增进交流。',
      handler: 'ld',
      days: [75, 74, 60, 58],
      reply: '镇总工会 10 月在文化中心举办职工趣味运动会，8 家企业 300 余名职工参加。',
      satisfaction: 'satisfied',
      supporters: ['ld_rep6', 'ld_rep7', 'ld_rep8'],
    },
    {
      author: 'ld_rep17',
      title: '外地职工租房补贴申请流程繁琐',
      category: 'employment',
      text: '申请租房补贴要跑三个部门盖章，希望简化。',
      handler: 'ld',
      days: [35, 34, 24, 22],
      reply: '租房补贴改为企业工会统一代办，职工只需在线填写一张申请表。',
      satisfaction: 'basically',
      supporters: ['ld_rep19', 'ld_rep20'],
    },
  ];
}

async function insertAppealStory(db: DbOrTx, scene: Scene, s: AStory, now: number): Promise<number> {
  const { congress, orgIds, people } = scene;
  const person = (u: string) => {
    const p = people.get(u);
    if (!p) throw new Error(`demo person ${u} missing`);
    return p;
  };
  const author = person(s.author);
  const cadre = person('ld_cadre');
  const staff = person(STAFF[s.handler]);
  const [posted, triaged, replied, rated] = s.days.map((n, i) =>
    at(now, n, ['08:40', '10:20', '15:30', '20:05'][i] ?? '09:00'),
  ) as [Date, Date, Date, Date];
  const [seqRow] = await sqlRows<{ id: string }>(
    db,
    sql`select nextval(pg_get_serial_sequence('appeals', 'id'))::text as id`,
  );
  const id = Number(seqRow?.id);
  await db.insert(appeals).values({
    id,
    code: `YS${beijingDay(posted).replaceAll('-', '')}-${String(id).padStart(5, '0')}`,
    orgId: congress.orgId,
    orgPath: congress.orgPath,
    state: 'closed',
    kind: 'appeal',
    category: s.category,
    title: s.title,
    text: s.text,
    authorUserId: author.id,
    authorOrgId: author.orgId,
    supportCount: s.supporters.length,
    triagedBy: cadre.id,
    triagedAt: triaged,
    handlerOrgId: orgIds[s.handler],
    reply: s.reply,
    repliedBy: staff.id,
    repliedAt: replied,
    satisfaction: s.satisfaction,
    ratedAt: rated,
    closedAt: rated,
    createdAt: posted,
    updatedAt: rated,
  });
  for (const [i, u] of s.supporters.entries()) {
    await db.insert(appealSupports).values({
      appealId: id,
      userId: person(u).id,
      createdAt: new Date(posted.getTime() + (i + 1) * 3_600_000),
    });
  }
  const ev = (
    event: string,
    from: string | null,
    to: string,
    by: Person,
    when: Date,
    note: string | null,
  ) => ({
    entityType: 'proposals.appeal',
    entityId: String(id),
    event,
    fromState: from,
    toState: to,
    actorUserId: by.id,
    actorName: by.name,
    actorRole: by.role,
    note,
    at: when,
  });
  await db
    .insert(timelineEvents)
    .values([
      ev('create', null, 'open', author, posted, null),
      ev('handle', 'open', 'handling', cadre, triaged, null),
      ev('reply', 'handling', 'replied', staff, replied, null),
      ev('close', 'replied', 'closed', author, rated, satisfactionLabels[s.satisfaction]),
    ]);
  return id;
}

const appealInput = (
  over: Pick<TAppealInput, 'title' | 'category' | 'text'> & Partial<TAppealInput>,
): TAppealInput => ({ kind: 'appeal', location: null, anonymous: false, shareContact: false, ...over });

/**
 * Today's items, through the module's own services (rules, timelines, notifications, audit): the seed's
 * three appeals (技能培训 handled, 货车司机孩子转学 referred to 林埭镇基层治理平台 by hand and answered,
 * 暑期托管 turned into 沈代表's draft proposal), an open appeal with 附议 and comments waiting for and
 * past moderation, a merged duplicate, a withdrawn one, overdue ones for the board, contact threads,
 * a draft and a proposal collecting co-signatures.
 */
async function seedLive(deps: Deps, scene: Scene, now: number) {
  const as = (u: string) => actAs(deps, u);
  const db = deps.database.db;
  const cadre = await as('ld_cadre');
  const wu = await as('13900000020');
  const seat = (u: string) => {
    const s = scene.seats.get(u);
    if (!s) throw new Error(`no seat for ${u}`);
    return s.repId;
  };

  // The governance platform takes referrals by hand (no outbound calls from the demo).
  await putEndpoint(await as('ph_admin'), scene.govOrgId, { mode: 'manual', active: true });

  // 技能培训 → handled by the textile union, replied, rated.
  const training = await createAppeal(
    wu,
    appealInput({
      title: '希望工会组织电工证考前培训',
      category: 'training',
      text: '车间不少职工想考低压电工证，自己报班要 1500 元，希望工会组织考前培训并给予补贴。',
    }),
  );
  for (const u of ['ld_rep3', 'ld_rep4', 'ld_rep7']) await supportAppeal(await as(u), training.id);
  await triageAppeal(cadre, training.id, {
    action: 'handle',
    handlerOrgId: scene.orgIds.textile,
    note: '请纺织公司工会会同安全科办理',
  });
  await replyAppeal(await as('ld_textile_cadre'), training.id, {
    text: '公司工会联合镇成校开设低压电工考前培训班，首期 30 人，培训费由工会和公司各承担一半，职工免费参加。',
    fileIds: [],
  });
  await rateAppeal(wu, training.id, { satisfaction: 'satisfied', comment: '已经报上名了，谢谢工会' });

  // 货车司机孩子转学 → referred to 林埭镇基层治理平台 (manual), answered by the platform's account.
  const caoCtx = await as('ld_rep19');
  const transfer = await createAppeal(
    caoCtx,
    appealInput({
      title: '货车司机孩子转学难，希望帮助协调',
      category: 'children',
      text: '我是园区运输车队的货车司机，家在外省，孩子今年要从老家转学到林埭镇小学，学校说学位已满，跑了几次都没办成。',
      location: '林埭镇中心小学',
      shareContact: true,
    }),
  );
  for (const u of ['13900000020', 'ld_rep16', 'ld_rep10']) await supportAppeal(await as(u), transfer.id);
  await triageAppeal(cadre, transfer.id, {
    action: 'refer',
    partnerOrgId: scene.govOrgId,
    note: '涉及义务教育学位统筹，转镇基层治理平台协调教育办',
  });
  const [ref] = await db
    .select({ id: referrals.id })
    .from(referrals)
    .where(eq(referrals.appealId, transfer.id));
  if (!ref) throw new Error('demo referral missing');
  const gov = await as('ld_gov');
  await recordManualStatus(gov, ref.id, { status: 'accepted', note: '已受理，转镇教育办' });
  await recordManualStatus(gov, ref.id, { status: 'in_progress', note: '教育办正在统筹学位' });
  await recordManualStatus(gov, ref.id, {
    status: 'answered',
    note: '经镇教育办统筹，孩子已安排到林埭镇中心小学三年级插班就读，下周一报到。',
  });
  await rateAppeal(caoCtx, transfer.id, { satisfaction: 'satisfied', comment: '孩子已经入学了' });

  // 暑期托管 → to a representative's proposal (沈代表), whose draft links it.
  const summer = await createAppeal(
    wu,
    appealInput({
      title: '寒暑假孩子没人带，希望常态化办托管班',
      category: 'children',
      text: '今年暑假阳光学堂办得很好，但名额有限，寒假也没人带孩子，希望每个假期都能办托管班。',
    }),
  );
  for (const u of ['ld_rep5', 'ld_rep8', 'ld_rep9', 'ld_rep12', 'ld_rep18']) {
    await supportAppeal(await as(u), summer.id);
  }
  await triageAppeal(cadre, summer.id, {
    action: 'to_proposal',
    representativeId: seat('ph_rep'),
    note: '请沈代表在下次大会前形成提案',
  });
  const shen = await as('ph_rep');
  await createProposal(shen, {
    congressId: scene.congress.id,
    kind: 'proposal',
    title: '关于常态化开办职工子女寒暑假托管班的提案',
    category: 'children',
    reasons: '暑期“阳光学堂”126 个名额很快报满，寒假仍无托管安排，职工诉求强烈（职工事大家议 5 人附议）。',
    request:
      '建议将“阳光学堂”纳入镇总工会年度重点工作，寒暑假常态化开办，增加机械公司教学点，名额扩大到 200 人。',
    cosignerIds: [],
    sourceAppealId: summer.id,
  });

  // An open appeal with 附议 and comments (approved, pending, rejected); a duplicate merged into it.
  const traffic = await createAppeal(
    wu,
    appealInput({
      title: '厂门口早晚高峰拥堵，建议设置红绿灯',
      category: 'safety',
      text: '园区纬二路与纺织公司大门交叉口没有信号灯，早晚下班时电动车、货车混行，上周又发生了剐蹭。',
      location: '林埭镇工业园区纬二路纺织公司大门',
      anonymous: true,
    }),
  );
  for (const u of ['ld_rep3', 'ld_rep4', 'ld_rep6', 'ld_rep11', 'ld_rep14', 'ld_rep19']) {
    await supportAppeal(await as(u), traffic.id);
  }
  const ok = await commentOnAppeal(await as('ld_rep6'), traffic.id, {
    text: '晚上 17:30 最堵，建议先安排交通协管员。',
  });
  await moderateComment(cadre, ok.id, { decision: 'approve' });
  const no = await commentOnAppeal(await as('ld_rep11'), traffic.id, {
    text: '某某公司的货车司机开车太野蛮了，电话 139xxxx！',
  });
  await moderateComment(cadre, no.id, { decision: 'reject', reason: '含有对他人的指责和联系方式，不予公开' });
  await commentOnAppeal(await as('ld_rep14'), traffic.id, { text: '同意，另外路灯也不够亮。' });
  await commentOnAppeal(await as('ld_rep4'), traffic.id, { text: '可以在路口画上斑马线和减速带。' });
  const dup = await createAppeal(
    await as('ld_rep7'),
    appealInput({
      title: '纺织公司门口路口太堵',
      category: 'safety',
      text: '每天下班出大门要等十几分钟，希望想想办法。',
    }),
  );
  await triageAppeal(cadre, dup.id, {
    action: 'merge',
    intoAppealId: traffic.id,
    note: '与“厂门口设置红绿灯”为同一事项',
  });

  // Overdue for the board: one handled past its deadline, one not triaged in time.
  const lockers = await createAppeal(
    await as('ld_rep12'),
    appealInput({
      title: '冲压车间更衣柜不够用',
      category: 'welfare',
      text: '冲压车间新招了 20 多人，更衣柜不够，只能两人共用一个。',
    }),
  );
  await triageAppeal(cadre, lockers.id, { action: 'handle', handlerOrgId: scene.orgIds.machine });
  const water = await createAppeal(
    await as('ld_rep17'),
    appealInput({
      title: '宿舍热水供应时间太短',
      category: 'welfare',
      text: '宿舍热水只供应到晚上 21:00，上晚班的职工回来没有热水洗澡。',
    }),
  );
  const back = (days: number, time: string) => at(now, days, time);
  await db
    .update(appeals)
    .set({ dueAt: endOfDay(back(20, '10:00'), 15) })
    .where(eq(appeals.id, lockers.id));
  await db
    .update(appeals)
    .set({ createdAt: back(6, '21:40'), dueAt: endOfDay(back(6, '21:40'), 3), updatedAt: back(6, '21:40') })
    .where(eq(appeals.id, water.id));
  await db
    .update(timelineEvents)
    .set({ at: back(6, '21:40') })
    .where(
      and(eq(timelineEvents.entityType, 'proposals.appeal'), eq(timelineEvents.entityId, String(water.id))),
    );

  // Referred to the platform, accepted, and now past its due date (the board's referral row).
  const lamps = await createAppeal(
    await as('ld_rep16'),
    appealInput({
      title: '园区纬三路路灯坏了一个多月',
      category: 'safety',
      text: '纬三路机械公司到宿舍区一段有 6 盏路灯不亮，夜班职工下班走这段路很危险。',
      location: '林埭镇工业园区纬三路',
    }),
  );
  await supportAppeal(await as('ld_rep15'), lamps.id);
  await triageAppeal(cadre, lamps.id, {
    action: 'refer',
    partnerOrgId: scene.govOrgId,
    note: '市政设施维修，转镇基层治理平台',
  });
  const [lampRef] = await db
    .select({ id: referrals.id })
    .from(referrals)
    .where(eq(referrals.appealId, lamps.id));
  if (!lampRef) throw new Error('demo referral missing');
  await recordManualStatus(gov, lampRef.id, { status: 'accepted', note: '已派单给镇城建办' });
  await db
    .update(referrals)
    .set({ createdAt: back(18, '09:10'), dueAt: endOfDay(back(18, '09:10'), 15) })
    .where(eq(referrals.id, lampRef.id));

  // Replied by the union today, waiting for the worker's rating.
  const parking = await createAppeal(
    wu,
    appealInput({
      title: '电动车棚没有遮雨棚',
      category: 'welfare',
      text: '纺织公司东门电动车棚顶棚漏雨，下雨天车座全湿。',
    }),
  );
  await triageAppeal(cadre, parking.id, { action: 'handle', handlerOrgId: scene.orgIds.textile });
  await replyAppeal(await as('ld_textile_cadre'), parking.id, {
    text: '东门车棚顶棚已更换为阳光板，本周内完工，请您下雨天再看看效果。',
    fileIds: [],
  });

  // A worker withdraws an appeal she posted by mistake.
  const mistaken = await createAppeal(
    wu,
    appealInput({ title: '班车座位不够', category: 'welfare', text: '早班班车座位不够，经常有人站着。' }),
  );
  await withdrawAppeal(wu, mistaken.id, { note: '班车已经加车了，撤回' });

  // 联系服务: 吴师傅 writes to 沈代表 (answered), to 钟代表 (waiting), and an older closed thread.
  const t1 = await startThread(wu, {
    representativeId: seat('ph_rep'),
    subject: '夜班食堂只有泡面',
    body: '沈代表您好，夜班食堂晚上 23 点以后只卖泡面，能不能反映一下，加一个热菜窗口？',
  });
  await postMessage(shen, t1.id, {
    body: '吴师傅您好，这个情况我了解了，下周职工代表联络日我会向公司反映，有结果告诉您。',
  });
  await startThread(wu, {
    representativeId: seat('ld_rep3'),
    subject: '车间饮水机滤芯很久没换',
    body: '钟代表，印染车间饮水机滤芯半年没换了，水有异味，麻烦反映一下。',
  });
  const t3 = await startThread(wu, {
    representativeId: seat('ph_rep'),
    subject: '高温津贴什么时候发',
    body: '沈代表，7 月的高温津贴还没发，是不是漏了？',
  });
  await postMessage(shen, t3.id, { body: '已问过财务，7 月高温津贴和 8 月工资一起发，请留意工资条。' });
  await postMessage(wu, t3.id, { body: '收到了，谢谢沈代表！' });
  await closeThread(shen, t3.id);

  // A draft (钟代表) and a proposal collecting co-signatures (杨代表 invites three; one has signed).
  await createProposal(await as('ld_rep3'), {
    congressId: scene.congress.id,
    kind: 'suggestion',
    title: '关于在厂区增设电动车充电桩的建议',
    category: 'safety',
    reasons: '职工电动车在宿舍楼道充电，存在火灾隐患。',
    request: '建议在厂区停车棚安装智能充电桩 40 个，按电量收费。',
    cosignerIds: [],
  });
  const yang = await as('ld_rep2');
  const collecting = await createProposal(yang, {
    congressId: scene.congress.id,
    kind: 'proposal',
    title: '关于建立一线职工技能等级与薪酬挂钩机制的提案',
    category: 'wages',
    reasons: '技能等级提升后工资没有相应变化，职工学技术积极性不高。',
    request: '建议企业建立技能等级与岗位工资挂钩机制，中级工、高级工、技师分档增加技能工资。',
    cosignerIds: [seat('ld_rep12'), seat('ld_rep13'), seat('ld_rep16')],
  });
  await openCosign(yang, collecting.id);
  await cosign(await as('ld_rep13'), collecting.id, 'sign');
}
