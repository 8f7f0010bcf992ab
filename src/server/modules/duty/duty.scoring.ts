import { desc, eq, sql } from 'drizzle-orm';
import {
  type DutyItemKind,
  type DutySource,
  defaultSchemeDefinition,
  type TSchemeDefinition,
} from '../../../shared/duty.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { dutySchemes } from './duty.table.ts';

/**
 * The scoring core of 履职评价 (issue #9): which scheme is in force, which item a source counts under, and
 * the per-record points with the cap per term. Every writer of duty records calls `recomputePoints`
 * in its transaction, so the stored points are always those of the scheme in force.
 */

export type SchemeRow = typeof dutySchemes.$inferSelect;

/** The scheme version in force for a congress (the highest), or null before any. */
export async function currentScheme(db: DbOrTx, congressId: number): Promise<SchemeRow | null> {
  const [row] = await db
    .select()
    .from(dutySchemes)
    .where(eq(dutySchemes.congressId, congressId))
    .orderBy(desc(dutySchemes.version))
    .limit(1);
  return row ?? null;
}

/**
 * The scheme in force, installing the default (the seed's 2 + 8 indicators) as version 1 when the term
 * has none yet. Runs in the caller's transaction; concurrent first calls meet on the unique
 * (congress, version) index and the loser reads the winner's row.
 */
export async function ensureScheme(
  db: DbOrTx,
  congress: { id: number; orgId: number; orgPath: string },
  userId: number | null = null,
): Promise<SchemeRow> {
  const existing = await currentScheme(db, congress.id);
  if (existing) return existing;
  await db
    .insert(dutySchemes)
    .values({
      congressId: congress.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      version: 1,
      definition: defaultSchemeDefinition,
      note: '默认方案',
      createdBy: userId,
    })
    .onConflictDoNothing();
  const row = await currentScheme(db, congress.id);
  if (!row) throw new Error('scheme insert returned nothing');
  return row;
}

export interface SchemeItem {
  code: string;
  name: string;
  kind: DutyItemKind;
  firstLevel: string | null;
  /** Points per record (positive; a penalty's are subtracted). */
  points: number;
  cap: number | null;
  sources: DutySource[];
  manualEntry: boolean;
}

/** Every scorable item of a scheme: second-level indicators, bonuses, penalties. */
export function schemeItems(d: TSchemeDefinition): SchemeItem[] {
  return [
    ...d.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      kind: 'indicator' as const,
      firstLevel: i.firstLevel,
      points: i.pointsPerRecord,
      cap: i.capPerTerm,
      sources: i.sources,
      manualEntry: i.manualEntry,
    })),
    ...d.bonuses.map((b) => ({
      code: b.code,
      name: b.name,
      kind: 'bonus' as const,
      firstLevel: null,
      points: b.points,
      cap: b.capPerTerm,
      sources: b.sources,
      manualEntry: false,
    })),
    ...d.penalties.map((p) => ({
      code: p.code,
      name: p.name,
      kind: 'penalty' as const,
      firstLevel: null,
      points: p.points,
      cap: p.capPerTerm,
      sources: p.sources,
      manualEntry: false,
    })),
  ];
}

/** The item an automatic source counts under in this scheme (null: none). */
export function itemForSource(d: TSchemeDefinition, source: DutySource): SchemeItem | null {
  return schemeItems(d).find((i) => i.sources.includes(source)) ?? null;
}

/**
 * Re-score the records of a congress (or of one representative) under the scheme in force, in one
 * statement: automatic records are (re)mapped to the item counting their source, manual entries and
 * awards keep their item; a record earns `round(points × ratio)` when counted or approved; the cap
 * per term is applied per representative and item in order of `occurred_at` (the record that crosses
 * the cap earns the remainder, later ones 0); penalties come out negative. Returns how many records
 * changed. Call it inside the transaction that changed records or the scheme.
 */
export async function recomputePoints(
  db: DbOrTx,
  congressId: number,
  representativeId?: number,
): Promise<{ changed: number }> {
  const repFilter = representativeId == null ? sql`` : sql`and r.representative_id = ${representativeId}`;
  const rows = await sqlRows<{ id: number }>(
    db,
    sql`with s as (
        select definition as d from duty_schemes where congress_id = ${congressId} order by version desc limit 1
      ),
      items as (
        select i->>'code' as code, (i->>'pointsPerRecord')::int as pts, (i->>'capPerTerm')::int as cap, 1 as sign
          from s, jsonb_array_elements(s.d->'indicators') i
        union all
        select b->>'code', (b->>'points')::int, (b->>'capPerTerm')::int, 1
          from s, jsonb_array_elements(s.d->'bonuses') b
        union all
        select p->>'code', (p->>'points')::int, (p->>'capPerTerm')::int, -1
          from s, jsonb_array_elements(s.d->'penalties') p
      ),
      src as (
        select it->>'code' as code, x.source
          from s,
            jsonb_array_elements((s.d->'indicators') || (s.d->'bonuses') || (s.d->'penalties')) it,
            jsonb_array_elements_text(it->'sources') as x(source)
      ),
      mapped as (
        select r.id, r.representative_id, r.occurred_at, r.state, r.ratio,
          case when r.source in ('manual', 'award') then r.item_code else src.code end as code
        from duty_records r
        left join src on src.source = r.source
        where r.congress_id = ${congressId} ${repFilter}
      ),
      based as (
        select m.id, m.representative_id, m.occurred_at, m.code, it.cap, coalesce(it.sign, 1) as sign,
          case when m.state in ('counted', 'approved') and it.code is not null
            then round(it.pts * m.ratio)::int else 0 end as base
        from mapped m
        left join items it on it.code = m.code
      ),
      capped as (
        select b.*, sum(b.base) over (
            partition by b.representative_id, b.code order by b.occurred_at, b.id rows unbounded preceding
          ) as cum
        from based b
      ),
      final as (
        select id, code, sign * base as base_points,
          sign * (case when cap is null then base else greatest(0, least(base, cap - (cum - base))) end)::int as points
        from capped
      )
      update duty_records d
        set item_code = f.code, base_points = f.base_points, points = f.points, updated_at = now()
        from final f
        where d.id = f.id
          and (d.item_code is distinct from f.code or d.base_points <> f.base_points or d.points <> f.points)
        returning d.id`,
  );
  return { changed: rows.length };
}
