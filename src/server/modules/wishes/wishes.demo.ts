import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import type { FulfilmentMethod, WishCategory, WishState } from '../../../shared/wishes.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply } from '../../platform/workflow/workflow.ts';
import { hardshipArchives } from '../hardship/hardship.table.ts';
import { wishFlow } from './wishes.flow.ts';
import {
  confirmReceipt,
  postWish,
  postWishOnBehalf,
  reviewWish,
  setWishSettings,
  thankDonor,
  withdrawWish,
} from './wishes.service.ts';
import { donorProfiles, wishActivities, wishClaims, wishes } from './wishes.table.ts';

/**
 * 微心愿 demo data (issue #5), invented: Baise's settings (百色市总工会: ¥600 cap), fifteen wishes of
 * the hardship demo's filed households in every state — pending, returned, rejected, published,
 * claimed, sent, fulfilled (with thanks), withdrawn — three donors with profiles (爱心人士 蓝女士 and
 * 李女士, 爱心企业 百色市红城建材有限公司; two on the public thanks list) and one 解忧超市 event where a
 * volunteer claimed a wish on paper.
 *
 * Posting and review go through the real use cases (rules, timeline, audit, notifications); the
 * claims are written directly, consistent with the tables (one live claim per wish), and the wish
 * moves through the workflow engine as the donor. The demo worker `13900000003` (岑德福's own
 * application) has one fulfilled wish with a thank-you note and no open one, so they can post.
 * Afterwards the times are moved back over the last two months.
 */

const BS_CAP_FEN = 60_000;
const DAY = 86_400_000;

interface PlannedWish {
  title: string;
  story: string;
  category: WishCategory;
  valueFen: number;
  to: WishState;
  /** Days ago the wish was posted. */
  daysAgo: number;
  donor?: 'donor' | 'donor_li' | 'donor_corp' | 'event';
  method?: FulfilmentMethod;
  thanks?: string;
}

const PLAN: PlannedWish[] = [
  {
    title: '给女儿买一双轮滑鞋',
    story: '女儿今年十岁，看到同学在广场上滑轮滑特别羡慕。我在环卫站上班，家里还有治病的开销，一直没舍得买。',
    category: 'culture',
    valueFen: 32_000,
    to: 'fulfilled',
    daysAgo: 50,
    donor: 'donor',
    method: 'direct',
    thanks: '谢谢蓝女士！孩子收到轮滑鞋高兴得一晚上没睡着，我们会好好生活。',
  },
  {
    title: '一台二手笔记本电脑',
    story: '儿子读高二，学校要求上网课交作业，家里只有一部旧手机，希望有一台能用的电脑帮他学习。',
    category: 'schooling',
    valueFen: 55_000,
    to: 'published',
    daysAgo: 12,
  },
  {
    title: '冬天用的棉被两床',
    story: '租住的平房冬天漏风，家里老人怕冷，现有的被子用了十几年，已经不暖和了。',
    category: 'living',
    valueFen: 40_000,
    to: 'published',
    daysAgo: 9,
  },
  {
    title: '一套护理床垫',
    story: '母亲长期卧床，容易生褥疮，医生建议用防褥疮气垫床，自己买负担较重。',
    category: 'health',
    valueFen: 48_000,
    to: 'published',
    daysAgo: 6,
  },
  {
    title: '参加电工证培训',
    story: '下岗后一直打零工，想考个低压电工证，找一份稳定的工作，培训费还差一些。',
    category: 'skills',
    valueFen: 58_000,
    to: 'published',
    daysAgo: 4,
  },
  {
    title: '一辆二手电动车',
    story: '每天骑自行车去十公里外的工地上班，腿有旧伤，希望有辆电动车节省体力。',
    category: 'career',
    valueFen: 60_000,
    to: 'claimed',
    daysAgo: 14,
    donor: 'donor_corp',
    method: 'viaUnion',
  },
  {
    title: '孩子的新书包和文具',
    story: '小女儿九月上一年级，哥哥的旧书包已经破了，想给她一个新书包和一套文具。',
    category: 'schooling',
    valueFen: 15_000,
    to: 'claimed',
    daysAgo: 8,
    donor: 'donor_li',
    method: 'direct',
  },
  {
    title: '一台电饭煲',
    story: '家里的电饭煲坏了，现在每天用铁锅煮饭，经常煮糊，想换一个新的。',
    category: 'living',
    valueFen: 20_000,
    to: 'sent',
    daysAgo: 16,
    donor: 'donor',
    method: 'direct',
  },
  {
    title: '一副老花眼镜和一个血压计',
    story: '父亲高血压需要每天测量，老花眼镜也看不清药盒上的字了。',
    category: 'health',
    valueFen: 25_000,
    to: 'fulfilled',
    daysAgo: 40,
    donor: 'donor_corp',
    method: 'viaUnion',
    thanks: '感谢红城建材的好心人，父亲现在每天都能按时测血压了。',
  },
  {
    title: '一个学习台灯',
    story: '孩子晚上在饭桌上写作业，灯光太暗，眼睛近视越来越厉害。',
    category: 'schooling',
    valueFen: 12_000,
    to: 'fulfilled',
    daysAgo: 30,
    donor: 'event',
    method: 'viaUnion',
  },
  {
    title: '一台洗衣机',
    story: '妻子手有残疾，家里衣服都靠手洗，冬天特别辛苦，希望有一台小洗衣机。',
    category: 'living',
    valueFen: 59_000,
    to: 'pending',
    daysAgo: 2,
  },
  {
    title: '考取育婴师证书',
    story: '想学育婴师技能找份家政工作，补贴家用，希望能资助一部分培训费用。',
    category: 'skills',
    valueFen: 50_000,
    to: 'pending',
    daysAgo: 1,
  },
  {
    title: '一部智能手机',
    story: '现在的手机是老人机，办事需要扫码、孩子学校发通知都看不到。',
    category: 'other',
    valueFen: 30_000,
    to: 'returned',
    daysAgo: 5,
  },
  {
    title: '家里装修翻新',
    story: '房子太旧了，想把厨房和卫生间重新装修一下，住得舒服一些。',
    category: 'living',
    valueFen: 58_000,
    to: 'rejected',
    daysAgo: 20,
  },
  {
    title: '给孩子报一个暑期游泳班',
    story: '孩子想学游泳，暑假在家没人看，报个游泳班既安全又能锻炼身体。',
    category: 'culture',
    valueFen: 18_000,
    to: 'withdrawn',
    daysAgo: 25,
  },
];

/** The demo donors: the existing `donor` account plus two created here (README "Demo accounts"). */
const DONORS = {
  donor: { kind: 'person', claimName: '蓝女士', enterpriseName: null, thanksList: true },
  donor_li: { kind: 'person', claimName: '李女士', enterpriseName: null, thanksList: false },
  donor_corp: {
    kind: 'enterprise',
    claimName: '百色市红城建材有限公司',
    enterpriseName: '百色市红城建材有限公司',
    thanksList: true,
  },
} as const;

const EVENT_VOLUNTEER = '陆志明';
const DEMO_WORKER = '13900000003';

async function actAs(deps: Deps, username: string): Promise<Ctx> {
  const [row] = await deps.database.db
    .select({ user: users, m: memberships, org: orgs })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(users.username, username))
    .limit(1);
  if (!row) throw new Error(`demo account ${username} missing`);
  return {
    db: deps.database.db,
    ip: null,
    deps,
    actor: {
      userId: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      sessionId: 'demo-seed',
      csrfToken: 'demo-seed',
      membership: {
        id: row.m.id,
        role: row.m.role as Role,
        orgId: row.org.id,
        orgPath: row.org.path,
        orgName: row.org.name,
        orgType: row.org.type as OrgType,
      },
    },
  };
}

const cst = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export interface WishesDemoSummary {
  wishes: number;
  byState: Record<string, number>;
  donors: number;
}

/** Seed the 微心愿 demo once (skipped when any wish exists), after the hardship demo. */
export async function seedWishesDemo(deps: Deps): Promise<WishesDemoSummary | null> {
  const [existing] = await deps.database.db.select({ n: count() }).from(wishes);
  if ((existing?.n ?? 0) > 0) return null;
  return deps.database.db.transaction((tx) => seedIn({ ...deps, database: { ...deps.database, db: tx } }));
}

async function seedIn(deps: Deps): Promise<WishesDemoSummary> {
  const db = deps.database.db;
  const [bs] = await db.select().from(orgs).where(eq(orgs.name, '百色市总工会'));
  if (!bs) throw new Error('demo org 百色市总工会 missing');
  const admin = await actAs(deps, 'gx_admin');
  await setWishSettings(admin, bs.id, { valueCapFen: BS_CAP_FEN, maxOpenWishes: 1, claimDays: 14 });

  // Donor profiles.
  const donorIds = new Map<string, number>();
  for (const [username, d] of Object.entries(DONORS)) {
    const ctx = await actAs(deps, username);
    const userId = ctx.actor?.userId ?? 0;
    donorIds.set(username, userId);
    await db
      .insert(donorProfiles)
      .values({
        userId,
        kind: d.kind,
        enterpriseName: d.enterpriseName,
        showOnThanksList: d.thanksList,
      })
      .onConflictDoNothing();
  }

  // Filed households: Baise's first (posted by its cadre), then others (by the national admin).
  const worker = await actAs(deps, DEMO_WORKER);
  const workerId = worker.actor?.userId ?? 0;
  const filed = await db
    .select({
      id: hardshipArchives.id,
      orgPath: hardshipArchives.orgPath,
      createdBy: hardshipArchives.createdBy,
      inBaise: sql<boolean>`${hardshipArchives.orgPath} like ${`${bs.path}.%`}`,
    })
    .from(hardshipArchives)
    .where(eq(hardshipArchives.state, 'filed'))
    .orderBy(sql`4 desc`, asc(hardshipArchives.id));
  const others = filed.filter((a) => a.createdBy !== workerId);
  const cadre = await actAs(deps, 'bs_cadre');
  const reviewer = await actAs(deps, 'yj_reviewer');
  const national = await actAs(deps, 'admin');
  const yjPath = reviewer.actor?.membership?.orgPath ?? '';
  const posterFor = (a: { inBaise: boolean }) => (a.inBaise ? cadre : national);
  /** Who acts for the union on a wish: Baise's cadre, elsewhere the national admin. */
  const unionFor = (orgPath: string) => (orgPath.startsWith(`${bs.path}.`) ? cadre : national);
  const reviewerFor = (orgPath: string) =>
    orgPath === yjPath || orgPath.startsWith(`${yjPath}.`)
      ? reviewer
      : orgPath.startsWith(`${bs.path}.`)
        ? cadre
        : national;

  const [activity] = await db
    .insert(wishActivities)
    .values({
      orgId: bs.id,
      orgPath: bs.path,
      title: '右江区“解忧超市”微心愿认领活动',
      heldOn: cst(new Date(Date.now() - 26 * DAY)),
      place: '右江区职工服务中心一楼',
      note: '现场认领心愿 1 个，由工会统一采购转交（演示数据）',
      createdBy: cadre.actor?.userId ?? null,
    })
    .returning({ id: wishActivities.id });

  const times: { wishId: number; start: Date }[] = [];
  // Wishes that end closed go first, so their archives can take an open one afterwards; each open
  // wish gets a household of its own (one open wish per archive).
  const closed = new Set<WishState>(['fulfilled', 'rejected', 'withdrawn']);
  const ordered = [...PLAN.filter((p) => closed.has(p.to)), ...PLAN.filter((p) => !closed.has(p.to))];
  let nextClosed = 0;
  let nextOpen = 0;
  for (const p of ordered) {
    const body = { title: p.title, story: p.story, category: p.category, valueFen: p.valueFen };
    // The worker's own wish is the fulfilled one with thanks from 蓝女士.
    const own = p.donor === 'donor' && p.to === 'fulfilled';
    let wishId: number;
    if (own) {
      wishId = (await postWish(worker, body)).id;
    } else {
      const a = closed.has(p.to) ? others[nextClosed++ % others.length] : others[nextOpen++];
      if (!a) throw new Error('not enough filed demo archives for the wishes demo');
      wishId = (await postWishOnBehalf(posterFor(a), { ...body, archiveId: a.id })).id;
    }
    const [posted] = await db
      .select({ orgPath: wishes.orgPath, orgId: wishes.orgId })
      .from(wishes)
      .where(eq(wishes.id, wishId));
    const orgPath = posted?.orgPath ?? '';
    const orgId = posted?.orgId ?? bs.id;
    times.push({ wishId, start: new Date(Date.now() - p.daysAgo * DAY) });
    const rev = reviewerFor(orgPath);
    if (p.to === 'pending') continue;
    if (p.to === 'returned') {
      await reviewWish(rev, wishId, 'return', '请说明旧手机的情况，以及新手机的主要用途');
      continue;
    }
    if (p.to === 'rejected') {
      await reviewWish(rev, wishId, 'reject', '房屋装修不属于微心愿帮扶范围，可申请住房救助');
      continue;
    }
    if (p.to === 'withdrawn') {
      await withdrawWish(unionFor(orgPath), wishId, '职工已自行解决，申请撤回');
      continue;
    }
    await reviewWish(rev, wishId, 'approve', '情况属实，同意发布');
    if (p.to === 'published' || !p.donor) continue;

    // The claim, as the claims service writes it; the wish moves as the donor (or the cadre at the event).
    const byEvent = p.donor === 'event';
    const donorUser = byEvent ? null : (donorIds.get(p.donor) ?? null);
    const d = byEvent ? null : DONORS[p.donor as keyof typeof DONORS];
    const actor = byEvent ? unionFor(orgPath) : await actAs(deps, p.donor);
    const live = p.to === 'claimed' || p.to === 'sent';
    await db.insert(wishClaims).values({
      wishId,
      donorUserId: donorUser,
      donorName: byEvent ? EVENT_VOLUNTEER : (d?.claimName ?? ''),
      donorKind: byEvent ? 'person' : (d?.kind ?? 'person'),
      activityId: byEvent ? (activity?.id ?? null) : null,
      state: live ? (p.to === 'claimed' ? 'active' : 'sent') : 'fulfilled',
      method: p.method ?? null,
      deadline: cst(new Date(Date.now() + 7 * DAY)),
      recordedBy: byEvent ? (actor.actor?.userId ?? null) : null,
    });
    const move = (ctx: Ctx, event: 'claim' | 'send') =>
      apply(ctx, wishFlow, {
        id: wishId,
        event,
        orgPath,
        orgId,
        scope: ctx.actor?.membership?.role === 'donor' ? 'checked-by-caller' : 'subtree',
        note: event === 'send' ? '已通过快递寄出' : null,
      });
    await move(actor, 'claim');
    await db.update(wishes).set({ claimedAt: new Date() }).where(eq(wishes.id, wishId));
    if (p.to === 'claimed') continue;
    if (p.method !== 'viaUnion') {
      await move(actor, 'send');
      await db
        .update(wishClaims)
        .set({
          sentAt: new Date(),
          sentNote: '已寄出，请注意查收',
          trackingNote: '中通快递 7312000000001（演示）',
        })
        .where(eq(wishClaims.wishId, wishId));
    }
    if (p.to === 'sent') continue;
    // Receipt: the worker for their own wish, the union for the others (handed over by the union).
    const union = unionFor(orgPath);
    await confirmReceipt(own ? worker : union, wishId, {
      note: own ? '收到了，谢谢' : '已由工会转交职工本人',
    });
    if (p.thanks && own) await thankDonor(worker, wishId, p.thanks);
    else if (p.thanks) await db.update(wishes).set({ thanks: p.thanks }).where(eq(wishes.id, wishId));
  }
  await backdate(deps, times);

  const rows = await db.select({ state: wishes.state, n: count() }).from(wishes).groupBy(wishes.state);
  return {
    wishes: PLAN.length,
    byState: Object.fromEntries(rows.map((r) => [r.state, r.n])),
    donors: donorIds.size,
  };
}

/**
 * Move each wish's story back in time: its events a day or two apart from the day it was posted
 * (the claims and the wish's own dates follow their events), so the wall and stats look lived-in.
 */
async function backdate(deps: Deps, times: { wishId: number; start: Date }[]) {
  const db = deps.database.db;
  for (const { wishId, start } of times) {
    const events = await db
      .select({ id: timelineEvents.id, event: timelineEvents.event })
      .from(timelineEvents)
      .where(
        and(eq(timelineEvents.entityType, wishFlow.entityType), eq(timelineEvents.entityId, String(wishId))),
      )
      .orderBy(asc(timelineEvents.id));
    const at = new Map<string, Date>();
    let t = start.getTime();
    for (const [i, e] of events.entries()) {
      if (i > 0) t = Math.min(t + (1 + ((wishId + i) % 3)) * DAY * 0.8, Date.now() - 3_600_000);
      const when = new Date(t);
      at.set(e.event, when);
      await db.update(timelineEvents).set({ at: when }).where(eq(timelineEvents.id, e.id));
    }
    const created = at.get('create') ?? start;
    const approved = at.get('approve') ?? null;
    const claimed = at.get('claim') ?? null;
    const last = new Date(t);
    await db
      .update(wishes)
      .set({
        createdAt: created,
        updatedAt: last,
        publishedAt: approved,
        claimedAt: claimed,
        fulfilledAt: at.get('confirm') ?? null,
      })
      .where(eq(wishes.id, wishId));
    if (claimed) {
      const deadline = new Date(claimed.getTime() + 14 * DAY);
      await db
        .update(wishClaims)
        .set({
          claimedAt: claimed,
          deadline: cst(deadline),
          sentAt: at.get('send') ?? (at.get('confirm') ? claimed : null),
          receivedAt: at.get('confirm') ?? null,
        })
        .where(eq(wishClaims.wishId, wishId));
    }
  }
  // The 解忧超市 was held the day its claim was recorded.
  await db.execute(sql`update wish_activities a set held_on = (c.claimed_at + interval '8 hours')::date
    from wish_claims c where c.activity_id = a.id`);
}
