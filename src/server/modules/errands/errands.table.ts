import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';

/** 值守/投诉电话 of a union running 及时送 (the seed: 5 phones staffed 24 hours). */
export const errandHotlines = pgTable(
  'errand_hotlines',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    label: text('label').notNull(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    allDay: boolean('all_day').notNull().default(true),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('errand_hotlines_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('errand_hotlines_kind_check', sql`${t.kind} in ('duty', 'complaint', 'both')`),
  ],
);

/** 值班表: one cadre on duty (on one hotline) for a time span, which may cross midnight. */
export const errandShifts = pgTable(
  'errand_shifts',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    hotlineId: integer('hotline_id').references(() => errandHotlines.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('errand_shifts_org_time_idx').on(t.orgId, t.startsAt),
    index('errand_shifts_user_idx').on(t.userId, t.startsAt),
    check('errand_shifts_span_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Alert thresholds of one org; an org without a row inherits its nearest ancestor's (else the defaults). */
export const errandOrgSettings = pgTable('errand_org_settings', {
  orgId: integer('org_id')
    .primaryKey()
    .references(() => orgs.id),
  acceptMinutes: integer('accept_minutes').notNull(),
  deliverMinutes: integer('deliver_minutes').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 及时送工单: one urgent errand. Lifecycle: errands.flow.ts. */
export const errands = pgTable(
  'errands',
  {
    id: serial('id').primaryKey(),
    /** JS + Beijing day + id, e.g. JS20261125-00012. */
    code: text('code').notNull().unique(),
    /** The union running the service (e.g. 桥西区总工会). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    state: text('state').notNull(),
    channel: text('channel').notNull(),
    urgency: text('urgency').notNull(),
    requesterKind: text('requester_kind').notNull(),
    callerName: text('caller_name').notNull(),
    /** AES-256-GCM (platform/pii), like every phone below. */
    callerMobileEnc: text('caller_mobile_enc').notNull(),
    /** The worker who asked on the H5. */
    requesterUserId: integer('requester_user_id').references(() => users.id),
    recipientName: text('recipient_name').notNull(),
    recipientPhoneEnc: text('recipient_phone_enc').notNull(),
    recipientAddress: text('recipient_address').notNull(),
    itemKinds: jsonb('item_kinds').$type<string[]>().notNull(),
    items: text('items').notNull(),
    pickupAddress: text('pickup_address').notNull(),
    pickupContact: text('pickup_contact').notNull(),
    pickupMobileEnc: text('pickup_mobile_enc').notNull(),
    note: text('note'),
    /** The courier partner org it is dispatched to; its couriers see only their org's errands. */
    courierOrgId: integer('courier_org_id').references(() => orgs.id),
    courierUserId: integer('courier_user_id').references(() => users.id),
    receivedBy: text('received_by'),
    photoFileId: text('photo_file_id'),
    cancelReason: text('cancel_reason'),
    mergedIntoId: integer('merged_into_id'),
    /** How many times a courier declined it (back to dispatch). */
    declines: integer('declines').notNull().default(0),
    calledAt: timestamp('called_at', { withTimezone: true }).notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** When the duty cadre was alerted (once per kind), so the alert job never repeats itself. */
    acceptAlertedAt: timestamp('accept_alerted_at', { withTimezone: true }),
    deliveryAlertedAt: timestamp('delivery_alerted_at', { withTimezone: true }),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('errands_path_state_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.state),
    index('errands_courier_idx').on(t.courierOrgId, t.state),
    index('errands_called_idx').on(t.calledAt),
    index('errands_open_idx')
      .on(t.state, t.calledAt)
      .where(sql`state in ('pending', 'dispatched', 'accepted', 'picked_up')`),
    check(
      'errands_state_check',
      sql`${t.state} in ('pending', 'dispatched', 'accepted', 'picked_up', 'delivered', 'cancelled', 'merged')`,
    ),
    check('errands_channel_check', sql`${t.channel} in ('hotline', 'h5')`),
  ],
);

/** 投诉: lodged against an errand (by phone to the complaint line, or on the H5), tracked to an answer. */
export const errandComplaints = pgTable(
  'errand_complaints',
  {
    id: serial('id').primaryKey(),
    errandId: integer('errand_id')
      .notNull()
      .references(() => errands.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    state: text('state').notNull().default('open'),
    name: text('name').notNull(),
    mobileEnc: text('mobile_enc').notNull(),
    content: text('content').notNull(),
    answer: text('answer'),
    outcome: text('outcome'),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('errand_complaints_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.state),
    index('errand_complaints_errand_idx').on(t.errandId),
    check('errand_complaints_state_check', sql`${t.state} in ('open', 'answered')`),
    check(
      'errand_complaints_outcome_check',
      sql`${t.outcome} is null or ${t.outcome} in ('upheld', 'explained', 'unfounded')`,
    ),
  ],
);
