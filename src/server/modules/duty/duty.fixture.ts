import type { TestApp } from '../../../../test/app.ts';
import type { DutySource } from '../../../shared/duty.ts';
import { buildProposalsScene, type ProposalsScene } from '../proposals/proposals.fixture.ts';
import { ensureScheme, recomputePoints } from './duty.scoring.ts';
import { dutyRecords } from './duty.table.ts';

/**
 * The 履职评价 test scene (issue #9): the 云履职 scene (林埭镇 congress with rep1…rep4, cadres, reviewer,
 * workers, the other township's congress and representative) with the default scheme installed.
 */
export type DutyScene = ProposalsScene;

export async function buildDutyScene(t: TestApp): Promise<DutyScene> {
  const s = await buildProposalsScene(t);
  for (const [id, org] of [
    [s.congressId, s.township],
    [s.otherCongressId, s.otherTownship],
  ] as const) {
    await ensureScheme(t.database.db, { id, orgId: org.id, orgPath: org.path });
  }
  return s;
}

/**
 * A duty record inserted straight into the table (for scoring tests), re-scored at once. `sourceRef`
 * defaults to a fresh unique value for automatic sources.
 */
let seq = 0;
export async function insertDutyRecord(
  t: TestApp,
  s: DutyScene,
  repId: number,
  source: DutySource,
  over: {
    occurredAt?: Date;
    state?: string;
    itemCode?: string | null;
    ratio?: number;
    congressId?: number;
  } = {},
): Promise<number> {
  seq += 1;
  const congressId = over.congressId ?? s.congressId;
  const org = congressId === s.congressId ? s.township : s.otherTownship;
  const [row] = await t.database.db
    .insert(dutyRecords)
    .values({
      congressId,
      orgId: org.id,
      orgPath: org.path,
      representativeId: repId,
      source,
      sourceRef: source === 'manual' || source === 'award' ? null : `test:${seq}`,
      itemCode: over.itemCode ?? null,
      title: `测试记录 ${seq}`,
      occurredAt: over.occurredAt ?? new Date(Date.UTC(2026, 2, 1, 0, 0, seq)),
      state: over.state ?? (source === 'manual' ? 'pending' : 'counted'),
      ratio: over.ratio ?? 1,
    })
    .returning({ id: dutyRecords.id });
  if (!row) throw new Error('duty record insert failed');
  await recomputePoints(t.database.db, congressId, repId);
  return row.id;
}
