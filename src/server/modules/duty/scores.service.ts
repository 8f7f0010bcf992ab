import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  type DutyItemKind,
  type DutyRecordState,
  type DutySource,
  dutyScoreDefinition,
  type TDutyProfile,
  type TDutyRecord,
  type TLeaderboard,
  type TLeaderboardRow,
  type TSchemeDefinition,
  type ZMyDuty,
} from '../../../shared/duty.ts';

type TMyDuty = z.infer<typeof ZMyDuty>;

import { type RepSector, repSectorLabels } from '../../../shared/proposals.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { files } from '../../platform/files/files.table.ts';
import { congressFacts, type Seat, seatById, seatsOf, seatsOfUser } from '../proposals/seats.service.ts';
import { currentScheme, schemeItems } from './duty.scoring.ts';
import { dutyArchiveScores, dutyArchives, dutyRecords } from './duty.table.ts';
import { congressAccess, congressRef, type DutyAccess, staffAccess } from './scheme.service.ts';

/**
 * Scores of 履职评价 (issue #9): per-representative totals, leaderboards (live, or the archive snapshot
 * of a closed term), the profile (履职画像) and the representative's own summary. Points are summed in
 * SQL per representative and item; the rows are assembled by the pure `assembleLeaderboard`.
 */

/** Records that earn points. */
const EARNING: DutyRecordState[] = ['counted', 'approved'];

export const round2 = (x: number): number => Math.round((x + Math.sign(x) * Number.EPSILON) * 100) / 100;

/** Σ points and record count of one representative under one item (counted/approved records). */
export interface ItemSum {
  representativeId: number;
  itemCode: string;
  points: number;
  records: number;
}

/** Per representative: effective records (counted/approved, any item) and the latest one's time. */
export interface RepStat {
  representativeId: number;
  records: number;
  lastRecordAt: string | null;
}

type RankedSeat = Pick<Seat, 'id' | 'name' | 'delegation' | 'sector' | 'orgId' | 'orgName'>;

/**
 * Competition ranks (1, 2, 2, 4) over rows already sorted by total desc: equal totals share a rank,
 * the next rank skips the tied places.
 */
function competitionRanks(totals: number[]): number[] {
  const ranks: number[] = [];
  totals.forEach((t, i) => {
    ranks.push(i > 0 && totals[i - 1] === t ? (ranks[i - 1] as number) : i + 1);
  });
  return ranks;
}

/**
 * The leaderboard rows of a term from the summed points (pure; unit-tested). For each first-level
 * indicator f: weighted_f = round2(weight_f × Σ points of f's indicators ÷ Σ caps of f's indicators);
 * total = round2(Σ weighted_f + bonus − penalty), so the shown weighted scores add up to the total.
 * `penalty` is the positive amount subtracted (penalty records are stored negative). Sorted by total
 * desc then name (zh collation); `rank` competition-style over all seats given, `delegationRank` within
 * the 代表小组. Pass only the seats to rank (active ones).
 */
export function assembleLeaderboard(
  def: TSchemeDefinition,
  seats: RankedSeat[],
  sums: ItemSum[],
  stats: RepStat[] = [],
): TLeaderboardRow[] {
  const items = schemeItems(def);
  const byRep = new Map<number, Map<string, ItemSum>>();
  for (const s of sums) {
    const m = byRep.get(s.representativeId) ?? new Map<string, ItemSum>();
    m.set(s.itemCode, s);
    byRep.set(s.representativeId, m);
  }
  const statOf = new Map(stats.map((s) => [s.representativeId, s]));
  const rows: TLeaderboardRow[] = seats.map((seat) => {
    const mine = byRep.get(seat.id) ?? new Map<string, ItemSum>();
    const itemScores = items.map((it) => ({
      code: it.code,
      name: it.name,
      kind: it.kind,
      firstLevel: it.firstLevel,
      points: mine.get(it.code)?.points ?? 0,
      cap: it.cap,
      records: mine.get(it.code)?.records ?? 0,
    }));
    const firstLevel = def.firstLevel.map((f) => {
      const under = itemScores.filter((i) => i.kind === 'indicator' && i.firstLevel === f.code);
      const points = under.reduce((a, i) => a + i.points, 0);
      const max = under.reduce((a, i) => a + (i.cap ?? 0), 0);
      return {
        code: f.code,
        name: f.name,
        weight: f.weight,
        points,
        max,
        weighted: max > 0 ? round2((f.weight * points) / max) : 0,
      };
    });
    const bonus = itemScores.filter((i) => i.kind === 'bonus').reduce((a, i) => a + i.points, 0);
    const penalty = -itemScores.filter((i) => i.kind === 'penalty').reduce((a, i) => a + i.points, 0);
    const total = round2(firstLevel.reduce((a, f) => a + f.weighted, 0) + bonus - penalty);
    const st = statOf.get(seat.id);
    return {
      rank: 0,
      delegationRank: 0,
      representative: {
        id: seat.id,
        name: seat.name,
        delegation: seat.delegation,
        sector: seat.sector,
        org: { id: seat.orgId, name: seat.orgName },
      },
      items: itemScores,
      firstLevel,
      bonus,
      penalty: penalty === 0 ? 0 : penalty,
      total,
      records: st?.records ?? 0,
      lastRecordAt: st?.lastRecordAt ?? null,
    };
  });
  rows.sort(
    (a, b) =>
      b.total - a.total ||
      a.representative.name.localeCompare(b.representative.name, 'zh-Hans-CN') ||
      a.representative.id - b.representative.id,
  );
  const ranks = competitionRanks(rows.map((r) => r.total));
  rows.forEach((r, i) => {
    r.rank = ranks[i] as number;
  });
  const groups = new Map<string, TLeaderboardRow[]>();
  for (const r of rows) {
    const g = groups.get(r.representative.delegation) ?? [];
    g.push(r);
    groups.set(r.representative.delegation, g);
  }
  for (const g of groups.values()) {
    const dr = competitionRanks(g.map((r) => r.total));
    g.forEach((r, i) => {
      r.delegationRank = dr[i] as number;
    });
  }
  return rows;
}

/** Σ points per representative and item over the term's counted/approved records (one SQL query). */
export async function itemSums(db: DbOrTx, congressId: number): Promise<ItemSum[]> {
  const rows = await db
    .select({
      representativeId: dutyRecords.representativeId,
      itemCode: sql<string>`${dutyRecords.itemCode}`,
      points: sql<number>`coalesce(sum(${dutyRecords.points}), 0)::int`,
      records: sql<number>`count(*)::int`,
    })
    .from(dutyRecords)
    .where(
      and(
        eq(dutyRecords.congressId, congressId),
        inArray(dutyRecords.state, EARNING),
        sql`${dutyRecords.itemCode} is not null`,
      ),
    )
    .groupBy(dutyRecords.representativeId, dutyRecords.itemCode);
  return rows.map((r) => ({ ...r, points: Number(r.points), records: Number(r.records) }));
}

/** Effective records (counted/approved) per representative and the latest one's time. */
export async function repStats(db: DbOrTx, congressId: number): Promise<RepStat[]> {
  const rows = await sqlRows<{ representative_id: number; records: number; last_at: Date | string | null }>(
    db,
    sql`select representative_id, count(*)::int as records, max(occurred_at) as last_at
      from duty_records where congress_id = ${congressId} and state in ('counted', 'approved')
      group by representative_id`,
  );
  return rows.map((r) => ({
    representativeId: Number(r.representative_id),
    records: Number(r.records),
    lastRecordAt: r.last_at == null ? null : new Date(r.last_at).toISOString(),
  }));
}

/** The live leaderboard rows of a term under the scheme in force (active seats ranked). */
export async function liveRows(db: DbOrTx, congressId: number, def: TSchemeDefinition) {
  // Sequential: `db` may be a transaction's single connection.
  const seats = await seatsOf(db, congressId);
  const sums = await itemSums(db, congressId);
  const stats = await repStats(db, congressId);
  return assembleLeaderboard(def, seats, sums, stats);
}

/** The leaderboard as it stands: the archive snapshot for an archived term, else live. */
export async function termRows(
  db: DbOrTx,
  congressId: number,
): Promise<{
  rows: TLeaderboardRow[];
  schemeVersion: number;
  definition: TSchemeDefinition | null;
  archivedAt: string | null;
}> {
  const [archive] = await db.select().from(dutyArchives).where(eq(dutyArchives.congressId, congressId));
  const scheme = await currentScheme(db, congressId);
  if (archive) {
    const snap = await db
      .select({ row: dutyArchiveScores.row })
      .from(dutyArchiveScores)
      .where(eq(dutyArchiveScores.congressId, congressId));
    const rows = snap
      .map((s) => s.row)
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          a.representative.name.localeCompare(b.representative.name, 'zh-Hans-CN') ||
          a.representative.id - b.representative.id,
      );
    return {
      rows,
      schemeVersion: archive.schemeVersion,
      definition: scheme?.definition ?? null,
      archivedAt: archive.archivedAt.toISOString(),
    };
  }
  if (!scheme) return { rows: [], schemeVersion: 0, definition: null, archivedAt: null };
  return {
    rows: await liveRows(db, congressId, scheme.definition),
    schemeVersion: scheme.version,
    definition: scheme.definition,
    archivedAt: null,
  };
}

const filterRows = (
  rows: TLeaderboardRow[],
  q: { delegation?: string | undefined; q?: string | undefined },
) =>
  rows.filter(
    (r) =>
      (!q.delegation || r.representative.delegation === q.delegation) &&
      (!q.q || r.representative.name.includes(q.q)),
  );

/** 履职积分排行: staff in the union's subtree and the congress's representatives. */
export async function getLeaderboard(
  ctx: Ctx,
  congressId: number,
  q: { delegation?: string | undefined; q?: string | undefined },
): Promise<TLeaderboard> {
  const access = await congressAccess(ctx, congressId);
  return leaderboardOf(ctx.db, access, q);
}

export async function leaderboardOf(
  db: DbOrTx,
  access: DutyAccess,
  q: { delegation?: string | undefined; q?: string | undefined },
): Promise<TLeaderboard> {
  const c = access.congress;
  const term = await termRows(db, c.id);
  return {
    congress: congressRef(c),
    schemeVersion: term.schemeVersion,
    archived: term.archivedAt != null,
    archivedAt: term.archivedAt,
    definition: dutyScoreDefinition,
    delegations: [...new Set(term.rows.map((r) => r.representative.delegation))].sort((a, b) =>
      a.localeCompare(b, 'zh-Hans-CN'),
    ),
    rows: filterRows(term.rows, q),
  };
}

// ---------------------------------------------------------------- records as the API shows them

const creator = alias(users, 'creator');
const reviewer = alias(users, 'reviewer');

/**
 * Duty records as the API shows them (`ZDutyRecord`), newest first (occurred_at desc, id desc), for
 * any condition on `duty_records` (e.g. `and(eq(dutyRecords.congressId, 3), eq(dutyRecords.state,
 * 'pending'))`). No access checks: the caller scopes `where`. Names and delegations come from the
 * congress's seats, item names from the scheme in force of each record's term, `fileCount` from the
 * evidence uploaded to `duty.record/<id>`. `page` limits and offsets the query.
 */
export async function toDutyRecords(
  db: DbOrTx,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<TDutyRecord[]> {
  let query = db
    .select({
      r: dutyRecords,
      creatorName: creator.displayName,
      reviewerName: reviewer.displayName,
      fileCount: sql<number>`(select count(*)::int from ${files}
        where ${files.entityType} = 'duty.record' and ${files.entityId} = ${dutyRecords.id}::text)`,
    })
    .from(dutyRecords)
    .leftJoin(creator, eq(creator.id, dutyRecords.createdBy))
    .leftJoin(reviewer, eq(reviewer.id, dutyRecords.reviewedBy))
    .where(where)
    .orderBy(desc(dutyRecords.occurredAt), desc(dutyRecords.id))
    .$dynamic();
  if (page) query = query.limit(page.limit).offset(page.offset);
  const rows = await query;
  const congressIds = [...new Set(rows.map((x) => x.r.congressId))];
  const seatMap = new Map<number, Seat>();
  const itemMap = new Map<string, { code: string; name: string; kind: DutyItemKind }>();
  for (const cid of congressIds) {
    for (const seat of await seatsOf(db, cid, true)) seatMap.set(seat.id, seat);
    const scheme = await currentScheme(db, cid);
    if (scheme)
      for (const it of schemeItems(scheme.definition))
        itemMap.set(`${cid}:${it.code}`, { code: it.code, name: it.name, kind: it.kind });
  }
  return rows.map(({ r, creatorName, reviewerName, fileCount }) => {
    const seat = seatMap.get(r.representativeId);
    const item = r.itemCode
      ? (itemMap.get(`${r.congressId}:${r.itemCode}`) ?? {
          code: r.itemCode,
          name: r.itemCode,
          kind: 'indicator' as const,
        })
      : null;
    return {
      id: r.id,
      congressId: r.congressId,
      representative: { id: r.representativeId, name: seat?.name ?? '', delegation: seat?.delegation ?? '' },
      source: r.source as DutySource,
      item,
      title: r.title,
      detail: r.detail,
      occurredAt: r.occurredAt.toISOString(),
      state: r.state as DutyRecordState,
      points: r.points,
      basePoints: r.basePoints,
      capped: r.points !== r.basePoints,
      sourceRef: r.sourceRef,
      createdBy: r.createdBy == null ? null : { id: r.createdBy, name: creatorName ?? '' },
      reviewedBy: r.reviewedBy == null ? null : { id: r.reviewedBy, name: reviewerName ?? '' },
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      rejectReason: r.rejectReason,
      fileCount: Number(fileCount),
      createdAt: r.createdAt.toISOString(),
    };
  });
}

// ---------------------------------------------------------------- profile and 我的履职

/**
 * 履职画像 of one seat: staff with duty.view in the congress union's subtree, or the representative
 * themself; anyone else (other representatives of the same congress too) gets 404.
 */
export async function getProfile(ctx: Ctx, representativeId: number): Promise<TDutyProfile> {
  const actor = requireActor(ctx);
  const seat = await seatById(ctx.db, representativeId);
  if (!seat) throw notFound('代表不存在或无权查看');
  const c = await congressFacts(ctx.db, seat.congressId);
  if (!c) throw notFound('代表不存在或无权查看');
  const m = actor.membership;
  const staff =
    roleMay(m.role, 'duty.view') && (c.orgPath === m.orgPath || c.orgPath.startsWith(`${m.orgPath}.`));
  if (!staff && seat.userId !== actor.userId) throw notFound('代表不存在或无权查看');
  const term = await termRows(ctx.db, c.id);
  const def = term.definition;
  let score = term.rows.find((r) => r.representative.id === seat.id);
  if (!score && def) {
    // An inactive seat is not ranked; its score is still shown (rank 0).
    const [row] = assembleLeaderboard(
      def,
      [seat],
      (await itemSums(ctx.db, c.id)).filter((s) => s.representativeId === seat.id),
      (await repStats(ctx.db, c.id)).filter((s) => s.representativeId === seat.id),
    );
    if (row) score = { ...row, rank: 0, delegationRank: 0 };
  }
  if (!score) throw notFound('代表不存在或无权查看');
  const radar = score.items
    .filter((i) => i.kind === 'indicator')
    .map((i) => ({ code: i.code, name: i.name, points: i.points, cap: i.cap ?? 0 }));
  return {
    congress: congressRef(c),
    archived: term.archivedAt != null,
    schemeVersion: term.schemeVersion,
    definition: dutyScoreDefinition,
    score,
    representativeCount: term.rows.length,
    radar,
    records: await toDutyRecords(
      ctx.db,
      and(eq(dutyRecords.congressId, c.id), eq(dutyRecords.representativeId, seat.id)),
    ),
  };
}

/** 我的履职: each seat of the caller with total, rank, effective and pending records. */
export async function myDuty(ctx: Ctx): Promise<TMyDuty> {
  const actor = requireActor(ctx);
  const seats = await seatsOfUser(ctx.db, actor.userId);
  const out: TMyDuty = [];
  for (const seat of seats) {
    const c = await congressFacts(ctx.db, seat.congressId);
    if (!c) continue;
    const term = await termRows(ctx.db, c.id);
    const row = term.rows.find((r) => r.representative.id === seat.id);
    if (!row && !seat.active) continue;
    const [pending] = await sqlRows<{ n: number }>(
      ctx.db,
      sql`select count(*)::int as n from duty_records where congress_id = ${c.id}
        and representative_id = ${seat.id} and state = 'pending'`,
    );
    out.push({
      congress: congressRef(c),
      representativeId: seat.id,
      total: row?.total ?? 0,
      rank: row?.rank ?? 0,
      representativeCount: term.rows.length,
      records: row?.records ?? 0,
      pending: Number(pending?.n ?? 0),
    });
  }
  return out;
}

// ---------------------------------------------------------------- Excel export

/**
 * The leaderboard (filters applied) as a workbook: 排名, 代表, 代表小组, 界别, 单位, one column per
 * second-level indicator, 加分, 减分, 总分, plus a sheet with the scoring definition. Staff only
 * (duty.view in the subtree); audited `duty.export`. An archived term exports its snapshot.
 */
export async function exportLeaderboard(
  ctx: Ctx,
  congressId: number,
  q: { delegation?: string | undefined; q?: string | undefined },
): Promise<{ buffer: Buffer; board: TLeaderboard }> {
  const access = await staffAccess(ctx, congressId);
  const board = await leaderboardOf(ctx.db, access, q);
  const indicators =
    board.rows[0]?.items.filter((i) => i.kind === 'indicator') ??
    (await currentScheme(ctx.db, congressId))?.definition.indicators.map((i) => ({
      code: i.code,
      name: i.name,
    })) ??
    [];
  const sheets: Sheet[] = [
    {
      name: '履职积分排行',
      headers: [
        { header: '排名', width: 6 },
        { header: '组内排名', width: 8 },
        { header: '代表', width: 10 },
        { header: '代表小组', width: 22 },
        { header: '界别', width: 12 },
        { header: '单位', width: 30 },
        ...indicators.map((i) => ({ header: i.name, width: 10 })),
        { header: '加分', width: 8 },
        { header: '减分', width: 8 },
        { header: '总分', width: 10 },
        { header: '记录数', width: 8 },
      ],
      rows: board.rows.map((r) => [
        r.rank,
        r.delegationRank,
        r.representative.name,
        r.representative.delegation,
        repSectorLabels[r.representative.sector as RepSector] ?? r.representative.sector,
        r.representative.org.name,
        ...indicators.map((i) => r.items.find((x) => x.code === i.code)?.points ?? 0),
        r.bonus,
        r.penalty,
        r.total,
        r.records,
      ]),
    },
    {
      name: '口径说明',
      headers: [
        { header: '项目', width: 16 },
        { header: '说明', width: 110 },
      ],
      rows: [
        ['会员代表大会', board.congress.name],
        ['方案版本', `第 ${board.schemeVersion} 版`],
        ['数据', board.archived ? `归档快照（${board.archivedAt ?? ''}）` : '实时'],
        ['总分', dutyScoreDefinition],
        [
          '排名',
          '按总分从高到低竞争排名（同分同名次，如 1、2、2、4）；代表小组内另行排名；已停用的代表不参加排名',
        ],
      ],
    },
  ];
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'duty.export',
    entityType: 'congress',
    entityId: board.congress.id,
    orgId: access.congress.orgId,
    orgPath: access.congress.orgPath,
    detail: {
      rows: board.rows.length,
      archived: board.archived,
      delegation: q.delegation ?? null,
      q: q.q ?? null,
    },
  });
  return { buffer, board };
}
