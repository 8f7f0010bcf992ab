import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('has working defaults: port 3000 on localhost, PGlite under ./data, demo on', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      dataKey: undefined,
      demo: true,
      sessionIdleMinutes: 120,
      uploadMaxBytes: 10 * 1024 * 1024,
      cookieSecure: false,
    });
  });

  it('reads every variable, and --no-demo or DEMO=0 skips the demo data', () => {
    const key = 'ab'.repeat(32);
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/nj',
      DATABASE_URL: 'postgres://u@db:5432/niangjia',
      DATA_KEY: key,
      DEMO: '1',
      UPLOAD_MAX_MB: '2',
      COOKIE_SECURE: 'true',
    });
    expect(c.port).toBe(8080);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe('/tmp/nj');
    expect(c.databaseUrl).toBe('postgres://u@db:5432/niangjia');
    expect(c.dataKey?.toString('hex')).toBe(key);
    expect(c.uploadMaxBytes).toBe(2 * 1024 * 1024);
    expect(c.cookieSecure).toBe(true);
    expect(loadConfig({ DEMO: '1' }, ['--no-demo']).demo).toBe(false);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({}).jobs).toBe(true);
    expect(loadConfig({ JOBS: '0' }).jobs).toBe(false);
    // An empty variable counts as unset.
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('stops with a clear message naming each invalid variable', () => {
    const attempt = () =>
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', DATA_KEY: 'short', DEMO: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('配置无效');
      for (const name of ['PORT', 'DATABASE_URL', 'DATA_KEY', 'DEMO']) expect(message).toContain(name);
      expect(message).toContain('postgres://');
    }
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it('runs several HTTP worker processes only on PostgreSQL (PGlite lives inside one process)', () => {
    expect(loadConfig({}).webConcurrency).toBe(1);
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY.*DATABASE_URL/s);
    expect(loadConfig({ WEB_CONCURRENCY: '4', DATABASE_URL: 'postgres://u@db/nj' }).webConcurrency).toBe(4);
    expect(() => loadConfig({ WEB_CONCURRENCY: '0', DATABASE_URL: 'postgres://u@db/nj' })).toThrow(
      /WEB_CONCURRENCY/,
    );
  });
});

describe('starting with a bad configuration', () => {
  it('exits with status 1 and the message, not a stack trace', () => {
    const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['src/server/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('配置无效');
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
