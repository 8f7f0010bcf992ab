import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import DataLoader from 'dataloader';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import {
  type ArchiveState,
  archiveStateLabels,
  type HardshipCategory,
  hardshipCategoryLabels,
  measureStatusLabels,
} from '../../../shared/hardship.ts';
import { formatFen } from '../../../shared/money.ts';
import type { Database, Db } from '../../db/client.ts';
import { allowInStates, authorize, grant, inSubtree, requireActor } from '../../platform/access/access.ts';
import {
  type AuditEntry,
  recordAudit,
  recordAuditBuffered,
  registerAuditLabels,
} from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { HtmlPage } from '../../platform/http/hot-pages.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskName, type PiiVault } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { qrWishes, qrWishesColumn } from '../wishes/wishes.service.ts';
import { assistanceForQrPage } from './assistance.service.ts';
import { archiveFlow, holderEventLabels } from './hardship.flow.ts';
import { hardshipArchives, hardshipQrAttempts, hardshipQrTokens } from './hardship.table.ts';
import {
  type QrCard,
  type QrPageModel,
  type QrVerified,
  renderCards,
  renderNotFoundPage,
  renderQrPage,
  renderReplacedPage,
} from './qr.page.ts';

// Cadres and admins rotate tokens and print cards; every hardship viewer may see an archive's QR.
grant('cadre', ['hardship.qrRotate', 'hardship.qrPrint']);
grant('admin', ['hardship.qrRotate', 'hardship.qrPrint']);
allowInStates('hardship.qrRotate', ['filed']);

registerAuditLabels({
  'hardship.qr.view': '查看困难职工二维码页面',
  'hardship.qr.verify': '二维码页面身份验证',
  'hardship.qr.rotate': '更换困难职工二维码',
  'hardship.qr.print': '打印困难职工二维码卡片',
  'hardship.qr.own': '职工本人查看个人二维码',
});

/** Wrong tries before verification of a token is locked, and for how long. */
export const QR_MAX_FAILURES = 5;
export const QR_LOCK_MINUTES = 15;
/** Most cards one print run may hold. */
export const QR_CARDS_MAX = 500;

/** 18 random bytes = 144 bits, base64url (24 characters). */
const newToken = () => randomBytes(18).toString('base64url');
export const hashQrToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22,64}$/;

/** YYYY-MM-DD and HH:MM in China Standard Time (UTC+8). */
const cst = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString();
const cstDate = (d: Date) => cst(d).slice(0, 10);
const cstTime = (d: Date) => cst(d).slice(11, 16);

// ---------------------------------------------------------------- tokens

/**
 * Make sure each of these archives has an active token (one is created for archives without);
 * returns archive id → token in clear. Runs in the caller's transaction when given one; the
 * partial unique index keeps it at one active token per archive under races.
 */
export async function ensureTokens(ctx: Ctx, archiveIds: number[]): Promise<Map<number, string>> {
  const vault = ctx.deps.vault;
  const out = new Map<number, string>();
  if (archiveIds.length === 0) return out;
  const read = async () => {
    const rows = await ctx.db
      .select({ archiveId: hardshipQrTokens.archiveId, enc: hardshipQrTokens.tokenEnc })
      .from(hardshipQrTokens)
      .where(and(inArray(hardshipQrTokens.archiveId, archiveIds), eq(hardshipQrTokens.state, 'active')));
    for (const r of rows) out.set(r.archiveId, vault.decrypt(r.enc));
  };
  await read();
  const missing = archiveIds.filter((id) => !out.has(id));
  if (missing.length > 0) {
    await ctx.db
      .insert(hardshipQrTokens)
      .values(
        missing.map((archiveId) => {
          const token = newToken();
          return {
            archiveId,
            tokenHash: hashQrToken(token),
            tokenEnc: vault.encrypt(token),
            createdBy: ctx.actor?.userId ?? null,
          };
        }),
      )
      .onConflictDoNothing();
    await read();
  }
  return out;
}

/** Called when an archive is filed (审批建档): it gets its token unless it kept one from before. */
export async function issueToken(ctx: Ctx, archiveId: number): Promise<void> {
  await ensureTokens(ctx, [archiveId]);
}

async function loadScoped(ctx: Ctx, id: number, action: string) {
  const [a] = await ctx.db
    .select({
      id: hardshipArchives.id,
      orgId: hardshipArchives.orgId,
      orgPath: hardshipArchives.orgPath,
      state: hardshipArchives.state,
    })
    .from(hardshipArchives)
    .where(eq(hardshipArchives.id, id));
  if (!a) throw notFound('档案不存在或无权查看');
  authorize(ctx, action, { orgPath: a.orgPath, state: a.state });
  return a;
}

const qrUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, '')}/q/${token}`;
const qrSvg = (url: string) => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });

export interface ArchiveQr {
  url: string;
  svg: string;
  createdAt: string;
}

async function presentQr(ctx: Ctx, archiveId: number, baseUrl: string): Promise<ArchiveQr> {
  const [row] = await ctx.db
    .select({ enc: hardshipQrTokens.tokenEnc, createdAt: hardshipQrTokens.createdAt })
    .from(hardshipQrTokens)
    .where(and(eq(hardshipQrTokens.archiveId, archiveId), eq(hardshipQrTokens.state, 'active')));
  if (!row) throw conflict('QR_NOT_AVAILABLE', '档案审批建档后才有个人二维码');
  const url = qrUrl(baseUrl, ctx.deps.vault.decrypt(row.enc));
  return { url, svg: await qrSvg(url), createdAt: row.createdAt.toISOString() };
}

/**
 * An archive's personal QR code (its URL and an SVG image). Filed archives filed before QR codes
 * existed get their token here, on first use.
 */
export async function getArchiveQr(ctx: Ctx, id: number, baseUrl: string): Promise<ArchiveQr> {
  const a = await loadScoped(ctx, id, 'hardship.view');
  if (a.state === 'filed') await ensureTokens(ctx, [id]);
  return presentQr(ctx, id, baseUrl);
}

/**
 * `GET /my/archives/:id/qr`: the worker's own QR code, for the archive they applied for themselves
 * (the same ownership rule as `/my/archives`); 404 for anything else, 409 until it is filed.
 */
export async function getMyArchiveQr(ctx: Ctx, id: number, baseUrl: string): Promise<ArchiveQr> {
  authorize(ctx, 'hardship.viewOwn');
  const actor = requireActor(ctx);
  const [a] = await ctx.db
    .select({
      id: hardshipArchives.id,
      orgId: hardshipArchives.orgId,
      orgPath: hardshipArchives.orgPath,
      state: hardshipArchives.state,
    })
    .from(hardshipArchives)
    .where(
      and(
        eq(hardshipArchives.id, id),
        eq(hardshipArchives.createdBy, actor.userId),
        eq(hardshipArchives.channel, 'self'),
      ),
    );
  if (!a) throw notFound('申请不存在');
  if (a.state !== 'filed') throw conflict('QR_NOT_AVAILABLE', '档案审批建档后才有个人二维码');
  await ensureTokens(ctx, [id]);
  const qr = await presentQr(ctx, id, baseUrl);
  await recordAudit(ctx, {
    action: 'hardship.qr.own',
    entityType: archiveFlow.entityType,
    entityId: id,
    orgId: a.orgId,
    orgPath: a.orgPath,
  });
  return qr;
}

/** Replace an archive's token: the old one then shows "replaced" and whom to call. */
export async function rotateArchiveQr(ctx: Ctx, id: number, baseUrl: string): Promise<ArchiveQr> {
  const actor = requireActor(ctx);
  const a = await loadScoped(ctx, id, 'hardship.qrRotate');
  const vault = ctx.deps.vault;
  await ctx.deps.database.db.transaction(async (tx) => {
    // Rotations of one archive queue on its row, so each sees the token the previous one made.
    const [still] = await tx
      .select({ state: hardshipArchives.state })
      .from(hardshipArchives)
      .where(eq(hardshipArchives.id, id))
      .for('update');
    if (still?.state !== 'filed') throw conflict('INVALID_STATE', '该记录当前状态不允许此操作');
    const [old] = await tx
      .select({ id: hardshipQrTokens.id })
      .from(hardshipQrTokens)
      .where(and(eq(hardshipQrTokens.archiveId, id), eq(hardshipQrTokens.state, 'active')))
      .for('update');
    if (old) {
      await tx
        .update(hardshipQrTokens)
        .set({ state: 'replaced', rotatedAt: new Date() })
        .where(eq(hardshipQrTokens.id, old.id));
    }
    const token = newToken();
    const [fresh] = await tx
      .insert(hardshipQrTokens)
      .values({
        archiveId: id,
        tokenHash: hashQrToken(token),
        tokenEnc: vault.encrypt(token),
        createdBy: actor.userId,
      })
      .returning({ id: hardshipQrTokens.id });
    if (!fresh) throw new Error('insert returned nothing');
    if (old)
      await tx
        .update(hardshipQrTokens)
        .set({ replacedById: fresh.id })
        .where(eq(hardshipQrTokens.id, old.id));
    await recordAudit(withTx(ctx, tx), {
      action: 'hardship.qr.rotate',
      entityType: archiveFlow.entityType,
      entityId: id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: { oldTokenId: old?.id ?? null, newTokenId: fresh.id },
    });
  });
  return presentQr(ctx, id, baseUrl);
}

/**
 * Printable QR cards (A4, 2 × 4 per page) for chosen filed archives, or for every filed archive
 * of an org's subtree (at most QR_CARDS_MAX). Audited as one print run.
 */
export async function printQrCards(
  ctx: Ctx,
  input: { ids?: number[] | undefined; orgId?: number | undefined },
  baseUrl: string,
): Promise<string> {
  const m = authorize(ctx, 'hardship.qrPrint');
  let rootPath = m.orgPath;
  let rootOrgId = m.orgId;
  if (input.orgId !== undefined) {
    const root = await findOrg(ctx.db, input.orgId);
    if (!root) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'hardship.qrPrint', { orgPath: root.path });
    rootPath = root.path;
    rootOrgId = root.id;
  }
  const ids = input.ids ? [...new Set(input.ids)] : undefined;
  if (!ids && input.orgId === undefined) throw badRequest('VALIDATION_FAILED', '请选择档案或组织');
  if (ids && ids.length > QR_CARDS_MAX) throw badRequest('TOO_MANY', `一次最多打印 ${QR_CARDS_MAX} 张`);
  const conds = [inSubtree(hardshipArchives.orgPath, rootPath), eq(hardshipArchives.state, 'filed')];
  if (ids) conds.push(inArray(hardshipArchives.id, ids));
  const rows = await ctx.db
    .select({ id: hardshipArchives.id, name: hardshipArchives.name, orgName: orgs.name })
    .from(hardshipArchives)
    .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
    .where(and(...conds))
    .orderBy(asc(hardshipArchives.orgPath), asc(hardshipArchives.id))
    .limit(QR_CARDS_MAX);
  if (ids && rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    throw notFound(`以下档案不存在、无权查看或未在档：${missing.join('、')}`);
  }
  const tokens = await ensureTokens(
    ctx,
    rows.map((r) => r.id),
  );
  const hotline = ctx.deps.config.unionHotline;
  const cards: QrCard[] = [];
  for (const r of rows) {
    const token = tokens.get(r.id);
    if (!token) continue;
    cards.push({
      maskedName: maskName(r.name),
      orgName: r.orgName,
      svg: await qrSvg(qrUrl(baseUrl, token)),
      hotline,
    });
  }
  await recordAudit(ctx, {
    action: 'hardship.qr.print',
    entityType: archiveFlow.entityType,
    orgId: rootOrgId,
    orgPath: rootPath,
    detail: { count: cards.length, ids: rows.map((r) => r.id), orgId: input.orgId ?? null },
  });
  return renderCards(cards, `困难职工二维码卡片（${cards.length} 张）`);
}

// ---------------------------------------------------------------- the public page

/** The public pages come encoded already (see `layout` in qr.page.ts). */
export type { HtmlPage };

/** What the plain page shows (the ID number and the plan are read by verification, which is rare). */
const foundFields = {
  tokenHash: hardshipQrTokens.tokenHash,
  tokenId: hardshipQrTokens.id,
  tokenState: hardshipQrTokens.state,
  lockedUntil: hardshipQrTokens.lockedUntil,
  archiveId: hardshipArchives.id,
  name: hardshipArchives.name,
  state: hardshipArchives.state,
  category: hardshipArchives.category,
  orgId: hardshipArchives.orgId,
  orgPath: hardshipArchives.orgPath,
  orgName: orgs.name,
  helperName: users.displayName,
  helperPhoneEnc: users.phoneEnc,
  wishes: qrWishesColumn(hardshipArchives.id),
};
const foundKeys = Object.keys(foundFields);

/**
 * The token lookup, written with the query builder for its SQL and row type; it runs as a raw named
 * statement (`Database.queryRows`) whose one parameter is the token hashes as an array literal.
 */
const findByTokensQuery = (db: Db) =>
  db
    .select(foundFields)
    .from(hardshipQrTokens)
    .innerJoin(hardshipArchives, eq(hardshipArchives.id, hardshipQrTokens.archiveId))
    .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
    .leftJoin(users, eq(users.id, hardshipArchives.helperUserId))
    .where(sql`${hardshipQrTokens.tokenHash} = any(${sql.placeholder('hashes')}::text[])`);
type FoundRow = Awaited<ReturnType<typeof findByTokensQuery>>[number];

/** Most page views one token lookup answers together. */
const QR_LOOKUP_BATCH = 16;

/**
 * Token lookups of one app database, batched: the views whose requests arrived in the same turn of
 * the event loop are looked up in one statement (`setImmediate` closes the batch, so a lone view
 * waits for nothing). Under load this saves a round trip, a socket write and a PostgreSQL wake-up
 * per view; caching is off, every view reads the current state.
 */
const tokenLoaders = new WeakMap<Database, DataLoader<string, FoundRow | undefined>>();
function tokenLoader(database: Database): DataLoader<string, FoundRow | undefined> {
  let loader = tokenLoaders.get(database);
  if (!loader) {
    const text = findByTokensQuery(database.db).toSQL().sql;
    loader = new DataLoader<string, FoundRow | undefined>(
      async (hashes) => {
        // Always QR_LOOKUP_BATCH elements, padded with copies of the first hash (the index scan drops
        // duplicates before probing, so they cost nothing). Sized by the batch, PostgreSQL would keep
        // planning small batches afresh (custom plans, ≈1 ms each for this join); at a fixed size it
        // settles on the generic plan, planned once per connection. Hashes are hex: the array
        // literal needs no quoting.
        const padded = [...new Set(hashes)];
        while (padded.length < QR_LOOKUP_BATCH) padded.push(hashes[0] as string);
        const rows = await database.queryRows('qr_find_tokens', text, [`{${padded.join(',')}}`]);
        const byHash = new Map<string, FoundRow>();
        for (const r of rows) {
          const found = {} as Record<string, unknown>;
          for (let i = 0; i < foundKeys.length; i++) found[foundKeys[i] as string] = r[i];
          byHash.set(found.tokenHash as string, found as unknown as FoundRow);
        }
        return hashes.map((h) => byHash.get(h));
      },
      { cache: false, maxBatchSize: QR_LOOKUP_BATCH, batchScheduleFn: (run) => setImmediate(run) },
    );
    tokenLoaders.set(database, loader);
  }
  return loader;
}

/** The token's archive for the public page: the hot query (see `tokenLoader`). */
async function findByToken(database: Database, token: string) {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  return tokenLoader(database).load(hashQrToken(token));
}
type Found = NonNullable<Awaited<ReturnType<typeof findByToken>>>;

/**
 * Helpers' work phones as decrypted for the page, keyed by their ciphertext: a changed phone is a
 * new ciphertext (fresh IV), so the cache never shows an old number. At most HELPER_PHONES per key.
 */
const HELPER_PHONES = 20_000;
const helperPhones = new WeakMap<PiiVault, Map<string, string>>();
function helperPhone(vault: PiiVault, enc: string): string {
  let cache = helperPhones.get(vault);
  if (!cache) {
    cache = new Map();
    helperPhones.set(vault, cache);
  }
  const hit = cache.get(enc);
  if (hit !== undefined) {
    cache.delete(enc);
    cache.set(enc, hit);
    return hit;
  }
  const phone = vault.decrypt(enc);
  cache.set(enc, phone);
  if (cache.size > HELPER_PHONES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return phone;
}

function pageModel(ctx: Ctx, token: string, f: Found): QrPageModel {
  return {
    token,
    maskedName: maskName(f.name),
    stateLabel: archiveStateLabels[f.state as ArchiveState] ?? f.state,
    onFile: f.state === 'filed',
    categoryLabel: f.category ? hardshipCategoryLabels[f.category as HardshipCategory] : null,
    orgName: f.orgName,
    // The paired helper is union staff: their name and work phone are the point of the page.
    helper: f.helperName
      ? { name: f.helperName, phone: f.helperPhoneEnc ? helperPhone(ctx.deps.vault, f.helperPhoneEnc) : null }
      : null,
    hotline: ctx.deps.config.unionHotline,
  };
}

const publicEntry = (
  f: Found,
  action: string,
  result: 'success' | 'failure',
  detail: Record<string, unknown>,
): AuditEntry => ({
  action,
  entityType: archiveFlow.entityType,
  entityId: f.archiveId,
  orgId: f.orgId,
  orgPath: f.orgPath,
  result,
  actorName: null,
  actorUserId: null,
  detail: { tokenId: f.tokenId, ...detail },
});

/** Verification attempts and lockouts: written before the answer, in the caller's transaction if any. */
const auditPublic = (
  ctx: Ctx,
  f: Found,
  action: string,
  result: 'success' | 'failure',
  detail: Record<string, unknown>,
) => recordAudit(ctx, publicEntry(f, action, result, detail));

/**
 * Plain views of the page: audited, every one, but buffered (see `recordAuditBuffered`) so the
 * page does not wait for the WAL flush of its audit row. A crash can lose the last fraction of a
 * second of view records, never a write, a verification attempt or a lockout.
 */
const auditView = (ctx: Ctx, f: Found, result: 'success' | 'failure', detail: Record<string, unknown>) =>
  recordAuditBuffered(ctx, publicEntry(f, 'hardship.qr.view', result, detail));

/** `GET /q/<token>`: the public status page (no login); every view is audited. */
export async function viewQrPage(ctx: Ctx, token: string): Promise<HtmlPage> {
  const f = await findByToken(ctx.deps.database, token);
  if (!f) return { status: 404, html: renderNotFoundPage(ctx.deps.config.unionHotline) };
  const model = pageModel(ctx, token, f);
  if (f.tokenState !== 'active') {
    auditView(ctx, f, 'failure', { replaced: true });
    return { status: 410, html: renderReplacedPage(model) };
  }
  auditView(ctx, f, 'success', {});
  model.wishes = qrWishes(f.wishes ?? []);
  // Reopened while locked: say so above the form now, not only after the next try.
  const until = f.lockedUntil ? new Date(f.lockedUntil) : null;
  const locked = until !== null && until > new Date();
  return { status: 200, html: renderQrPage(model, locked ? { message: lockMessage(until) } : {}) };
}

/** The lockout said in Beijing time (the date too when it ends on another day). */
function lockMessage(until: Date): string {
  const when =
    cstDate(until) === cstDate(new Date()) ? cstTime(until) : `${cstDate(until)} ${cstTime(until)}`;
  return `输错次数过多，验证已锁定 ${QR_LOCK_MINUTES} 分钟，请于北京时间 ${when} 后再试。如需帮助请联系帮扶责任人或工会服务热线。`;
}

async function verifiedRecords(ctx: Ctx, f: Found): Promise<QrVerified> {
  const [archive] = await ctx.db
    .select({ plan: hardshipArchives.plan })
    .from(hardshipArchives)
    .where(eq(hardshipArchives.id, f.archiveId));
  const plan = archive?.plan ?? [];
  const events = await ctx.db
    .select({ event: timelineEvents.event, at: timelineEvents.at })
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.entityType, archiveFlow.entityType),
        eq(timelineEvents.entityId, String(f.archiveId)),
      ),
    )
    .orderBy(asc(timelineEvents.id));
  const labels = holderEventLabels;
  const assistance = await assistanceForQrPage(ctx.db, f.archiveId);
  return {
    history: events
      .filter((e) => e.event in labels)
      .map((e) => ({ date: cstDate(e.at), label: labels[e.event] ?? e.event })),
    assistance: assistance.rows.map((r) => ({
      date: r.date,
      type: r.typeLabel,
      amount: r.amountFen == null ? null : formatFen(r.amountFen),
      items: r.items,
      org: r.orgName,
    })),
    assistanceTotal: formatFen(assistance.totalFen),
    plan: plan.map((m) => ({
      type: m.type,
      targetDate: m.targetDate,
      status: measureStatusLabels[m.status as keyof typeof measureStatusLabels] ?? m.status,
      result: m.result,
    })),
  };
}

function sameLast6(idCard: string, typed: string): boolean {
  const a = Buffer.from(idCard.slice(-6).toUpperCase());
  const b = Buffer.from(typed);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /q/<token>/verify`: the holder proves it is them with the last 6 characters of the ID
 * number and then sees their history, assistance and exit plan. After QR_MAX_FAILURES wrong tries
 * the token's verification is locked for QR_LOCK_MINUTES (even for the right digits). Every
 * attempt is recorded and audited.
 */
export async function verifyQrPage(ctx: Ctx, token: string, digits: string): Promise<HtmlPage> {
  const f = await findByToken(ctx.deps.database, token);
  if (!f) return { status: 404, html: renderNotFoundPage(ctx.deps.config.unionHotline) };
  const model = pageModel(ctx, token, f);
  if (f.tokenState !== 'active') {
    await auditPublic(ctx, f, 'hardship.qr.verify', 'failure', { replaced: true });
    return { status: 410, html: renderReplacedPage(model) };
  }
  const typed = digits.trim().toUpperCase();
  if (!/^\d{5}[\dX]$/.test(typed)) {
    await auditPublic(ctx, f, 'hardship.qr.verify', 'failure', { outcome: 'invalid' });
    return {
      status: 400,
      html: renderQrPage(model, { message: '请输入身份证号的最后 6 位（数字，末位可能是 X）' }),
    };
  }
  const outcome = await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const [tok] = await tx
      .select()
      .from(hardshipQrTokens)
      .where(eq(hardshipQrTokens.id, f.tokenId))
      .for('update');
    if (!tok) throw notFound();
    const [archive] = await tx
      .select({ idCardEnc: hardshipArchives.idCardEnc })
      .from(hardshipArchives)
      .where(eq(hardshipArchives.id, f.archiveId));
    if (!archive) throw notFound();
    const now = new Date();
    let result: { kind: 'ok' } | { kind: 'locked'; until: Date } | { kind: 'wrong'; left: number };
    if (tok.lockedUntil && tok.lockedUntil > now) {
      result = { kind: 'locked', until: tok.lockedUntil };
    } else if (sameLast6(ctx.deps.vault.decrypt(archive.idCardEnc), typed)) {
      result = { kind: 'ok' };
      await tx
        .update(hardshipQrTokens)
        .set({ verifyFailures: 0, lastFailureAt: null, lockedUntil: null })
        .where(eq(hardshipQrTokens.id, tok.id));
    } else {
      // Failures count towards the lock while they come within QR_LOCK_MINUTES of each other.
      const fresh =
        tok.lastFailureAt && now.getTime() - tok.lastFailureAt.getTime() < QR_LOCK_MINUTES * 60_000;
      const failures = (fresh ? tok.verifyFailures : 0) + 1;
      if (failures >= QR_MAX_FAILURES) {
        const until = new Date(now.getTime() + QR_LOCK_MINUTES * 60_000);
        await tx
          .update(hardshipQrTokens)
          .set({ verifyFailures: 0, lastFailureAt: now, lockedUntil: until })
          .where(eq(hardshipQrTokens.id, tok.id));
        result = { kind: 'locked', until };
      } else {
        await tx
          .update(hardshipQrTokens)
          .set({ verifyFailures: failures, lastFailureAt: now })
          .where(eq(hardshipQrTokens.id, tok.id));
        result = { kind: 'wrong', left: QR_MAX_FAILURES - failures };
      }
    }
    const refused = tok.lockedUntil !== null && tok.lockedUntil > now;
    await tx.insert(hardshipQrAttempts).values({
      tokenId: tok.id,
      outcome: result.kind === 'ok' ? 'ok' : refused ? 'locked' : 'wrong',
      ip: ctx.ip,
    });
    await auditPublic(t, f, 'hardship.qr.verify', result.kind === 'ok' ? 'success' : 'failure', {
      outcome: refused ? 'refusedWhileLocked' : result.kind,
    });
    return result;
  });
  model.wishes = qrWishes(f.wishes ?? []);
  if (outcome.kind === 'ok') {
    return { status: 200, html: renderQrPage(model, { verified: await verifiedRecords(ctx, f) }) };
  }
  if (outcome.kind === 'locked') {
    return { status: 429, html: renderQrPage(model, { message: lockMessage(outcome.until) }) };
  }
  return {
    status: 403,
    html: renderQrPage(model, {
      message: `身份证号后 6 位不正确，还可尝试 ${outcome.left} 次；连续输错 ${QR_MAX_FAILURES} 次将锁定 ${QR_LOCK_MINUTES} 分钟。`,
    }),
  };
}
