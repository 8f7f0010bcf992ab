import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import { auditLog } from '../audit/audit.table.ts';
import { orgs } from './orgs.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let gxAdmin: Agent;
let shAdmin: Agent;
let cadre: Agent;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  gxAdmin = await loginAs(t, await buildUser(t, { org: scene.gx, role: 'admin' }));
  shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
  cadre = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

describe('org tree', () => {
  it('lists exactly the caller’s subtree, parents first', async () => {
    const res = await gxAdmin.get('/api/v1/orgs');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((o: { name: string }) => o.name);
    expect(names).toEqual(['广西壮族自治区总工会', '百色市总工会', '右江区总工会', '右江区某基层工会']);
    expect(res.json().items[0].childCount).toBe(1);
  });

  it('filters by name and type, and lists direct children only', async () => {
    const byName = await gxAdmin.get(`/api/v1/orgs?q=${encodeURIComponent('右江')}`);
    expect(byName.json().items.map((o: { id: number }) => o.id)).toEqual([scene.yj.id, scene.unionA.id]);
    const byType = await gxAdmin.get('/api/v1/orgs?type=grassroots');
    expect(byType.json().items.map((o: { id: number }) => o.id)).toEqual([scene.unionA.id]);
    const children = await gxAdmin.get(`/api/v1/orgs?rootId=${scene.gx.id}&childrenOnly=1`);
    expect(children.json().items.map((o: { id: number }) => o.id)).toEqual([scene.bs.id]);
  });

  it('refuses another org’s records with 404, and unauthenticated calls with 401', async () => {
    expect((await gxAdmin.get(`/api/v1/orgs/${scene.unionB.id}`)).statusCode).toBe(404);
    expect((await gxAdmin.get(`/api/v1/orgs?rootId=${scene.sh.id}`)).statusCode).toBe(404);
    expect((await gxAdmin.patch(`/api/v1/orgs/${scene.unionB.id}`, { name: '改名' })).statusCode).toBe(404);
    expect((await gxAdmin.post(`/api/v1/orgs/${scene.unionB.id}/deactivate`, {})).statusCode).toBe(404);
    expect(
      (
        await gxAdmin.post('/api/v1/orgs', {
          parentId: scene.sh.id,
          type: 'grassroots',
          name: '越权新建工会',
        })
      ).statusCode,
    ).toBe(404);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/orgs' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses writes to a role without the action with 403', async () => {
    const res = await cadre.post('/api/v1/orgs', {
      parentId: scene.yj.id,
      type: 'grassroots',
      name: '干部新建的工会',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect((await cadre.get(`/api/v1/orgs/${scene.yj.id}`)).statusCode).toBe(200);
  });
});

describe('create, rename, move, deactivate', () => {
  it('creates an org under a parent in the subtree with its path, and audits it', async () => {
    const res = await gxAdmin.post('/api/v1/orgs', {
      parentId: scene.yj.id,
      type: 'grassroots',
      name: '右江区新建基层工会',
      regionCode: '451002',
    });
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(org.path).toBe(`${scene.yj.path}.${org.id}`);
    expect(org.depth).toBe(scene.yj.path.split('.').length);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(org.id)));
    expect(audit.map((a) => a.action)).toContain('org.create');
    const timeline = await gxAdmin.get(`/api/v1/timeline/org/${org.id}`);
    expect(timeline.json().items.map((e: { event: string }) => e.event)).toEqual(['create']);
  });

  it('rejects bad input with field details', async () => {
    const res = await gxAdmin.post('/api/v1/orgs', {
      parentId: scene.yj.id,
      type: 'castle',
      name: 'x',
      regionCode: '12',
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.type', 'body.name', 'body.regionCode']));
  });

  it('never gives two orgs under one parent the same name: create, rename, move, or two at once', async () => {
    const taken = await gxAdmin.post('/api/v1/orgs', {
      parentId: scene.bs.id,
      type: 'county',
      name: scene.yj.name,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({
      code: 'ORG_NAME_TAKEN',
      message: `${scene.bs.name}下已有名为「${scene.yj.name}」的组织`,
      details: [{ field: 'name' }],
    });
    // The same name under another parent is fine.
    const elsewhere = await gxAdmin.post('/api/v1/orgs', {
      parentId: scene.yj.id,
      type: 'township',
      name: scene.yj.name,
    });
    expect(elsewhere.statusCode).toBe(201);
    const sibling = await buildOrg(t, { name: '同级改名工会', type: 'grassroots', parent: scene.yj });
    const rename = await gxAdmin.patch(`/api/v1/orgs/${sibling.id}`, { name: scene.unionA.name });
    expect(rename.json().error.code).toBe('ORG_NAME_TAKEN');
    // Keeping its own name (changing only the region code) is not a clash with itself.
    expect(
      (await gxAdmin.patch(`/api/v1/orgs/${sibling.id}`, { name: '同级改名工会', regionCode: '451002' }))
        .statusCode,
    ).toBe(200);
    const twin = await buildOrg(t, { name: scene.unionA.name, type: 'grassroots', parent: scene.bs });
    const move = await gxAdmin.post(`/api/v1/orgs/${twin.id}/move`, { parentId: scene.yj.id });
    expect(move.json().error.code).toBe('ORG_NAME_TAKEN');
    // Two admins creating the same name at once: exactly one is created.
    const other = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
    const body = { parentId: scene.bs.id, type: 'county', name: '并发新建区总工会' };
    const results = await Promise.all([gxAdmin.post('/api/v1/orgs', body), other.post('/api/v1/orgs', body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const named = await t.database.db.select().from(orgs).where(eq(orgs.name, '并发新建区总工会'));
    expect(named).toHaveLength(1);
  });

  it('renames within the subtree', async () => {
    const res = await gxAdmin.patch(`/api/v1/orgs/${scene.unionA.id}`, { name: '右江区某某基层工会' });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('右江区某某基层工会');
  });

  it('moves a subtree and re-paths every descendant in one go', async () => {
    const county = await buildOrg(t, { name: '田阳区总工会', type: 'county', parent: scene.bs });
    const town = await buildOrg(t, { name: '某镇总工会', type: 'township', parent: county });
    const leaf = await buildOrg(t, { name: '某镇基层工会', type: 'grassroots', parent: town });
    const target = await buildOrg(t, { name: '那坡县总工会', type: 'county', parent: scene.bs });
    const res = await gxAdmin.post(`/api/v1/orgs/${town.id}/move`, { parentId: target.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().path).toBe(`${target.path}.${town.id}`);
    const [movedLeaf] = await t.database.db.select().from(orgs).where(eq(orgs.id, leaf.id));
    expect(movedLeaf?.path).toBe(`${target.path}.${town.id}.${leaf.id}`);
    expect(movedLeaf?.depth).toBe(target.path.split('.').length + 1);
  });

  it('refuses moving an org under its own descendant, or under another org’s tree', async () => {
    const into = await gxAdmin.post(`/api/v1/orgs/${scene.yj.id}/move`, { parentId: scene.unionA.id });
    expect(into.statusCode).toBe(409);
    expect(into.json().error.code).toBe('MOVE_INTO_OWN_SUBTREE');
    const outside = await gxAdmin.post(`/api/v1/orgs/${scene.yj.id}/move`, { parentId: scene.sh.id });
    expect(outside.statusCode).toBe(404);
  });

  it('deactivates only leaves first, then reactivates; the timeline shows both', async () => {
    const parent = await buildOrg(t, { name: '待停用区总工会', type: 'county', parent: scene.bs });
    const child = await buildOrg(t, { name: '待停用基层工会', type: 'grassroots', parent });
    const blocked = await gxAdmin.post(`/api/v1/orgs/${parent.id}/deactivate`, {});
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('HAS_ACTIVE_CHILDREN');
    expect(
      (await gxAdmin.post(`/api/v1/orgs/${child.id}/deactivate`, { note: '单位撤销' })).json().state,
    ).toBe('inactive');
    expect((await gxAdmin.post(`/api/v1/orgs/${parent.id}/deactivate`, {})).json().state).toBe('inactive');
    const again = await gxAdmin.post(`/api/v1/orgs/${parent.id}/deactivate`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ILLEGAL_TRANSITION');
    const renameInactive = await gxAdmin.patch(`/api/v1/orgs/${parent.id}`, { name: '停用后改名' });
    expect(renameInactive.statusCode).toBe(409);
    const childFirst = await gxAdmin.post(`/api/v1/orgs/${child.id}/activate`, {});
    expect(childFirst.json().error.code).toBe('PARENT_INACTIVE');
    expect((await gxAdmin.post(`/api/v1/orgs/${parent.id}/activate`, {})).json().state).toBe('active');
    const tl = await gxAdmin.get(`/api/v1/timeline/org/${child.id}`);
    expect(tl.json().items).toMatchObject([
      { event: 'deactivate', fromState: 'active', toState: 'inactive', note: '单位撤销' },
    ]);
  });

  it('two admins deactivating the same org at once: exactly one wins', async () => {
    const org = await buildOrg(t, { name: '并发停用工会', type: 'grassroots', parent: scene.yj });
    const other = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
    const results = await Promise.all([
      gxAdmin.post(`/api/v1/orgs/${org.id}/deactivate`, {}),
      other.post(`/api/v1/orgs/${org.id}/deactivate`, {}),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const tl = await gxAdmin.get(`/api/v1/timeline/org/${org.id}`);
    expect(tl.json().items).toHaveLength(1);
  });

  it('the public union directory needs no login and lists no partners', async () => {
    await buildOrg(t, { name: '百色某物流公司', type: 'logistics', parent: scene.bs });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/directory?q=${encodeURIComponent('百色')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((o: { name: string }) => o.name)).toEqual(['百色市总工会']);
  });

  it('shAdmin cannot see the timeline of a Guangxi org', async () => {
    expect((await shAdmin.get(`/api/v1/timeline/org/${scene.yj.id}`)).statusCode).toBe(404);
  });
});
