import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { beijingDay } from '../../../shared/dates.ts';
import {
  DEFAULT_CLAIM_DAYS,
  DEFAULT_MAX_OPEN_WISHES,
  DEFAULT_WISH_VALUE_CAP_FEN,
  type DonorKind,
  donorKindLabels,
  liveClaimStates,
  openWishStates,
  type TCadreWishInput,
  type TClaim,
  type TListWishesQuery,
  type TSetWishSettingsInput,
  type TWallQuery,
  type TWallWish,
  type TWish,
  type TWishEvent,
  type TWishInput,
  type TWishListItem,
  type TWishSettings,
  type WishCategory,
  type WishState,
  wallStates,
  wishStateLabels,
} from '../../../shared/wishes.ts';
import type { DbOrTx } from '../../db/client.ts';
import { sqlRows } from '../../db/client.ts';
import {
  allowInStates,
  authorize,
  grant,
  inSubtree,
  isWithin,
  requireActor,
  roleMay,
} from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { findOrg, registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskName } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import { hardshipArchives } from '../hardship/hardship.table.ts';
import { type WishEvent, wishFlow } from './wishes.flow.ts';
import { wishClaims, wishes, wishOrgSettings } from './wishes.table.ts';

// ---------------------------------------------------------------- access

// Union staff run the review; cadres and admins also post on a worker's behalf, edit and withdraw;
// admins set the cap and limits; auditors read. Workers post and follow their own wishes only.
grant('cadre', ['wish.view', 'wish.post', 'wish.edit', 'wish.review', 'wish.withdraw', 'wish.attach']);
grant('reviewer', ['wish.view', 'wish.review']);
grant('admin', [
  'wish.view',
  'wish.post',
  'wish.edit',
  'wish.review',
  'wish.withdraw',
  'wish.attach',
  'wish.settings',
]);
grant('auditor', ['wish.view']);
grant('worker', ['wish.postOwn']);
// Photos: of the wish while it can be edited, of the receipt while it is on its way.
const ATTACH_STATES = ['pending', 'returned', 'claimed', 'sent'];
allowInStates('wish.attach', ATTACH_STATES);

registerOrgPathCopy('wishes');

registerEntityKind({
  type: wishFlow.entityType,
  label: '微心愿',
  viewAction: 'wish.view',
  attachAction: 'wish.attach',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select({ orgId: wishes.orgId, orgPath: wishes.orgPath, state: wishes.state })
      .from(wishes)
      .where(eq(wishes.id, Number(id)));
    return row ?? null;
  },
  // The worker holding the wish's archive views its photos and attaches one (files API), wherever
  // their own membership sits; other workers get nothing.
  async heldBy(db, id, userId, use) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return false;
    const [row] = await db
      .select({ state: wishes.state, a: archiveLinkColumns })
      .from(wishes)
      .innerJoin(hardshipArchives, eq(hardshipArchives.id, wishes.archiveId))
      .where(eq(wishes.id, Number(id)));
    if (!row || (use === 'attach' && !ATTACH_STATES.includes(row.state))) return false;
    const [u] = await db.select({ phoneHash: users.phoneHash }).from(users).where(eq(users.id, userId));
    return holds(row.a, userId, u?.phoneHash ?? null);
  },
});

registerAuditLabels({
  'wishes.wish.create': '发布微心愿',
  'wishes.wish.update': '修改微心愿',
  'wishes.wish.approve': '审核通过微心愿',
  'wishes.wish.return': '退回微心愿',
  'wishes.wish.resubmit': '重新提交微心愿',
  'wishes.wish.reject': '微心愿审核不通过',
  'wishes.wish.withdraw': '撤回微心愿',
  'wishes.wish.confirm': '确认收到微心愿',
  'wishes.wish.thanks': '职工留下感谢',
  'wishes.settings': '设置微心愿参数',
});

// ---------------------------------------------------------------- helpers

type WishRow = typeof wishes.$inferSelect;
type ClaimRow = typeof wishClaims.$inferSelect;
type ArchiveLink = Pick<
  typeof hardshipArchives.$inferSelect,
  'id' | 'orgId' | 'orgPath' | 'state' | 'name' | 'sex' | 'createdBy' | 'channel' | 'mobileHash'
>;

const archiveLinkColumns = {
  id: hardshipArchives.id,
  orgId: hardshipArchives.orgId,
  orgPath: hardshipArchives.orgPath,
  state: hardshipArchives.state,
  name: hardshipArchives.name,
  sex: hardshipArchives.sex,
  createdBy: hardshipArchives.createdBy,
  channel: hardshipArchives.channel,
  mobileHash: hardshipArchives.mobileHash,
};

const yuanText = (fen: number) => `${(fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} 元`;

/** 黄先生 / 欧阳女士: the surname (two characters for four-character names) and a courtesy title. */
export function maskedNameOf(name: string, sex: string): string {
  const chars = [...name.trim()];
  const surname = chars.slice(0, chars.length >= 4 ? 2 : 1).join('');
  return `${surname}${sex === 'female' ? '女士' : '先生'}`;
}

/** 百色市总工会 → 百色市 */
const placeOf = (orgName: string) => orgName.replace(/(总工会|工会)$/, '') || orgName;

/**
 * The region a wish shows: the city and county unions above (or at) the org, e.g. 百色市 · 右江区;
 * without those (a provincial industry union), the province; else the org itself.
 */
export async function regionOf(db: DbOrTx, orgPath: string): Promise<string> {
  const chain = await db
    .select({ name: orgs.name, type: orgs.type })
    .from(orgs)
    .where(sql`${orgPath} = ${orgs.path} or ${orgPath} like ${orgs.path} || '.%'`)
    .orderBy(asc(orgs.depth));
  const pick = (types: string[]) => chain.filter((o) => types.includes(o.type)).map((o) => placeOf(o.name));
  const local = pick(['municipal', 'county']);
  if (local.length > 0) return local.join(' · ');
  const province = pick(['provincial']);
  if (province.length > 0) return province.join(' · ');
  return placeOf(chain.at(-1)?.name ?? '');
}

/** A donor as the public and the worker see them: 爱心人士 王女士 / 爱心企业 某某公司. */
export function publicDonorName(kind: string, name: string): string {
  const label = donorKindLabels[kind as DonorKind] ?? '爱心人士';
  // Registered persons are stored as 王女士; a volunteer recorded at an event may be a full name.
  // A display name that already starts with the label (爱心人士蓝女士) is not labelled twice.
  const bare = name.replace(/^(爱心人士|爱心企业)\s*/, '') || name;
  const shown = kind === 'enterprise' || /(先生|女士)$/.test(bare) ? bare : maskName(bare);
  return `${label} ${shown}`;
}

/** The settings that apply to an org: its own, else its nearest ancestor's, else the defaults. */
export async function wishSettingsFor(db: DbOrTx, orgPath: string): Promise<Omit<TWishSettings, 'orgId'>> {
  const [row] = await sqlRows<{
    org_id: number;
    value_cap_fen: number;
    max_open_wishes: number;
    claim_days: number;
  }>(
    db,
    sql`select s.org_id, s.value_cap_fen, s.max_open_wishes, s.claim_days
        from wish_org_settings s join orgs o on o.id = s.org_id
        where ${orgPath} = o.path or ${orgPath} like o.path || '.%'
        order by o.depth desc limit 1`,
  );
  return row
    ? {
        valueCapFen: Number(row.value_cap_fen),
        maxOpenWishes: Number(row.max_open_wishes),
        claimDays: Number(row.claim_days),
        fromOrgId: Number(row.org_id),
      }
    : {
        valueCapFen: DEFAULT_WISH_VALUE_CAP_FEN,
        maxOpenWishes: DEFAULT_MAX_OPEN_WISHES,
        claimDays: DEFAULT_CLAIM_DAYS,
        fromOrgId: null,
      };
}

/** The archives a user is the holder of: their own applications, or filings with their mobile. */
async function archivesOfUser(db: DbOrTx, userId: number): Promise<ArchiveLink[]> {
  const [u] = await db.select({ phoneHash: users.phoneHash }).from(users).where(eq(users.id, userId));
  const own = and(eq(hardshipArchives.createdBy, userId), eq(hardshipArchives.channel, 'self'));
  return db
    .select(archiveLinkColumns)
    .from(hardshipArchives)
    .where(u?.phoneHash ? or(own, eq(hardshipArchives.mobileHash, u.phoneHash)) : own)
    .orderBy(desc(hardshipArchives.id));
}

/** The worker accounts that hold an archive (to notify them): its self applicant or its mobile. */
export async function holdersOf(db: DbOrTx, a: ArchiveLink): Promise<number[]> {
  const ids = new Set<number>();
  if (a.channel === 'self' && a.createdBy) ids.add(a.createdBy);
  if (a.mobileHash) {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.phoneHash, a.mobileHash), eq(users.state, 'active')));
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

function holds(a: ArchiveLink, userId: number, phoneHash: string | null): boolean {
  return (
    (a.channel === 'self' && a.createdBy === userId) || (phoneHash !== null && a.mobileHash === phoneHash)
  );
}

/** The cadres of the nearest union (the wish's org or up its chain) that has any: who hears of new wishes. */
export async function unionCadres(db: DbOrTx, orgPath: string): Promise<number[]> {
  const rows = await db
    .select({ userId: memberships.userId, depth: orgs.depth })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.role, 'cadre'),
        eq(users.state, 'active'),
        sql`(${orgPath} = ${orgs.path} or ${orgPath} like ${orgs.path} || '.%')`,
      ),
    )
    .orderBy(desc(orgs.depth));
  const nearest = rows[0]?.depth;
  return rows.filter((r) => r.depth === nearest).map((r) => r.userId);
}

export async function findArchiveLink(db: DbOrTx, id: number): Promise<ArchiveLink | undefined> {
  const [a] = await db.select(archiveLinkColumns).from(hardshipArchives).where(eq(hardshipArchives.id, id));
  return a;
}

/** The wish row, locked for the rest of the caller's transaction (claims use it before moving a wish). */
export async function loadWishForUpdate(tx: DbOrTx, id: number): Promise<WishRow | undefined> {
  const [row] = await tx.select().from(wishes).where(eq(wishes.id, id)).for('update');
  return row;
}

async function findWish(db: DbOrTx, id: number): Promise<WishRow | undefined> {
  const [row] = await db.select().from(wishes).where(eq(wishes.id, id));
  return row;
}

/** Who the caller is to a wish: the union (subtree), its worker, a donor of one of its claims; else null. */
export type WishViewer = 'union' | 'worker' | 'donor';

interface Seen {
  w: WishRow;
  archive: ArchiveLink;
  claims: ClaimRow[];
  viewer: WishViewer;
}

async function seeWish(ctx: Ctx, id: number): Promise<Seen> {
  const actor = requireActor(ctx);
  const m = actor.membership;
  const w = await findWish(ctx.db, id);
  if (!w) throw notFound('心愿不存在或无权查看');
  const [archive, claims] = await Promise.all([
    findArchiveLink(ctx.db, w.archiveId),
    ctx.db.select().from(wishClaims).where(eq(wishClaims.wishId, id)).orderBy(asc(wishClaims.id)),
  ]);
  if (!archive) throw notFound('心愿不存在或无权查看');
  let viewer: WishViewer | null = null;
  if (roleMay(m.role, 'wish.view') && isWithin(w.orgPath, m.orgPath)) viewer = 'union';
  else if (m.role === 'worker') {
    const [u] = await ctx.db
      .select({ phoneHash: users.phoneHash })
      .from(users)
      .where(eq(users.id, actor.userId));
    if (holds(archive, actor.userId, u?.phoneHash ?? null)) viewer = 'worker';
  } else if (claims.some((c) => c.donorUserId === actor.userId)) viewer = 'donor';
  if (!viewer) throw notFound('心愿不存在或无权查看');
  return { w, archive, claims, viewer };
}

// ---------------------------------------------------------------- presenting

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toClaim(c: ClaimRow, viewer: WishViewer | 'public'): TClaim {
  return {
    id: c.id,
    wishId: c.wishId,
    state: c.state as TClaim['state'],
    donorName: viewer === 'union' ? c.donorName : publicDonorName(c.donorKind, c.donorName),
    donorKind: c.donorKind as DonorKind,
    method: c.method as TClaim['method'],
    deadline: c.deadline,
    claimedAt: c.claimedAt.toISOString(),
    sentAt: iso(c.sentAt),
    sentNote: c.sentNote,
    trackingNote: c.trackingNote,
    receivedAt: iso(c.receivedAt),
    receiptNote: c.receiptNote,
    // The photo is a file of the wish: the union and the worker may open it, not the donor or the public.
    receiptPhotoFileId: viewer === 'union' || viewer === 'worker' ? c.receiptPhotoFileId : null,
    releasedAt: iso(c.releasedAt),
    releaseReason: c.releaseReason,
    eventId: c.activityId,
  };
}

/** Event labels as the people outside the union read them. */
const eventLabels: Record<string, string> = {
  ...wishFlow.eventLabels,
  create: '提交心愿',
  thanks: '留下感谢',
};
/** What the public timeline shows: the wish's way on the wall, nothing of its review. */
const PUBLIC_EVENTS = new Set(['approve', 'claim', 'release', 'send', 'confirm']);
/** Notes a donor may read (not the union's review notes). */
const DONOR_NOTE_EVENTS = new Set(['claim', 'release', 'send', 'confirm', 'thanks']);

type TimelineRow = typeof timelineEvents.$inferSelect;

/** The timeline labelled for the viewer: staff names only for the union; donors masked for others. */
function labelTimeline(
  rows: TimelineRow[],
  claims: ClaimRow[],
  viewer: WishViewer | 'public',
  channel: string,
): TWishEvent[] {
  const donorByUser = new Map<number, string>();
  for (const c of claims) {
    if (c.donorUserId != null) donorByUser.set(c.donorUserId, publicDonorName(c.donorKind, c.donorName));
  }
  const claimDonor = (r: TimelineRow) => {
    // Event claims are recorded by a cadre: show the claimer of the claim made at that moment.
    const at = r.at.getTime();
    const c = [...claims].reverse().find((x) => x.claimedAt.getTime() <= at + 1000);
    return c ? publicDonorName(c.donorKind, c.donorName) : '爱心人士';
  };
  return rows
    .filter((r) => viewer !== 'public' || PUBLIC_EVENTS.has(r.event))
    .map((r) => {
      let actor: string | null;
      const role = r.actorRole;
      if (viewer === 'union') actor = r.actorName;
      else if (role === 'donor') actor = (r.actorUserId && donorByUser.get(r.actorUserId)) || '爱心人士';
      else if (r.event === 'claim') actor = claimDonor(r);
      else if (role === 'worker') actor = viewer === 'worker' ? '本人' : null;
      else if (role === null) actor = viewer === 'public' ? null : '系统';
      else actor = viewer === 'public' ? null : '工会';
      const note =
        viewer === 'union' || viewer === 'worker'
          ? r.note
          : viewer === 'donor' && DONOR_NOTE_EVENTS.has(r.event)
            ? r.note
            : null;
      const label =
        r.event === 'create' && channel === 'cadre' ? '工会代为提交心愿' : (eventLabels[r.event] ?? r.event);
      return { event: r.event, label, at: r.at.toISOString(), actor, note };
    });
}

async function timelineOf(db: DbOrTx, id: number): Promise<TimelineRow[]> {
  return db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.entityType, wishFlow.entityType), eq(timelineEvents.entityId, String(id))))
    .orderBy(asc(timelineEvents.id));
}

const photoUrl = (w: Pick<WishRow, 'id' | 'photoFileId'>, wall: boolean) =>
  w.photoFileId ? `/api/v1/wishes/${wall ? 'wall/' : ''}${w.id}/photo` : null;

const LIVE = new Set(['active', 'sent']);

/** What the caller may do now; the server checks again when they try. */
function actionsFor(ctx: Ctx, s: Seen): string[] {
  const actor = requireActor(ctx);
  const role = actor.membership.role;
  const state = s.w.state as WishState;
  const live = [...s.claims].reverse().find((c) => LIVE.has(c.state));
  const out: string[] = [];
  const editable = state === 'pending' || state === 'returned';
  const withdrawable = state === 'pending' || state === 'returned' || state === 'published';
  if (s.viewer === 'union') {
    if (state === 'pending' && roleMay(role, 'wish.review')) out.push('approve', 'return', 'reject');
    if (editable && roleMay(role, 'wish.edit')) out.push('edit');
    if (withdrawable && roleMay(role, 'wish.withdraw')) out.push('withdraw');
    if ((state === 'claimed' || state === 'sent') && (role === 'cadre' || role === 'admin')) {
      out.push('confirm');
      if (state === 'claimed' && live && live.method !== 'direct') out.push('sent');
    }
  } else if (s.viewer === 'worker') {
    if (editable) out.push('edit');
    if (withdrawable) out.push('withdraw');
    if (state === 'claimed' || state === 'sent') out.push('confirm');
    if (state === 'fulfilled' && !s.w.thanks) out.push('thanks');
  } else if (s.viewer === 'donor') {
    if (live && live.donorUserId === actor.userId) {
      // Once sent, the gift is on its way: only the union can still release the claim.
      if (live.state === 'active') out.push('release');
      if (state === 'claimed') out.push('sent');
    } else if (state === 'published') out.push('claim');
  }
  return out;
}

async function presentSeen(ctx: Ctx, s: Seen): Promise<TWish> {
  const { w, viewer } = s;
  const [org] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, w.orgId));
  const actor = requireActor(ctx);
  // A donor sees their own claim only, never a later donor's.
  const claimRow =
    viewer === 'donor'
      ? [...s.claims].reverse().find((c) => c.donorUserId === actor.userId)
      : s.claims.at(-1);
  const rows = await timelineOf(ctx.db, w.id);
  return {
    id: w.id,
    archiveId: viewer === 'donor' ? 0 : w.archiveId,
    org: { id: w.orgId, name: org?.name ?? '' },
    hotline: ctx.deps.config.unionHotline,
    state: w.state as WishState,
    channel: w.channel as TWish['channel'],
    title: w.title,
    story: w.story,
    category: w.category as WishCategory,
    valueFen: w.valueFen,
    maskedName: w.maskedName,
    region: w.region,
    photoUrl: photoUrl(w, false),
    reviewNote: viewer === 'donor' ? null : w.reviewNote,
    rejectReason: viewer === 'donor' ? null : w.rejectReason,
    thanks: w.thanks,
    publishedAt: iso(w.publishedAt),
    fulfilledAt: iso(w.fulfilledAt),
    createdAt: w.createdAt.toISOString(),
    claim: claimRow ? toClaim(claimRow, viewer) : null,
    timeline: labelTimeline(rows, s.claims, viewer, w.channel),
    actions: actionsFor(ctx, s),
  };
}

/**
 * One wish as the caller may see it: the union of its org's subtree, the worker who holds its
 * archive, or a donor holding (or having held) a claim on it; anyone else gets 404. The timeline is
 * labelled for the viewer and `actions` lists what they may do now. Used by the claims helper too.
 */
export async function getWish(ctx: Ctx, id: number): Promise<TWish> {
  return presentSeen(ctx, await seeWish(ctx, id));
}

/** Who the caller is to a wish (or 404), for services that act on it (claims, confirm, thanks). */
export async function wishViewer(ctx: Ctx, id: number): Promise<{ wish: WishRow; viewer: WishViewer }> {
  const s = await seeWish(ctx, id);
  return { wish: s.w, viewer: s.viewer };
}

// ---------------------------------------------------------------- worker: can I post?

interface PostCheck {
  archive: ArchiveLink | null;
  reason: string | null;
}

/** The archive a worker posts for: a filed one of theirs, or why they cannot post. */
async function postableArchive(db: DbOrTx, userId: number): Promise<PostCheck> {
  const all = await archivesOfUser(db, userId);
  const filed = all.find((a) => a.state === 'filed');
  if (filed) return { archive: filed, reason: null };
  if (all.length === 0) {
    return {
      archive: null,
      reason: '您还没有困难职工档案，建档后才能发布微心愿。如需帮助，请联系所在工会。',
    };
  }
  return {
    archive: null,
    reason: '您的困难职工档案目前不在档（尚在办理中或已解档），在档职工才能发布微心愿。',
  };
}

async function openCount(db: DbOrTx, archiveId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(wishes)
    .where(and(eq(wishes.archiveId, archiveId), inArray(wishes.state, [...openWishStates])));
  return row?.n ?? 0;
}

const openLimitMessage = (max: number) =>
  `每份档案同时最多 ${max} 个进行中的心愿；请等心愿实现或撤回后再发布新的心愿`;

/** The worker's own wishes (newest first), whether they may post one now, why not, and the cap. */
export async function listMyWishes(ctx: Ctx) {
  authorize(ctx, 'wish.postOwn');
  const actor = requireActor(ctx);
  const archives = await archivesOfUser(ctx.db, actor.userId);
  const check = await postableArchive(ctx.db, actor.userId);
  let canPost = check.archive !== null;
  let reason = check.reason;
  let valueCapFen = DEFAULT_WISH_VALUE_CAP_FEN;
  if (check.archive) {
    const settings = await wishSettingsFor(ctx.db, check.archive.orgPath);
    valueCapFen = settings.valueCapFen;
    if ((await openCount(ctx.db, check.archive.id)) >= settings.maxOpenWishes) {
      canPost = false;
      reason = openLimitMessage(settings.maxOpenWishes);
    }
  }
  const ids =
    archives.length === 0
      ? []
      : await ctx.db
          .select({ id: wishes.id })
          .from(wishes)
          .where(
            inArray(
              wishes.archiveId,
              archives.map((a) => a.id),
            ),
          )
          .orderBy(desc(wishes.id))
          .limit(50);
  const items: TWish[] = [];
  for (const { id } of ids) items.push(await getWish(ctx, id));
  return { items, canPost, reason, valueCapFen };
}

// ---------------------------------------------------------------- posting

async function checkPhoto(db: DbOrTx, wishId: number | null, fileId: string | null | undefined) {
  if (!fileId) return null;
  const [f] = await db
    .select({ entityType: files.entityType, entityId: files.entityId, mime: files.mime })
    .from(files)
    .where(eq(files.id, fileId));
  if (
    !f ||
    wishId === null ||
    f.entityType !== wishFlow.entityType ||
    f.entityId !== String(wishId) ||
    !f.mime.startsWith('image/')
  ) {
    throw invalidField(
      'photoFileId',
      wishId === null ? '请先发布心愿，再为它上传照片' : '照片须是为这个心愿上传的图片',
    );
  }
  return fileId;
}

/**
 * Post a wish for an archive: in one transaction that locks the archive row, so two posts at once
 * cannot both pass the open-wish limit; the archive must be on file (在档), the value within the
 * org's cap. The union's cadres are told.
 */
async function insertWish(
  ctx: Ctx,
  archiveId: number,
  input: TWishInput,
  channel: 'self' | 'cadre',
): Promise<number> {
  const actor = requireActor(ctx);
  if (input.photoFileId) await checkPhoto(ctx.db, null, input.photoFileId);
  return ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const [a] = await tx
      .select(archiveLinkColumns)
      .from(hardshipArchives)
      .where(eq(hardshipArchives.id, archiveId))
      .for('update');
    if (!a) throw notFound('档案不存在或无权查看');
    if (a.state !== 'filed') {
      throw conflict('ARCHIVE_NOT_FILED', '该困难职工档案目前不在档，在档职工才能发布微心愿');
    }
    const settings = await wishSettingsFor(tx, a.orgPath);
    if (input.valueFen > settings.valueCapFen) {
      throw invalidField('valueFen', `心愿估计价值不能超过 ${yuanText(settings.valueCapFen)}`);
    }
    if ((await openCount(tx, a.id)) >= settings.maxOpenWishes) {
      throw conflict('WISH_OPEN_LIMIT', openLimitMessage(settings.maxOpenWishes), {
        maxOpenWishes: settings.maxOpenWishes,
      });
    }
    const [row] = await tx
      .insert(wishes)
      .values({
        orgId: a.orgId,
        orgPath: a.orgPath,
        archiveId: a.id,
        state: 'pending',
        channel,
        postedBy: actor.userId,
        title: input.title,
        story: input.story,
        category: input.category,
        valueFen: input.valueFen,
        maskedName: maskedNameOf(a.name, a.sex),
        region: await regionOf(tx, a.orgPath),
      })
      .returning({ id: wishes.id });
    if (!row) throw new Error('insert returned nothing');
    await recordCreated(
      t,
      wishFlow.entityType,
      row.id,
      'pending',
      channel === 'cadre' ? '工会代为提交' : undefined,
    );
    await recordAudit(t, {
      action: 'wishes.wish.create',
      entityType: wishFlow.entityType,
      entityId: row.id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: { channel, archiveId: a.id, valueFen: input.valueFen, category: input.category },
    });
    const cadres = (await unionCadres(tx, a.orgPath)).filter((u) => u !== actor.userId);
    await notify(tx, {
      userIds: cadres,
      kind: 'wishes.posted',
      title: `${maskedNameOf(a.name, a.sex)}发布了微心愿「${input.title}」，请审核`,
      link: `/wishes/${row.id}`,
    });
    if (channel === 'cadre') {
      await notify(tx, {
        userIds: (await holdersOf(tx, a)).filter((u) => u !== actor.userId),
        kind: 'wishes.postedOnBehalf',
        title: `工会已为您提交微心愿「${input.title}」，审核通过后将发布到心愿墙`,
        link: `/m/wishes/mine/${row.id}`,
      });
    }
    return row.id;
  });
}

/** A worker posts a wish on the H5 for their own archive (which must be on file). */
export async function postWish(ctx: Ctx, input: TWishInput): Promise<TWish> {
  authorize(ctx, 'wish.postOwn');
  const actor = requireActor(ctx);
  const check = await postableArchive(ctx.db, actor.userId);
  if (!check.archive) throw forbidden(check.reason ?? '您暂时不能发布微心愿', 'NO_FILED_ARCHIVE');
  return getWish(ctx, await insertWish(ctx, check.archive.id, input, 'self'));
}

/** A cadre posts a wish on behalf of an archived worker of their subtree. */
export async function postWishOnBehalf(ctx: Ctx, input: TCadreWishInput): Promise<TWish> {
  authorize(ctx, 'wish.post');
  const a = await findArchiveLink(ctx.db, input.archiveId);
  if (!a) throw notFound('档案不存在或无权查看');
  authorize(ctx, 'wish.post', { orgPath: a.orgPath });
  const { archiveId, ...wish } = input;
  return getWish(ctx, await insertWish(ctx, archiveId, wish, 'cadre'));
}

// ---------------------------------------------------------------- edit, withdraw, review

/** The viewer may act on the wish as its worker or as the union with `action`; else 403/404. */
async function actingOn(ctx: Ctx, id: number, action: string): Promise<Seen> {
  const s = await seeWish(ctx, id);
  if (s.viewer === 'union') authorize(ctx, action, { orgPath: s.w.orgPath });
  else if (s.viewer !== 'worker') throw forbidden();
  return s;
}

/**
 * Edit a wish while it waits for review (pending) or was returned; a returned wish goes back to
 * review (重新提交). The value cap is checked again; a photo must have been uploaded for this wish.
 */
export async function updateWish(ctx: Ctx, id: number, input: TWishInput): Promise<TWish> {
  const s = await actingOn(ctx, id, 'wish.edit');
  const { w } = s;
  if (w.state !== 'pending' && w.state !== 'returned') {
    throw conflict('INVALID_STATE', `心愿「${wishStateLabels[w.state as WishState]}」时不能修改`);
  }
  const photoFileId =
    input.photoFileId === undefined ? w.photoFileId : await checkPhoto(ctx.db, id, input.photoFileId);
  const settings = await wishSettingsFor(ctx.db, w.orgPath);
  if (input.valueFen > settings.valueCapFen) {
    throw invalidField('valueFen', `心愿估计价值不能超过 ${yuanText(settings.valueCapFen)}`);
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const done = await tx
      .update(wishes)
      .set({
        title: input.title,
        story: input.story,
        category: input.category,
        valueFen: input.valueFen,
        photoFileId,
        updatedAt: sql`now()`,
      })
      .where(and(eq(wishes.id, id), eq(wishes.state, w.state)))
      .returning({ id: wishes.id });
    if (done.length === 0) throw conflict('CONCURRENT_UPDATE', '该心愿刚被其他人处理，请刷新后再试');
    if (w.state === 'returned') {
      await apply(t, wishFlow, {
        id,
        event: 'resubmit',
        orgPath: w.orgPath,
        orgId: w.orgId,
        scope: s.viewer === 'worker' ? 'checked-by-caller' : 'subtree',
      });
      const cadres = (await unionCadres(tx, w.orgPath)).filter((u) => u !== requireActor(ctx).userId);
      await notify(tx, {
        userIds: cadres,
        kind: 'wishes.resubmitted',
        title: `微心愿「${input.title}」已修改并重新提交，请审核`,
        link: `/wishes/${id}`,
      });
    } else {
      await recordAudit(t, {
        action: 'wishes.wish.update',
        entityType: wishFlow.entityType,
        entityId: id,
        orgId: w.orgId,
        orgPath: w.orgPath,
        detail: { valueFen: input.valueFen, category: input.category },
      });
    }
  });
  return getWish(ctx, id);
}

/** 撤回: the worker or the union withdraws a wish nobody has claimed yet. */
export async function withdrawWish(ctx: Ctx, id: number, note?: string): Promise<TWish> {
  const s = await actingOn(ctx, id, 'wish.withdraw');
  await ctx.deps.database.db.transaction(async (tx) => {
    await apply(withTx(ctx, tx), wishFlow, {
      id,
      event: 'withdraw',
      note: note ?? null,
      orgPath: s.w.orgPath,
      orgId: s.w.orgId,
      scope: s.viewer === 'worker' ? 'checked-by-caller' : 'subtree',
    });
    if (s.viewer === 'worker') {
      // The union may have been reviewing it, or showing it at an event.
      await notify(tx, {
        userIds: await unionCadres(tx, s.w.orgPath),
        kind: 'wishes.withdrawnByWorker',
        title: `${s.w.maskedName}撤回了微心愿「${s.w.title}」`,
        body: note ?? '',
        link: `/wishes/${id}`,
      });
    } else {
      await notify(tx, {
        userIds: await holdersOf(tx, s.archive),
        kind: 'wishes.withdrawn',
        title: `您的微心愿「${s.w.title}」已由工会撤回`,
        body: note ?? '',
        link: `/m/wishes/mine/${id}`,
      });
    }
  });
  return getWish(ctx, id);
}

type ReviewEvent = Extract<WishEvent, 'approve' | 'return' | 'reject'>;

const reviewTitles: Record<ReviewEvent, (title: string) => string> = {
  approve: (t) => `您的微心愿「${t}」已通过审核，发布到心愿墙`,
  return: (t) => `您的微心愿「${t}」被退回修改`,
  reject: (t) => `您的微心愿「${t}」未通过审核`,
};

/**
 * 审核 by the worker's union (its subtree): approve (published on the wall), return with a note for
 * revision, or reject with a reason. The worker is told each time.
 */
export async function reviewWish(
  ctx: Ctx,
  id: number,
  event: ReviewEvent,
  text?: string | undefined,
): Promise<TWish> {
  const w = await findWish(ctx.db, id);
  if (!w) throw notFound('心愿不存在或无权查看');
  authorize(ctx, 'wish.review', { orgPath: w.orgPath });
  const archive = await findArchiveLink(ctx.db, w.archiveId);
  await ctx.deps.database.db.transaction(async (tx) => {
    await apply(withTx(ctx, tx), wishFlow, {
      id,
      event,
      note: text ?? null,
      orgPath: w.orgPath,
      orgId: w.orgId,
    });
    const set: Partial<typeof wishes.$inferInsert> =
      event === 'approve'
        ? { publishedAt: new Date(), reviewNote: text ?? null, rejectReason: null }
        : event === 'return'
          ? { reviewNote: text ?? null }
          : { rejectReason: text ?? null };
    await tx.update(wishes).set(set).where(eq(wishes.id, id));
    if (archive) {
      await notify(tx, {
        userIds: await holdersOf(tx, archive),
        kind: `wishes.${event}`,
        title: reviewTitles[event](w.title),
        body: text ? (event === 'reject' ? `理由：${text}` : `说明：${text}`) : '',
        link: `/m/wishes/mine/${id}`,
      });
    }
  });
  return getWish(ctx, id);
}

// ---------------------------------------------------------------- receipt and thanks

/**
 * 确认收到: the worker (or a cadre of the union) confirms the wish arrived — the live claim and the
 * wish are fulfilled together; the donor is told. A receipt photo must be one uploaded for this wish.
 */
export async function confirmReceipt(
  ctx: Ctx,
  id: number,
  input: { note?: string | null | undefined; photoFileId?: string | null | undefined },
): Promise<TWish> {
  const actor = requireActor(ctx);
  const s = await seeWish(ctx, id);
  if (s.viewer === 'union') {
    authorize(ctx, 'wish.edit', { orgPath: s.w.orgPath });
  } else if (s.viewer !== 'worker') throw forbidden();
  const photo = input.photoFileId ? await checkPhotoAny(ctx.db, id, input.photoFileId) : null;
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    await apply(t, wishFlow, {
      id,
      event: 'confirm',
      note: input.note ?? null,
      orgPath: s.w.orgPath,
      orgId: s.w.orgId,
      scope: s.viewer === 'worker' ? 'checked-by-caller' : 'subtree',
    });
    const [claim] = await tx
      .update(wishClaims)
      .set({
        state: 'fulfilled',
        receivedAt: new Date(),
        receivedBy: actor.userId,
        receiptNote: input.note ?? null,
        receiptPhotoFileId: photo,
      })
      .where(and(eq(wishClaims.wishId, id), inArray(wishClaims.state, ['active', 'sent'])))
      .returning({ donorUserId: wishClaims.donorUserId });
    await tx.update(wishes).set({ fulfilledAt: new Date() }).where(eq(wishes.id, id));
    if (claim?.donorUserId) {
      await notify(tx, {
        userIds: [claim.donorUserId],
        kind: 'wishes.fulfilled',
        title: `您认领的微心愿「${s.w.title}」已确认收到，心愿实现了，谢谢您！`,
        link: `/m/wishes/claims/${id}`,
      });
    }
  });
  return getWish(ctx, id);
}

/** A receipt photo: an image attached to this wish (any state). */
async function checkPhotoAny(db: DbOrTx, wishId: number, fileId: string): Promise<string> {
  const [f] = await db
    .select({ entityType: files.entityType, entityId: files.entityId, mime: files.mime })
    .from(files)
    .where(eq(files.id, fileId));
  if (
    !f ||
    f.entityType !== wishFlow.entityType ||
    f.entityId !== String(wishId) ||
    !f.mime.startsWith('image/')
  ) {
    throw invalidField('photoFileId', '照片须是为这个心愿上传的图片');
  }
  return fileId;
}

/** 感谢: the worker leaves one thank-you note on a fulfilled wish; the donor sees it. */
export async function thankDonor(ctx: Ctx, id: number, thanks: string): Promise<TWish> {
  const actor = requireActor(ctx);
  const s = await seeWish(ctx, id);
  if (s.viewer !== 'worker') throw s.viewer === 'union' ? forbidden('感谢留言由职工本人填写') : forbidden();
  if (s.w.state !== 'fulfilled') throw conflict('INVALID_STATE', '心愿实现后才能留下感谢');
  await ctx.deps.database.db.transaction(async (tx) => {
    const done = await tx
      .update(wishes)
      .set({ thanks, updatedAt: sql`now()` })
      .where(and(eq(wishes.id, id), eq(wishes.state, 'fulfilled'), sql`${wishes.thanks} is null`))
      .returning({ id: wishes.id });
    if (done.length === 0) throw conflict('ALREADY_THANKED', '已经留过感谢了');
    await tx.insert(timelineEvents).values({
      entityType: wishFlow.entityType,
      entityId: String(id),
      event: 'thanks',
      fromState: 'fulfilled',
      toState: 'fulfilled',
      actorUserId: actor.userId,
      actorName: actor.displayName,
      actorRole: actor.membership.role,
      note: thanks,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'wishes.wish.thanks',
      entityType: wishFlow.entityType,
      entityId: id,
      orgId: s.w.orgId,
      orgPath: s.w.orgPath,
    });
    const donors = s.claims.filter((c) => c.state === 'fulfilled' && c.donorUserId != null);
    await notify(tx, {
      userIds: donors.map((c) => c.donorUserId as number),
      kind: 'wishes.thanks',
      title: `${s.w.maskedName}给您留下了感谢`,
      body: thanks,
      link: `/m/wishes/claims/${id}`,
    });
  });
  return getWish(ctx, id);
}

// ---------------------------------------------------------------- union list

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Wishes of the caller's subtree (or of `orgId` in it), filtered, most recently changed first. */
export async function listWishes(ctx: Ctx, q: TListWishesQuery) {
  const m = authorize(ctx, 'wish.view');
  let rootPath = m.orgPath;
  if (q.orgId !== undefined) {
    const root = await findOrg(ctx.db, q.orgId);
    if (!root) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'wish.view', { orgPath: root.path });
    rootPath = root.path;
  }
  const conds: SQL[] = [inSubtree(wishes.orgPath, rootPath)];
  if (q.state) conds.push(eq(wishes.state, q.state));
  if (q.category) conds.push(eq(wishes.category, q.category));
  const text = q.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    conds.push(
      or(
        ilike(wishes.title, like),
        sql`exists (select 1 from hardship_archives a where a.id = ${wishes.archiveId} and a.name ilike ${like})`,
      ) as SQL,
    );
  }
  const where = and(...conds);
  // The page's ids first (an index walk), then the joins for those rows only.
  const pageIds = ctx.db
    .select({ id: wishes.id, updatedAt: wishes.updatedAt })
    .from(wishes)
    .where(where)
    .orderBy(desc(wishes.updatedAt), desc(wishes.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .as('page_ids');
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({
        w: wishes,
        orgName: orgs.name,
        donorName: wishClaims.donorName,
        donorKind: wishClaims.donorKind,
        deadline: wishClaims.deadline,
        claimState: wishClaims.state,
      })
      .from(pageIds)
      .innerJoin(wishes, eq(wishes.id, pageIds.id))
      .innerJoin(orgs, eq(orgs.id, wishes.orgId))
      // The live claim, or the one that fulfilled the wish (its donor stays on the list).
      .leftJoin(
        wishClaims,
        and(eq(wishClaims.wishId, wishes.id), inArray(wishClaims.state, [...liveClaimStates, 'fulfilled'])),
      )
      .orderBy(desc(pageIds.updatedAt), desc(pageIds.id)),
    ctx.db.select({ n: count() }).from(wishes).where(where),
  ]);
  const items: TWishListItem[] = rows.map(({ w, orgName, donorName, deadline, claimState }) => ({
    id: w.id,
    archiveId: w.archiveId,
    org: { id: w.orgId, name: orgName },
    state: w.state as WishState,
    title: w.title,
    category: w.category as WishCategory,
    valueFen: w.valueFen,
    maskedName: w.maskedName,
    donorName,
    // A fulfilled claim has no deadline left to meet.
    claimDeadline: claimState === 'fulfilled' ? null : deadline,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  }));
  return { items, total: counted?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- settings

export async function getWishSettings(ctx: Ctx, orgId: number): Promise<TWishSettings> {
  authorize(ctx, 'wish.view');
  const org = await findOrg(ctx.db, orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'wish.view', { orgPath: org.path });
  return { orgId, ...(await wishSettingsFor(ctx.db, org.path)) };
}

/** Set an org's cap, open limit and claim days (they apply to its subtree unless a lower org sets its own). */
export async function setWishSettings(
  ctx: Ctx,
  orgId: number,
  input: TSetWishSettingsInput,
): Promise<TWishSettings> {
  const actor = requireActor(ctx);
  authorize(ctx, 'wish.settings');
  const org = await findOrg(ctx.db, orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'wish.settings', { orgPath: org.path });
  await ctx.deps.database.db.transaction(async (tx) => {
    const values = { ...input, updatedBy: actor.userId, updatedAt: sql`now()` };
    await tx
      .insert(wishOrgSettings)
      .values({ orgId, ...values })
      .onConflictDoUpdate({ target: wishOrgSettings.orgId, set: values });
    await recordAudit(withTx(ctx, tx), {
      action: 'wishes.settings',
      entityType: 'org',
      entityId: orgId,
      orgId,
      orgPath: org.path,
      detail: { ...input },
    });
  });
  return getWishSettings(ctx, orgId);
}

// ---------------------------------------------------------------- the public wall

type WallRow = {
  w: Pick<
    WishRow,
    | 'id'
    | 'title'
    | 'story'
    | 'category'
    | 'valueFen'
    | 'state'
    | 'maskedName'
    | 'region'
    | 'orgId'
    | 'photoFileId'
    | 'publishedAt'
  >;
  donorKind: string | null;
  donorName: string | null;
};

/** The donor of a wish's current (or fulfilled) claim, as one row per wish. */
const wallDonor = sql`left join lateral (
    select c.donor_kind, c.donor_name from wish_claims c
    where c.wish_id = w.id and c.state in ('active', 'sent', 'fulfilled')
    order by c.id desc limit 1) d on true`;

function toWallWish(r: WallRow): TWallWish {
  const { w } = r;
  return {
    id: w.id,
    title: w.title,
    story: w.story,
    category: w.category as WishCategory,
    valueFen: w.valueFen,
    state: w.state as TWallWish['state'],
    maskedName: w.maskedName,
    region: w.region,
    orgId: w.orgId,
    photoUrl: photoUrl(w, true),
    publishedAt: iso(w.publishedAt),
    claimedBy:
      w.state !== 'published' && r.donorKind && r.donorName
        ? publicDonorName(r.donorKind, r.donorName)
        : null,
  };
}

interface RawWall {
  id: number;
  title: string;
  story: string;
  category: string;
  value_fen: number;
  state: string;
  masked_name: string;
  region: string;
  org_id: number;
  photo_file_id: string | null;
  published_at: string | Date | null;
  donor_kind: string | null;
  donor_name: string | null;
}

const fromRaw = (r: RawWall): WallRow => ({
  w: {
    id: Number(r.id),
    title: r.title,
    story: r.story,
    category: r.category,
    valueFen: Number(r.value_fen),
    state: r.state,
    maskedName: r.masked_name,
    region: r.region,
    orgId: Number(r.org_id),
    photoFileId: r.photo_file_id,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
  },
  donorKind: r.donor_kind,
  donorName: r.donor_name,
});

/** 心愿墙: public, no login. Only what the wall shows — never a name, ID number, mobile or address. */
export async function listWall(db: DbOrTx, q: TWallQuery) {
  const states = q.state === 'all' ? [...wallStates] : ['published'];
  const conds: SQL[] = [sql`w.state in ${states}`];
  if (q.regionOrgId !== undefined) {
    const org = await findOrg(db, q.regionOrgId);
    if (!org) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    conds.push(sql`(w.org_path = ${org.path} or w.org_path like ${`${org.path}.%`})`);
  }
  if (q.category) conds.push(sql`w.category = ${q.category}`);
  if (q.minValueFen !== undefined) conds.push(sql`w.value_fen >= ${q.minValueFen}`);
  if (q.maxValueFen !== undefined) conds.push(sql`w.value_fen <= ${q.maxValueFen}`);
  const where = sql.join(conds, sql` and `);
  // Open wishes first; the default (published only) walks wishes_wall_idx in publication order.
  const order =
    q.state === 'all'
      ? sql`(w.state = 'published') desc, w.published_at desc nulls last, w.id desc`
      : sql`w.published_at desc, w.id desc`;
  const [rows, [counted]] = await Promise.all([
    sqlRows<RawWall>(
      db,
      sql`select w.id, w.title, w.story, w.category, w.value_fen, w.state, w.masked_name, w.region, w.org_id,
                 w.photo_file_id, w.published_at, d.donor_kind, d.donor_name
          from wishes w ${wallDonor}
          where ${where}
          order by ${order}
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    sqlRows<{ n: number }>(db, sql`select count(*)::int as n from wishes w where ${where}`),
  ]);
  return {
    items: rows.map((r) => toWallWish(fromRaw(r))),
    total: Number(counted?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function wallRow(db: DbOrTx, id: number): Promise<WallRow | undefined> {
  const [row] = await sqlRows<RawWall>(
    db,
    sql`select w.id, w.title, w.story, w.category, w.value_fen, w.state, w.masked_name, w.region, w.org_id,
               w.photo_file_id, w.published_at, d.donor_kind, d.donor_name
        from wishes w ${wallDonor}
        where w.id = ${id} and w.state in ${[...wallStates]}`,
  );
  return row ? fromRaw(row) : undefined;
}

/** One wish of the wall (shareable), with its public timeline: steps and dates, donors masked. */
export async function getWallWish(
  db: DbOrTx,
  id: number,
): Promise<TWallWish & { timeline: TWishEvent[]; claimDays: number }> {
  const row = await wallRow(db, id);
  if (!row) throw notFound('心愿不存在或未公开');
  const [rows, claims, [org]] = await Promise.all([
    timelineOf(db, id),
    db.select().from(wishClaims).where(eq(wishClaims.wishId, id)).orderBy(asc(wishClaims.id)),
    db.select({ path: wishes.orgPath }).from(wishes).where(eq(wishes.id, id)),
  ]);
  // The claim period a donor would get now, so the claim sheet can show the exact deadline.
  const { claimDays } = await wishSettingsFor(db, org?.path ?? '');
  return { ...toWallWish(row), timeline: labelTimeline(rows, claims, 'public', 'self'), claimDays };
}

/** The city and county unions that have wishes on the wall (for the region filter). */
export async function listWallRegions(db: DbOrTx) {
  const rows = await sqlRows<{ id: number; name: string }>(
    db,
    sql`select o.id, o.name from orgs o
        where o.type in ('provincial', 'municipal', 'county') and o.state = 'active'
          and exists (select 1 from wishes w where w.state in ${[...wallStates]}
                        and (w.org_path = o.path or w.org_path like o.path || '.%'))
        order by o.path`,
  );
  return { items: rows.map((r) => ({ id: Number(r.id), name: r.name })) };
}

/** 感谢榜: donors who opted in, with how many wishes they fulfilled (most first). */
export async function listThanks(db: DbOrTx) {
  const rows = await sqlRows<{
    kind: string;
    enterprise_name: string | null;
    display_name: string;
    last_name: string | null;
    fulfilled: number;
  }>(
    db,
    sql`select p.kind, p.enterprise_name, u.display_name,
               (select c.donor_name from wish_claims c where c.donor_user_id = p.user_id
                 order by c.id desc limit 1) as last_name,
               (select count(*)::int from wish_claims c
                 where c.donor_user_id = p.user_id and c.state = 'fulfilled') as fulfilled
        from donor_profiles p join users u on u.id = p.user_id
        where p.show_on_thanks_list and u.state = 'active'
        order by fulfilled desc, p.user_id
        limit 200`,
  );
  return {
    items: rows
      .filter((r) => Number(r.fulfilled) > 0)
      .map((r) => ({
        name:
          r.kind === 'enterprise'
            ? (r.enterprise_name ?? r.display_name)
            : publicDonorName('person', r.last_name ?? r.display_name).replace(/^爱心人士 /, ''),
        kind: r.kind as DonorKind,
        fulfilled: Number(r.fulfilled),
      })),
  };
}

/** The photo's stored file of a wish visible to the caller (or on the wall when `wall`). */
export async function wishPhotoFile(
  ctx: Ctx,
  id: number,
  wall: boolean,
): Promise<{ storageKey: string; mime: string }> {
  let photoFileId: string | null;
  if (wall) {
    const row = await wallRow(ctx.db, id);
    if (!row) throw notFound('心愿不存在或未公开');
    photoFileId = row.w.photoFileId;
  } else {
    photoFileId = (await seeWish(ctx, id)).w.photoFileId;
  }
  if (!photoFileId) throw notFound('该心愿没有照片');
  const [f] = await ctx.db
    .select({ storageKey: files.storageKey, mime: files.mime })
    .from(files)
    .where(eq(files.id, photoFileId));
  if (!f) throw notFound('该心愿没有照片');
  return f;
}

// ---------------------------------------------------------------- the QR page

export interface QrWish {
  title: string;
  stateLabel: string;
  /** Dates of its steps, e.g. 11-02 提交 · 11-04 发布 · 11-06 认领. */
  steps: { date: string; label: string }[];
}

/** One wish as the QR page's token lookup reads it (JSON: timestamps are strings). */
export interface QrWishRow {
  title: string;
  state: string;
  created_at: string;
  published_at: string | null;
  claimed_at: string | null;
  fulfilled_at: string | null;
}

/**
 * The holder's newest five wishes (not withdrawn) as one JSON column, for the QR page's token lookup
 * to select beside the archive: the page's hot path stays one round trip (wishes_archive_idx).
 */
export const qrWishesColumn = (archiveId: AnyPgColumn) => sql<QrWishRow[]>`(
  select coalesce(json_agg(x), '[]'::json) from (
    select ${wishes.title} as title, ${wishes.state} as state, ${wishes.createdAt} as created_at,
           ${wishes.publishedAt} as published_at, ${wishes.claimedAt} as claimed_at,
           ${wishes.fulfilledAt} as fulfilled_at
    from ${wishes}
    where ${wishes.archiveId} = ${archiveId} and ${wishes.state} <> 'withdrawn'
    order by ${wishes.id} desc
    limit 5
  ) x)`;

/** The holder's wishes for their QR page: titles, states and the dates of their steps; no donor or staff data. */
export function qrWishes(rows: QrWishRow[]): QrWish[] {
  const day = (v: string) => beijingDay(new Date(v));
  return rows.map((r) => {
    const steps = [{ date: day(r.created_at), label: '提交' }];
    if (r.published_at) steps.push({ date: day(r.published_at), label: '发布' });
    if (r.claimed_at && r.state !== 'published') steps.push({ date: day(r.claimed_at), label: '认领' });
    if (r.fulfilled_at) steps.push({ date: day(r.fulfilled_at), label: '实现' });
    return { title: r.title, stateLabel: wishStateLabels[r.state as WishState] ?? r.state, steps };
  });
}
