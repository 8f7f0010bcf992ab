import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TAppeal } from '../../../shared/appeals.ts';
import type { TFile } from '../../../shared/files.ts';
import { buildProposalsScene, type ProposalsScene, type SceneUser } from './proposals.fixture.ts';
import { PNG, uploadTo } from './upload.fixture.ts';

const base = '/api/v1/proposals';

const owner = (appealId: number) => `entityType=proposals.appeal&entityId=${appealId}`;

describe('职工事大家议 appeal photos (platform files, entity proposals.appeal)', () => {
  let t: TestApp;
  let s: ProposalsScene;
  beforeAll(async () => {
    t = await createTestApp();
    s = await buildProposalsScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function post(who: SceneUser, title: string): Promise<TAppeal> {
    const res = await who.agent.post(`${base}/appeals`, {
      category: 'safety',
      title,
      text: '车间东门的消防通道被货物堵住了，附上照片，请工会协调处理。',
      location: '纺织公司二号车间',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TAppeal;
  }
  const upload = (who: SceneUser, appealId: number, name = '通道.png', content = PNG, type?: string) =>
    uploadTo(who, 'proposals.appeal', appealId, name, content, type);

  it('the author attaches a photo to the open appeal; the union’s members see it, another union does not', async () => {
    const a = await post(s.worker, '消防通道被堵');
    const up = await upload(s.worker, a.id);
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json() as TFile;
    expect(file).toMatchObject({ entityType: 'proposals.appeal', entityId: String(a.id), mime: 'image/png' });

    // Another worker of the union, the township's staff and the author list and open it.
    for (const who of [s.worker2, s.cadre, s.worker]) {
      const list = await who.agent.get(`/api/v1/files?${owner(a.id)}`);
      expect(list.statusCode, list.body).toBe(200);
      expect((list.json() as { items: TFile[] }).items.map((f) => f.id)).toEqual([file.id]);
      const got = await who.agent.get(`/api/v1/files/${file.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.rawPayload.equals(PNG)).toBe(true);
    }

    // A member of another township's union: neither the list nor the file.
    expect((await s.otherWorker.agent.get(`/api/v1/files?${owner(a.id)}`)).statusCode).toBe(404);
    expect((await s.otherWorker.agent.get(`/api/v1/files/${file.id}`)).statusCode).toBe(404);
    expect((await s.otherCadre.agent.get(`/api/v1/files/${file.id}`)).statusCode).toBe(404);
  });

  it('another worker cannot attach; a file of the wrong type is refused with a Chinese message', async () => {
    const a = await post(s.worker, '食堂排队太久');
    const other = await upload(s.worker2, a.id);
    expect(other.statusCode).toBe(404);
    expect((await upload(s.otherWorker, a.id)).statusCode).toBe(404);
    const text = await upload(
      s.worker,
      a.id,
      'note.txt',
      Buffer.from('只是一段文字，不是照片'),
      'text/plain',
    );
    expect(text.statusCode).toBe(415);
    expect((text.json() as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fa5]/);
    const list = await s.worker.agent.get(`/api/v1/files?${owner(a.id)}`);
    expect((list.json() as { items: TFile[] }).items).toEqual([]);
  });

  it('the author cannot attach once the union has triaged it; the photo stays visible to the handler', async () => {
    const a = await post(s.worker, '宿舍热水不够');
    expect((await upload(s.worker, a.id)).statusCode).toBe(201);
    const triage = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'handle',
      handlerOrgId: s.textile.id,
    });
    expect(triage.statusCode, triage.body).toBe(200);
    const late = await upload(s.worker, a.id);
    // Refused like any other attach without the right: the platform answers 404 outside the actor's scope.
    expect(late.statusCode).toBe(404);
    const seen = await s.textileCadre.agent.get(`/api/v1/files?${owner(a.id)}`);
    expect(seen.statusCode).toBe(200);
    expect((seen.json() as { items: TFile[] }).items).toHaveLength(1);
    expect((await s.worker.agent.get(`/api/v1/files?${owner(a.id)}`)).statusCode).toBe(200);
  });
});
