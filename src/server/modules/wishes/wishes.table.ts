import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { hardshipArchives } from '../hardship/hardship.table.ts';

/** 微心愿 settings of one org; an org without a row inherits its nearest ancestor's (else the defaults). */
export const wishOrgSettings = pgTable('wish_org_settings', {
  orgId: integer('org_id')
    .primaryKey()
    .references(() => orgs.id),
  valueCapFen: integer('value_cap_fen').notNull(),
  maxOpenWishes: integer('max_open_wishes').notNull(),
  claimDays: integer('claim_days').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 微心愿: one small wish of an archived hardship worker. Lifecycle: wishes.flow.ts. */
export const wishes = pgTable(
  'wishes',
  {
    id: serial('id').primaryKey(),
    /** The union of the archive (copied at posting; re-pathed when orgs move). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    archiveId: integer('archive_id')
      .notNull()
      .references(() => hardshipArchives.id),
    state: text('state').notNull(),
    /** self (the worker on the H5) or cadre (posted on the worker's behalf). */
    channel: text('channel').notNull(),
    postedBy: integer('posted_by').references(() => users.id),
    title: text('title').notNull(),
    story: text('story').notNull(),
    category: text('category').notNull(),
    valueFen: integer('value_fen').notNull(),
    /** Surname + 先生/女士, computed at posting so the public wall never reads the archive. */
    maskedName: text('masked_name').notNull(),
    /** City · county of the union, computed at posting for the wall and its region filter. */
    region: text('region').notNull(),
    photoFileId: text('photo_file_id'),
    reviewNote: text('review_note'),
    rejectReason: text('reject_reason'),
    thanks: text('thanks'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('wishes_path_state_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.state),
    index('wishes_archive_idx').on(t.archiveId, t.state),
    index('wishes_wall_idx').on(t.state, t.publishedAt),
    check('wishes_value_check', sql`${t.valueFen} >= 0`),
  ],
);

/** 认领活动 / 解忧超市: an event where wishes were claimed on paper. */
export const wishActivities = pgTable(
  'wish_activities',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('wish_activities_path_idx').using('btree', t.orgPath.op('text_pattern_ops'))],
);

/**
 * 认领: a donor's exclusive pledge to fulfil a wish. At most one live (active / sent) claim per wish,
 * enforced by the database so concurrent claims cannot both win.
 */
export const wishClaims = pgTable(
  'wish_claims',
  {
    id: serial('id').primaryKey(),
    wishId: integer('wish_id')
      .notNull()
      .references(() => wishes.id),
    /** The registered donor; null for a volunteer recorded at an event without an account. */
    donorUserId: integer('donor_user_id').references(() => users.id),
    /** As shown to the worker and on the wall: 王女士 / 某某公司 / the volunteer's name. */
    donorName: text('donor_name').notNull(),
    donorKind: text('donor_kind').notNull(),
    /** A volunteer's contact recorded at an event (AES-256-GCM, platform/pii). */
    donorMobileEnc: text('donor_mobile_enc'),
    activityId: integer('activity_id').references(() => wishActivities.id),
    state: text('state').notNull(),
    method: text('method'),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    sentNote: text('sent_note'),
    trackingNote: text('tracking_note'),
    sentPhotoFileId: text('sent_photo_file_id'),
    receiptNote: text('receipt_note'),
    receiptPhotoFileId: text('receipt_photo_file_id'),
    releaseReason: text('release_reason'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    receivedBy: integer('received_by').references(() => users.id),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    recordedBy: integer('recorded_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('wish_claims_live_uq').on(t.wishId).where(sql`state in ('active', 'sent')`),
    index('wish_claims_wish_idx').on(t.wishId, t.id),
    index('wish_claims_donor_idx').on(t.donorUserId, t.id),
    index('wish_claims_deadline_idx').on(t.deadline).where(sql`state = 'active'`),
    index('wish_claims_activity_idx').on(t.activityId),
    check(
      'wish_claims_state_check',
      sql`${t.state} in ('active', 'sent', 'fulfilled', 'released', 'expired')`,
    ),
  ],
);

/** A donor's profile beside their user account (role `donor`). */
export const donorProfiles = pgTable('donor_profiles', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  kind: text('kind').notNull(),
  enterpriseName: text('enterprise_name'),
  showOnThanksList: boolean('show_on_thanks_list').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
