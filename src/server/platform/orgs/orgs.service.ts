import { and, asc, count, eq, ilike, ne, type SQL, sql } from 'drizzle-orm';
import {
  type OrgState,
  type OrgType,
  partnerOrgTypes,
  type TCreateOrgInput,
  type TListOrgsQuery,
  type TOrg,
  type TUpdateOrgInput,
} from '../../../shared/orgs.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor } from '../access/access.ts';
import { registerEntityKind } from '../access/entities.ts';
import { recordAudit } from '../audit/audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { apply, recordCreated } from '../workflow/workflow.ts';
import { orgFlow } from './orgs.flow.ts';
import { orgs } from './orgs.table.ts';

type OrgRow = typeof orgs.$inferSelect;

const toOrg = (r: OrgRow, childCount?: number): TOrg => ({
  id: r.id,
  parentId: r.parentId,
  type: r.type as OrgType,
  name: r.name,
  regionCode: r.regionCode,
  path: r.path,
  depth: r.depth,
  state: r.state as OrgState,
  ...(childCount === undefined ? {} : { childCount }),
});

/**
 * Tables that copy an org's path onto their rows for fast subtree queries. Moving an org re-paths
 * them in the same transaction. (The audit log is not here: it records the path at the time.)
 */
const pathCopies: { table: string; column: string }[] = [];
export function registerOrgPathCopy(table: string, column = 'org_path'): void {
  pathCopies.push({ table, column });
}

registerEntityKind({
  type: 'org',
  label: '组织',
  viewAction: 'org.view',
  attachAction: 'org.update',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select()
      .from(orgs)
      .where(eq(orgs.id, Number(id)));
    return row ? { orgId: row.id, orgPath: row.path, state: row.state } : null;
  },
});

/** Load an org by id without access checks (for other services that check access themselves). */
export async function findOrg(db: DbOrTx, id: number): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

async function loadVisibleOrg(ctx: Ctx, id: number, action: string): Promise<OrgRow> {
  const row = await findOrg(ctx.db, id);
  if (!row) throw notFound('组织不存在或无权查看');
  authorize(ctx, action, { orgPath: row.path, state: row.state });
  return row;
}

/** One org in the caller's subtree. */
export async function getOrg(ctx: Ctx, id: number): Promise<TOrg> {
  return toOrg(await loadVisibleOrg(ctx, id, 'org.view'));
}

/** The caller's subtree (or a part of it), filtered; ordered so that parents come before children. */
export async function listOrgs(ctx: Ctx, q: TListOrgsQuery) {
  const m = authorize(ctx, 'org.view');
  const root = q.rootId ? await loadVisibleOrg(ctx, q.rootId, 'org.view') : undefined;
  const rootPath = root?.path ?? m.orgPath;
  const conds: SQL[] = [
    q.childrenOnly === '1' && root ? eq(orgs.parentId, root.id) : inSubtree(orgs.path, rootPath),
  ];
  if (q.childrenOnly === '1' && !root) conds.push(eq(orgs.path, rootPath));
  if (q.q) conds.push(ilike(orgs.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (q.type) conds.push(eq(orgs.type, q.type));
  if (q.state) conds.push(eq(orgs.state, q.state));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        org: orgs,
        childCount: sql<number>`(select count(*) from orgs as child where child.parent_id = "orgs"."id")::int`,
      })
      .from(orgs)
      .where(where)
      .orderBy(asc(orgs.depth), asc(orgs.name), asc(orgs.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(orgs).where(where),
  ]);
  return {
    items: rows.map((r) => toOrg(r.org, r.childCount)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function checkParentAccepts(parent: OrgRow, childType: OrgType): void {
  if (parent.state !== 'active') throw conflict('PARENT_INACTIVE', '上级组织已停用，不能在其下增加组织');
  if (partnerOrgTypes.includes(parent.type as OrgType)) {
    throw badRequest('INVALID_PARENT', '合作单位下不能再设下级组织', [
      { field: 'parentId', message: '合作单位下不能再设下级组织' },
    ]);
  }
  if (childType === 'national') {
    throw badRequest('INVALID_TYPE', '全国总工会只能是根组织', [
      { field: 'type', message: '全国总工会只能是根组织' },
    ]);
  }
}

/**
 * Two orgs under one parent never share a name (用户管理's org scope and every picker would show
 * two identical entries). The parent row is locked first, so two cadres naming at once are
 * serialised and the second is refused.
 */
async function assertNameFree(tx: DbOrTx, parent: { id: number; name: string }, name: string, self?: number) {
  await tx.execute(sql`select id from orgs where id = ${parent.id} for update`);
  const [taken] = await tx
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.parentId, parent.id), eq(orgs.name, name), self ? ne(orgs.id, self) : undefined));
  if (taken) {
    const message = `${parent.name}下已有名为「${name}」的组织`;
    throw conflict('ORG_NAME_TAKEN', message, [{ field: 'name', message }]);
  }
}

/** Create an org under a parent in the caller's subtree. */
export async function createOrg(ctx: Ctx, input: TCreateOrgInput): Promise<TOrg> {
  const parent = await loadVisibleOrg(ctx, input.parentId, 'org.create');
  checkParentAccepts(parent, input.type);
  return ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    await assertNameFree(tx, parent, input.name);
    const [next] = await sqlRows<{ id: number }>(
      tx,
      sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id`,
    );
    const id = Number(next?.id);
    const [row] = await tx
      .insert(orgs)
      .values({
        id,
        parentId: parent.id,
        type: input.type,
        name: input.name,
        regionCode: input.regionCode ?? null,
        path: `${parent.path}.${id}`,
        depth: parent.depth + 1,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordCreated(t, 'org', id, 'active');
    await recordAudit(t, {
      action: 'org.create',
      entityType: 'org',
      entityId: id,
      orgId: id,
      orgPath: row.path,
      detail: { name: row.name, type: row.type, parentId: parent.id },
    });
    return toOrg(row);
  });
}

/** Rename an org or change its region code. */
export async function updateOrg(ctx: Ctx, id: number, input: TUpdateOrgInput): Promise<TOrg> {
  const before = await loadVisibleOrg(ctx, id, 'org.update');
  return ctx.deps.database.db.transaction(async (tx) => {
    if (input.name !== undefined && input.name !== before.name && before.parentId !== null) {
      const [parent] = await tx
        .select({ id: orgs.id, name: orgs.name })
        .from(orgs)
        .where(eq(orgs.id, before.parentId));
      if (parent) await assertNameFree(tx, parent, input.name, id);
    }
    const [row] = await tx
      .update(orgs)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.regionCode !== undefined ? { regionCode: input.regionCode } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(orgs.id, id))
      .returning();
    if (!row) throw notFound();
    await recordAudit(withTx(ctx, tx), {
      action: 'org.update',
      entityType: 'org',
      entityId: id,
      orgId: id,
      orgPath: row.path,
      detail: { before: { name: before.name, regionCode: before.regionCode }, after: input },
    });
    return toOrg(row);
  });
}

/** Move an org (and its whole subtree) under another parent, re-pathing everything in one transaction. */
export async function moveOrg(ctx: Ctx, id: number, newParentId: number): Promise<TOrg> {
  const actor = requireActor(ctx);
  const org = await loadVisibleOrg(ctx, id, 'org.move');
  if (org.id === actor.membership.orgId) throw conflict('CANNOT_MOVE_OWN_ORG', '不能移动自己所在的组织');
  const parent = await loadVisibleOrg(ctx, newParentId, 'org.move');
  if (isWithin(parent.path, org.path))
    throw conflict('MOVE_INTO_OWN_SUBTREE', '不能把组织移到它自己或其下级组织之下');
  if (parent.id === org.parentId) return toOrg(org);
  checkParentAccepts(parent, org.type as OrgType);
  const oldPath = org.path;
  const newPath = `${parent.path}.${org.id}`;
  const depthDelta = parent.depth + 1 - org.depth;
  return ctx.deps.database.db.transaction(async (tx) => {
    await assertNameFree(tx, parent, org.name, org.id);
    // Lock the subtree so a concurrent move or create cannot interleave with the re-path.
    await tx.execute(sql`select id from orgs where ${inSubtree(orgs.path, oldPath)} for update`);
    const [still] = await tx.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, org.id));
    if (still?.path !== oldPath) throw conflict('CONCURRENT_UPDATE', '该组织刚被其他人移动，请刷新后再试');
    const repath = (column: SQL) => sql`${newPath} || substr(${column}, ${oldPath.length + 1})`;
    await tx.execute(sql`update orgs set path = ${repath(sql`path`)}, depth = depth + ${depthDelta}, updated_at = now()
      where ${inSubtree(sql`path`, oldPath)}`);
    await tx.update(orgs).set({ parentId: parent.id }).where(eq(orgs.id, org.id));
    for (const copy of pathCopies) {
      const col = sql.identifier(copy.column);
      await tx.execute(
        sql`update ${sql.identifier(copy.table)} set ${col} = ${repath(sql`${col}`)} where ${inSubtree(sql`${col}`, oldPath)}`,
      );
    }
    await recordAudit(withTx(ctx, tx), {
      action: 'org.move',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      orgPath: newPath,
      detail: { fromParentId: org.parentId, toParentId: parent.id, oldPath, newPath },
    });
    const [row] = await tx.select().from(orgs).where(eq(orgs.id, org.id));
    return toOrg(row as OrgRow);
  });
}

/** Deactivate an org (no active child orgs may remain) or activate it again. */
export async function changeOrgState(ctx: Ctx, id: number, event: 'deactivate' | 'activate', note?: string) {
  const actor = requireActor(ctx);
  const org = await loadVisibleOrg(ctx, id, `org.${event}`);
  if (event === 'deactivate') {
    if (org.id === actor.membership.orgId)
      throw conflict('CANNOT_DEACTIVATE_OWN_ORG', '不能停用自己所在的组织');
    const [active] = await ctx.db
      .select({ n: count() })
      .from(orgs)
      .where(and(eq(orgs.parentId, org.id), eq(orgs.state, 'active')));
    if ((active?.n ?? 0) > 0) throw conflict('HAS_ACTIVE_CHILDREN', `请先停用其下的 ${active?.n} 个下级组织`);
  } else if (org.parentId) {
    const parent = await findOrg(ctx.db, org.parentId);
    if (parent?.state !== 'active') throw conflict('PARENT_INACTIVE', '上级组织已停用，请先启用上级组织');
  }
  return ctx.deps.database.db.transaction(async (tx) => {
    await apply(withTx(ctx, tx), orgFlow, { id, event, note, orgPath: org.path, orgId: org.id });
    const [row] = await tx.select().from(orgs).where(eq(orgs.id, id));
    return toOrg(row as OrgRow);
  });
}

/** Public directory for self-registration: active unions whose name matches. No personal data. */
export async function searchUnionDirectory(db: DbOrTx, q: string) {
  const rows = await db
    .select({ id: orgs.id, name: orgs.name, type: orgs.type, path: orgs.path })
    .from(orgs)
    .where(
      and(
        eq(orgs.state, 'active'),
        sql`${orgs.type} not in ('donor', 'supplier', 'logistics', 'courier', 'governance')`,
        ilike(orgs.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
      ),
    )
    .orderBy(asc(orgs.depth), asc(orgs.name))
    .limit(20);
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type as OrgType }));
}

/** A direct sub-organisation as a statistics breakdown lists it (帮扶统计, 心愿统计 …). */
export interface BreakdownChildOrg {
  id: number;
  name: string;
  hasChildren: boolean;
  /** A union that is active: listed even when it has nothing to count yet. */
  listedWhenEmpty: boolean;
}

/**
 * The direct sub-organisations of an org for a dashboard's per-org breakdown, by id. Partner orgs
 * (donors, suppliers, platforms …) and deactivated unions are no sub-unions: the caller lists them
 * only when they have figures of their own (`listedWhenEmpty` false).
 */
export async function breakdownChildOrgs(db: DbOrTx, parentId: number): Promise<BreakdownChildOrg[]> {
  const rows = await sqlRows<{
    id: number;
    name: string;
    type: string;
    state: string;
    has_children: boolean;
  }>(
    db,
    sql`select o.id, o.name, o.type, o.state,
          exists (select 1 from orgs c where c.parent_id = o.id) as has_children
        from orgs o where o.parent_id = ${parentId} order by o.id`,
  );
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    hasChildren: o.has_children,
    listedWhenEmpty: o.state === 'active' && !(partnerOrgTypes as readonly string[]).includes(o.type),
  }));
}
