import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildScene, buildUser, createTestApp, type TestApp } from '../../../../test/app.ts';
import { sessions } from '../auth/auth.table.ts';
import { defineJob, type Jobs, startJobs } from './jobs.ts';

// A job that always fails: the failure must be logged and recorded, not crash the process.
defineJob({
  name: 'test-always-fails',
  retryLimit: 0,
  async handler() {
    throw new Error('deliberate failure');
  },
});

describe('background jobs (pg-boss)', () => {
  let t: TestApp;
  let jobs: Jobs;

  beforeAll(async () => {
    t = await createTestApp();
    jobs = await startJobs(t.app.deps, { pollingIntervalSeconds: 0.5 });
  });

  afterAll(async () => {
    await jobs?.stop();
    await t?.close();
  });

  it('registers the purge schedule', async () => {
    const schedules = await jobs.boss.getSchedules();
    const purge = schedules.find((s) => s.name === 'purge-expired-sessions');
    expect(purge?.cron).toBe('*/15 * * * *');
    // The row carries the timezone (pg-boss's Schedule type omits it).
    expect((purge as { timezone?: string } | undefined)?.timezone).toBe('Asia/Shanghai');
    // Jobs without a schedule are not scheduled.
    expect(schedules.find((s) => s.name === 'test-always-fails')).toBeUndefined();
  });

  it('purges expired and revoked sessions through a queued pg-boss job, keeps live ones', async () => {
    const scene = await buildScene(t);
    const user = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const session = (id: string, expiresInMinutes: number, revoked = false) => ({
      id: `${id}-${randomBytes(4).toString('hex')}`,
      userId: user.id,
      membershipId: user.membershipId,
      csrfToken: 'x',
      expiresAt: new Date(Date.now() + expiresInMinutes * 60_000),
      revokedAt: revoked ? new Date() : null,
    });
    const expired = session('expired', -5);
    const revoked = session('revoked', 60, true);
    const live = session('live', 60);
    await t.database.db.insert(sessions).values([expired, revoked, live]);

    const id = await jobs.send('purge-expired-sessions');
    // Poll pg-boss until its worker has completed the job.
    const deadline = Date.now() + 15_000;
    let state: string | undefined;
    let output: unknown;
    while (Date.now() < deadline) {
      const job = await jobs.boss.getJobById('purge-expired-sessions', id, { includeArchive: true });
      state = job?.state;
      output = job?.output;
      if (state === 'completed' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('completed');
    expect(output).toEqual({ purged: 2 });

    const left = await t.database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(inArray(sessions.id, [expired.id, revoked.id, live.id]));
    expect(left.map((r) => r.id)).toEqual([live.id]);
  });

  it('runNow waits for the result', async () => {
    await expect(jobs.runNow('purge-expired-sessions')).resolves.toEqual({ purged: 0 });
  });

  it('a failing handler is logged and reported, the process carries on', async () => {
    const logError = vi.spyOn(t.app.deps.log, 'error');
    await expect(jobs.runNow('test-always-fails')).rejects.toThrow(/failed: deliberate failure/);
    expect(logError).toHaveBeenCalledWith(
      expect.objectContaining({ job: 'test-always-fails' }),
      'job test-always-fails failed',
    );
    logError.mockRestore();
    // Still working afterwards.
    await expect(jobs.runNow('purge-expired-sessions')).resolves.toEqual({ purged: 0 });
  });

  it('a failed multi-statement script does not leave the connection in an aborted transaction', async () => {
    // pg-boss's maintenance scripts are BEGIN; …; COMMIT; blocks (PGlite has a single connection).
    const db = jobs.boss.getDb();
    await expect(db.executeSql('BEGIN; SELECT 1/0; COMMIT;', [])).rejects.toThrow(/division by zero/);
    const { rows } = await t.database.executeSql('select 1 as one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('rejects unknown jobs', async () => {
    await expect(jobs.runNow('no-such-job')).rejects.toThrow(/unknown job/);
  });

  it('stops cleanly and is idempotent', async () => {
    await jobs.stop();
    await jobs.stop();
    // The database is still usable by the app after pg-boss stopped.
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
  });
});
