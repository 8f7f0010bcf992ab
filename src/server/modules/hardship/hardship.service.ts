import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import { mobilePattern } from '../../../shared/common.ts';
import { beijingDay } from '../../../shared/dates.ts';
import {
  ARCHIVE_COUNT_CAP,
  type ArchiveState,
  archiveStates,
  DEFAULT_DIBAO_MONTHLY_FEN,
  type HardshipCategory,
  type HardshipCause,
  hardshipCategoryLabels,
  inactiveArchiveStates,
  perCapitaMonthlyFen,
  suggestCategory,
  type TArchive,
  type TArchiveListItem,
  type TArchivePii,
  type TCreateArchiveInput,
  type TListArchivesQuery,
  type TMyProgressStep,
  type TPublicNotice,
  type TSelfApplyInput,
  type TUpdateArchiveInput,
  type TVisit,
} from '../../../shared/hardship.ts';
import type { DbOrTx } from '../../db/client.ts';
import { sqlRows } from '../../db/client.ts';
import {
  allowInStates,
  authorize,
  grant,
  inSubtree,
  isWithin,
  requireActor,
} from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { findOrg, registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import {
  checkIdCard,
  idCardProblemMessages,
  maskIdCard,
  maskMobile,
  maskName,
} from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import { type ArchiveEvent, archiveFlow, holderEventLabels } from './hardship.flow.ts';
import {
  hardshipArchives,
  hardshipHelperChanges,
  hardshipOrgSettings,
  hardshipVisits,
  type StoredMember,
} from './hardship.table.ts';
import { issueToken } from './qr.service.ts';

// ---------------------------------------------------------------- access

/** States in which the archive is live: editable, visitable, its helper changeable. */
const activeStates = archiveStates.filter(
  (s) => !(inactiveArchiveStates as readonly string[]).includes(s),
) as ArchiveState[];

// Cadres run the case; reviewers check it (and read the documents, so the unmasked data);
// admins do everything and set the local 低保 standard; auditors read masked archives only.
grant('cadre', [
  'hardship.view',
  'hardship.create',
  'hardship.update',
  'hardship.viewPii',
  'hardship.visit',
  'hardship.assignHelper',
]);
grant('reviewer', ['hardship.view', 'hardship.viewPii']);
grant('admin', [
  'hardship.view',
  'hardship.create',
  'hardship.update',
  'hardship.viewPii',
  'hardship.visit',
  'hardship.assignHelper',
  'hardship.settings',
]);
grant('auditor', ['hardship.view']);
// Workers apply for themselves and follow their own applications, nothing else.
grant('worker', ['hardship.apply', 'hardship.viewOwn']);
allowInStates('hardship.update', activeStates);
allowInStates('hardship.assignHelper', activeStates);
// Home visits belong to the verification step.
allowInStates('hardship.visit', ['accepted', 'reviewing']);

registerOrgPathCopy('hardship_archives');

registerEntityKind({
  type: 'hardship.archive',
  label: '困难职工档案',
  viewAction: 'hardship.view',
  attachAction: 'hardship.update',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select({
        orgId: hardshipArchives.orgId,
        orgPath: hardshipArchives.orgPath,
        state: hardshipArchives.state,
      })
      .from(hardshipArchives)
      .where(eq(hardshipArchives.id, Number(id)));
    return row ?? null;
  },
});

registerAuditLabels({
  'hardship.archive.create': '困难职工建档申请',
  'hardship.archive.update': '修改困难职工档案',
  'hardship.archive.accept': '受理困难职工申请',
  'hardship.archive.submit': '提交困难职工档案审核',
  'hardship.archive.pass': '审核通过困难职工档案',
  'hardship.archive.publicize': '公示困难职工档案',
  'hardship.archive.approve': '审批建档',
  'hardship.archive.reject': '驳回困难职工申请',
  'hardship.archive.exit': '困难职工脱困解档',
  'hardship.archive.reenter': '困难职工返困重新申请',
  'hardship.archive.visit': '记录入户核查',
  'hardship.archive.assignHelper': '变更结对帮扶责任人',
  'hardship.viewPii': '查看困难职工敏感信息',
  'hardship.settings': '设置低保标准',
});

// ---------------------------------------------------------------- helpers

type ArchiveRow = typeof hardshipArchives.$inferSelect;
interface Loaded {
  a: ArchiveRow;
  orgName: string;
}

const ID_FIELD = 'basic.idCard';

/** Today in China Standard Time (UTC+8, no daylight saving) as YYYY-MM-DD. */
export const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The same calendar day a year later (29 Feb → 1 Mar). */
export function aYearAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/** `广西百色市右江区****`: the first 6 characters, the rest hidden. */
export function maskAddress(address: string): string {
  const chars = [...address];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  const keep = Math.min(6, Math.floor(chars.length / 2));
  return `${chars.slice(0, keep).join('')}****`;
}

export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    if (typeof e === 'object' && 'code' in e && e.code === '23505') return true;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return false;
}

async function findArchive(db: DbOrTx, id: number): Promise<Loaded | undefined> {
  const [row] = await db
    .select({ a: hardshipArchives, orgName: orgs.name })
    .from(hardshipArchives)
    .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
    .where(eq(hardshipArchives.id, id));
  return row;
}

/** 404 outside the caller's subtree (existence not revealed), 403 without the action, 409 by state. */
async function loadArchive(ctx: Ctx, id: number, action: string): Promise<Loaded> {
  const row = await findArchive(ctx.db, id);
  if (!row) throw notFound('档案不存在或无权查看');
  authorize(ctx, action, { orgPath: row.a.orgPath, state: row.a.state });
  return row;
}

/** The 低保 standard of an org: its own setting, else its nearest ancestor's, else the default. */
export async function dibaoFor(
  db: DbOrTx,
  orgPath: string,
): Promise<{ fen: number; fromOrgId: number | null }> {
  const [row] = await sqlRows<{ org_id: number; dibao_monthly_fen: number }>(
    db,
    sql`select s.org_id, s.dibao_monthly_fen from hardship_org_settings s join orgs o on o.id = s.org_id
        where ${orgPath} = o.path or ${orgPath} like o.path || '.%'
        order by o.depth desc limit 1`,
  );
  return row
    ? { fen: Number(row.dibao_monthly_fen), fromOrgId: Number(row.org_id) }
    : { fen: DEFAULT_DIBAO_MONTHLY_FEN, fromOrgId: null };
}

/** The org that holds an active archive for this ID number, if any. */
export async function activeHolder(db: DbOrTx, idCardHash: string): Promise<string | null> {
  const [hit] = await db
    .select({ orgName: orgs.name })
    .from(hardshipArchives)
    .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
    .where(
      and(
        eq(hardshipArchives.idCardHash, idCardHash),
        sql`${hardshipArchives.state} not in ('rejected', 'exited')`,
      ),
    )
    .limit(1);
  return hit?.orgName ?? null;
}

export const duplicate = (orgName: string | null) =>
  conflict(
    'DUPLICATE_ARCHIVE',
    orgName
      ? `该身份证号已在「${orgName}」建有有效的困难职工档案，不能重复建档`
      : '该身份证号已建有有效的困难职工档案，不能重复建档',
    { orgName },
  );

/** A helper must be an active cadre or admin of an org in the caller's subtree. */
async function checkHelper(ctx: Ctx, userId: number, field: string): Promise<void> {
  const actor = requireActor(ctx);
  const [hit] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(
      and(
        eq(users.id, userId),
        eq(users.state, 'active'),
        inArray(memberships.role, ['cadre', 'admin']),
        inSubtree(orgs.path, actor.membership.orgPath),
      ),
    )
    .limit(1);
  if (!hit) throw invalidField(field, '结对帮扶责任人须为本级或下级工会的在职干部');
}

interface MembersOut {
  stored: StoredMember[];
  idsEnc: string | null;
}

/** `saved`: the ID numbers stored so far, by position, for members that keep theirs (`keepIdCardOf`). */
function prepareMembers(
  ctx: Ctx,
  members: TCreateArchiveInput['basic']['members'],
  saved: (string | null)[] = [],
): MembersOut {
  const ids: (string | null)[] = [];
  const stored = members.map((m, i) => {
    let id: string | null = null;
    if (!m.idCard && m.keepIdCardOf !== undefined) {
      id = saved[m.keepIdCardOf] ?? null;
    } else if (m.idCard) {
      const check = checkIdCard(m.idCard);
      if (!check.ok) throw invalidField(`basic.members.${i}.idCard`, idCardProblemMessages[check.problem]);
      id = check.value;
    }
    ids.push(id);
    return {
      name: m.name,
      relation: m.relation,
      idCardMasked: id ? maskIdCard(id) : null,
      health: m.health ?? null,
      annualIncomeFen: m.annualIncomeFen ?? null,
      schoolOrEmployer: m.schoolOrEmployer ?? null,
    };
  });
  return {
    stored,
    idsEnc: ids.some(Boolean) ? ctx.deps.vault.encrypt(JSON.stringify(ids)) : null,
  };
}

interface IncomeFigures {
  annualIncomeFen: number;
  medicalExpenseFen: number;
  schoolingExpenseFen: number;
  householdSize: number;
  mainCause: HardshipCause;
}

function assessIncome(figures: IncomeFigures, dibaoMonthlyFen: number) {
  return {
    perCapitaMonthlyFen: perCapitaMonthlyFen(figures.annualIncomeFen, figures.householdSize),
    dibaoMonthlyFen,
    suggestedCategory: suggestCategory({ ...figures, dibaoMonthlyFen }),
  };
}

/** An override of the suggested category needs the cadre's reason. */
function checkCategory(
  category: HardshipCategory | null | undefined,
  reason: string | null | undefined,
  suggested: HardshipCategory | null,
): void {
  if (category && category !== suggested && !reason) {
    const hint = suggested ? `系统建议为「${hardshipCategoryLabels[suggested]}」` : '系统测算不符合建档标准';
    throw invalidField('income.categoryReason', `${hint}，调整困难类别时请填写理由`);
  }
}

const bankLast4 = (account: string | null | undefined) => (account ? account.slice(-4) : null);

// ---------------------------------------------------------------- presenting

async function helperOf(ctx: Ctx, userId: number | null) {
  if (userId == null) return null;
  const [h] = await ctx.db
    .select({ id: users.id, name: users.displayName, phoneEnc: users.phoneEnc, orgName: orgs.name })
    .from(users)
    .leftJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, userId));
  if (!h) return null;
  return {
    userId: h.id,
    name: h.name,
    phone: h.phoneEnc ? maskMobile(ctx.deps.vault.decrypt(h.phoneEnc)) : null,
    orgName: h.orgName,
  };
}

/** The household members' ID numbers in clear, by member index (null where none was given). */
function memberIdCards(ctx: Ctx, a: Pick<ArchiveRow, 'membersIdEnc'>): (string | null)[] {
  return a.membersIdEnc ? JSON.parse(ctx.deps.vault.decrypt(a.membersIdEnc)) : [];
}

/** Which household members hold an active archive of their own, by member index. */
async function archivedMembers(ctx: Ctx, a: ArchiveRow): Promise<boolean[]> {
  if (!a.membersIdEnc) return a.members.map(() => false);
  const vault = ctx.deps.vault;
  const ids = memberIdCards(ctx, a);
  const hashes = ids.map((id) => (id ? vault.blindIndex('idcard', id) : null));
  const wanted = hashes.filter((h): h is string => h !== null);
  if (wanted.length === 0) return a.members.map(() => false);
  const hits = await ctx.db
    .select({ hash: hardshipArchives.idCardHash })
    .from(hardshipArchives)
    .where(
      and(
        inArray(hardshipArchives.idCardHash, wanted),
        sql`${hardshipArchives.state} not in ('rejected', 'exited')`,
        sql`${hardshipArchives.id} <> ${a.id}`,
      ),
    );
  const found = new Set(hits.map((h) => h.hash));
  return a.members.map((_, i) => {
    const h = hashes[i];
    return h ? found.has(h) : false;
  });
}

async function toArchive(ctx: Ctx, { a, orgName }: Loaded): Promise<TArchive> {
  const vault = ctx.deps.vault;
  const flags = await archivedMembers(ctx, a);
  return {
    id: a.id,
    state: a.state as TArchive['state'],
    channel: a.channel as TArchive['channel'],
    org: { id: a.orgId, name: orgName },
    basic: {
      name: a.name,
      idCard: a.idCardMasked,
      sex: a.sex as TArchive['basic']['sex'],
      birthYear: Number(a.birthDate.slice(0, 4)),
      mobile: a.mobileEnc ? maskMobile(vault.decrypt(a.mobileEnc)) : null,
      ethnicity: a.ethnicity,
      health: a.health as TArchive['basic']['health'],
      disabilityCategory: a.disabilityCategory as TArchive['basic']['disabilityCategory'],
      workStatus: a.workStatus as TArchive['basic']['workStatus'],
      employer: a.employer,
      employerUnion: a.employerUnion,
      address: a.addressEnc ? maskAddress(vault.decrypt(a.addressEnc)) : null,
      members: a.members.map((m, i) => ({
        name: m.name,
        relation: m.relation,
        idCard: m.idCardMasked,
        health: m.health as TArchive['basic']['members'][number]['health'],
        annualIncomeFen: m.annualIncomeFen,
        schoolOrEmployer: m.schoolOrEmployer,
        archived: flags[i] ?? false,
      })),
      bankName: a.bankName,
      bankAccount: a.bankAccountLast4 ? `****${a.bankAccountLast4}` : null,
    },
    helper: await helperOf(ctx, a.helperUserId),
    causes: {
      main: a.mainCause as HardshipCause,
      secondary: a.secondaryCauses as HardshipCause[],
      otherText: a.causeOtherText,
    },
    income: {
      annualIncomeFen: a.annualIncomeFen,
      medicalExpenseFen: a.medicalExpenseFen,
      schoolingExpenseFen: a.schoolingExpenseFen,
      householdSize: a.householdSize,
      perCapitaMonthlyFen: a.perCapitaMonthlyFen,
      dibaoMonthlyFen: a.dibaoMonthlyFen,
      suggestedCategory: a.suggestedCategory as HardshipCategory | null,
      category: a.category as HardshipCategory | null,
      categoryReason: a.categoryReason,
    },
    housing: a.housingType
      ? {
          type: a.housingType as NonNullable<TArchive['housing']>['type'],
          areaM2: a.housingAreaM2,
          condition: a.housingCondition,
        }
      : null,
    plan: a.plan.map((m) => ({ ...m, status: m.status as TArchive['plan'][number]['status'] })),
    publicity: a.publicityStart && a.publicityEnd ? { start: a.publicityStart, end: a.publicityEnd } : null,
    rejectReason: a.rejectReason,
    exit: a.exitReason
      ? { reason: a.exitReason as NonNullable<TArchive['exit']>['reason'], note: a.exitNote }
      : null,
    filedAt: a.filedAt?.toISOString() ?? null,
    reviewDue: a.reviewDue,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

async function present(ctx: Ctx, id: number): Promise<TArchive> {
  const row = await findArchive(ctx.db, id);
  if (!row) throw notFound('档案不存在或无权查看');
  return toArchive(ctx, row);
}

// ---------------------------------------------------------------- use cases

/**
 * 窗口受理: a cadre files an application on a worker's behalf. The ID number is validated (GB 11643),
 * sex and birth date are derived from it, the income section is assessed against the org's 低保
 * standard, and the database refuses a second active archive for the same ID anywhere (409 naming
 * the org that holds it).
 */
export async function fileArchive(ctx: Ctx, input: TCreateArchiveInput): Promise<TArchive> {
  authorize(ctx, 'hardship.create');
  const org = await findOrg(ctx.db, input.orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'hardship.create', { orgPath: org.path });
  return insertArchive(ctx, org, input, 'window');
}

/**
 * 自主申请: a worker applies for their own household on the H5, to the union they belong to (the
 * org of their acting membership). No helper, plan or category: the cadre adds those on acceptance.
 */
export async function applyForSelf(ctx: Ctx, input: TSelfApplyInput): Promise<TArchive> {
  const m = authorize(ctx, 'hardship.apply');
  const org = await findOrg(ctx.db, m.orgId);
  if (!org) throw notFound('组织不存在');
  return insertArchive(
    ctx,
    org,
    { ...input, orgId: org.id, plan: [], helperUserId: null, income: { ...input.income, category: null } },
    'self',
  );
}

/** The archives a worker applied for themselves, as they see them (masked), newest first. */
export async function listMyArchives(ctx: Ctx): Promise<TArchive[]> {
  authorize(ctx, 'hardship.viewOwn');
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ a: hardshipArchives, orgName: orgs.name })
    .from(hardshipArchives)
    .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
    .where(and(eq(hardshipArchives.createdBy, actor.userId), eq(hardshipArchives.channel, 'self')))
    .orderBy(desc(hardshipArchives.id));
  return Promise.all(rows.map((r) => toArchive(ctx, r)));
}

/**
 * The progress of the worker's own application (申请 → 受理 → … → 在档), read from its timeline.
 * Staff names are left out; 404 for anything that is not the caller's own application.
 */
export async function myArchiveProgress(ctx: Ctx, id: number): Promise<TMyProgressStep[]> {
  authorize(ctx, 'hardship.viewOwn');
  const actor = requireActor(ctx);
  const [own] = await ctx.db
    .select({ id: hardshipArchives.id })
    .from(hardshipArchives)
    .where(
      and(
        eq(hardshipArchives.id, id),
        eq(hardshipArchives.createdBy, actor.userId),
        eq(hardshipArchives.channel, 'self'),
      ),
    );
  if (!own) throw notFound('申请不存在');
  const rows = await ctx.db
    .select()
    .from(timelineEvents)
    .where(
      and(eq(timelineEvents.entityType, archiveFlow.entityType), eq(timelineEvents.entityId, String(id))),
    )
    .orderBy(asc(timelineEvents.id));
  const labels = holderEventLabels;
  return rows
    .filter((r) => r.event in labels)
    .map((r) => ({
      event: r.event,
      label: labels[r.event] ?? r.event,
      state: r.toState as ArchiveState,
      note: r.note,
      at: r.at.toISOString(),
    }));
}

type OrgRow = NonNullable<Awaited<ReturnType<typeof findOrg>>>;

export type ArchiveInsert = typeof hardshipArchives.$inferInsert;

/** A new archive's row, checked and built, not yet written. */
export interface PreparedArchive {
  values: ArchiveInsert;
  idCardHash: string;
  suggestedCategory: HardshipCategory | null;
}

/**
 * The rules of a new archive that need no database, and its row: the ID number (GB 11643; sex and
 * birth date derived), the disability category, the members' ID numbers, the income assessed
 * against `dibaoMonthlyFen` and the category check. Throws `invalidField` (the field's path in
 * {@link TCreateArchiveInput}) on the first problem. Used by 窗口受理, 自主申请 and the Excel import.
 */
export function prepareArchive(
  ctx: Ctx,
  org: { id: number; path: string },
  input: TCreateArchiveInput,
  channel: 'window' | 'self',
  dibaoMonthlyFen: number,
): PreparedArchive {
  const actor = requireActor(ctx);
  const id = checkIdCard(input.basic.idCard);
  if (!id.ok) throw invalidField(ID_FIELD, idCardProblemMessages[id.problem]);
  if (input.basic.health === 'disabled' && !input.basic.disabilityCategory) {
    throw invalidField('basic.disabilityCategory', '健康状况为残疾时请选择残疾类别');
  }
  const members = prepareMembers(ctx, input.basic.members);
  const assessed = assessIncome({ ...input.income, mainCause: input.causes.main }, dibaoMonthlyFen);
  checkCategory(input.income.category, input.income.categoryReason, assessed.suggestedCategory);

  const vault = ctx.deps.vault;
  const idCardHash = vault.blindIndex('idcard', id.value);
  const b = input.basic;
  const values: ArchiveInsert = {
    orgId: org.id,
    orgPath: org.path,
    state: 'applied',
    channel,
    name: b.name,
    idCardEnc: vault.encrypt(id.value),
    idCardHash,
    idCardMasked: maskIdCard(id.value),
    sex: id.info.sex,
    birthDate: id.info.birthDate,
    mobileEnc: b.mobile ? vault.encrypt(b.mobile) : null,
    mobileHash: b.mobile ? vault.blindIndex('mobile', b.mobile) : null,
    ethnicity: b.ethnicity ?? null,
    health: b.health,
    disabilityCategory: b.health === 'disabled' ? (b.disabilityCategory ?? null) : null,
    workStatus: b.workStatus,
    employer: b.employer ?? null,
    employerUnion: b.employerUnion ?? null,
    addressEnc: b.address ? vault.encrypt(b.address) : null,
    members: members.stored,
    membersIdEnc: members.idsEnc,
    bankName: b.bankName ?? null,
    bankAccountEnc: b.bankAccount ? vault.encrypt(b.bankAccount) : null,
    bankAccountLast4: bankLast4(b.bankAccount),
    helperUserId: input.helperUserId ?? null,
    mainCause: input.causes.main,
    secondaryCauses: input.causes.secondary,
    causeOtherText: input.causes.otherText ?? null,
    annualIncomeFen: input.income.annualIncomeFen,
    medicalExpenseFen: input.income.medicalExpenseFen,
    schoolingExpenseFen: input.income.schoolingExpenseFen,
    householdSize: input.income.householdSize,
    ...assessed,
    category: input.income.category ?? null,
    categoryReason: input.income.categoryReason ?? null,
    housingType: input.housing?.type ?? null,
    housingAreaM2: input.housing?.areaM2 ?? null,
    housingCondition: input.housing?.condition ?? null,
    plan: input.plan.map((m) => ({
      type: m.type,
      responsible: m.responsible,
      targetDate: m.targetDate ?? null,
      status: m.status,
      result: m.result ?? null,
    })),
    createdBy: actor.userId,
  };
  return { values, idCardHash, suggestedCategory: assessed.suggestedCategory };
}

async function insertArchive(
  ctx: Ctx,
  org: OrgRow,
  input: TCreateArchiveInput,
  channel: 'window' | 'self',
): Promise<TArchive> {
  const actor = requireActor(ctx);
  if (org.state !== 'active') throw conflict('ORG_INACTIVE', `组织「${org.name}」已停用，不能在其中建档`);

  const dibao = await dibaoFor(ctx.db, org.path);
  const prepared = prepareArchive(ctx, org, input, channel, dibao.fen);
  const { idCardHash } = prepared;
  if (input.helperUserId) await checkHelper(ctx, input.helperUserId, 'helperUserId');
  const holder = await activeHolder(ctx.db, idCardHash);
  if (holder) throw duplicate(holder);

  let newId: number;
  try {
    newId = await ctx.deps.database.db.transaction(async (tx) => {
      const t = withTx(ctx, tx);
      const [row] = await tx
        .insert(hardshipArchives)
        .values(prepared.values)
        .returning({ id: hardshipArchives.id });
      if (!row) throw new Error('insert returned nothing');
      if (input.helperUserId) {
        await tx.insert(hardshipHelperChanges).values({
          archiveId: row.id,
          helperUserId: input.helperUserId,
          reason: '建档时指定',
          changedBy: actor.userId,
          changedByName: actor.displayName,
        });
      }
      await recordCreated(
        t,
        archiveFlow.entityType,
        row.id,
        'applied',
        input.note ?? (channel === 'self' ? '职工自主申请' : '窗口受理'),
      );
      await recordAudit(t, {
        action: 'hardship.archive.create',
        entityType: archiveFlow.entityType,
        entityId: row.id,
        orgId: org.id,
        orgPath: org.path,
        detail: { channel, suggestedCategory: prepared.suggestedCategory },
      });
      return row.id;
    });
  } catch (e) {
    // Lost a race against another filing of the same ID: the partial unique index decided.
    if (isUniqueViolation(e)) throw duplicate(await activeHolder(ctx.db, idCardHash));
    throw e;
  }
  return present(ctx, newId);
}

/** One archive in the caller's subtree, personal data masked. */
export async function getArchive(ctx: Ctx, id: number): Promise<TArchive> {
  return toArchive(ctx, await loadArchive(ctx, id, 'hardship.view'));
}

/** Unmasked ID, mobile, address, bank account and members' IDs; every read audited. */
export async function revealArchivePii(ctx: Ctx, id: number): Promise<TArchivePii> {
  const { a } = await loadArchive(ctx, id, 'hardship.viewPii');
  const vault = ctx.deps.vault;
  const memberIds = memberIdCards(ctx, a);
  await recordAudit(ctx, {
    action: 'hardship.viewPii',
    entityType: archiveFlow.entityType,
    entityId: id,
    orgId: a.orgId,
    orgPath: a.orgPath,
    detail: { fields: ['idCard', 'birthDate', 'mobile', 'address', 'bankAccount', 'members.idCard'] },
  });
  return {
    id,
    idCard: vault.decrypt(a.idCardEnc),
    birthDate: a.birthDate,
    mobile: a.mobileEnc ? vault.decrypt(a.mobileEnc) : null,
    address: a.addressEnc ? vault.decrypt(a.addressEnc) : null,
    bankAccount: a.bankAccountEnc ? vault.decrypt(a.bankAccountEnc) : null,
    members: a.members.map((m, i) => ({ name: m.name, idCard: memberIds[i] ?? null })),
  };
}

/**
 * Replace one or more sections of a live archive (not rejected or exited). The ID number cannot
 * change. Income or main-cause changes re-assess the per-capita income and the suggested category.
 */
/**
 * 解困脱困计划 dates: a measure still to be done falls due no earlier than the day the archive was opened,
 * and no measure more than ten years ahead (a typed 2016 or 2206 is a slip of the keyboard).
 */
function checkPlanDates(
  plan: readonly { targetDate?: string | null; status: string }[],
  openedDay: string,
  today: string,
): void {
  const latest = `${Number(today.slice(0, 4)) + 10}${today.slice(4)}`;
  plan.forEach((m, i) => {
    if (!m.targetDate) return;
    if (m.targetDate > latest) throw invalidField(`plan.${i}.targetDate`, `目标日期不能晚于 ${latest}`);
    if (m.status !== 'done' && m.targetDate < openedDay) {
      throw invalidField(
        `plan.${i}.targetDate`,
        `尚未完成的措施，目标日期不能早于建档申请日（${openedDay}）`,
      );
    }
  });
}

export async function updateArchive(ctx: Ctx, id: number, input: TUpdateArchiveInput): Promise<TArchive> {
  const { a } = await loadArchive(ctx, id, 'hardship.update');
  const vault = ctx.deps.vault;
  const set: Partial<typeof hardshipArchives.$inferInsert> = {};
  const b = input.basic;
  if (b) {
    if (b.name !== undefined) set.name = b.name;
    if (b.mobile !== undefined) {
      set.mobileEnc = b.mobile ? vault.encrypt(b.mobile) : null;
      set.mobileHash = b.mobile ? vault.blindIndex('mobile', b.mobile) : null;
    }
    if (b.ethnicity !== undefined) set.ethnicity = b.ethnicity;
    if (b.health !== undefined) set.health = b.health;
    if (b.disabilityCategory !== undefined) set.disabilityCategory = b.disabilityCategory;
    const disability = b.disabilityCategory !== undefined ? b.disabilityCategory : a.disabilityCategory;
    if ((b.health ?? a.health) !== 'disabled') set.disabilityCategory = null;
    else if (!disability) throw invalidField('basic.disabilityCategory', '健康状况为残疾时请选择残疾类别');
    if (b.workStatus !== undefined) set.workStatus = b.workStatus;
    if (b.employer !== undefined) set.employer = b.employer;
    if (b.employerUnion !== undefined) set.employerUnion = b.employerUnion;
    if (b.address !== undefined) set.addressEnc = b.address ? vault.encrypt(b.address) : null;
    if (b.members !== undefined) {
      const members = prepareMembers(ctx, b.members, memberIdCards(ctx, a));
      set.members = members.stored;
      set.membersIdEnc = members.idsEnc;
    }
    if (b.bankName !== undefined) set.bankName = b.bankName;
    if (b.bankAccount !== undefined) {
      set.bankAccountEnc = b.bankAccount ? vault.encrypt(b.bankAccount) : null;
      set.bankAccountLast4 = bankLast4(b.bankAccount);
    }
  }
  if (input.causes) {
    set.mainCause = input.causes.main;
    set.secondaryCauses = input.causes.secondary;
    set.causeOtherText = input.causes.otherText ?? null;
  }
  if (input.income || input.causes) {
    const income = input.income ?? a;
    const dibao = await dibaoFor(ctx.db, a.orgPath);
    const assessed = assessIncome(
      {
        annualIncomeFen: income.annualIncomeFen,
        medicalExpenseFen: income.medicalExpenseFen,
        schoolingExpenseFen: income.schoolingExpenseFen,
        householdSize: income.householdSize,
        mainCause: (input.causes?.main ?? a.mainCause) as HardshipCause,
      },
      dibao.fen,
    );
    Object.assign(set, assessed);
    if (input.income) {
      set.annualIncomeFen = input.income.annualIncomeFen;
      set.medicalExpenseFen = input.income.medicalExpenseFen;
      set.schoolingExpenseFen = input.income.schoolingExpenseFen;
      set.householdSize = input.income.householdSize;
      if (input.income.category !== undefined) {
        checkCategory(input.income.category, input.income.categoryReason, assessed.suggestedCategory);
        set.category = input.income.category;
        set.categoryReason = input.income.category ? (input.income.categoryReason ?? null) : null;
      }
    }
  }
  if (input.housing !== undefined) {
    set.housingType = input.housing?.type ?? null;
    set.housingAreaM2 = input.housing?.areaM2 ?? null;
    set.housingCondition = input.housing?.condition ?? null;
  }
  if (input.plan) {
    checkPlanDates(input.plan, beijingDay(a.createdAt), beijingDay(new Date()));
    set.plan = input.plan.map((m) => ({
      type: m.type,
      responsible: m.responsible,
      targetDate: m.targetDate ?? null,
      status: m.status,
      result: m.result ?? null,
    }));
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    // Compare-and-set on the state the checks saw, so an edit cannot slip past a concurrent exit.
    const done = await tx
      .update(hardshipArchives)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(hardshipArchives.id, id), eq(hardshipArchives.state, a.state)))
      .returning({ id: hardshipArchives.id });
    if (done.length === 0) throw conflict('CONCURRENT_UPDATE', '该档案刚被其他人处理，请刷新后再试');
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.archive.update',
      entityType: archiveFlow.entityType,
      entityId: id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: {
        sections: Object.keys(input).filter((k) => input[k as keyof TUpdateArchiveInput] !== undefined),
      },
    });
  });
  return present(ctx, id);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The list's filters without paging (also the export's). */
export type TArchiveFilters = Omit<TListArchivesQuery, 'page' | 'pageSize'>;

/**
 * The where-clause of the archive list and its export: the caller's subtree (or the part of it
 * under `orgId`, checked with `action`), then each filter given.
 */
export async function archiveFilter(ctx: Ctx, q: TArchiveFilters, action = 'hardship.view'): Promise<SQL> {
  const m = authorize(ctx, action);
  let rootPath = m.orgPath;
  if (q.orgId !== undefined) {
    const root = await findOrg(ctx.db, q.orgId);
    if (!root) throw notFound('组织不存在或无权查看');
    authorize(ctx, action, { orgPath: root.path });
    rootPath = root.path;
  }
  const conds: SQL[] = [inSubtree(hardshipArchives.orgPath, rootPath)];
  if (q.state) conds.push(eq(hardshipArchives.state, q.state));
  if (q.category) conds.push(eq(hardshipArchives.category, q.category));
  if (q.mainCause) conds.push(eq(hardshipArchives.mainCause, q.mainCause));
  if (q.secondaryCause) {
    conds.push(sql`${hardshipArchives.secondaryCauses} @> ${JSON.stringify([q.secondaryCause])}::jsonb`);
  }
  if (q.helperUserId) conds.push(eq(hardshipArchives.helperUserId, q.helperUserId));
  if (q.reviewDue) {
    const today = todayCst();
    conds.push(eq(hardshipArchives.state, 'filed'));
    conds.push(
      q.reviewDue === 'overdue'
        ? sql`${hardshipArchives.reviewDue} < ${today}`
        : sql`${hardshipArchives.reviewDue} between ${today} and ${sql`${today}::date + 30`}`,
    );
  }
  const text = q.q?.trim();
  if (text) {
    const asId = checkIdCard(text);
    if (asId.ok) conds.push(eq(hardshipArchives.idCardHash, ctx.deps.vault.blindIndex('idcard', asId.value)));
    else if (mobilePattern.test(text)) {
      conds.push(eq(hardshipArchives.mobileHash, ctx.deps.vault.blindIndex('mobile', text)));
    } else conds.push(ilike(hardshipArchives.name, `%${escapeLike(text)}%`));
  }
  return and(...conds) as SQL;
}

/** Archives in the caller's subtree (or a part of it), filtered, most recently changed first. */
export async function listArchives(ctx: Ctx, q: TListArchivesQuery) {
  const where = await archiveFilter(ctx, q);
  const helper = aliasedTable(users, 'helper');
  // Pick the page's ids first (an index walk), then join names to those rows only: joining before
  // sorting lets the planner hash-join whole tables on large subtrees.
  const pageIds = ctx.db
    .select({ id: hardshipArchives.id, updatedAt: hardshipArchives.updatedAt })
    .from(hardshipArchives)
    .where(where)
    .orderBy(desc(hardshipArchives.updatedAt), desc(hardshipArchives.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .as('page_ids');
  // Counting a national subtree exactly costs more than the page; a list needs it only roughly.
  const capped = ctx.db
    .select({ one: sql`1`.as('one') })
    .from(hardshipArchives)
    .where(where)
    .limit(ARCHIVE_COUNT_CAP + 1)
    .as('capped');
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({
        a: {
          id: hardshipArchives.id,
          state: hardshipArchives.state,
          orgId: hardshipArchives.orgId,
          name: hardshipArchives.name,
          idCardMasked: hardshipArchives.idCardMasked,
          sex: hardshipArchives.sex,
          mainCause: hardshipArchives.mainCause,
          category: hardshipArchives.category,
          suggestedCategory: hardshipArchives.suggestedCategory,
          perCapitaMonthlyFen: hardshipArchives.perCapitaMonthlyFen,
          reviewDue: hardshipArchives.reviewDue,
          updatedAt: hardshipArchives.updatedAt,
        },
        orgName: orgs.name,
        helperName: helper.displayName,
      })
      .from(pageIds)
      .innerJoin(hardshipArchives, eq(hardshipArchives.id, pageIds.id))
      .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
      .leftJoin(helper, eq(helper.id, hardshipArchives.helperUserId))
      .orderBy(desc(pageIds.updatedAt), desc(pageIds.id)),
    ctx.db.select({ n: count() }).from(capped),
  ]);
  const n = counted?.n ?? 0;
  const items: TArchiveListItem[] = rows.map(({ a, orgName, helperName }) => ({
    id: a.id,
    state: a.state as ArchiveState,
    org: { id: a.orgId, name: orgName },
    name: a.name,
    idCard: a.idCardMasked,
    sex: a.sex as TArchiveListItem['sex'],
    mainCause: a.mainCause as HardshipCause,
    category: a.category as HardshipCategory | null,
    suggestedCategory: a.suggestedCategory as HardshipCategory | null,
    perCapitaMonthlyFen: a.perCapitaMonthlyFen,
    helperName,
    reviewDue: a.reviewDue,
    updatedAt: a.updatedAt.toISOString(),
  }));
  const totalCapped = n > ARCHIVE_COUNT_CAP;
  return {
    items,
    total: totalCapped ? ARCHIVE_COUNT_CAP : n,
    totalCapped,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export interface TransitionInput {
  note?: string | undefined;
  /** publicize */
  start?: string;
  end?: string;
  /** reject */
  reason?: string;
  /** exit */
  exitReason?: string;
}

/**
 * Move an archive along its lifecycle (hardship.flow.ts) in one transaction: the flow checks the
 * state and the role and compare-and-sets the state; the business preconditions of the step are
 * checked in the same transaction, and the step's own fields are written with it.
 */
export async function advanceArchive(
  ctx: Ctx,
  id: number,
  event: ArchiveEvent,
  input: TransitionInput = {},
): Promise<TArchive> {
  const actor = requireActor(ctx);
  const { a } = await loadArchive(ctx, id, 'hardship.view');
  const note =
    event === 'reject'
      ? input.reason
      : event === 'publicize'
        ? [`公示期 ${input.start} 至 ${input.end}`, input.note].filter(Boolean).join('；')
        : input.note;
  try {
    await runStep();
  } catch (e) {
    // 返困 while the same ID already has another active archive: the partial unique index refuses.
    if (isUniqueViolation(e)) throw duplicate(await activeHolder(ctx.db, a.idCardHash));
    throw e;
  }
  return present(ctx, id);

  async function runStep() {
    await ctx.deps.database.db.transaction(async (tx) => {
      const t = withTx(ctx, tx);
      await apply(t, archiveFlow, { id, event, note, orgPath: a.orgPath, orgId: a.orgId });
      const set: Partial<typeof hardshipArchives.$inferInsert> = {};
      if (event === 'submit') {
        const [visits] = await tx
          .select({ n: count() })
          .from(hardshipVisits)
          .where(eq(hardshipVisits.archiveId, id));
        if ((visits?.n ?? 0) === 0) throw conflict('VISIT_REQUIRED', '请先记录入户核查情况，再提交审核');
      }
      if (event === 'publicize') {
        set.publicityStart = input.start ?? null;
        set.publicityEnd = input.end ?? null;
      }
      if (event === 'approve') {
        const [now] = await tx
          .select({ category: hardshipArchives.category, end: hardshipArchives.publicityEnd })
          .from(hardshipArchives)
          .where(eq(hardshipArchives.id, id));
        if (!now?.category) throw conflict('CATEGORY_REQUIRED', '请先在收入情况中确认困难类别，再审批建档');
        if (now.end && now.end >= todayCst()) {
          throw conflict('PUBLICITY_NOT_OVER', `公示期至 ${now.end}，期满后方可审批建档`);
        }
        set.filedAt = new Date();
        set.reviewDue = aYearAfter(todayCst());
        // 个人二维码: a filed archive gets its token (a re-filed one keeps the one it had).
        await issueToken(t, id);
      }
      if (event === 'reject') set.rejectReason = input.reason ?? null;
      if (event === 'reenter') {
        // A new cycle: the previous exit, publicity and confirmed category are history (timeline).
        Object.assign(set, {
          exitReason: null,
          exitNote: null,
          exitedAt: null,
          publicityStart: null,
          publicityEnd: null,
          filedAt: null,
          category: null,
          categoryReason: null,
        });
      }
      if (event === 'exit') {
        set.exitReason = input.exitReason ?? null;
        set.exitNote = input.note ?? null;
        set.exitedAt = new Date();
        set.reviewDue = null;
      }
      if (Object.keys(set).length > 0)
        await tx.update(hardshipArchives).set(set).where(eq(hardshipArchives.id, id));
      if ((event === 'approve' || event === 'reject') && a.createdBy && a.createdBy !== actor.userId) {
        await notify(tx, {
          userIds: [a.createdBy],
          kind: `hardship.${event}`,
          title:
            event === 'approve' ? `${a.name} 的困难职工档案已审批建档` : `${a.name} 的困难职工申请被驳回`,
          body: event === 'reject' ? `驳回理由：${input.reason ?? ''}` : '',
          // A worker's own application opens on the H5; a cadre's filing in the console.
          link: a.channel === 'self' ? `/m/hardship/${id}` : `/hardship/${id}`,
        });
      }
    });
  }
}

/** 入户核查: record a home visit while the case is being verified (accepted or under review). */
export async function addVisit(
  ctx: Ctx,
  id: number,
  input: { visitDate: string; visitors: string; findings: string },
): Promise<TVisit> {
  const actor = requireActor(ctx);
  const { a } = await loadArchive(ctx, id, 'hardship.visit');
  if (input.visitDate > todayCst()) throw invalidField('visitDate', '核查日期不能晚于今天');
  const row = await ctx.deps.database.db.transaction(async (tx) => {
    const [v] = await tx
      .insert(hardshipVisits)
      .values({
        archiveId: id,
        visitDate: input.visitDate,
        visitors: input.visitors,
        findings: input.findings,
        recordedBy: actor.userId,
        recordedByName: actor.displayName,
      })
      .returning();
    if (!v) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.archive.visit',
      entityType: archiveFlow.entityType,
      entityId: id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: { visitId: v.id, visitDate: v.visitDate },
    });
    return v;
  });
  return toVisit(row);
}

const toVisit = (v: typeof hardshipVisits.$inferSelect): TVisit => ({
  id: v.id,
  visitDate: v.visitDate,
  visitors: v.visitors,
  findings: v.findings,
  recordedBy: v.recordedByName,
  createdAt: v.createdAt.toISOString(),
});

/** The archive's home visits, oldest first. */
export async function listVisits(ctx: Ctx, id: number): Promise<TVisit[]> {
  await loadArchive(ctx, id, 'hardship.view');
  const rows = await ctx.db
    .select()
    .from(hardshipVisits)
    .where(eq(hardshipVisits.archiveId, id))
    .orderBy(asc(hardshipVisits.visitDate), asc(hardshipVisits.id));
  return rows.map(toVisit);
}

/** Change the paired helper (结对帮扶责任人); the change is kept in the history and the new helper notified. */
export async function assignHelper(
  ctx: Ctx,
  id: number,
  input: { userId: number; reason?: string | undefined },
): Promise<TArchive> {
  const actor = requireActor(ctx);
  const { a } = await loadArchive(ctx, id, 'hardship.assignHelper');
  if (a.helperUserId === input.userId) return present(ctx, id);
  await checkHelper(ctx, input.userId, 'userId');
  await ctx.deps.database.db.transaction(async (tx) => {
    await tx
      .update(hardshipArchives)
      .set({ helperUserId: input.userId, updatedAt: sql`now()` })
      .where(eq(hardshipArchives.id, id));
    await tx.insert(hardshipHelperChanges).values({
      archiveId: id,
      helperUserId: input.userId,
      reason: input.reason ?? null,
      changedBy: actor.userId,
      changedByName: actor.displayName,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.archive.assignHelper',
      entityType: archiveFlow.entityType,
      entityId: id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: { from: a.helperUserId, to: input.userId, reason: input.reason ?? null },
    });
    await notify(tx, {
      userIds: [input.userId],
      kind: 'hardship.helperAssigned',
      title: `您已被指定为 ${a.name} 的结对帮扶责任人`,
      link: `/hardship/${id}`,
    });
  });
  return present(ctx, id);
}

/** Who was the paired helper when: every change, newest first. */
export async function listHelperChanges(ctx: Ctx, id: number) {
  await loadArchive(ctx, id, 'hardship.view');
  const rows = await ctx.db
    .select()
    .from(hardshipHelperChanges)
    .where(eq(hardshipHelperChanges.archiveId, id))
    .orderBy(desc(hardshipHelperChanges.id));
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      helper: await helperOf(ctx, r.helperUserId),
      reason: r.reason,
      changedBy: r.changedByName,
      at: r.at.toISOString(),
    })),
  );
}

/** The 低保 standard that applies to an org in the caller's subtree. */
export async function getDibao(ctx: Ctx, orgId: number) {
  authorize(ctx, 'hardship.view');
  const org = await findOrg(ctx.db, orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'hardship.view', { orgPath: org.path });
  const d = await dibaoFor(ctx.db, org.path);
  return { orgId, fromOrgId: d.fromOrgId, dibaoMonthlyFen: d.fen };
}

/** The org whose 低保 standard an admin changes: one of their own subtree (another union's is not found). */
async function dibaoSettingsOrg(ctx: Ctx, orgId: number) {
  authorize(ctx, 'hardship.settings');
  const org = await findOrg(ctx.db, orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'hardship.settings', { orgPath: org.path });
  if (!isWithin(org.path, requireActor(ctx).membership.orgPath)) throw notFound();
  return org;
}

/** Set an org's local 低保 standard (it applies to its subtree unless a lower org sets its own). */
export async function setDibao(ctx: Ctx, input: { orgId: number; dibaoMonthlyFen: number }) {
  const org = await dibaoSettingsOrg(ctx, input.orgId);
  await ctx.deps.database.db.transaction(async (tx) => {
    await tx
      .insert(hardshipOrgSettings)
      .values({ orgId: org.id, dibaoMonthlyFen: input.dibaoMonthlyFen })
      .onConflictDoUpdate({
        target: hardshipOrgSettings.orgId,
        set: { dibaoMonthlyFen: input.dibaoMonthlyFen, updatedAt: sql`now()` },
      });
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.settings',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { dibaoMonthlyFen: input.dibaoMonthlyFen },
    });
  });
  return getDibao(ctx, org.id);
}

/**
 * Drop an org's own 低保 standard: it follows its nearest ancestor's again (or the platform default).
 * Clearing one that is not set changes nothing and is not audited.
 */
export async function clearDibao(ctx: Ctx, orgId: number) {
  const org = await dibaoSettingsOrg(ctx, orgId);
  await ctx.deps.database.db.transaction(async (tx) => {
    const removed = await tx
      .delete(hardshipOrgSettings)
      .where(eq(hardshipOrgSettings.orgId, org.id))
      .returning({ fen: hardshipOrgSettings.dibaoMonthlyFen });
    if (removed.length === 0) return;
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.settings',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { dibaoMonthlyFen: null, previousDibaoMonthlyFen: removed[0]?.fen ?? null },
    });
  });
  return getDibao(ctx, org.id);
}

/**
 * 公示: the archives of an org's subtree whose publicity period is running today, for the public
 * notice board. No login; only the masked name, the org and the category — never an ID number,
 * address or income.
 */
export async function listPublicNotices(db: DbOrTx, orgId: number): Promise<TPublicNotice[]> {
  const org = await findOrg(db, orgId);
  if (org?.state !== 'active') throw notFound('组织不存在');
  const today = todayCst();
  const rows = await db
    .select({
      name: hardshipArchives.name,
      orgName: orgs.name,
      category: hardshipArchives.category,
      suggested: hardshipArchives.suggestedCategory,
      start: hardshipArchives.publicityStart,
      end: hardshipArchives.publicityEnd,
    })
    .from(hardshipArchives)
    .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
    .where(
      and(
        inSubtree(hardshipArchives.orgPath, org.path),
        eq(hardshipArchives.state, 'publicizing'),
        sql`${hardshipArchives.publicityStart} <= ${today} and ${hardshipArchives.publicityEnd} >= ${today}`,
      ),
    )
    .orderBy(asc(hardshipArchives.publicityStart), asc(hardshipArchives.id))
    .limit(500);
  return rows.map((r) => ({
    name: maskName(r.name),
    orgName: r.orgName,
    category: (r.category ?? r.suggested) as HardshipCategory | null,
    start: r.start ?? '',
    end: r.end ?? '',
  }));
}
