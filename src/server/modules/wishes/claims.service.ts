import { and, eq, inArray, sql } from 'drizzle-orm';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  type FulfilmentMethod,
  fulfilmentMethodLabels,
  type TMarkSentInput,
  type TWish,
} from '../../../shared/wishes.ts';
import type { DbOrTx } from '../../db/client.ts';
import { allowInStates, authorize, grant, requireActor } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { registerAuditLabels } from '../../platform/audit/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { apply } from '../../platform/workflow/workflow.ts';
import { isUniqueViolation } from '../hardship/hardship.service.ts';
import { donorIdentity } from './donors.service.ts';
import { wishFlow } from './wishes.flow.ts';
import {
  findArchiveLink,
  getWish,
  holdersOf,
  publicDonorName,
  unionCadres,
  wishSettingsFor,
} from './wishes.service.ts';
import { wishClaims, wishes } from './wishes.table.ts';

/**
 * 认领与实现 (issue #5 points 5 and 6, donor side): a donor claims a published wish exclusively,
 * may release it with a reason, and marks it sent. Donors act outside the union's org tree, so each
 * use case checks the claim itself (the donor's own live claim) and then moves the wish through the
 * workflow with `scope: 'checked-by-caller'`; the union acts within its subtree as usual.
 */

// A cadre may release a claim on a donor's behalf (e.g. they phoned to give up) and record a
// hand-over to the union or a donation as sent; a direct parcel is the donor's to record.
grant('cadre', ['wish.releaseClaim', 'wish.sendForDonor', 'wish.claimPhoto']);
grant('admin', ['wish.releaseClaim', 'wish.sendForDonor', 'wish.claimPhoto']);
allowInStates('wish.claimPhoto', ['active']);

registerAuditLabels({
  'wishes.wish.claim': '认领微心愿',
  'wishes.wish.release': '释放微心愿认领',
  'wishes.wish.send': '微心愿已寄出',
});

/**
 * 寄出凭证: a photo of the parcel or the hand-over, attached to the claim (`wishes.claim`, id = claim
 * id) through the files API: by the donor holding it (while active; they act outside the union's
 * tree, so the kind lets its own donor through) or by the union; visible to both.
 */
registerEntityKind({
  type: 'wishes.claim',
  label: '微心愿认领',
  viewAction: 'wish.view',
  attachAction: 'wish.claimPhoto',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select({ orgId: wishes.orgId, orgPath: wishes.orgPath, state: wishClaims.state })
      .from(wishClaims)
      .innerJoin(wishes, eq(wishes.id, wishClaims.wishId))
      .where(eq(wishClaims.id, Number(id)));
    return row ?? null;
  },
  async heldBy(db, id, userId, use) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return false;
    const [row] = await db
      .select({ donorUserId: wishClaims.donorUserId, state: wishClaims.state })
      .from(wishClaims)
      .where(eq(wishClaims.id, Number(id)));
    return row?.donorUserId === userId && (use === 'view' || row.state === 'active');
  },
});

// ---------------------------------------------------------------- small helpers

export type WishRow = typeof wishes.$inferSelect;
export type ClaimRow = typeof wishClaims.$inferSelect;

export const ALREADY_CLAIMED_MESSAGE = '这个心愿刚刚被其他爱心人士认领了';
const alreadyClaimed = () => conflict('WISH_ALREADY_CLAIMED', ALREADY_CLAIMED_MESSAGE);

async function findWish(db: DbOrTx, id: number): Promise<WishRow | undefined> {
  const [row] = await db.select().from(wishes).where(eq(wishes.id, id));
  return row;
}

async function liveClaimOf(db: DbOrTx, wishId: number): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(wishClaims)
    .where(and(eq(wishClaims.wishId, wishId), inArray(wishClaims.state, ['active', 'sent'])));
  return row;
}

/**
 * Who hears about a wish: the worker accounts holding its archive (its self applicant, or accounts
 * with the archive's mobile) and the cadres of the nearest union up its chain that has any.
 */
export async function wishAudience(
  db: DbOrTx,
  w: Pick<WishRow, 'archiveId' | 'orgPath'>,
): Promise<{ workers: number[]; union: number[] }> {
  const archive = await findArchiveLink(db, w.archiveId);
  const [workers, union] = await Promise.all([
    archive ? holdersOf(db, archive) : Promise.resolve([]),
    unionCadres(db, w.orgPath),
  ]);
  return { workers, union };
}

/** Run `fn` and turn a lost race on the wish (its state moved under us) into the 409 donors see. */
async function orAlreadyClaimed<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyClaimed();
    if (e instanceof AppError && (e.code === 'CONCURRENT_UPDATE' || e.code === 'ILLEGAL_TRANSITION')) {
      throw alreadyClaimed();
    }
    throw e;
  }
}

/** The photo of a sending: an image uploaded for this wish or for this claim. */
async function checkSentPhoto(db: DbOrTx, wishId: number, claimId: number, fileId: string) {
  const [f] = await db
    .select({ entityType: files.entityType, entityId: files.entityId, mime: files.mime })
    .from(files)
    .where(eq(files.id, fileId));
  const mine =
    f &&
    ((f.entityType === wishFlow.entityType && f.entityId === String(wishId)) ||
      (f.entityType === 'wishes.claim' && f.entityId === String(claimId)));
  if (!mine || !f.mime.startsWith('image/')) {
    throw invalidField('photoFileId', '照片须是为这个心愿上传的图片');
  }
  return fileId;
}

// ---------------------------------------------------------------- claim

/**
 * 认领: a signed-in donor claims a published wish. Exclusive: in one transaction the wish moves
 * published → claimed with a compare-and-set and the claim is inserted; under any number of
 * concurrent claims one wins and the others get 409 WISH_ALREADY_CLAIMED (the unique partial index
 * `wish_claims_live_uq` is the backstop). The deadline is today + the org's claim days; the worker
 * and the union are told.
 */
export async function claimWish(
  ctx: Ctx,
  id: number,
  input: { method?: FulfilmentMethod | undefined },
): Promise<TWish> {
  authorize(ctx, 'wish.claim');
  const actor = requireActor(ctx);
  const w = await findWish(ctx.db, id);
  if (!w || !['published', 'claimed', 'sent', 'fulfilled'].includes(w.state)) {
    throw notFound('心愿不存在或未公开');
  }
  if (w.state !== 'published') {
    throw w.state === 'fulfilled' ? conflict('WISH_FULFILLED', '这个心愿已经实现了') : alreadyClaimed();
  }
  const donor = await donorIdentity(ctx.db, actor.userId);
  const settings = await wishSettingsFor(ctx.db, w.orgPath);
  const deadline = addDays(beijingDay(new Date()), settings.claimDays);
  await orAlreadyClaimed(() =>
    ctx.deps.database.db.transaction(async (tx) => {
      const t = withTx(ctx, tx);
      await apply(t, wishFlow, {
        id,
        event: 'claim',
        note: input.method ? `实现方式：${fulfilmentMethodLabels[input.method]}` : null,
        orgPath: w.orgPath,
        orgId: w.orgId,
        scope: 'checked-by-caller',
      });
      await tx.insert(wishClaims).values({
        wishId: id,
        donorUserId: actor.userId,
        donorName: donor.name,
        donorKind: donor.kind,
        state: 'active',
        method: input.method ?? null,
        deadline,
      });
      await tx.update(wishes).set({ claimedAt: sql`now()` }).where(eq(wishes.id, id));
      const who = publicDonorName(donor.kind, donor.name);
      const audience = await wishAudience(tx, w);
      await notify(tx, {
        userIds: audience.workers,
        kind: 'wishes.claimed',
        title: `您的微心愿「${w.title}」已被${who}认领`,
        body: `爱心人士将在 ${deadline} 前帮您实现心愿，请留意查收。`,
        link: `/m/wishes/mine/${id}`,
      });
      await notify(tx, {
        userIds: audience.union,
        kind: 'wishes.claimed',
        title: `微心愿「${w.title}」已被认领（${donor.name}），实现期限 ${deadline}`,
        link: `/wishes/${id}`,
      });
    }),
  );
  return getWish(ctx, id);
}

// ---------------------------------------------------------------- release

/** The live claim the caller may act on as its donor, or (for the union) the wish's live claim. */
async function actingClaim(
  ctx: Ctx,
  id: number,
  donorAction: string,
  unionAction: string,
): Promise<{ w: WishRow; claim: ClaimRow; asDonor: boolean }> {
  const actor = requireActor(ctx);
  const w = await findWish(ctx.db, id);
  if (!w) throw notFound('心愿不存在或无权查看');
  const claim = await liveClaimOf(ctx.db, id);
  if (actor.membership.role === 'donor') {
    authorize(ctx, donorAction);
    if (claim?.donorUserId === actor.userId) return { w, claim, asDonor: true };
    // Someone else's claim is none of this donor's business; their own past claim is a state problem.
    const [past] = await ctx.db
      .select({ id: wishClaims.id })
      .from(wishClaims)
      .where(and(eq(wishClaims.wishId, id), eq(wishClaims.donorUserId, actor.userId)))
      .limit(1);
    if (!past) throw notFound('心愿不存在或无权查看');
    throw conflict('NO_LIVE_CLAIM', '您对这个心愿的认领已经结束（已释放、逾期或已实现）');
  }
  authorize(ctx, unionAction, { orgPath: w.orgPath });
  if (!claim) throw conflict('NO_LIVE_CLAIM', '这个心愿目前没有进行中的认领');
  return { w, claim, asDonor: false };
}

/**
 * 放弃认领: the donor gives up their claim with a reason (or a cadre does it for them); the wish goes
 * back on the wall. A donor may release only before sending: once a parcel is on its way, the union
 * sorts it out.
 */
export async function releaseClaim(ctx: Ctx, id: number, reason: string): Promise<TWish> {
  const actor = requireActor(ctx);
  const { w, claim, asDonor } = await actingClaim(ctx, id, 'wish.releaseOwn', 'wish.releaseClaim');
  if (asDonor && claim.state !== 'active') {
    throw conflict('ALREADY_SENT', '心愿已寄出，不能再放弃认领；如有问题请联系工会');
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    // The claim row is the lock against the deadline job and a concurrent sending.
    const done = await tx
      .update(wishClaims)
      .set({ state: 'released', releasedAt: sql`now()`, releaseReason: reason })
      .where(and(eq(wishClaims.id, claim.id), eq(wishClaims.state, claim.state)))
      .returning({ id: wishClaims.id });
    if (done.length === 0)
      throw conflict('CONCURRENT_UPDATE', '该认领刚被处理（已寄出或已逾期释放），请刷新后再试');
    await apply(t, wishFlow, {
      id,
      event: 'release',
      note: reason,
      orgPath: w.orgPath,
      orgId: w.orgId,
      scope: asDonor ? 'checked-by-caller' : 'subtree',
    });
    const audience = await wishAudience(tx, w);
    await notify(tx, {
      userIds: audience.workers,
      kind: 'wishes.released',
      title: `您的微心愿「${w.title}」的认领已取消，心愿重新回到心愿墙等待认领`,
      link: `/m/wishes/mine/${id}`,
    });
    await notify(tx, {
      userIds: audience.union.filter((u) => u !== actor.userId),
      kind: 'wishes.released',
      title: `微心愿「${w.title}」的认领已被放弃（${claim.donorName}），已回到心愿墙`,
      body: `原因：${reason}`,
      link: `/wishes/${id}`,
    });
    if (!asDonor && claim.donorUserId) {
      await notify(tx, {
        userIds: [claim.donorUserId],
        kind: 'wishes.released',
        title: `工会已取消您对微心愿「${w.title}」的认领`,
        body: `原因：${reason}`,
        link: `/m/wishes/claims/${id}`,
      });
    }
  });
  return getWish(ctx, id);
}

// ---------------------------------------------------------------- sent

/**
 * 已寄出: the donor records how the wish is fulfilled (handed to the union, sent directly with a
 * tracking note, or the amount donated for the union to buy) with a note and an optional photo; the
 * wish waits for the worker's receipt. A cadre may record a hand-over or a donation for the donor.
 * Guarded by the claim still being active, so it cannot cross the deadline job's release.
 */
export async function markSent(ctx: Ctx, id: number, input: TMarkSentInput): Promise<TWish> {
  const actor = requireActor(ctx);
  const { w, claim, asDonor } = await actingClaim(ctx, id, 'wish.sendOwn', 'wish.sendForDonor');
  if (claim.state !== 'active') throw conflict('ALREADY_SENT', '这个心愿已经登记寄出了');
  if (!asDonor && input.method === 'direct') {
    throw invalidField('method', '直接寄送须由爱心人士本人登记快递信息');
  }
  const trackingNote = input.trackingNote?.trim() || null;
  if (input.method === 'direct' && !trackingNote) {
    throw invalidField('trackingNote', '直接寄送请填写快递公司和单号');
  }
  const photo = input.photoFileId ? await checkSentPhoto(ctx.db, id, claim.id, input.photoFileId) : null;
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const done = await tx
      .update(wishClaims)
      .set({
        state: 'sent',
        method: input.method,
        sentNote: input.note,
        trackingNote: input.method === 'direct' ? trackingNote : null,
        sentPhotoFileId: photo,
        sentAt: sql`now()`,
      })
      .where(and(eq(wishClaims.id, claim.id), eq(wishClaims.state, 'active')))
      .returning({ id: wishClaims.id });
    if (done.length === 0) {
      throw conflict('CLAIM_NOT_ACTIVE', '该认领已逾期释放或已被处理，请刷新后再试');
    }
    await apply(t, wishFlow, {
      id,
      event: 'send',
      note: `${fulfilmentMethodLabels[input.method]}：${input.note}${input.method === 'direct' && trackingNote ? `（${trackingNote}）` : ''}`,
      orgPath: w.orgPath,
      orgId: w.orgId,
      scope: asDonor ? 'checked-by-caller' : 'subtree',
    });
    const audience = await wishAudience(tx, w);
    const how =
      input.method === 'direct'
        ? `爱心人士已直接寄出：${trackingNote}。收到后请在“我的心愿”里确认收到。`
        : input.method === 'viaUnion'
          ? '心愿物品已交给工会，工会将转交给您，收到后请确认。'
          : '爱心人士已捐款，工会将代为购买并送到您手中，收到后请确认。';
    await notify(tx, {
      userIds: audience.workers,
      kind: 'wishes.sent',
      title: `您的微心愿「${w.title}」已寄出`,
      body: how,
      link: `/m/wishes/mine/${id}`,
    });
    await notify(tx, {
      userIds: audience.union.filter((u) => u !== actor.userId),
      kind: 'wishes.sent',
      title: `微心愿「${w.title}」已登记寄出（${fulfilmentMethodLabels[input.method]}）`,
      body: input.note,
      link: `/wishes/${id}`,
    });
    if (!asDonor && claim.donorUserId) {
      await notify(tx, {
        userIds: [claim.donorUserId],
        kind: 'wishes.sent',
        title: `工会已为您认领的微心愿「${w.title}」登记${fulfilmentMethodLabels[input.method]}`,
        link: `/m/wishes/claims/${id}`,
      });
    }
  });
  return getWish(ctx, id);
}
