import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  complaintOutcomeLabels,
  type TComplaint,
  type TComplaintInput,
  type ZAnswerComplaintInput,
  type ZListComplaintsQuery,
} from '../../../shared/errands.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile, type PiiVault } from '../../platform/pii/pii.ts';
import { errandComplaints, errands } from './errands.table.ts';
import { dutyRecipients } from './roster.service.ts';

/**
 * 投诉 (issue #7 point 2): lodged against an errand by a cadre taking a call on the complaint line, or
 * publicly on the H5 with the errand's code, a name and the caller's or recipient's mobile (anything else
 * is 404, so codes cannot be probed); the duty cadres and the admins of the errand's union hear of it; a
 * cadre answers once with an outcome.
 */

type ComplaintRow = typeof errandComplaints.$inferSelect;
export type ComplaintViewer = { vault: PiiVault; full: boolean };

const complaintColumns = {
  c: errandComplaints,
  errandCode: errands.code,
  answeredByName: users.displayName,
};

function toComplaint(
  r: { c: ComplaintRow; errandCode: string; answeredByName: string | null },
  viewer: ComplaintViewer,
): TComplaint {
  const mobile = viewer.vault.decrypt(r.c.mobileEnc);
  return {
    id: r.c.id,
    errandId: r.c.errandId,
    errandCode: r.errandCode,
    state: r.c.state as TComplaint['state'],
    name: r.c.name,
    mobile: viewer.full ? mobile : maskMobile(mobile),
    content: r.c.content,
    answer: r.c.answer,
    outcome: r.c.outcome as TComplaint['outcome'],
    answeredBy: r.answeredByName,
    createdAt: r.c.createdAt.toISOString(),
    answeredAt: r.c.answeredAt?.toISOString() ?? null,
  };
}

const complaintQuery = (db: DbOrTx) =>
  db
    .select(complaintColumns)
    .from(errandComplaints)
    .innerJoin(errands, eq(errands.id, errandComplaints.errandId))
    .leftJoin(users, eq(users.id, errandComplaints.answeredBy));

/**
 * The complaints about one errand, oldest first (for the errand's detail); mobiles masked unless `full`.
 * With `lodgedBy`, only that user's: a worker sees what they lodged, not what others (the recipient, say)
 * said by phone.
 */
export async function complaintsOf(
  db: DbOrTx,
  errandId: number,
  viewer: ComplaintViewer,
  lodgedBy?: number,
): Promise<TComplaint[]> {
  const rows = await complaintQuery(db)
    .where(
      and(
        eq(errandComplaints.errandId, errandId),
        lodgedBy == null ? undefined : eq(errandComplaints.createdBy, lodgedBy),
      ),
    )
    .orderBy(errandComplaints.id);
  return rows.map((r) => toComplaint(r, viewer));
}

/** Union staff who handle complaints see mobiles in full; others masked. */
const fullFor = (ctx: Ctx) => {
  const m = ctx.actor?.membership;
  return m != null && roleMay(m.role, 'errands.complaints');
};

const digits = (phone: string) => phone.replace(/\D/g, '');

async function findErrand(db: DbOrTx, where: { id: number } | { code: string }) {
  const [e] = await db
    .select()
    .from(errands)
    .where('id' in where ? eq(errands.id, where.id) : eq(errands.code, where.code.toUpperCase()));
  return e;
}

/**
 * Lodge a complaint. With `errandId`: a signed-in cadre/admin of the errand's subtree (or the worker who
 * asked for it). With `errandCode`: anyone, provided the mobile is the errand's caller's or recipient's.
 */
export async function lodgeComplaint(ctx: Ctx, input: TComplaintInput): Promise<TComplaint> {
  let errand: typeof errands.$inferSelect | undefined;
  if (input.errandId != null) {
    const actor = requireActor(ctx);
    errand = await findErrand(ctx.db, { id: input.errandId });
    if (!errand) throw notFound('工单不存在或无权查看');
    if (errand.requesterUserId !== actor.userId) {
      authorize(ctx, 'errands.complaints', { orgPath: errand.orgPath });
    }
  } else if (input.errandCode) {
    const found = await findErrand(ctx.db, { code: input.errandCode });
    const vault = ctx.deps.vault;
    const mobile = digits(input.mobile);
    const matches =
      found != null &&
      (digits(vault.decrypt(found.callerMobileEnc)) === mobile ||
        digits(vault.decrypt(found.recipientPhoneEnc)) === mobile);
    if (!found || !matches) throw notFound('未找到该工单：请核对工单编号，并填写来电人或收件人的手机号');
    errand = found;
  } else {
    throw invalidField('errandCode', '请填写工单编号');
  }
  const e = errand;
  const id = await ctx.deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(errandComplaints)
      .values({
        errandId: e.id,
        orgId: e.orgId,
        orgPath: e.orgPath,
        name: input.name,
        mobileEnc: ctx.deps.vault.encrypt(input.mobile),
        content: input.content,
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning({ id: errandComplaints.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.complaint.create',
      entityType: 'errands.complaint',
      entityId: row.id,
      orgId: e.orgId,
      orgPath: e.orgPath,
      actorName: ctx.actor ? null : `public:${input.name}`,
      detail: { errandId: e.id, code: e.code, channel: input.errandId != null ? 'signed-in' : 'public' },
    });
    const recipients = [
      ...(await dutyRecipients(tx, e.orgId)),
      ...(await membersOf(tx, [e.orgId], ['admin'])),
    ];
    await notify(tx, {
      userIds: recipients,
      kind: 'errands.complaint',
      title: `及时送工单 ${e.code} 收到投诉（${input.name}），请及时处理答复`,
      body: input.content,
      link: '/errands/complaints',
    });
    return row.id;
  });
  const [row] = await complaintQuery(ctx.db).where(eq(errandComplaints.id, id));
  if (!row) throw notFound();
  return toComplaint(row, { vault: ctx.deps.vault, full: fullFor(ctx) });
}

/** The complaints of an org's subtree (default the caller's), newest first, by state. */
export async function listComplaints(ctx: Ctx, q: z.infer<typeof ZListComplaintsQuery>) {
  const m = authorize(ctx, 'errands.view');
  let rootPath = m.orgPath;
  if (q.orgId != null) {
    const [org] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId));
    if (!org) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'errands.view', { orgPath: org.path });
    rootPath = org.path;
  }
  const where = and(
    inSubtree(errandComplaints.orgPath, rootPath),
    q.state ? eq(errandComplaints.state, q.state) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    complaintQuery(ctx.db)
      .where(where)
      .orderBy(desc(errandComplaints.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(errandComplaints).where(where),
  ]);
  const viewer = { vault: ctx.deps.vault, full: fullFor(ctx) };
  return {
    items: rows.map((r) => toComplaint(r, viewer)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Answer a complaint with an outcome, once (a second answer: 409). */
export async function answerComplaint(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof ZAnswerComplaintInput>,
): Promise<TComplaint> {
  const actor = requireActor(ctx);
  authorize(ctx, 'errands.complaints');
  const [c] = await ctx.db.select().from(errandComplaints).where(eq(errandComplaints.id, id));
  if (!c) throw notFound('投诉不存在或无权查看');
  authorize(ctx, 'errands.complaints', { orgPath: c.orgPath });
  await ctx.deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(errandComplaints)
      .set({
        state: 'answered',
        answer: input.answer,
        outcome: input.outcome,
        answeredBy: actor.userId,
        answeredAt: sql`now()`,
      })
      .where(and(eq(errandComplaints.id, id), eq(errandComplaints.state, 'open')))
      .returning({ id: errandComplaints.id });
    if (!row) throw conflict('ALREADY_ANSWERED', '该投诉已答复，不能重复答复');
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.complaint.answer',
      entityType: 'errands.complaint',
      entityId: id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      detail: { errandId: c.errandId, outcome: input.outcome },
    });
    await tellComplainant(tx, c, input, actor.userId);
  });
  const [row] = await complaintQuery(ctx.db).where(eq(errandComplaints.id, id));
  if (!row) throw notFound();
  return toComplaint(row, { vault: ctx.deps.vault, full: fullFor(ctx) });
}

/**
 * The answer goes back to whoever lodged the complaint signed in: the worker who asked for the errand
 * (to their errand on the phone) or a cadre who took it down (to the complaints page). A complaint
 * from the public page has no account to tell; the union answers it by phone.
 */
async function tellComplainant(
  tx: DbOrTx,
  c: ComplaintRow,
  input: z.infer<typeof ZAnswerComplaintInput>,
  answeredBy: number,
) {
  if (c.createdBy === null || c.createdBy === answeredBy) return;
  const [e] = await tx
    .select({ code: errands.code, requester: errands.requesterUserId })
    .from(errands)
    .where(eq(errands.id, c.errandId));
  if (!e) return;
  await notify(tx, {
    userIds: [c.createdBy],
    kind: 'errands.complaint',
    title: `您对及时送 ${e.code} 的投诉已答复：${complaintOutcomeLabels[input.outcome]}`,
    body: input.answer,
    link: e.requester === c.createdBy ? `/m/errands/mine/${c.errandId}` : '/errands/complaints',
  });
}
