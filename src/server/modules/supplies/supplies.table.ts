import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';

/**
 * 物资目录: one item of a union's catalogue (the hub union, e.g. 上海市医务工会). Stock is never stored
 * here: it is the running balance of the item's ledger (supply_stock_entries).
 */
export const supplyItems = pgTable(
  'supply_items',
  {
    id: serial('id').primaryKey(),
    /** The union running the catalogue (枢纽工会); requesting units are in its subtree. */
    hubOrgId: integer('hub_org_id')
      .notNull()
      .references(() => orgs.id),
    hubOrgPath: text('hub_org_path').notNull(),
    /** The supplier / donor partner org providing it; null when the union buys it itself. */
    supplierOrgId: integer('supplier_org_id').references(() => orgs.id),
    source: text('source').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    unit: text('unit').notNull(),
    spec: text('spec'),
    photoFileId: text('photo_file_id'),
    unitValueFen: integer('unit_value_fen').notNull(),
    perRequestLimit: integer('per_request_limit'),
    activeFrom: timestamp('active_from', { withTimezone: true }),
    activeUntil: timestamp('active_until', { withTimezone: true }),
    state: text('state').notNull().default('active'),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('supply_items_hub_idx').using('btree', t.hubOrgPath.op('text_pattern_ops'), t.state),
    index('supply_items_supplier_idx').on(t.supplierOrgId),
    check('supply_items_value_check', sql`${t.unitValueFen} >= 0`),
    check('supply_items_limit_check', sql`${t.perRequestLimit} is null or ${t.perRequestLimit} > 0`),
    check('supply_items_state_check', sql`${t.state} in ('active', 'inactive')`),
    check('supply_items_source_check', sql`${t.source} in ('partner', 'union_purchase')`),
  ],
);

/**
 * 库存台账: every stock change of an item, append-only (a trigger refuses update and delete). Each
 * entry carries the balances after it, numbered per item (`seq`, unique), so the current stock is the
 * last entry and two writers racing on one item cannot both append the same next entry. The checks
 * make the database itself refuse any entry that would reserve more than is on hand.
 */
export const supplyStockEntries = pgTable(
  'supply_stock_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => supplyItems.id),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    /** As entered: positive, or signed for `adjusted`. */
    quantity: integer('quantity').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reservedAfter: integer('reserved_after').notNull(),
    reason: text('reason'),
    requestId: integer('request_id'),
    requestLineId: integer('request_line_id'),
    shipmentId: integer('shipment_id'),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('supply_stock_entries_item_seq_uq').on(t.itemId, t.seq),
    index('supply_stock_entries_request_idx').on(t.requestId),
    check(
      'supply_stock_entries_kind_check',
      sql`${t.kind} in ('received', 'reserved', 'released', 'shipped', 'adjusted')`,
    ),
    check('supply_stock_entries_on_hand_check', sql`${t.onHandAfter} >= 0`),
    check('supply_stock_entries_reserved_check', sql`${t.reservedAfter} >= 0`),
    check('supply_stock_entries_available_check', sql`${t.onHandAfter} >= ${t.reservedAfter}`),
    check(
      'supply_stock_entries_quantity_check',
      sql`(${t.kind} = 'adjusted' and ${t.quantity} <> 0) or ${t.quantity} > 0`,
    ),
  ],
);

/** 配送点位 of a requesting unit: a designated hospital, a field hospital, a medical team's lodging. */
export const supplyPoints = pgTable(
  'supply_points',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    address: text('address').notNull(),
    contactName: text('contact_name').notNull(),
    /** AES-256-GCM (platform/pii). */
    contactPhoneEnc: text('contact_phone_enc').notNull(),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('supply_points_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check(
      'supply_points_kind_check',
      sql`${t.kind} in ('designated_hospital', 'field_hospital', 'lodging', 'other')`,
    ),
  ],
);

/** 特殊需求: an item not in the catalogue; the hub union sources it and turns it into a request. */
export const supplySpecialRequests = pgTable(
  'supply_special_requests',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    hubOrgId: integer('hub_org_id')
      .notNull()
      .references(() => orgs.id),
    hubOrgPath: text('hub_org_path').notNull(),
    pointId: integer('point_id')
      .notNull()
      .references(() => supplyPoints.id),
    state: text('state').notNull(),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(),
    unit: text('unit').notNull(),
    reason: text('reason').notNull(),
    urgency: text('urgency').notNull(),
    staffServed: integer('staff_served').notNull(),
    handlingNote: text('handling_note'),
    requestId: integer('request_id'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('supply_special_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.state),
    index('supply_special_hub_idx').using('btree', t.hubOrgPath.op('text_pattern_ops'), t.state),
    check('supply_special_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** 物资需求: what a unit asks for, for one delivery point. Lifecycle: supplies.flow.ts. */
export const supplyRequests = pgTable(
  'supply_requests',
  {
    id: serial('id').primaryKey(),
    /** XQ + Beijing day + per-day number, e.g. XQ20261125-0042. */
    code: text('code').notNull(),
    /** The requesting unit. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    /** The union that reviews it (the catalogue's hub). */
    hubOrgId: integer('hub_org_id')
      .notNull()
      .references(() => orgs.id),
    hubOrgPath: text('hub_org_path').notNull(),
    pointId: integer('point_id')
      .notNull()
      .references(() => supplyPoints.id),
    state: text('state').notNull(),
    urgency: text('urgency').notNull(),
    staffServed: integer('staff_served').notNull(),
    note: text('note'),
    channel: text('channel').notNull(),
    callerName: text('caller_name'),
    /** AES-256-GCM (platform/pii). */
    callerPhoneEnc: text('caller_phone_enc'),
    enteredBy: integer('entered_by').references(() => users.id),
    copiedFromId: integer('copied_from_id'),
    specialRequestId: integer('special_request_id').references(() => supplySpecialRequests.id),
    reviewNote: text('review_note'),
    rejectReason: text('reject_reason'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('supply_requests_code_uq').on(t.code),
    index('supply_requests_path_state_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.state),
    index('supply_requests_hub_state_idx').using('btree', t.hubOrgPath.op('text_pattern_ops'), t.state),
    index('supply_requests_submitted_idx').on(t.submittedAt),
    index('supply_requests_point_idx').on(t.pointId),
    check(
      'supply_requests_state_check',
      sql`${t.state} in ('submitted', 'approved', 'dispatching', 'completed', 'rejected', 'withdrawn')`,
    ),
    check('supply_requests_urgency_check', sql`${t.urgency} in ('critical', 'urgent', 'normal')`),
    check('supply_requests_channel_check', sql`${t.channel} in ('online', 'hotline', 'special')`),
    check('supply_requests_staff_check', sql`${t.staffServed} > 0`),
  ],
);

/** One item × quantity of a request, with what was approved, loaded and received of it. */
export const supplyRequestLines = pgTable(
  'supply_request_lines',
  {
    id: serial('id').primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => supplyRequests.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => supplyItems.id),
    requested: integer('requested').notNull(),
    approved: integer('approved'),
    /** Σ of this line on shipments that have left the warehouse. */
    shipped: integer('shipped').notNull().default(0),
    /** Σ signed for on delivered shipments. */
    received: integer('received').notNull().default(0),
    state: text('state').notNull().default('open'),
    reduceReason: text('reduce_reason'),
    closeReason: text('close_reason'),
  },
  (t) => [
    uniqueIndex('supply_request_lines_item_uq').on(t.requestId, t.itemId),
    index('supply_request_lines_item_idx').on(t.itemId),
    check('supply_request_lines_requested_check', sql`${t.requested} > 0`),
    check(
      'supply_request_lines_approved_check',
      sql`${t.approved} is null or (${t.approved} >= 0 and ${t.approved} <= ${t.requested})`,
    ),
    check(
      'supply_request_lines_shipped_check',
      sql`${t.shipped} >= 0 and ${t.shipped} <= coalesce(${t.approved}, 0)`,
    ),
    check('supply_request_lines_received_check', sql`${t.received} >= 0 and ${t.received} <= ${t.shipped}`),
    check('supply_request_lines_state_check', sql`${t.state} in ('open', 'received', 'closed')`),
  ],
);

/** 配送单: approved lines for one delivery point, handed to a logistics partner. */
export const supplyShipments = pgTable(
  'supply_shipments',
  {
    id: serial('id').primaryKey(),
    /** PS + Beijing day + per-day number. */
    code: text('code').notNull(),
    hubOrgId: integer('hub_org_id')
      .notNull()
      .references(() => orgs.id),
    hubOrgPath: text('hub_org_path').notNull(),
    /** The logistics partner org; its accounts see only their own shipments. */
    partnerOrgId: integer('partner_org_id')
      .notNull()
      .references(() => orgs.id),
    pointId: integer('point_id')
      .notNull()
      .references(() => supplyPoints.id),
    /** The requesting unit of the point (for its cadres' view). */
    unitOrgPath: text('unit_org_path').notNull(),
    state: text('state').notNull(),
    /** The most urgent of its requests. */
    urgency: text('urgency').notNull(),
    vehiclePlate: text('vehicle_plate'),
    driverName: text('driver_name'),
    /** AES-256-GCM (platform/pii). */
    driverPhoneEnc: text('driver_phone_enc'),
    driverTestedAt: timestamp('driver_tested_at', { withTimezone: true }),
    disinfection: jsonb('disinfection').$type<string[]>().notNull().default([]),
    departedAt: timestamp('departed_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    recipientName: text('recipient_name'),
    photoFileId: text('photo_file_id'),
    exceptionReason: text('exception_reason'),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('supply_shipments_code_uq').on(t.code),
    index('supply_shipments_partner_idx').on(t.partnerOrgId, t.state),
    index('supply_shipments_hub_idx').using('btree', t.hubOrgPath.op('text_pattern_ops'), t.state),
    index('supply_shipments_unit_idx').using('btree', t.unitOrgPath.op('text_pattern_ops')),
    index('supply_shipments_point_idx').on(t.pointId),
    check(
      'supply_shipments_state_check',
      sql`${t.state} in ('pending', 'departed', 'in_transit', 'delivered', 'exception', 'returned')`,
    ),
  ],
);

/**
 * Whether a shipment still holds its request lines' quantities: every shipment but one that failed
 * before leaving (nothing left the stock) or whose goods came back to stock (已退回入库). What it
 * holds is not outstanding for the request any more.
 */
export const shipmentHoldsGoods = (state: SQLWrapper, departedAt: SQLWrapper): SQL =>
  sql`(${state} <> 'returned' and not (${state} = 'exception' and ${departedAt} is null))`;

export const supplyShipmentLines = pgTable(
  'supply_shipment_lines',
  {
    id: serial('id').primaryKey(),
    shipmentId: integer('shipment_id')
      .notNull()
      .references(() => supplyShipments.id),
    requestId: integer('request_id')
      .notNull()
      .references(() => supplyRequests.id),
    requestLineId: integer('request_line_id')
      .notNull()
      .references(() => supplyRequestLines.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => supplyItems.id),
    quantity: integer('quantity').notNull(),
    received: integer('received'),
  },
  (t) => [
    index('supply_shipment_lines_shipment_idx').on(t.shipmentId),
    index('supply_shipment_lines_request_idx').on(t.requestId),
    index('supply_shipment_lines_line_idx').on(t.requestLineId),
    check('supply_shipment_lines_quantity_check', sql`${t.quantity} > 0`),
    check(
      'supply_shipment_lines_received_check',
      sql`${t.received} is null or (${t.received} >= 0 and ${t.received} <= ${t.quantity})`,
    ),
  ],
);
