import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import { resolveSession } from '../auth/sessions.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { orgs } from '../orgs/orgs.table.ts';
import { timelineEvents } from './workflow.table.ts';
import { apply, defineFlow } from './workflow.ts';

// A flow over the orgs table with a step only reviewers may take, to test the engine itself.
const reviewFlow = defineFlow({
  entityType: 'org',
  table: 'orgs',
  states: ['active', 'inactive'] as const,
  stateLabels: { active: '启用', inactive: '已停用' },
  eventLabels: { close: '关闭', reopen: '重开' },
  transitions: [
    { from: ['active'], event: 'close', to: 'inactive', roles: ['reviewer'] },
    { from: ['inactive'], event: 'reopen', to: 'active', roles: ['reviewer', 'admin'] },
  ],
});

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
});
afterAll(async () => {
  await t.close();
});

async function ctxFor(role: 'reviewer' | 'admin' | 'cadre', org = scene.gx): Promise<Ctx> {
  const user = await buildUser(t, { org, role });
  const agent = await loginAs(t, user);
  const actor = await resolveSession(t.database.db, agent.cookie, 60);
  return { db: t.database.db, actor, ip: '127.0.0.1', deps: t.app.deps };
}

const run = (ctx: Ctx, id: number, path: string, event: 'close' | 'reopen') =>
  t.database.db.transaction((tx) =>
    apply({ ...ctx, db: tx }, reviewFlow, { id, event, orgPath: path, orgId: id }),
  );

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : String(e);
  }
};

describe('workflow.apply', () => {
  it('moves the state, writes the timeline and the audit row in one transaction', async () => {
    const org = await buildOrg(t, { name: '流程测试工会一', type: 'grassroots', parent: scene.yj });
    const reviewer = await ctxFor('reviewer');
    expect(await run(reviewer, org.id, org.path, 'close')).toEqual({ from: 'active', to: 'inactive' });
    const [row] = await t.database.db.select().from(orgs).where(eq(orgs.id, org.id));
    expect(row?.state).toBe('inactive');
    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.entityType, 'org'), eq(timelineEvents.entityId, String(org.id))));
    expect(events).toMatchObject([
      { event: 'close', fromState: 'active', toState: 'inactive', actorRole: 'reviewer' },
    ]);
  });

  it('refuses an event that is not allowed from the current state (409) and changes nothing', async () => {
    const org = await buildOrg(t, { name: '流程测试工会二', type: 'grassroots', parent: scene.yj });
    const reviewer = await ctxFor('reviewer');
    expect(await codeOf(run(reviewer, org.id, org.path, 'reopen'))).toBe('409 ILLEGAL_TRANSITION');
    const [row] = await t.database.db.select().from(orgs).where(eq(orgs.id, org.id));
    expect(row?.state).toBe('active');
  });

  it('refuses a role not listed on the transition (403)', async () => {
    const org = await buildOrg(t, { name: '流程测试工会三', type: 'grassroots', parent: scene.yj });
    expect(await codeOf(run(await ctxFor('admin'), org.id, org.path, 'close'))).toBe('403 FORBIDDEN');
    expect(await codeOf(run(await ctxFor('cadre'), org.id, org.path, 'close'))).toBe('403 FORBIDDEN');
  });

  it('refuses a record outside the actor’s subtree (404)', async () => {
    const reviewerSh = await ctxFor('reviewer', scene.sh);
    expect(await codeOf(run(reviewerSh, scene.unionA.id, scene.unionA.path, 'close'))).toBe('404 NOT_FOUND');
  });

  it('two racing transitions: exactly one wins, the other gets 409, one timeline event', async () => {
    for (let round = 0; round < 5; round++) {
      const org = await buildOrg(t, { name: `并发流程工会${round}`, type: 'grassroots', parent: scene.yj });
      const [a, b] = [await ctxFor('reviewer'), await ctxFor('reviewer')];
      const results = await Promise.all([
        codeOf(run(a, org.id, org.path, 'close')),
        codeOf(run(b, org.id, org.path, 'close')),
      ]);
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r.startsWith('409'))).toHaveLength(1);
      const events = await t.database.db
        .select()
        .from(timelineEvents)
        .where(and(eq(timelineEvents.entityType, 'org'), eq(timelineEvents.entityId, String(org.id))));
      expect(events).toHaveLength(1);
    }
  });
});
