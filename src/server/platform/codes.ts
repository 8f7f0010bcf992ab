import { sql } from 'drizzle-orm';
import { beijingDay } from '../../shared/dates.ts';
import { type DbOrTx, sqlRows } from '../db/client.ts';

/**
 * A new row id and its human code, e.g. XQ20261125-00042 (prefix, Beijing day, id), taken from the
 * table's own serial sequence so concurrent inserts never collide. Insert the row with both.
 */
export async function nextCode(
  db: DbOrTx,
  table: string,
  prefix: string,
): Promise<{ id: number; code: string }> {
  const [row] = await sqlRows<{ id: string }>(
    db,
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::text as id`,
  );
  const id = Number(row?.id);
  const day = beijingDay(new Date()).replaceAll('-', '');
  return { id, code: `${prefix}${day}-${String(id).padStart(5, '0')}` };
}
