import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TPageQuery } from '../../../shared/common.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  type TEventClaimsInput,
  type TWishActivity,
  type TWishEventInput,
  type WishState,
  wishStateLabels,
} from '../../../shared/wishes.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, grant, inSubtree, isWithin } from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { isMobile } from '../../platform/pii/pii.ts';
import { apply } from '../../platform/workflow/workflow.ts';
import { isUniqueViolation } from '../hardship/hardship.service.ts';
import { wishAudience } from './claims.service.ts';
import { wishFlow } from './wishes.flow.ts';
import { toClaim, wishSettingsFor } from './wishes.service.ts';
import { wishActivities, wishClaims, wishes } from './wishes.table.ts';

/**
 * 解忧超市 / 认领活动 (issue #5 point 7): a cadre holds an event in their org where volunteers and
 * enterprises claim wishes on paper, then records those claims here in bulk. Each recorded claim is a
 * normal claim (same exclusivity, deadline, fulfilment) carrying the event and the claimer's name.
 */
grant('cadre', ['wish.activity']);
grant('admin', ['wish.activity']);
registerOrgPathCopy('wish_activities');

registerAuditLabels({
  'wishes.activity.create': '创建认领活动',
  'wishes.activity.claims': '录入活动现场认领',
});

type ActivityRow = typeof wishActivities.$inferSelect;

const toActivity = (a: ActivityRow, orgName: string, claimCount: number): TWishActivity => ({
  id: a.id,
  org: { id: a.orgId, name: orgName },
  title: a.title,
  heldOn: a.heldOn,
  place: a.place,
  note: a.note,
  claimCount,
  createdAt: a.createdAt.toISOString(),
});

async function findActivity(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ a: wishActivities, orgName: orgs.name })
    .from(wishActivities)
    .innerJoin(orgs, eq(orgs.id, wishActivities.orgId))
    .where(eq(wishActivities.id, id));
  return row;
}

/** Create an event (解忧超市, 认领活动) in the cadre's own org. */
export async function createActivity(ctx: Ctx, input: TWishEventInput): Promise<TWishActivity> {
  const m = authorize(ctx, 'wish.activity');
  const id = await ctx.deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(wishActivities)
      .values({
        orgId: m.orgId,
        orgPath: m.orgPath,
        title: input.title,
        heldOn: input.heldOn,
        place: input.place,
        note: input.note ?? null,
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning({ id: wishActivities.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'wishes.activity.create',
      entityType: 'wishes.activity',
      entityId: row.id,
      orgId: m.orgId,
      orgPath: m.orgPath,
      detail: { title: input.title, heldOn: input.heldOn },
    });
    return row.id;
  });
  const found = await findActivity(ctx.db, id);
  if (!found) throw notFound();
  return toActivity(found.a, found.orgName, 0);
}

/** The events of the caller's subtree, latest first, with how many claims each recorded. */
export async function listActivities(ctx: Ctx, q: TPageQuery) {
  const m = authorize(ctx, 'wish.view');
  const where = inSubtree(wishActivities.orgPath, m.orgPath);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        a: wishActivities,
        orgName: orgs.name,
        claims:
          sql<number>`(select count(*) from wish_claims c where c.activity_id = ${wishActivities.id})`.mapWith(
            Number,
          ),
      })
      .from(wishActivities)
      .innerJoin(orgs, eq(orgs.id, wishActivities.orgId))
      .where(where)
      .orderBy(desc(wishActivities.heldOn), desc(wishActivities.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(wishActivities).where(where),
  ]);
  return {
    items: rows.map((r) => toActivity(r.a, r.orgName, r.claims)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One event with the claims recorded there (and each wish's title). */
export async function getActivity(ctx: Ctx, id: number) {
  authorize(ctx, 'wish.view');
  const found = await findActivity(ctx.db, id);
  if (!found) throw notFound('活动不存在或无权查看');
  authorize(ctx, 'wish.view', { orgPath: found.a.orgPath });
  const claims = await ctx.db
    .select({ c: wishClaims, wishTitle: wishes.title })
    .from(wishClaims)
    .innerJoin(wishes, eq(wishes.id, wishClaims.wishId))
    .where(eq(wishClaims.activityId, id))
    .orderBy(asc(wishClaims.id));
  return {
    ...toActivity(found.a, found.orgName, claims.length),
    claims: claims.map((r) => ({ ...toClaim(r.c, 'union'), wishTitle: r.wishTitle })),
  };
}

interface RowIssue {
  row: number;
  field: string;
  message: string;
  /** 400 for input that can never work, 409 for a wish in the wrong state. */
  status: 400 | 409;
}

/**
 * 录入现场认领: the claims made on paper at an event, all or nothing. Each wish must be published and
 * in the cadre's subtree; a volunteer's mobile is stored encrypted; a claimer with an account is
 * linked. Problems are reported per row (第 N 行) and nothing is saved; a wish claimed online while
 * the rows are saved fails the whole batch with its row number.
 */
export async function recordEventClaims(
  ctx: Ctx,
  id: number,
  input: TEventClaimsInput,
): Promise<{ created: number }> {
  const m = authorize(ctx, 'wish.activity');
  const found = await findActivity(ctx.db, id);
  if (!found) throw notFound('活动不存在或无权查看');
  authorize(ctx, 'wish.activity', { orgPath: found.a.orgPath });
  const activity = found.a;
  const rows = input.claims;

  const wishIds = rows.map((r) => r.wishId);
  const donorIds = [...new Set(rows.flatMap((r) => (r.donorUserId ? [r.donorUserId] : [])))];
  const [wishRows, donors] = await Promise.all([
    ctx.db
      .select({ id: wishes.id, orgPath: wishes.orgPath, state: wishes.state, title: wishes.title })
      .from(wishes)
      .where(inArray(wishes.id, wishIds)),
    donorIds.length === 0
      ? Promise.resolve([])
      : ctx.db
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(inArray(memberships.userId, donorIds), eq(memberships.role, 'donor'))),
  ]);
  const wishById = new Map(wishRows.map((w) => [w.id, w]));
  const donorSet = new Set(donors.map((d) => d.userId));

  const issues: RowIssue[] = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    const w = wishById.get(r.wishId);
    if (!w || !isWithin(w.orgPath, m.orgPath)) {
      issues.push({
        row,
        field: `claims.${i}.wishId`,
        message: `第 ${row} 行：心愿编号 ${r.wishId} 不存在或不在本单位范围内`,
        status: 400,
      });
    } else if (w.state !== 'published') {
      issues.push({
        row,
        field: `claims.${i}.wishId`,
        message: `第 ${row} 行：心愿「${w.title}」当前为「${wishStateLabels[w.state as WishState] ?? w.state}」，只有待认领的心愿才能登记认领`,
        status: 409,
      });
    }
    if (r.mobile && !isMobile(r.mobile)) {
      issues.push({
        row,
        field: `claims.${i}.mobile`,
        message: `第 ${row} 行：手机号「${r.mobile}」格式不正确`,
        status: 400,
      });
    }
    if (r.donorUserId && !donorSet.has(r.donorUserId)) {
      issues.push({
        row,
        field: `claims.${i}.donorUserId`,
        message: `第 ${row} 行：所选爱心人士账号不存在`,
        status: 400,
      });
    }
  });
  if (issues.length > 0) {
    const first = issues[0] as RowIssue;
    const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : '';
    throw new AppError(
      issues.some((x) => x.status === 400) ? 400 : 409,
      'EVENT_CLAIMS_REJECTED',
      `${first.message}${more}；本次录入均未保存`,
      issues.map(({ row, field, message }) => ({ row, field, message })),
    );
  }

  const today = beijingDay(new Date());
  const claimDaysByPath = new Map<string, number>();
  // Lock order by wish id, so two batches touching the same wishes cannot deadlock.
  const ordered = rows.map((r, i) => ({ r, row: i + 1 })).sort((a, b) => a.r.wishId - b.r.wishId);
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    for (const { r, row } of ordered) {
      const [w] = await tx.select().from(wishes).where(eq(wishes.id, r.wishId));
      if (!w) throw notFound();
      let days = claimDaysByPath.get(w.orgPath);
      if (days === undefined) {
        days = (await wishSettingsFor(tx, w.orgPath)).claimDays;
        claimDaysByPath.set(w.orgPath, days);
      }
      const lost = () =>
        conflict(
          'EVENT_CLAIMS_REJECTED',
          `第 ${row} 行：心愿「${w.title}」刚刚被其他爱心人士认领了；本次录入均未保存`,
          [{ row, field: `claims.${row - 1}.wishId`, message: '刚刚被其他爱心人士认领了' }],
        );
      try {
        await apply(t, wishFlow, {
          id: w.id,
          event: 'claim',
          note: `在「${activity.title}」现场认领`,
          orgPath: w.orgPath,
          orgId: w.orgId,
        });
        await tx.insert(wishClaims).values({
          wishId: w.id,
          donorUserId: r.donorUserId ?? null,
          donorName: r.donorName,
          donorKind: r.donorKind,
          donorMobileEnc: r.mobile ? ctx.deps.vault.encrypt(r.mobile) : null,
          activityId: activity.id,
          state: 'active',
          deadline: addDays(today, days),
          recordedBy: ctx.actor?.userId ?? null,
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw lost();
        if (e instanceof AppError && (e.code === 'CONCURRENT_UPDATE' || e.code === 'ILLEGAL_TRANSITION')) {
          throw lost();
        }
        throw e;
      }
      await tx.update(wishes).set({ claimedAt: sql`now()` }).where(eq(wishes.id, w.id));
      const audience = await wishAudience(tx, w);
      await notify(tx, {
        userIds: audience.workers,
        kind: 'wishes.claimed',
        title: `您的微心愿「${w.title}」在「${activity.title}」活动上被认领了`,
        link: `/m/wishes/mine/${w.id}`,
      });
      if (r.donorUserId) {
        await notify(tx, {
          userIds: [r.donorUserId],
          kind: 'wishes.claimed',
          title: `工会已登记您在「${activity.title}」认领的微心愿「${w.title}」`,
          body: `请在 ${addDays(today, days)} 前帮助实现。`,
          link: `/m/wishes/claims/${w.id}`,
        });
      }
    }
    await recordAudit(t, {
      action: 'wishes.activity.claims',
      entityType: 'wishes.activity',
      entityId: activity.id,
      orgId: activity.orgId,
      orgPath: activity.orgPath,
      detail: { created: rows.length, wishIds },
    });
  });
  return { created: rows.length };
}
