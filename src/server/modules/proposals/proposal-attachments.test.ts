import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TFile } from '../../../shared/files.ts';
import type { TProposal } from '../../../shared/proposals.ts';
import {
  buildProposalsScene,
  type ProposalsScene,
  proposalDraftInput,
  type SceneUser,
} from './proposals.fixture.ts';
import { PDF, PNG, uploadTo } from './upload.fixture.ts';

/**
 * 云履职 proposal attachments (issue #8 point 2): platform files on `proposals.proposal`. The proposer
 * attaches while drafting (草稿 / 联名中 / 退回修改); co-signers see them from the invitation, the union's
 * members once it is submitted; another union sees nothing.
 */
const BASE = '/api/v1/proposals/proposals';
const owner = (id: number) => `entityType=proposals.proposal&entityId=${id}`;

describe('proposal attachments (platform files, entity proposals.proposal)', () => {
  let t: TestApp;
  let s: ProposalsScene;
  beforeAll(async () => {
    t = await createTestApp();
    s = await buildProposalsScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function act(who: SceneUser, id: number, path: string, body?: unknown): Promise<TProposal> {
    const res = await who.agent.post(`${BASE}/${id}/${path}`, body);
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    return res.json();
  }
  async function draft(): Promise<TProposal> {
    const res = await s.rep1.agent.post(
      BASE,
      proposalDraftInput(s, { cosignerIds: [s.rep2.repId, s.rep3.repId] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const upload = (who: SceneUser, id: number, name = '现场.png', content = PNG, type?: string) =>
    uploadTo(who, 'proposals.proposal', id, name, content, type);
  const listed = async (who: SceneUser, id: number) => {
    const res = await who.agent.get(`/api/v1/files?${owner(id)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: TFile[] }).items;
  };

  it('the proposer attaches to the draft; co-signers, then the union’s members, list and download', async () => {
    const p = await draft();
    const photo = await upload(s.rep1, p.id);
    expect(photo.statusCode, photo.body).toBe(201);
    const doc = await upload(s.rep1, p.id, '调研报告.pdf', PDF, 'application/pdf');
    expect(doc.statusCode, doc.body).toBe(201);
    const [png, pdf] = [photo.json() as TFile, doc.json() as TFile];
    expect(png).toMatchObject({
      entityType: 'proposals.proposal',
      entityId: String(p.id),
      mime: 'image/png',
    });
    expect(pdf).toMatchObject({ originalName: '调研报告.pdf', mime: 'application/pdf' });

    // While drafting: the proposer and an invited co-signer; not a member of the union yet.
    for (const who of [s.rep1, s.rep2]) {
      expect((await listed(who, p.id)).map((f) => f.id).sort()).toEqual([png.id, pdf.id].sort());
    }
    expect((await s.worker.agent.get(`/api/v1/files?${owner(p.id)}`)).statusCode).toBe(404);

    const got = await s.rep2.agent.get(`/api/v1/files/${pdf.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(got.rawPayload.equals(PDF)).toBe(true);

    // 联名中: still the proposer's to add to.
    await act(s.rep1, p.id, 'open-cosign');
    expect((await upload(s.rep1, p.id, '补充.png')).statusCode).toBe(201);
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep3, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep1, p.id, 'submit');

    // Submitted: a worker and another representative of the union, the reviewer and the staff see them.
    for (const who of [s.worker, s.rep4, s.reviewer, s.cadre, s.rep3]) {
      expect(await listed(who, p.id)).toHaveLength(3);
      const file = await who.agent.get(`/api/v1/files/${png.id}`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(PNG)).toBe(true);
    }

    // Another township's union: neither the list nor the file.
    for (const who of [s.otherWorker, s.otherRep, s.otherCadre]) {
      expect((await who.agent.get(`/api/v1/files?${owner(p.id)}`)).statusCode).toBe(404);
      expect((await who.agent.get(`/api/v1/files/${png.id}`)).statusCode).toBe(404);
    }
  });

  it('another representative cannot attach, nor the proposer once it is filed; a wrong type is refused in Chinese', async () => {
    const p = await draft();
    // Not theirs: a co-signer, another representative of the union, another union's representative.
    for (const who of [s.rep2, s.rep4, s.otherRep, s.worker]) {
      expect((await upload(who, p.id)).statusCode).toBe(404);
    }
    const text = await upload(s.rep1, p.id, 'note.txt', Buffer.from('只是一段文字'), 'text/plain');
    expect(text.statusCode).toBe(415);
    expect((text.json() as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await listed(s.rep1, p.id)).toEqual([]);

    expect((await upload(s.rep1, p.id)).statusCode).toBe(201);
    await act(s.rep1, p.id, 'open-cosign');
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep3, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep1, p.id, 'submit');
    expect((await upload(s.rep1, p.id)).statusCode).toBe(404);
    const f = await act(s.reviewer, p.id, 'review', { decision: 'file' });
    expect(f.state).toBe('filed');
    // After review (立案) the record is closed to the proposer's additions; what was attached stays.
    expect((await upload(s.rep1, p.id)).statusCode).toBe(404);
    expect(await listed(s.rep1, p.id)).toHaveLength(1);
    expect(await listed(s.worker2, p.id)).toHaveLength(1);
  });

  it('the proposer may attach again once the committee returns it for revision', async () => {
    const p = await draft();
    await act(s.rep1, p.id, 'open-cosign');
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep3, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep1, p.id, 'submit');
    const r = await act(s.reviewer, p.id, 'review', { decision: 'return', reason: '请补充调研数据' });
    expect(r.state).toBe('returned');
    expect((await upload(s.rep1, p.id, '调研数据.pdf', PDF, 'application/pdf')).statusCode).toBe(201);
    expect(await listed(s.cadre, p.id)).toHaveLength(1);
  });
});
