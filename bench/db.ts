import pg from 'pg';

/** The database name of a postgres:// URL. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsupported bench database name: "${name}"`);
  return name;
}

/** The same server, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Create the database of `url` when it does not exist (connecting to the `postgres` maintenance
 * database, or `test` when there is none); with `recreate`, drop it first.
 */
export async function ensureDatabase(url: string, recreate = false): Promise<'created' | 'exists'> {
  const name = databaseName(url);
  let admin: pg.Client | undefined;
  let lastError: unknown;
  for (const maintenance of ['postgres', 'test', 'template1']) {
    if (maintenance === name) continue;
    const c = new pg.Client({ connectionString: withDatabase(url, maintenance) });
    try {
      await c.connect();
      admin = c;
      break;
    } catch (e) {
      lastError = e;
      await c.end().catch(() => {});
    }
  }
  if (!admin) throw new Error(`cannot reach PostgreSQL at ${url}: ${String(lastError)}`);
  try {
    if (recreate) await admin.query(`drop database if exists ${name} with (force)`);
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return 'exists';
    await admin.query(`create database ${name}`);
    return 'created';
  } finally {
    await admin.end();
  }
}
