import { count, desc, eq, max, sql } from 'drizzle-orm';
import type { DonorKind, TDonorProfile, TWish } from '../../../shared/wishes.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, grant, requireActor } from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { onUserRegistered } from '../../platform/auth/auth.service.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { getWish } from './wishes.service.ts';
import { donorProfiles, wishClaims } from './wishes.table.ts';

/**
 * 爱心人士 / 爱心企业: donors register themselves (platform/auth, role `donor`), keep a small profile
 * and follow their claims. They act outside the union's org tree, so every claim action checks the
 * claim itself: a donor may claim, release and mark sent only their own claims (claims.service.ts).
 */
grant('donor', ['donor.profile', 'wish.claim', 'wish.releaseOwn', 'wish.sendOwn']);

registerAuditLabels({
  'wishes.donor.profile': '修改爱心人士资料',
});

// The platform runs this inside the registration transaction: a donor never exists without a profile.
onUserRegistered(async (ctx, user) => {
  if (user.role !== 'donor') return;
  const donor = user.input.donor ?? { kind: 'person' as const };
  await ctx.db.insert(donorProfiles).values({
    userId: user.userId,
    kind: donor.kind,
    enterpriseName: donor.kind === 'enterprise' ? (donor.enterpriseName ?? null) : null,
  });
});

/** Who a donor is on a claim: a person by their name, an enterprise by its name. */
export interface DonorIdentity {
  kind: DonorKind;
  /** Stored on the claim: the person's name (masked for the worker and the wall) or the enterprise's. */
  name: string;
}

/** A donor's identity for a new claim; an account without a profile (made by an admin) is a person. */
export async function donorIdentity(db: DbOrTx, userId: number): Promise<DonorIdentity> {
  const [row] = await db
    .select({
      displayName: users.displayName,
      kind: donorProfiles.kind,
      enterprise: donorProfiles.enterpriseName,
    })
    .from(users)
    .leftJoin(donorProfiles, eq(donorProfiles.userId, users.id))
    .where(eq(users.id, userId));
  if (row?.kind === 'enterprise' && row.enterprise) return { kind: 'enterprise', name: row.enterprise };
  return { kind: 'person', name: row?.displayName ?? '爱心人士' };
}

/** The caller's donor profile, with how many wishes they claimed and saw fulfilled. */
export async function getDonorProfile(ctx: Ctx): Promise<TDonorProfile> {
  authorize(ctx, 'donor.profile');
  const actor = requireActor(ctx);
  const [[u], [p], [totals]] = await Promise.all([
    ctx.db
      .select({ displayName: users.displayName, phoneEnc: users.phoneEnc })
      .from(users)
      .where(eq(users.id, actor.userId)),
    ctx.db.select().from(donorProfiles).where(eq(donorProfiles.userId, actor.userId)),
    ctx.db
      .select({
        claims: count(),
        fulfilled: sql<number>`count(*) filter (where ${wishClaims.state} = 'fulfilled')`.mapWith(Number),
      })
      .from(wishClaims)
      .where(eq(wishClaims.donorUserId, actor.userId)),
  ]);
  return {
    userId: actor.userId,
    kind: (p?.kind ?? 'person') as DonorKind,
    displayName: u?.displayName ?? actor.displayName,
    enterpriseName: p?.enterpriseName ?? null,
    showOnThanksList: p?.showOnThanksList ?? false,
    phone: u?.phoneEnc ? maskMobile(ctx.deps.vault.decrypt(u.phoneEnc)) : null,
    claimsTotal: totals?.claims ?? 0,
    fulfilledTotal: totals?.fulfilled ?? 0,
  };
}

/**
 * Change the donor's kind, enterprise name and whether they appear on the public thanks list
 * (感谢榜). Claims already made keep the name they were made under.
 */
export async function updateDonorProfile(
  ctx: Ctx,
  input: { kind: DonorKind; enterpriseName?: string | null | undefined; showOnThanksList: boolean },
): Promise<TDonorProfile> {
  authorize(ctx, 'donor.profile');
  const actor = requireActor(ctx);
  const enterpriseName = input.kind === 'enterprise' ? input.enterpriseName?.trim() || null : null;
  if (input.kind === 'enterprise' && !enterpriseName) throw invalidField('enterpriseName', '请填写企业名称');
  await ctx.deps.database.db.transaction(async (tx) => {
    const values = {
      kind: input.kind,
      enterpriseName,
      showOnThanksList: input.showOnThanksList,
      updatedAt: sql`now()`,
    };
    await tx
      .insert(donorProfiles)
      .values({ userId: actor.userId, ...values })
      .onConflictDoUpdate({ target: donorProfiles.userId, set: values });
    await recordAudit(withTx(ctx, tx), {
      action: 'wishes.donor.profile',
      entityType: 'user',
      entityId: actor.userId,
      detail: { kind: input.kind, showOnThanksList: input.showOnThanksList },
    });
  });
  return getDonorProfile(ctx);
}

/** 我的认领: the wishes the caller claimed (latest claim first), each with its state and timeline. */
export async function listDonorClaims(ctx: Ctx): Promise<{ items: TWish[] }> {
  authorize(ctx, 'donor.profile');
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ wishId: wishClaims.wishId, last: max(wishClaims.id) })
    .from(wishClaims)
    .where(eq(wishClaims.donorUserId, actor.userId))
    .groupBy(wishClaims.wishId)
    .orderBy(desc(max(wishClaims.id)))
    .limit(100);
  const items: TWish[] = [];
  for (const r of rows) items.push(await getWish(ctx, r.wishId));
  return { items };
}
