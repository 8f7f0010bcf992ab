import path from 'node:path';
import { z } from 'zod';

/** Environment → validated configuration. Invalid values stop the start with a clear message. */
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Most PostgreSQL connections this process opens (ignored with PGlite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** HTTP worker processes (node:cluster); more than 1 needs PostgreSQL. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  DATA_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  /** 0: this process runs no background jobs (another process of the deployment runs them). */
  JOBS: z.enum(['0', '1', 'true', 'false']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(120),
  UPLOAD_MAX_MB: z.coerce.number().min(0.01).max(100).default(10),
  COOKIE_SECURE: z.enum(['0', '1', 'true', 'false']).default('0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  UNION_HOTLINE: z.string().trim().min(1).max(40).default('12351'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Size of the PostgreSQL connection pool (DATABASE_POOL_SIZE, default 10). */
  databasePoolSize: number;
  /**
   * HTTP worker processes (WEB_CONCURRENCY, default 1). With more than one, a primary process runs
   * migrations, demo data and the jobs, and forks that many workers sharing the port — one Node
   * process serves one core, so this is how the public QR page uses every core of the machine.
   */
  webConcurrency: number;
  /** 32-byte master key for PII encryption; undefined means "use (or create) the key file in dataDir". */
  dataKey: Buffer | undefined;
  demo: boolean;
  logLevel: string;
  sessionIdleMinutes: number;
  uploadMaxBytes: number;
  cookieSecure: boolean;
  /** Absolute base URL of the site (e.g. https://nj.example.cn) for links printed on QR codes; else the request's host. */
  publicUrl: string | undefined;
  /** Hotline shown on public QR pages when the union has none of its own (default 12351, 职工服务热线). */
  unionHotline: string;
  /** Start background jobs (pg-boss). Tests turn this off unless they test jobs. */
  jobs: boolean;
}

export class ConfigError extends Error {}

const truthy = (v: string) => v === '1' || v === 'true';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): Config {
  const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置无效 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      '配置无效 / invalid configuration:\n  WEB_CONCURRENCY: 多进程需要 PostgreSQL（设置 DATABASE_URL）；内嵌 PGlite 只能单进程 / more than one process needs DATABASE_URL (PGlite is in-process)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    webConcurrency: e.WEB_CONCURRENCY,
    dataKey: e.DATA_KEY ? decodeKey(e.DATA_KEY) : undefined,
    demo: truthy(e.DEMO) && !argv.includes('--no-demo'),
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    cookieSecure: truthy(e.COOKIE_SECURE),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    unionHotline: e.UNION_HOTLINE,
    jobs: truthy(e.JOBS),
  };
}

export function decodeKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}
