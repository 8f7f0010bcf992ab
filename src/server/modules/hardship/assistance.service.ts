import { randomUUID } from 'node:crypto';
import { desc, eq, inArray, sql } from 'drizzle-orm';
import {
  type AssistanceType,
  assistanceTypeLabels,
  type TAssistance,
  type TAssistanceInput,
  type TAssistanceList,
  type TBulkAssistanceInput,
} from '../../../shared/hardship.ts';
import type { DbOrTx } from '../../db/client.ts';
import { sqlRows } from '../../db/client.ts';
import { allowInStates, authorize, grant, isWithin, requireActor } from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { archiveFlow } from './hardship.flow.ts';
import { hardshipArchives, hardshipAssistance } from './hardship.table.ts';

// Cadres and admins record assistance; everyone who views archives sees it.
grant('cadre', ['hardship.assist']);
grant('admin', ['hardship.assist']);
// Assistance goes to households on file.
allowInStates('hardship.assist', ['filed']);

registerAuditLabels({
  'hardship.assistance.create': '登记帮扶救助',
  'hardship.assistance.bulk': '批量登记帮扶救助（送温暖）',
});

/** Today in China Standard Time as YYYY-MM-DD. */
const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

type Row = typeof hardshipAssistance.$inferSelect;
const toAssistance = (r: Row, givingOrgName: string): TAssistance => ({
  id: r.id,
  archiveId: r.archiveId,
  type: r.type as AssistanceType,
  amountFen: r.amountFen,
  items: r.items,
  date: r.date,
  givingOrg: { id: r.givingOrgId, name: givingOrgName },
  note: r.note,
  createdBy: r.createdByName,
  createdAt: r.createdAt.toISOString(),
});

/** The giving org: the caller's own unless another one of their subtree is named. */
async function givingOrg(ctx: Ctx, orgId: number | undefined) {
  const m = requireActor(ctx).membership;
  if (orgId === undefined || orgId === m.orgId) return { id: m.orgId, name: m.orgName };
  const org = await findOrg(ctx.db, orgId);
  if (!org || !isWithin(org.path, m.orgPath)) throw invalidField('givingOrgId', '发放单位须为本级或下级工会');
  return { id: org.id, name: org.name };
}

function checkDate(date: string) {
  if (date > todayCst()) throw invalidField('date', '发放日期不能晚于今天');
}

const values = (
  ctx: Ctx,
  archiveId: number,
  input: TAssistanceInput | TBulkAssistanceInput,
  giving: { id: number },
  batchId: string | null,
) => {
  const actor = requireActor(ctx);
  return {
    archiveId,
    type: input.type,
    amountFen: input.amountFen ?? null,
    items: input.items || null,
    date: input.date,
    givingOrgId: giving.id,
    note: input.note || null,
    batchId,
    createdBy: actor.userId,
    createdByName: actor.displayName,
  };
};

/** Record one assistance (帮扶救助) given to a filed archive of the caller's subtree. */
export async function addAssistance(
  ctx: Ctx,
  archiveId: number,
  input: TAssistanceInput,
): Promise<TAssistance> {
  authorize(ctx, 'hardship.assist');
  checkDate(input.date);
  const giving = await givingOrg(ctx, input.givingOrgId);
  const row = await ctx.deps.database.db.transaction(async (tx) => {
    // Lock the archive row so it cannot leave the file while its assistance is being recorded.
    const [a] = await tx
      .select({
        orgId: hardshipArchives.orgId,
        orgPath: hardshipArchives.orgPath,
        state: hardshipArchives.state,
      })
      .from(hardshipArchives)
      .where(eq(hardshipArchives.id, archiveId))
      .for('share');
    if (!a) throw notFound('档案不存在或无权查看');
    authorize(ctx, 'hardship.assist', a);
    const [r] = await tx
      .insert(hardshipAssistance)
      .values(values(ctx, archiveId, input, giving, null))
      .returning();
    if (!r) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.assistance.create',
      entityType: archiveFlow.entityType,
      entityId: archiveId,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: { assistanceId: r.id, type: r.type, amountFen: r.amountFen, items: r.items, date: r.date },
    });
    return r;
  });
  return toAssistance(row, giving.name);
}

/**
 * 送温暖: one assistance to many filed archives of the caller's subtree, all or nothing. Any archive
 * outside the subtree (404) or not on file (409) refuses the whole batch.
 */
export async function addAssistanceInBulk(
  ctx: Ctx,
  input: TBulkAssistanceInput,
): Promise<{ count: number; batchId: string }> {
  const m = authorize(ctx, 'hardship.assist');
  checkDate(input.date);
  const giving = await givingOrg(ctx, input.givingOrgId);
  const batchId = randomUUID();
  const count = await ctx.deps.database.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: hardshipArchives.id, orgPath: hardshipArchives.orgPath, state: hardshipArchives.state })
      .from(hardshipArchives)
      .where(inArray(hardshipArchives.id, input.archiveIds))
      .orderBy(hardshipArchives.id)
      .for('share');
    const visible = rows.filter((r) => isWithin(r.orgPath, m.orgPath));
    if (visible.length !== input.archiveIds.length) {
      const found = new Set(visible.map((r) => r.id));
      const missing = input.archiveIds.filter((id) => !found.has(id));
      throw notFound(`以下档案不存在或无权查看：${missing.join('、')}`);
    }
    const notFiled = visible.filter((r) => r.state !== 'filed').map((r) => r.id);
    if (notFiled.length > 0) {
      throw conflict('INVALID_STATE', `以下档案不在档，不能登记帮扶救助：${notFiled.join('、')}`, {
        ids: notFiled,
      });
    }
    const inserted = await tx
      .insert(hardshipAssistance)
      .values(input.archiveIds.map((id) => values(ctx, id, input, giving, batchId)))
      .returning({ id: hardshipAssistance.id });
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.assistance.bulk',
      entityType: archiveFlow.entityType,
      detail: {
        batchId,
        count: inserted.length,
        archiveIds: input.archiveIds,
        type: input.type,
        amountFen: input.amountFen ?? null,
        items: input.items ?? null,
        date: input.date,
      },
    });
    return inserted.length;
  });
  return { count, batchId };
}

/** An archive's assistance, newest first, with its totals overall and per year (SQL aggregates). */
export async function listAssistance(ctx: Ctx, archiveId: number): Promise<TAssistanceList> {
  authorize(ctx, 'hardship.view');
  const [a] = await ctx.db
    .select({ orgPath: hardshipArchives.orgPath })
    .from(hardshipArchives)
    .where(eq(hardshipArchives.id, archiveId));
  if (!a) throw notFound('档案不存在或无权查看');
  authorize(ctx, 'hardship.view', { orgPath: a.orgPath });
  const [rows, years] = await Promise.all([
    ctx.db
      .select({ r: hardshipAssistance, orgName: orgs.name })
      .from(hardshipAssistance)
      .innerJoin(orgs, eq(orgs.id, hardshipAssistance.givingOrgId))
      .where(eq(hardshipAssistance.archiveId, archiveId))
      .orderBy(desc(hardshipAssistance.date), desc(hardshipAssistance.id)),
    assistanceByYear(ctx.db, archiveId),
  ]);
  return {
    items: rows.map(({ r, orgName }) => toAssistance(r, orgName)),
    total: {
      count: years.reduce((n, y) => n + y.count, 0),
      amountFen: years.reduce((n, y) => n + y.amountFen, 0),
    },
    byYear: years,
  };
}

async function assistanceByYear(db: DbOrTx, archiveId: number) {
  const rows = await sqlRows<{ year: number; n: number; fen: string | number }>(
    db,
    sql`select extract(year from date)::int as year, count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as fen
        from hardship_assistance where archive_id = ${archiveId} group by 1 order by 1 desc`,
  );
  return rows.map((r) => ({ year: Number(r.year), count: Number(r.n), amountFen: Number(r.fen) }));
}

/** What the verified personal QR page shows of the household's assistance (no staff names). */
export async function assistanceForQrPage(db: DbOrTx, archiveId: number) {
  const rows = await db
    .select({
      date: hardshipAssistance.date,
      type: hardshipAssistance.type,
      amountFen: hardshipAssistance.amountFen,
      items: hardshipAssistance.items,
      orgName: orgs.name,
    })
    .from(hardshipAssistance)
    .innerJoin(orgs, eq(orgs.id, hardshipAssistance.givingOrgId))
    .where(eq(hardshipAssistance.archiveId, archiveId))
    .orderBy(desc(hardshipAssistance.date), desc(hardshipAssistance.id))
    .limit(50);
  const [sum] = await sqlRows<{ fen: string | number }>(
    db,
    sql`select coalesce(sum(amount_fen), 0)::bigint as fen from hardship_assistance where archive_id = ${archiveId}`,
  );
  return {
    rows: rows.map((r) => ({ ...r, typeLabel: assistanceTypeLabels[r.type as AssistanceType] ?? r.type })),
    totalFen: Number(sum?.fen ?? 0),
  };
}
