import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  REFERRAL_CALLBACK_TOLERANCE_SECONDS,
  REFERRAL_DUE_DAYS,
  REFERRAL_MAX_ATTEMPTS,
  REFERRAL_RETRY_BASE_SECONDS,
  REFERRAL_RETRY_CAP_SECONDS,
  type ReferralMode,
  type ReferralState,
  referralStateLabels,
  type TEndpoint,
  type TEndpointInput,
  type TReferral,
  type TReferralDetail,
  type ZListReferralsQuery,
  ZReferralCallback,
  type ZReferralPage,
  type ZReferralStatusInput,
} from '../../../shared/appeals.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import { type ProposalCategory, proposalCategoryLabels } from '../../../shared/proposals.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit, recordAuditBuffered } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { nextCode } from '../../platform/codes.ts';
import { type Ctx, type Deps, withTx } from '../../platform/context.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { answerReferredAppeal } from './appeals.service.ts';
import {
  appeals,
  referralAttempts,
  referralEndpoints,
  referralEvents,
  referrals,
} from './proposals.table.ts';

/**
 * 转基层治理平台 (issue #8): an appeal the union refers to the township's grassroots-governance platform.
 *
 * In `api` mode the referral is queued and the `deliver-referrals` job POSTs its Open311-like payload,
 * signed with the partner's HMAC secret, retrying with exponential backoff; the platform reports back
 * through the signed callback. In `manual` mode the partner's accounts are notified and the union cadre
 * or the partner records the status by hand. Both end with the platform's answer on the appeal.
 */

export const REFERRAL_CALLBACK_PATH = '/api/v1/proposals/referrals/callback';

/** The absolute callback URL the platform posts to (PUBLIC_URL, else this server on its port). */
export function referralCallbackUrl(deps: Pick<Deps, 'config'>): string {
  const base = deps.config.publicUrl ?? `http://127.0.0.1:${deps.config.port}`;
  return `${base}${REFERRAL_CALLBACK_PATH}`;
}

/** A Beijing due date means the end of that day. */
export const endOfBeijingDay = (day: string): Date => new Date(`${day}T23:59:59.999+08:00`);

/** Triage `refer` (issue #8): the fields the union chose. */
export interface ReferAppealInput {
  partnerOrgId: number;
  dueDate?: string | undefined;
  note?: string | null | undefined;
}

/** The Open311-like body POSTed to the platform. */
export interface ReferralPayload extends Record<string, unknown> {
  service_request_id: string;
  service_code: string;
  service_name: string;
  description: string;
  address: string;
  contact: { name: string; phone: string | null } | null;
  requested_datetime: string;
  expected_datetime: string;
  callback_url: string;
}

/**
 * Create the referral of an appeal being triaged, inside the caller's transaction (`ctx.db` is the tx);
 * the caller (appeals triage) has checked the actor may triage the appeal and applies its `refer`
 * transition. The partner must be an active governance org of the union's area (within the union's or
 * the acting cadre's subtree) with an active endpoint. Contact details go out only when the worker
 * allowed it and did not post anonymously.
 */
export async function referAppeal(
  ctx: Ctx,
  appeal: typeof appeals.$inferSelect,
  input: ReferAppealInput,
): Promise<{ referralId: number; code: string }> {
  const actor = requireActor(ctx);
  const partner = await findOrg(ctx.db, input.partnerOrgId);
  if (
    partner?.type !== 'governance' ||
    partner.state !== 'active' ||
    !(isWithin(partner.path, appeal.orgPath) || isWithin(partner.path, actor.membership.orgPath))
  ) {
    throw invalidField('partnerOrgId', '请选择本工会辖区内的基层治理平台');
  }
  const [endpoint] = await ctx.db
    .select()
    .from(referralEndpoints)
    .where(eq(referralEndpoints.partnerOrgId, partner.id));
  if (!endpoint?.active) throw invalidField('partnerOrgId', '该基层治理平台尚未配置对接方式或已停用');
  if (endpoint.mode === 'api' && (!endpoint.url || !endpoint.secretEnc)) {
    throw invalidField('partnerOrgId', '该基层治理平台的接口地址或密钥尚未配置');
  }

  const now = new Date();
  const today = beijingDay(now);
  if (input.dueDate && input.dueDate < today) throw invalidField('dueDate', '办理期限不能早于今天');
  const dueAt = endOfBeijingDay(input.dueDate ?? addDays(today, REFERRAL_DUE_DAYS));

  let contact: ReferralPayload['contact'] = null;
  if (appeal.shareContact && !appeal.anonymous) {
    const [author] = await ctx.db
      .select({ name: users.displayName, phoneEnc: users.phoneEnc })
      .from(users)
      .where(eq(users.id, appeal.authorUserId));
    if (author) {
      contact = {
        name: author.name,
        phone: author.phoneEnc ? ctx.deps.vault.decrypt(author.phoneEnc) : null,
      };
    }
  }

  const { id, code } = await nextCode(ctx.db, 'referrals', 'ZL');
  const note = input.note?.trim();
  const payload: ReferralPayload = {
    service_request_id: code,
    service_code: appeal.category,
    service_name: proposalCategoryLabels[appeal.category as ProposalCategory] ?? appeal.category,
    description: `${appeal.title}\n${appeal.text}${note ? `\n工会意见：${note}` : ''}`,
    address: appeal.location ?? '',
    contact,
    requested_datetime: now.toISOString(),
    expected_datetime: dueAt.toISOString(),
    callback_url: referralCallbackUrl(ctx.deps),
  };
  const manual = endpoint.mode === 'manual';
  const state: ReferralState = manual ? 'delivered' : 'queued';
  await ctx.db.insert(referrals).values({
    id,
    code,
    appealId: appeal.id,
    orgId: appeal.orgId,
    orgPath: appeal.orgPath,
    partnerOrgId: partner.id,
    mode: endpoint.mode,
    state,
    payload,
    dueAt,
    nextAttemptAt: manual ? null : now,
    deliveredAt: manual ? now : null,
    createdBy: actor.userId,
  });
  await ctx.db.insert(referralEvents).values({
    referralId: id,
    source: 'system',
    status: state,
    note: manual ? `人工交办：已通知${partner.name}的账号` : '已排队，等待推送到平台接口',
    recordedBy: actor.userId,
  });
  if (manual) {
    await notify(ctx.db, {
      userIds: await membersOf(ctx.db, [partner.id], ['partner']),
      kind: 'proposals.referral.assigned',
      title: `工会转来职工诉求 ${code}：${appeal.title}`,
      body: `请于 ${beijingDay(dueAt)} 前办理并登记答复`,
      link: `/referrals/assigned/${id}`,
    });
  }
  return { referralId: id, code };
}

// ---------------------------------------------------------------- signatures

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, the header both directions carry. */
export function signReferral(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Constant-time comparison of a received signature header with the expected one. */
export function signatureMatches(secret: string, timestamp: string, body: string, sent: string): boolean {
  const expected = Buffer.from(signReferral(secret, timestamp, body));
  const got = Buffer.from(sent);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Seconds to wait after the n-th failed attempt of a round: BASE × 2^(n-1), capped. */
export function retryDelaySeconds(n: number): number {
  return Math.min(REFERRAL_RETRY_BASE_SECONDS * 2 ** Math.max(0, n - 1), REFERRAL_RETRY_CAP_SECONDS);
}

// ---------------------------------------------------------------- views

const partnerOrgs = alias(orgs, 'partner_org');

const referralColumns = {
  r: referrals,
  orgName: orgs.name,
  partnerName: partnerOrgs.name,
  appealCode: appeals.code,
  appealTitle: appeals.title,
};
type ReferralRow = {
  r: typeof referrals.$inferSelect;
  orgName: string;
  partnerName: string;
  appealCode: string;
  appealTitle: string;
};

const referralQuery = (db: DbOrTx) =>
  db
    .select(referralColumns)
    .from(referrals)
    .innerJoin(orgs, eq(orgs.id, referrals.orgId))
    .innerJoin(partnerOrgs, eq(partnerOrgs.id, referrals.partnerOrgId))
    .innerJoin(appeals, eq(appeals.id, referrals.appealId));

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toReferral(row: ReferralRow, now = new Date()): TReferral {
  const r = row.r;
  return {
    id: r.id,
    code: r.code,
    org: { id: r.orgId, name: row.orgName },
    partner: { id: r.partnerOrgId, name: row.partnerName },
    appeal: { id: r.appealId, code: row.appealCode, title: row.appealTitle },
    mode: r.mode as ReferralMode,
    state: r.state as ReferralState,
    externalId: r.externalId,
    dueAt: r.dueAt.toISOString(),
    overdue: r.state !== 'answered' && r.dueAt.getTime() < now.getTime(),
    attemptCount: r.attemptCount,
    nextAttemptAt: iso(r.nextAttemptAt),
    lastError: r.lastError,
    answer: r.answer,
    answeredAt: iso(r.answeredAt),
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Who sees a referral: union staff and readers (proposals.view) within their subtree, and the accounts
 * of the partner org it was sent to. Anyone else gets 404.
 */
function visibility(ctx: Ctx): SQL {
  const m = requireActor(ctx).membership;
  if (m.role === 'partner') {
    if (!roleMay(m.role, 'proposals.referrals.partner')) throw forbidden();
    return eq(referrals.partnerOrgId, m.orgId);
  }
  if (!roleMay(m.role, 'proposals.view')) throw forbidden();
  return inSubtree(referrals.orgPath, m.orgPath);
}

async function loadVisible(ctx: Ctx, id: number): Promise<ReferralRow> {
  const [row] = await referralQuery(ctx.db).where(and(eq(referrals.id, id), visibility(ctx)));
  if (!row) throw notFound();
  return row;
}

export async function listReferrals(
  ctx: Ctx,
  q: z.infer<typeof ZListReferralsQuery>,
): Promise<z.infer<typeof ZReferralPage>> {
  const m = requireActor(ctx).membership;
  const conds: SQL[] = [visibility(ctx)];
  if (q.orgId) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org || (m.role !== 'partner' && !isWithin(org.path, m.orgPath)))
      throw notFound('组织不存在或无权查看');
    conds.push(inSubtree(referrals.orgPath, org.path));
  }
  if (q.state) conds.push(eq(referrals.state, q.state));
  const now = new Date();
  if (q.overdue === 'true') conds.push(and(ne(referrals.state, 'answered'), lt(referrals.dueAt, now)) as SQL);
  if (q.overdue === 'false')
    conds.push(or(eq(referrals.state, 'answered'), gte(referrals.dueAt, now)) as SQL);
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    referralQuery(ctx.db)
      .where(where)
      .orderBy(desc(referrals.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(referrals).where(where),
  ]);
  return {
    items: rows.map((r) => toReferral(r, now)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getReferral(ctx: Ctx, id: number): Promise<TReferralDetail> {
  const row = await loadVisible(ctx, id);
  const [attempts, events] = await Promise.all([
    ctx.db
      .select()
      .from(referralAttempts)
      .where(eq(referralAttempts.referralId, id))
      .orderBy(asc(referralAttempts.no)),
    ctx.db
      .select()
      .from(referralEvents)
      .where(eq(referralEvents.referralId, id))
      .orderBy(asc(referralEvents.at), asc(referralEvents.id)),
  ]);
  const contact = (row.r.payload as Partial<ReferralPayload>).contact;
  if (contact?.phone) {
    // The worker's mobile, shared with the platform, is shown unmasked: every such view is recorded.
    recordAuditBuffered(ctx, {
      action: 'proposals.referral.view_contact',
      entityType: 'proposals.referral',
      entityId: id,
      orgId: row.r.orgId,
      orgPath: row.r.orgPath,
    });
  }
  return {
    ...toReferral(row),
    payload: row.r.payload,
    attempts: attempts.map((a) => ({
      no: a.no,
      at: a.at.toISOString(),
      httpStatus: a.httpStatus,
      ok: a.ok,
      error: a.error,
      durationMs: a.durationMs,
    })),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      source: e.source as 'platform' | 'manual' | 'system',
      status: e.status as ReferralState,
      note: e.note,
    })),
  };
}

// ---------------------------------------------------------------- endpoints (对接配置)

/** Governance partner orgs in the actor's subtree with their endpoint; never the secret. */
export async function listEndpoints(ctx: Ctx): Promise<TEndpoint[]> {
  const m = authorize(ctx, 'proposals.referrals');
  const rows = await ctx.db
    .select({ org: orgs, ep: referralEndpoints })
    .from(orgs)
    .leftJoin(referralEndpoints, eq(referralEndpoints.partnerOrgId, orgs.id))
    .where(and(eq(orgs.type, 'governance'), inSubtree(orgs.path, m.orgPath)))
    .orderBy(asc(orgs.path));
  return rows.map(({ org, ep }) => toEndpoint(ctx, { id: org.id, name: org.name }, ep));
}

function toEndpoint(
  ctx: Ctx,
  partner: { id: number; name: string },
  ep: typeof referralEndpoints.$inferSelect | null,
): TEndpoint {
  return {
    partner,
    mode: (ep?.mode ?? 'manual') as ReferralMode,
    url: ep?.url ?? null,
    hasSecret: Boolean(ep?.secretEnc),
    active: ep?.active ?? false,
    callbackUrl: referralCallbackUrl(ctx.deps),
    updatedAt: iso(ep?.updatedAt ?? null),
  };
}

/**
 * An admin sets how the union reaches a partner: `api` (URL + HMAC secret, the secret encrypted and
 * never returned; omitted keeps the stored one) or `manual`.
 */
export async function putEndpoint(ctx: Ctx, partnerOrgId: number, input: TEndpointInput): Promise<TEndpoint> {
  const org = await findOrg(ctx.db, partnerOrgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'proposals.referrals.config', { orgPath: org.path });
  if (org.type !== 'governance') throw invalidField('partnerOrgId', '只能为基层治理平台配置对接方式');
  return ctx.deps.database.db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(referralEndpoints)
      .where(eq(referralEndpoints.partnerOrgId, org.id))
      .for('update');
    const secretEnc = input.secret ? ctx.deps.vault.encrypt(input.secret) : (old?.secretEnc ?? null);
    if (input.mode === 'api' && !secretEnc) throw invalidField('secret', '接口推送须设置签名密钥');
    const values = {
      mode: input.mode,
      url: input.url ?? null,
      secretEnc,
      active: input.active,
      updatedBy: ctx.actor?.userId ?? null,
      updatedAt: new Date(),
    };
    const [ep] = await tx
      .insert(referralEndpoints)
      .values({ partnerOrgId: org.id, ...values })
      .onConflictDoUpdate({ target: referralEndpoints.partnerOrgId, set: values })
      .returning();
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.endpoint.update',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      orgPath: org.path,
      detail: {
        mode: input.mode,
        url: input.url ?? null,
        active: input.active,
        secretChanged: !!input.secret,
      },
    });
    return toEndpoint(ctx, { id: org.id, name: org.name }, ep ?? null);
  });
}

// ---------------------------------------------------------------- delivery

/** What a delivery attempt did. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'undeliverable' | 'skipped';

export interface DeliveryOptions {
  /** Injected clock (tests); default the real time. */
  now?: Date;
  /** Give up on the platform after this long (default 10 s). */
  timeoutMs?: number;
}

/** The platform's own id from its acknowledgement body, if any. */
function externalIdOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first && typeof first === 'object') {
      const o = first as Record<string, unknown>;
      for (const key of ['service_request_id', 'id', 'token']) {
        const v = o[key];
        if ((typeof v === 'string' && v.length > 0) || typeof v === 'number') return String(v).slice(0, 100);
      }
    }
  } catch {
    // not JSON: acknowledged without an id
  }
  return null;
}

/** How long a claimed attempt holds the referral before another run may try it again. */
const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * One delivery attempt of a queued api referral whose time has come: claim it (compare-and-set on the
 * attempt counter, so two runs never send the same attempt), POST the signed payload, log the attempt,
 * then mark it delivered, schedule the next try with backoff, or give up after the round's last
 * attempt. Attempts are numbered across rounds; a round is REFERRAL_MAX_ATTEMPTS long (a cadre's retry
 * of an undeliverable referral starts a new round).
 */
export async function deliverReferral(
  deps: Deps,
  id: number,
  opts: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const now = opts.now ?? new Date();
  const db = deps.database.db;
  const [claimed] = await db
    .update(referrals)
    .set({
      attemptCount: sql`${referrals.attemptCount} + 1`,
      nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS),
    })
    .where(
      and(
        eq(referrals.id, id),
        eq(referrals.mode, 'api'),
        eq(referrals.state, 'queued'),
        lte(referrals.nextAttemptAt, now),
      ),
    )
    .returning();
  if (!claimed) return 'skipped';
  const no = claimed.attemptCount;
  const [endpoint] = await db
    .select()
    .from(referralEndpoints)
    .where(eq(referralEndpoints.partnerOrgId, claimed.partnerOrgId));

  const body = JSON.stringify(claimed.payload);
  const url = endpoint?.url ?? '';
  let httpStatus: number | null = null;
  let error: string | null = null;
  let responseBody: string | null = null;
  const started = Date.now();
  if (!endpoint?.active || endpoint.mode !== 'api' || !endpoint.url || !endpoint.secretEnc) {
    error = '接口未配置或已停用';
  } else {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-niangjia-timestamp': timestamp,
          'x-niangjia-signature': signReferral(deps.vault.decrypt(endpoint.secretEnc), timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      httpStatus = res.status;
      responseBody = (await res.text()).slice(0, 2000);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      error =
        name === 'TimeoutError' || name === 'AbortError'
          ? '平台接口超时'
          : `无法连接平台接口：${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`;
    }
  }
  const durationMs = Date.now() - started;
  const ok = error === null;
  const roundNo = ((no - 1) % REFERRAL_MAX_ATTEMPTS) + 1;
  const outcome: DeliveryOutcome = ok
    ? 'delivered'
    : roundNo >= REFERRAL_MAX_ATTEMPTS
      ? 'undeliverable'
      : 'retry';

  await db.transaction(async (tx) => {
    await tx.insert(referralAttempts).values({
      referralId: id,
      no,
      at: now,
      url,
      httpStatus,
      ok,
      error,
      durationMs,
      responseBody,
    });
    if (ok) {
      // A callback may already have moved it on: only a still-queued referral becomes delivered.
      await tx
        .update(referrals)
        .set({
          state: sql`case when ${referrals.state} = 'queued' then 'delivered' else ${referrals.state} end`,
          externalId: sql`coalesce(${referrals.externalId}, ${externalIdOf(responseBody ?? '')})`,
          deliveredAt: sql`coalesce(${referrals.deliveredAt}, ${now.toISOString()}::timestamptz)`,
          nextAttemptAt: null,
          lastError: null,
          updatedAt: now,
        })
        .where(and(eq(referrals.id, id), eq(referrals.attemptCount, no)));
      await tx.insert(referralEvents).values({
        referralId: id,
        source: 'system',
        status: 'delivered',
        note: `第 ${no} 次推送成功（HTTP ${httpStatus}）`,
        at: now,
      });
      return;
    }
    const [r] = await tx
      .update(referrals)
      .set(
        outcome === 'undeliverable'
          ? { state: 'undeliverable', nextAttemptAt: null, lastError: error, updatedAt: now }
          : {
              nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(roundNo) * 1000),
              lastError: error,
              updatedAt: now,
            },
      )
      .where(and(eq(referrals.id, id), eq(referrals.attemptCount, no), eq(referrals.state, 'queued')))
      .returning();
    if (r && outcome === 'undeliverable') {
      await tx.insert(referralEvents).values({
        referralId: id,
        source: 'system',
        status: 'undeliverable',
        note: `连续 ${REFERRAL_MAX_ATTEMPTS} 次推送失败：${error}`,
        at: now,
      });
      await notify(tx, {
        userIds: await membersOf(tx, [r.orgId], ['cadre', 'admin']),
        kind: 'proposals.referral.undeliverable',
        title: `转治理平台事项 ${r.code} 推送失败`,
        body: `连续 ${REFERRAL_MAX_ATTEMPTS} 次推送失败（${error}），请检查对接配置后重新推送或改为人工交办`,
        link: `/referrals/${r.id}`,
      });
    }
  });
  return outcome;
}

/** The job: deliver every queued referral whose next attempt is due. */
export async function deliverDueReferrals(
  deps: Deps,
  opts: DeliveryOptions = {},
): Promise<Record<DeliveryOutcome, number>> {
  const now = opts.now ?? new Date();
  const due = await deps.database.db
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.state, 'queued'), eq(referrals.mode, 'api'), lte(referrals.nextAttemptAt, now)))
    .orderBy(asc(referrals.nextAttemptAt))
    .limit(200);
  const counts: Record<DeliveryOutcome, number> = { delivered: 0, retry: 0, undeliverable: 0, skipped: 0 };
  for (const { id } of due) counts[await deliverReferral(deps, id, { ...opts, now })] += 1;
  return counts;
}

// ---------------------------------------------------------------- staff actions

async function loadForStaff(ctx: Ctx, id: number) {
  const row = await loadVisible(ctx, id);
  authorize(ctx, 'proposals.referrals', { orgPath: row.r.orgPath });
  return row;
}

/**
 * 重新推送: a cadre sends a queued or undeliverable api referral now (an undeliverable one starts a new
 * round of attempts). Returns the detail after the attempt.
 */
export async function retryReferral(ctx: Ctx, id: number): Promise<TReferralDetail> {
  const row = await loadForStaff(ctx, id);
  if (row.r.mode !== 'api') throw conflict('NOT_API', '人工交办的事项无需推送');
  const now = new Date();
  await ctx.deps.database.db.transaction(async (tx) => {
    const [r] = await tx
      .update(referrals)
      .set({
        state: 'queued',
        nextAttemptAt: now,
        // An undeliverable referral ended a round: the next attempt opens a new one.
        attemptCount: sql`case when ${referrals.state} = 'undeliverable' then ceil(${referrals.attemptCount}::numeric / ${REFERRAL_MAX_ATTEMPTS})::int * ${REFERRAL_MAX_ATTEMPTS} else ${referrals.attemptCount} end`,
        updatedAt: now,
      })
      .where(and(eq(referrals.id, id), inArray(referrals.state, ['queued', 'undeliverable'])))
      .returning();
    if (!r) throw conflict('INVALID_STATE', '该事项已送达平台，无需重新推送');
    await tx.insert(referralEvents).values({
      referralId: id,
      source: 'manual',
      status: 'queued',
      note: '工会重新推送',
      recordedBy: ctx.actor?.userId ?? null,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.referral.retry',
      entityType: 'proposals.referral',
      entityId: id,
      orgId: r.orgId,
      orgPath: r.orgPath,
    });
  });
  await deliverReferral(ctx.deps, id, { now });
  return getReferral(ctx, id);
}

/** 改为人工交办: the union gives up on the API for this referral and hands it over by hand. */
export async function switchToManual(ctx: Ctx, id: number): Promise<TReferralDetail> {
  const row = await loadForStaff(ctx, id);
  if (row.r.mode === 'manual') throw conflict('ALREADY_MANUAL', '该事项已是人工交办');
  const now = new Date();
  await ctx.deps.database.db.transaction(async (tx) => {
    const [r] = await tx
      .update(referrals)
      .set({ mode: 'manual', state: 'delivered', deliveredAt: now, nextAttemptAt: null, updatedAt: now })
      .where(and(eq(referrals.id, id), inArray(referrals.state, ['queued', 'undeliverable'])))
      .returning();
    if (!r) throw conflict('INVALID_STATE', '平台已签收该事项，不能改为人工交办');
    await tx.insert(referralEvents).values({
      referralId: id,
      source: 'manual',
      status: 'delivered',
      note: '改为人工交办',
      recordedBy: ctx.actor?.userId ?? null,
    });
    await notify(tx, {
      userIds: await membersOf(tx, [r.partnerOrgId], ['partner']),
      kind: 'proposals.referral.assigned',
      title: `工会转来职工诉求 ${r.code}：${row.appealTitle}`,
      body: `请于 ${beijingDay(r.dueAt)} 前办理并登记答复`,
      link: `/referrals/assigned/${r.id}`,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.referral.status',
      entityType: 'proposals.referral',
      entityId: id,
      orgId: r.orgId,
      orgPath: r.orgPath,
      detail: { mode: 'manual' },
    });
  });
  return getReferral(ctx, id);
}

const stateRank: Record<ReferralState, number> = {
  queued: 0,
  undeliverable: 0,
  delivered: 1,
  accepted: 2,
  in_progress: 3,
  answered: 4,
};

/**
 * Move a referral to a platform status (from a verified callback or recorded by hand), inside `tx`:
 * statuses only move forward (a late `in_progress` after `accepted` is logged but changes nothing);
 * the answer replies to the appeal and tells the union's cadres. Returns whether the state moved.
 */
async function recordStatus(
  ctx: Ctx,
  r: typeof referrals.$inferSelect,
  status: 'accepted' | 'in_progress' | 'answered',
  note: string | null,
  via: 'system' | 'actor',
  at: Date,
): Promise<boolean> {
  if (stateRank[status] <= stateRank[r.state as ReferralState]) return false;
  const [moved] = await ctx.db
    .update(referrals)
    .set({
      state: status,
      deliveredAt: r.deliveredAt ?? at,
      nextAttemptAt: null,
      ...(status === 'answered' ? { answer: note, answeredAt: at } : {}),
      updatedAt: at,
    })
    .where(and(eq(referrals.id, r.id), eq(referrals.state, r.state)))
    .returning();
  if (!moved) throw conflict('CONCURRENT_UPDATE', '该记录刚被其他人处理，请刷新后再试');
  if (status === 'answered') {
    await answerReferredAppeal(ctx, r.appealId, note ?? '', via);
    const [partner] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, r.partnerOrgId));
    await notify(ctx.db, {
      userIds: await membersOf(ctx.db, [r.orgId], ['cadre', 'admin']),
      kind: 'proposals.referral.answered',
      title: `${partner?.name ?? '基层治理平台'}已答复转办事项 ${r.code}`,
      body: (note ?? '').slice(0, 200),
      link: `/referrals/${r.id}`,
    });
  }
  return true;
}

/**
 * 人工登记: in manual mode the union's cadre or the partner's account records the platform's status or
 * its final answer.
 */
export async function recordManualStatus(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof ZReferralStatusInput>,
): Promise<TReferralDetail> {
  const row = await loadVisible(ctx, id);
  const m = requireActor(ctx).membership;
  if (m.role === 'partner') {
    if (!roleMay(m.role, 'proposals.referrals.partner')) throw forbidden();
  } else {
    authorize(ctx, 'proposals.referrals', { orgPath: row.r.orgPath });
  }
  if (row.r.mode !== 'manual')
    throw conflict('NOT_MANUAL', '接口推送的事项由平台回调更新状态，如需人工登记请先改为人工交办');
  if (row.r.state === 'answered') throw conflict('ALREADY_ANSWERED', '该事项平台已答复');
  if (stateRank[input.status] <= stateRank[row.r.state as ReferralState]) {
    throw conflict('STATUS_BACKWARDS', `该事项已是「${referralStateLabels[row.r.state as ReferralState]}」`);
  }
  const note = input.note?.trim() || null;
  await ctx.deps.database.db.transaction(async (tx) => {
    const txCtx = withTx(ctx, tx);
    const [r] = await tx.select().from(referrals).where(eq(referrals.id, id)).for('update');
    if (!r) throw notFound();
    if (!(await recordStatus(txCtx, r, input.status, note, 'actor', new Date()))) {
      throw conflict('STATUS_BACKWARDS', `该事项已是「${referralStateLabels[r.state as ReferralState]}」`);
    }
    await tx.insert(referralEvents).values({
      referralId: id,
      source: 'manual',
      status: input.status,
      note,
      recordedBy: ctx.actor?.userId ?? null,
    });
    await recordAudit(txCtx, {
      action: 'proposals.referral.status',
      entityType: 'proposals.referral',
      entityId: id,
      orgId: r.orgId,
      orgPath: r.orgPath,
      detail: { status: input.status },
    });
  });
  return getReferral(ctx, id);
}

// ---------------------------------------------------------------- inbound callback

export interface CallbackResult {
  referral: string;
  status: ReferralState;
  changed: boolean;
}

const badSignature = () => new AppError(401, 'BAD_SIGNATURE', '签名无效');

/**
 * The platform's signed status update (`POST /referrals/callback`, no session). The signature covers
 * the raw body: it is checked before anything else is believed, against the secret of the partner the
 * named referral was sent to (an unknown referral cannot be verified: also 401). Then the timestamp
 * must be within tolerance (401 STALE_TIMESTAMP), the body valid (400), and the event id new
 * (409 REPLAY). `closed` answers the appeal on the platform's account.
 */
export async function handleReferralCallback(
  ctx: Ctx,
  raw: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  now = new Date(),
): Promise<CallbackResult> {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) throw badSignature();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badSignature();
  }
  const code =
    parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).service_request_id : undefined;
  if (typeof code !== 'string') throw badSignature();
  const [target] = await ctx.db
    .select({ r: referrals, secretEnc: referralEndpoints.secretEnc })
    .from(referrals)
    .innerJoin(referralEndpoints, eq(referralEndpoints.partnerOrgId, referrals.partnerOrgId))
    .where(eq(referrals.code, code));
  if (!target?.secretEnc) throw badSignature();
  if (!signatureMatches(ctx.deps.vault.decrypt(target.secretEnc), timestamp, raw, signature))
    throw badSignature();
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > REFERRAL_CALLBACK_TOLERANCE_SECONDS) {
    throw new AppError(401, 'STALE_TIMESTAMP', '请求时间戳超出允许范围');
  }
  const body = ZReferralCallback.parse(parsed);
  const status = body.status === 'closed' ? 'answered' : body.status;
  const note = body.status_notes?.trim() || null;
  if (status === 'answered' && (note ?? '').length === 0) {
    throw invalidField('status_notes', '办结须附答复内容');
  }
  return ctx.deps.database.db.transaction(async (tx) => {
    const txCtx = withTx(ctx, tx);
    const [inserted] = await tx
      .insert(referralEvents)
      .values({ referralId: target.r.id, source: 'platform', eventId: body.event_id, status, note, at: now })
      .onConflictDoNothing({ target: referralEvents.eventId })
      .returning({ id: referralEvents.id });
    if (!inserted) throw conflict('REPLAY', '该事件已处理（event_id 重复）');
    const [r] = await tx.select().from(referrals).where(eq(referrals.id, target.r.id)).for('update');
    if (!r) throw badSignature();
    const changed = await recordStatus(txCtx, r, status, note, 'system', now);
    await recordAudit(txCtx, {
      action: 'proposals.referral.callback',
      entityType: 'proposals.referral',
      entityId: r.id,
      orgId: r.orgId,
      orgPath: r.orgPath,
      actorName: '基层治理平台',
      detail: { event: body.event_id, status: body.status, changed },
    });
    return { referral: r.code, status: changed ? status : (r.state as ReferralState), changed };
  });
}
