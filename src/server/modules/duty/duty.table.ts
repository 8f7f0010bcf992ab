import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { TLeaderboardRow, TSchemeDefinition } from '../../../shared/duty.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { congresses, congressSessions, representatives } from '../proposals/proposals.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 履职评价指标方案: one row per version of a congress term's scheme. Append-only (a trigger refuses
 * updates and deletes); the highest version is in force. Saving a new version re-scores every record.
 */
export const dutySchemes = pgTable(
  'duty_schemes',
  {
    id: serial('id').primaryKey(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<TSchemeDefinition>().notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('duty_schemes_congress_version_uq').on(t.congressId, t.version)],
);

/**
 * 履职记录: one thing a representative did, the scheme item it counts under and the points it earned.
 * Automatic records carry their source event (`source`, `source_ref`) and are unique per representative,
 * so an event delivered twice makes one record. `points` is recomputed whenever the representative's
 * records or the scheme change (cap per term applied in order of `occurred_at`).
 */
export const dutyRecords = pgTable(
  'duty_records',
  {
    id: serial('id').primaryKey(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    /** The congress's union (scoping). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    representativeId: integer('representative_id')
      .notNull()
      .references(() => representatives.id),
    source: text('source').notNull(),
    /** The source event's record (`proposal:12`, `thread:3`, `session:4`, `response:<uuid>`). */
    sourceRef: text('source_ref'),
    /** Scheme item code (null: counted under no item, e.g. a leave of absence). */
    itemCode: text('item_code'),
    title: text('title').notNull(),
    detail: text('detail'),
    occurredAt: ts('occurred_at').notNull(),
    state: text('state').notNull(),
    /** Share of the item's points this record earns (会员评议: satisfied ÷ counted answers), else 1. */
    ratio: numeric('ratio', { precision: 5, scale: 4, mode: 'number' }).notNull().default(1),
    /** Points before the cap (negative for a penalty). */
    basePoints: integer('base_points').notNull().default(0),
    /** Points earned after the cap. */
    points: integer('points').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    rejectReason: text('reject_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duty_records_source_uq')
      .on(t.representativeId, t.source, t.sourceRef)
      .where(sql`${t.sourceRef} is not null`),
    index('duty_records_congress_rep_idx').on(t.congressId, t.representativeId, t.itemCode, t.occurredAt),
    index('duty_records_state_idx').on(t.congressId, t.state),
    index('duty_records_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check(
      'duty_records_state_check',
      sql`${t.state} in ('counted', 'pending', 'approved', 'rejected', 'void')`,
    ),
  ],
);

/** Check-in settings of a congress session (the session itself belongs to 云履职's congress). */
export const dutySessionCheckins = pgTable('duty_session_checkins', {
  sessionId: integer('session_id')
    .primaryKey()
    .references(() => congressSessions.id),
  congressId: integer('congress_id')
    .notNull()
    .references(() => congresses.id),
  orgPath: text('org_path').notNull(),
  kind: text('kind').notNull().default('congress'),
  /** Opaque random token in the check-in QR (≥ 128 bits); rotating it retires printed codes. */
  token: text('token').notNull().unique(),
  /** Attendance closed: unmarked representatives became absent (无故缺席). */
  closedAt: ts('closed_at'),
  closedBy: integer('closed_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Attendance of one representative at one session: checked in (QR or by a cadre), on leave, or absent. */
export const sessionAttendance = pgTable(
  'session_attendance',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => congressSessions.id),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    orgPath: text('org_path').notNull(),
    representativeId: integer('representative_id')
      .notNull()
      .references(() => representatives.id),
    state: text('state').notNull(),
    method: text('method'),
    checkedInAt: ts('checked_in_at'),
    note: text('note'),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('session_attendance_uq').on(t.sessionId, t.representativeId),
    check('session_attendance_state_check', sql`${t.state} in ('present', 'leave', 'absent')`),
  ],
);

/** Reminders sent to idle representatives (one per representative per idle period). */
export const dutyReminders = pgTable(
  'duty_reminders',
  {
    id: serial('id').primaryKey(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    representativeId: integer('representative_id')
      .notNull()
      .references(() => representatives.id),
    idleDays: integer('idle_days'),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [index('duty_reminders_rep_idx').on(t.representativeId, t.sentAt)],
);

/**
 * 归档: closing a term freezes it. Once this row exists the term's schemes, records and attendance can no
 * longer change (triggers), and this row and the scores below are append-only.
 */
export const dutyArchives = pgTable('duty_archives', {
  congressId: integer('congress_id')
    .primaryKey()
    .references(() => congresses.id),
  orgId: integer('org_id')
    .notNull()
    .references(() => orgs.id),
  orgPath: text('org_path').notNull(),
  schemeVersion: integer('scheme_version').notNull(),
  representativeCount: integer('representative_count').notNull(),
  recordCount: integer('record_count').notNull(),
  note: text('note'),
  archivedBy: integer('archived_by').references(() => users.id),
  archivedAt: ts('archived_at').notNull().defaultNow(),
});

/** The frozen leaderboard of an archived term: one row per representative, as it stood at archiving. */
export const dutyArchiveScores = pgTable(
  'duty_archive_scores',
  {
    id: serial('id').primaryKey(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => dutyArchives.congressId),
    representativeId: integer('representative_id')
      .notNull()
      .references(() => representatives.id),
    rank: integer('rank').notNull(),
    delegationRank: integer('delegation_rank').notNull(),
    total: numeric('total', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    /** The whole leaderboard row (names, items, first-level scores) as shown at archiving. */
    row: jsonb('row').$type<TLeaderboardRow>().notNull(),
  },
  (t) => [uniqueIndex('duty_archive_scores_uq').on(t.congressId, t.representativeId)],
);
