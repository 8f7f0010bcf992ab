import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The typed database handle services receive; the same type for PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface SqlResult {
  rows: Record<string, unknown>[];
}

export interface Database {
  kind: 'pglite' | 'postgresql';
  db: Db;
  /** Raw parameterised SQL, used by pg-boss and the migration tooling. */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  /**
   * A hot read as a named prepared statement (parsed and planned once per connection), rows as
   * arrays in select order: no per-row objects, no ORM mapping. Only for queries whose speed is a
   * quality bar (the public QR page); everything else goes through `db`.
   */
  queryRows(name: string, text: string, values: unknown[]): Promise<unknown[][]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../drizzle',
);

export interface DatabaseOptions {
  /** postgres://… → PostgreSQL pool; otherwise embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Data directory for PGlite; omitted → in-memory (tests). */
  pgliteDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema }) as unknown as Db;
    return {
      kind: 'postgresql',
      db,
      executeSql: async (text, values) => pool.query(text, values as unknown[]),
      queryRows: async (name, text, values) =>
        (await pool.query({ name, text, values, rowMode: 'array' })).rows,
      migrate: async () => {
        // One app instance migrates at a time.
        const client = await pool.connect();
        try {
          // A restricted app role (docs/deployment.md) cannot create the journal schema: when every
          // migration is applied already, skip the migrator, which would try to.
          if (await journalIsCurrent(client)) return;
          await client.query('select pg_advisory_lock(727274)');
          await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock(727274)').catch(() => {});
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  let dataDir: string | undefined;
  if (opts.pgliteDir) {
    dataDir = path.join(opts.pgliteDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({ dataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    queryRows: async (_name, text, values) =>
      (await client.query<unknown[]>(text, values, { rowMode: 'array' })).rows,
    executeSql: async (text, values) => {
      if (values && values.length > 0) return client.query(text, values as unknown[]);
      // pg-boss sends multi-statement scripts without parameters.
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    },
    close: () => client.close(),
  };
}

/** Run raw SQL and return its rows (the result shape is the same on PGlite and node-postgres). */
export async function sqlRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** True when the database has applied as many migrations as the journal in `drizzle/` lists. */
async function journalIsCurrent(client: pg.PoolClient): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const exists = await client.query("select to_regclass('drizzle.__drizzle_migrations') as t");
  if (!exists.rows[0]?.t) return false;
  const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
  return (applied.rows[0]?.n ?? 0) >= journal.entries.length;
}
