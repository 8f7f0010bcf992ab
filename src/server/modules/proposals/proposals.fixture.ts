import { eq } from 'drizzle-orm';
import {
  type Agent,
  buildOrg,
  buildUser,
  loginAs,
  type TestApp,
  type TestOrg,
  type TestUser,
} from '../../../../test/app.ts';
import {
  DEFAULT_COSIGN_THRESHOLD,
  DEFAULT_COSIGN_WINDOW_DAYS,
  DEFAULT_FEEDBACK_DAYS,
  DEFAULT_GRACE_DAYS,
  DEFAULT_HANDLE_DAYS,
  DEFAULT_REVIEW_DAYS,
  DEFAULT_SUPERVISE_DAYS,
} from '../../../shared/proposals.ts';
import type { Ctx } from '../../platform/context.ts';
import { congresses, proposals, representatives } from './proposals.table.ts';

/**
 * Test factories for 云履职 and 职工事大家议 (issue #8): a 平湖/林埭-like tree
 *   浙江省总 → 平湖市总 → 林埭镇总 (the congress's union) → 纺织公司工会, 机械公司工会
 *                                                      → 林埭镇基层治理平台 (governance partner)
 *                      → 另一个镇总 (another union with its own congress: must be refused)
 * with a congress of the township inserted straight into the table (threshold 2, default windows),
 * four representatives (signed in as `representative`), the union's staff, the review committee, a
 * handling unit's cadre, workers, and the governance partner's account.
 */

export interface SceneUser {
  user: TestUser;
  agent: Agent;
  displayName: string;
  mobile?: string;
}

export interface SceneRep extends SceneUser {
  /** representatives.id */
  repId: number;
}

export interface ProposalsScene {
  root: TestOrg;
  city: TestOrg;
  /** 林埭镇总工会: holds the congress, receives proposals and appeals. */
  township: TestOrg;
  textile: TestOrg;
  machine: TestOrg;
  /** Governance-platform partner org (type governance) under the township. */
  governance: TestOrg;
  otherTownship: TestOrg;
  otherUnit: TestOrg;
  congressId: number;
  otherCongressId: number;
  /** Cadres of the township union (assign, supervise, triage, refer). */
  cadre: SceneUser;
  cadre2: SceneUser;
  /** Admin of the city union (configures endpoints; sees the township's records). */
  cityAdmin: SceneUser;
  /** 提案审查委员会 member. */
  reviewer: SceneUser;
  /** Cadre of the textile company's union: a handling unit. */
  textileCadre: SceneUser;
  /** Cadre of the machine company's union: a co-handling unit. */
  machineCadre: SceneUser;
  /** Representatives of the congress: rep1 (proposer, textile), rep2, rep3 (machine), rep4 (textile). */
  rep1: SceneRep;
  rep2: SceneRep;
  rep3: SceneRep;
  rep4: SceneRep;
  /** Workers of the textile company. */
  worker: SceneUser;
  worker2: SceneUser;
  /** The governance platform's account (partner). */
  govPartner: SceneUser;
  /** Staff and members of the other township (cross-org refusals). */
  otherCadre: SceneUser;
  otherRep: SceneRep;
  otherWorker: SceneUser;
  auditor: SceneUser;
}

/** A context without an actor, for factories and jobs. */
export const fixtureCtx = (t: TestApp): Ctx => ({
  db: t.database.db,
  actor: null,
  ip: null,
  deps: t.app.deps,
});

async function sceneUser(
  t: TestApp,
  org: TestOrg,
  role: Parameters<typeof buildUser>[1]['role'],
  displayName: string,
  mobile?: string,
): Promise<SceneUser> {
  const user = await buildUser(t, { org, role, displayName, ...(mobile ? { mobile } : {}) });
  return { user, agent: await loginAs(t, user), displayName, ...(mobile ? { mobile } : {}) };
}

/** A congress inserted straight into the table; settings overridable. */
export async function buildCongress(
  t: TestApp,
  org: TestOrg,
  over: Partial<typeof congresses.$inferInsert> = {},
): Promise<number> {
  const [row] = await t.database.db
    .insert(congresses)
    .values({
      orgId: org.id,
      orgPath: org.path,
      name: `${org.name}第一届会员代表大会`,
      termNo: 1,
      termStart: '2026-01-01',
      termEnd: '2030-12-31',
      cosignThreshold: DEFAULT_COSIGN_THRESHOLD,
      cosignWindowDays: DEFAULT_COSIGN_WINDOW_DAYS,
      reviewDays: DEFAULT_REVIEW_DAYS,
      handleDays: DEFAULT_HANDLE_DAYS,
      superviseDays: DEFAULT_SUPERVISE_DAYS,
      feedbackDays: DEFAULT_FEEDBACK_DAYS,
      graceDays: DEFAULT_GRACE_DAYS,
      ...over,
    })
    .returning({ id: congresses.id });
  if (!row) throw new Error('congress insert failed');
  return row.id;
}

/** A representative (a new user with the `representative` role in `unit`) seated in a congress. */
export async function buildRepresentative(
  t: TestApp,
  congress: { id: number; union: TestOrg },
  unit: TestOrg,
  displayName: string,
  over: { sector?: string; delegation?: string; mobile?: string; seatedAt?: Date } = {},
): Promise<SceneRep> {
  const u = await sceneUser(t, unit, 'representative', displayName, over.mobile);
  // Seated when the term began (elected with the congress) unless the test says otherwise.
  const [term] = await t.database.db
    .select({ start: congresses.termStart })
    .from(congresses)
    .where(eq(congresses.id, congress.id));
  const seatedAt = over.seatedAt ?? new Date(`${term?.start ?? '2026-01-01'}T09:00:00+08:00`);
  const [row] = await t.database.db
    .insert(representatives)
    .values({
      congressId: congress.id,
      userId: u.user.id,
      orgId: unit.id,
      orgPath: congress.union.path,
      sector: over.sector ?? 'frontline',
      delegation: over.delegation ?? `${unit.name.slice(0, 6)}代表小组`,
      mobileEnc: over.mobile ? t.app.deps.vault.encrypt(over.mobile) : null,
      createdAt: seatedAt,
      updatedAt: seatedAt,
    })
    .returning({ id: representatives.id });
  if (!row) throw new Error('representative insert failed');
  return { ...u, repId: row.id };
}

export async function buildProposalsScene(t: TestApp): Promise<ProposalsScene> {
  const root = await buildOrg(t, { name: '浙江省总工会', type: 'provincial' });
  const city = await buildOrg(t, { name: '平湖市总工会', type: 'municipal', parent: root });
  const township = await buildOrg(t, { name: '林埭镇总工会', type: 'township', parent: city });
  const textile = await buildOrg(t, {
    name: '林埭镇示范纺织有限公司工会',
    type: 'grassroots',
    parent: township,
  });
  const machine = await buildOrg(t, {
    name: '林埭镇示范机械有限公司工会',
    type: 'grassroots',
    parent: township,
  });
  const governance = await buildOrg(t, { name: '林埭镇基层治理平台', type: 'governance', parent: township });
  const otherTownship = await buildOrg(t, { name: '新埭镇总工会', type: 'township', parent: city });
  const otherUnit = await buildOrg(t, {
    name: '新埭镇示范电子有限公司工会',
    type: 'grassroots',
    parent: otherTownship,
  });
  const congressId = await buildCongress(t, township);
  const otherCongressId = await buildCongress(t, otherTownship);
  const congress = { id: congressId, union: township };
  return {
    root,
    city,
    township,
    textile,
    machine,
    governance,
    otherTownship,
    otherUnit,
    congressId,
    otherCongressId,
    cadre: await sceneUser(t, township, 'cadre', '钱干事'),
    cadre2: await sceneUser(t, township, 'cadre', '孙干事'),
    cityAdmin: await sceneUser(t, city, 'admin', '平湖管理员'),
    reviewer: await sceneUser(t, township, 'reviewer', '许审议'),
    textileCadre: await sceneUser(t, textile, 'cadre', '陆主席'),
    machineCadre: await sceneUser(t, machine, 'cadre', '冯主席'),
    rep1: await buildRepresentative(t, congress, textile, '沈代表', { mobile: '13912350001' }),
    rep2: await buildRepresentative(t, congress, machine, '杨代表'),
    rep3: await buildRepresentative(t, congress, machine, '钟代表'),
    rep4: await buildRepresentative(t, congress, textile, '何代表'),
    worker: await sceneUser(t, textile, 'worker', '吴师傅', '13912350011'),
    worker2: await sceneUser(t, textile, 'worker', '郑师傅', '13912350012'),
    govPartner: await sceneUser(t, governance, 'partner', '治理平台专员'),
    otherCadre: await sceneUser(t, otherTownship, 'cadre', '新埭干事'),
    otherRep: await buildRepresentative(
      t,
      { id: otherCongressId, union: otherTownship },
      otherUnit,
      '新埭代表',
    ),
    otherWorker: await sceneUser(t, otherUnit, 'worker', '新埭职工'),
    auditor: await sceneUser(t, city, 'auditor', '平湖审计'),
  };
}

// ---------------------------------------------------------------- proposals (Ada)

let proposalSeq = 0;

/** A valid `POST /proposals` body for the scene's township congress; fields overridable. */
export function proposalDraftInput(s: ProposalsScene, over: Record<string, unknown> = {}) {
  proposalSeq += 1;
  return {
    congressId: s.congressId,
    title: `关于解决职工子女暑期托管问题的提案 ${proposalSeq}`,
    category: 'children',
    reasons: '双职工家庭暑期子女无人看管，存在安全隐患，职工反映强烈。',
    request: '建议镇总工会联合企业开办暑期托管班，解决职工后顾之忧。',
    ...over,
  };
}

/** The proposal's row as stored. */
export async function proposalRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(proposals).where(eq(proposals.id, id));
  if (!row) throw new Error(`no proposal ${id}`);
  return row;
}

/** Move a proposal's deadlines into the past (as if time had passed) without a fake clock. */
export async function backdateProposal(
  t: TestApp,
  id: number,
  fields: Partial<Pick<typeof proposals.$inferInsert, 'cosignDeadline' | 'dueAt' | 'handleDueAt'>>,
) {
  await t.database.db.update(proposals).set(fields).where(eq(proposals.id, id));
}
