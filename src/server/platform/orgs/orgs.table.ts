import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** The union hierarchy. Every record of every module belongs to one org. */
export const orgs = pgTable(
  'orgs',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgs.id),
    /** OrgType from src/shared/orgs.ts. */
    type: text('type').notNull(),
    name: text('name').notNull(),
    /** 6-digit administrative division code (GB/T 2260), when the org has one. */
    regionCode: text('region_code'),
    /** Materialized path of ids from the root, e.g. `1.45.1450`: a subtree is one prefix query. */
    path: text('path').notNull().unique(),
    depth: integer('depth').notNull(),
    state: text('state').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('orgs_path_prefix_idx').using('btree', t.path.op('text_pattern_ops')),
    index('orgs_parent_idx').on(t.parentId),
    check('orgs_state_check', sql`${t.state} in ('active', 'inactive')`),
  ],
);
