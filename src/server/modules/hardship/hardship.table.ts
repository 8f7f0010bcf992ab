import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';

/** A household member as stored: the ID number is only here masked; the full ones are in `members_id_enc`. */
export interface StoredMember {
  name: string;
  relation: string;
  idCardMasked: string | null;
  health: string | null;
  annualIncomeFen: number | null;
  schoolOrEmployer: string | null;
}

export interface StoredMeasure {
  type: string;
  responsible: string;
  targetDate: string | null;
  status: string;
  result: string | null;
}

/** 困难职工档案, one per household (一户一档). Lifecycle: hardship.flow.ts. */
export const hardshipArchives = pgTable(
  'hardship_archives',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** Copy of the org's path for one-prefix subtree queries; re-pathed when orgs move. */
    orgPath: text('org_path').notNull(),
    state: text('state').notNull(),
    /** window (窗口受理 by a cadre) or self (the worker's own application). */
    channel: text('channel').notNull().default('window'),
    name: text('name').notNull(),
    /** AES-256-GCM ciphertext of the 18-digit ID number (platform/pii). */
    idCardEnc: text('id_card_enc').notNull(),
    /** HMAC blind index of the ID number: exact search and the one-active-archive rule. */
    idCardHash: text('id_card_hash').notNull(),
    /** Masked ID kept in clear so lists need no decryption. */
    idCardMasked: text('id_card_masked').notNull(),
    /** Derived from the ID number. */
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    mobileEnc: text('mobile_enc'),
    mobileHash: text('mobile_hash'),
    ethnicity: text('ethnicity'),
    health: text('health').notNull(),
    disabilityCategory: text('disability_category'),
    workStatus: text('work_status').notNull(),
    employer: text('employer'),
    employerUnion: text('employer_union'),
    addressEnc: text('address_enc'),
    members: jsonb('members').$type<StoredMember[]>().notNull().default([]),
    /** Encrypted JSON array of the members' full ID numbers, index-aligned with `members`. */
    membersIdEnc: text('members_id_enc'),
    bankName: text('bank_name'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountLast4: text('bank_account_last4'),
    /** 结对帮扶责任人 (current); history in hardship_helper_changes. */
    helperUserId: integer('helper_user_id').references(() => users.id),
    mainCause: text('main_cause').notNull(),
    secondaryCauses: jsonb('secondary_causes').$type<string[]>().notNull().default([]),
    causeOtherText: text('cause_other_text'),
    annualIncomeFen: integer('annual_income_fen').notNull(),
    medicalExpenseFen: integer('medical_expense_fen').notNull().default(0),
    schoolingExpenseFen: integer('schooling_expense_fen').notNull().default(0),
    householdSize: integer('household_size').notNull(),
    /** Computed at each write: annual income ÷ 12 ÷ household size, in fen. */
    perCapitaMonthlyFen: integer('per_capita_monthly_fen').notNull(),
    /** The 低保 standard the suggestion was computed with (fen/month). */
    dibaoMonthlyFen: integer('dibao_monthly_fen').notNull(),
    suggestedCategory: text('suggested_category'),
    /** The category the cadre confirmed (may override the suggestion, then with a reason). */
    category: text('category'),
    categoryReason: text('category_reason'),
    housingType: text('housing_type'),
    housingAreaM2: doublePrecision('housing_area_m2'),
    housingCondition: text('housing_condition'),
    /** 解困脱困计划 */
    plan: jsonb('plan').$type<StoredMeasure[]>().notNull().default([]),
    publicityStart: date('publicity_start', { mode: 'string' }),
    publicityEnd: date('publicity_end', { mode: 'string' }),
    rejectReason: text('reject_reason'),
    exitReason: text('exit_reason'),
    exitNote: text('exit_note'),
    createdBy: integer('created_by').references(() => users.id),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    exitedAt: timestamp('exited_at', { withTimezone: true }),
    /** Next yearly review (年度复核) of a filed archive: a year after filing; null when not on file. */
    reviewDue: date('review_due', { mode: 'string' }),
    /** The `review_due` the paired helper was last reminded of (review.jobs.ts); a new due date reminds again. */
    reviewRemindedFor: date('review_reminded_for', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // 一个身份证号在全平台至多一份有效档案（驳回、解档的不算）。
    uniqueIndex('hardship_archives_active_id_uq')
      .on(t.idCardHash)
      .where(sql`state not in ('rejected', 'exited')`),
    index('hardship_archives_id_hash_idx').on(t.idCardHash),
    index('hardship_archives_mobile_hash_idx').on(t.mobileHash),
    index('hardship_archives_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.state),
    index('hardship_archives_helper_idx').on(t.helperUserId),
    // 次要致困原因 filter: `secondary_causes @> '["x"]'`.
    index('hardship_archives_secondary_causes_idx').using('gin', t.secondaryCauses.op('jsonb_path_ops')),
    index('hardship_archives_review_due_idx').on(t.reviewDue).where(sql`state = 'filed'`),
    // Archive list at national scale (bench/hardship): subtree + status + main cause filtered in the
    // index; and, for large subtrees, status + main cause walked in list order (newest first).
    index('hardship_archives_path_cause_idx').using(
      'btree',
      t.orgPath.op('text_pattern_ops'),
      t.state,
      t.mainCause,
    ),
    index('hardship_archives_state_cause_updated_idx').on(t.state, t.mainCause, t.updatedAt, t.id),
    check(
      'hardship_archives_state_check',
      sql`${t.state} in ('applied', 'accepted', 'reviewing', 'reviewed', 'publicizing', 'filed', 'rejected', 'exited')`,
    ),
  ],
);

/** 入户核查 visit records. */
export const hardshipVisits = pgTable(
  'hardship_visits',
  {
    id: serial('id').primaryKey(),
    archiveId: integer('archive_id')
      .notNull()
      .references(() => hardshipArchives.id),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    visitors: text('visitors').notNull(),
    findings: text('findings').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedByName: text('recorded_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hardship_visits_archive_idx').on(t.archiveId, t.id)],
);

/** Every change of an archive's paired helper (the first assignment included). */
export const hardshipHelperChanges = pgTable(
  'hardship_helper_changes',
  {
    id: serial('id').primaryKey(),
    archiveId: integer('archive_id')
      .notNull()
      .references(() => hardshipArchives.id),
    helperUserId: integer('helper_user_id').references(() => users.id),
    reason: text('reason'),
    changedBy: integer('changed_by').references(() => users.id),
    changedByName: text('changed_by_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hardship_helper_changes_archive_idx').on(t.archiveId, t.id)],
);

/** Per-org settings; an org without a row inherits its nearest ancestor's, else the default. */
export const hardshipOrgSettings = pgTable('hardship_org_settings', {
  orgId: integer('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** Local 低保 standard, fen per person per month. */
  dibaoMonthlyFen: integer('dibao_monthly_fen').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 个人二维码 tokens. The token itself is never stored in clear: `token_hash` (sha256, hex) finds it
 * from `/q/<token>`, `token_enc` (platform/pii encryption) lets staff print it again. At most one
 * active token per archive; a rotation marks the old one `replaced` and points it at its successor.
 */
export const hardshipQrTokens = pgTable(
  'hardship_qr_tokens',
  {
    id: serial('id').primaryKey(),
    archiveId: integer('archive_id')
      .notNull()
      .references(() => hardshipArchives.id),
    tokenHash: text('token_hash').notNull(),
    tokenEnc: text('token_enc').notNull(),
    state: text('state').notNull().default('active'),
    replacedById: integer('replaced_by_id').references((): AnyPgColumn => hardshipQrTokens.id),
    /** Verification lockout: failures since the last success (reset after 15 quiet minutes). */
    verifyFailures: integer('verify_failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('hardship_qr_tokens_hash_uq').on(t.tokenHash),
    uniqueIndex('hardship_qr_tokens_active_uq').on(t.archiveId).where(sql`state = 'active'`),
    index('hardship_qr_tokens_archive_idx').on(t.archiveId, t.id),
    check('hardship_qr_tokens_state_check', sql`${t.state} in ('active', 'replaced')`),
  ],
);

/** Every attempt to verify a QR page with the last 6 characters of the ID number. */
export const hardshipQrAttempts = pgTable(
  'hardship_qr_attempts',
  {
    id: serial('id').primaryKey(),
    tokenId: integer('token_id')
      .notNull()
      .references(() => hardshipQrTokens.id),
    /** ok, wrong, or locked (refused without checking). */
    outcome: text('outcome').notNull(),
    ip: text('ip'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hardship_qr_attempts_token_idx').on(t.tokenId, t.at),
    check('hardship_qr_attempts_outcome_check', sql`${t.outcome} in ('ok', 'wrong', 'locked')`),
  ],
);

/** 帮扶救助: cash (exact, in fen) and/or items given to a household, by an org, on a date. */
export const hardshipAssistance = pgTable(
  'hardship_assistance',
  {
    id: serial('id').primaryKey(),
    archiveId: integer('archive_id')
      .notNull()
      .references(() => hardshipArchives.id),
    /** AssistanceType from src/shared/hardship.ts. */
    type: text('type').notNull(),
    amountFen: integer('amount_fen'),
    items: text('items'),
    date: date('date', { mode: 'string' }).notNull(),
    givingOrgId: integer('giving_org_id')
      .notNull()
      .references(() => orgs.id),
    note: text('note'),
    /** Set for records entered together in one 送温暖 campaign (bulk entry). */
    batchId: text('batch_id'),
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hardship_assistance_archive_idx').on(t.archiveId, t.date),
    index('hardship_assistance_date_idx').on(t.date, t.type),
    check(
      'hardship_assistance_type_check',
      sql`${t.type} in ('living', 'medical', 'schooling', 'employment', 'housing', 'socialInsurance', 'warmth', 'other')`,
    ),
    check('hardship_assistance_amount_check', sql`${t.amountFen} is null or ${t.amountFen} >= 0`),
    check('hardship_assistance_given_check', sql`${t.amountFen} is not null or ${t.items} is not null`),
  ],
);

/**
 * 档案移交 (行走式数据链): a cadre of the holding org proposes moving an archive to another org
 * anywhere on the platform; a cadre of the receiving org accepts (the archive's org changes) or
 * declines. At most one pending transfer per archive.
 */
export const hardshipTransfers = pgTable(
  'hardship_transfers',
  {
    id: serial('id').primaryKey(),
    archiveId: integer('archive_id')
      .notNull()
      .references(() => hardshipArchives.id),
    fromOrgId: integer('from_org_id')
      .notNull()
      .references(() => orgs.id),
    fromOrgPath: text('from_org_path').notNull(),
    toOrgId: integer('to_org_id')
      .notNull()
      .references(() => orgs.id),
    toOrgPath: text('to_org_path').notNull(),
    /** pending → accepted | declined | cancelled */
    state: text('state').notNull().default('pending'),
    reason: text('reason').notNull(),
    requestedBy: integer('requested_by').references(() => users.id),
    requestedByName: text('requested_by_name'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('hardship_transfers_pending_uq').on(t.archiveId).where(sql`state = 'pending'`),
    index('hardship_transfers_archive_idx').on(t.archiveId, t.id),
    index('hardship_transfers_to_idx')
      .using('btree', t.toOrgPath.op('text_pattern_ops'))
      .where(sql`state = 'pending'`),
    check(
      'hardship_transfers_state_check',
      sql`${t.state} in ('pending', 'accepted', 'declined', 'cancelled')`,
    ),
  ],
);

/**
 * Excel 批量导入 runs: the uploaded workbook is a stored file, a job streams it row by row and keeps
 * the counters here for the progress bar; rows that fail go to an error workbook (another file).
 */
export const hardshipImports = pgTable(
  'hardship_imports',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    /** queued → running → done | failed */
    state: text('state').notNull().default('queued'),
    sourceFileId: text('source_file_id').notNull(),
    originalName: text('original_name').notNull(),
    /** Data rows read so far (header excluded). */
    processedRows: integer('processed_rows').notNull().default(0),
    importedRows: integer('imported_rows').notNull().default(0),
    failedRows: integer('failed_rows').notNull().default(0),
    errorFileId: text('error_file_id'),
    /** Why the whole run failed (not a workbook, no header …). */
    failure: text('failure'),
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('hardship_imports_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.id),
    check('hardship_imports_state_check', sql`${t.state} in ('queued', 'running', 'done', 'failed')`),
  ],
);

/*
 * 帮扶统计 rollups (stats.service.ts `refreshHardshipStats`): the dashboard's figures pre-counted per
 * archive org (not per subtree), recomputed together from the base tables by the
 * `refresh-hardship-stats` job. The dashboard sums the rows of the orgs in a subtree.
 */

/** Archive stock per org: `dim` state | category (在档 only; `none` = no category) | cause (在档 only). */
export const hardshipStatsStock = pgTable(
  'hardship_stats_stock',
  {
    orgId: integer('org_id').notNull(),
    dim: text('dim').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
    /** 在档 archives with the yearly review overdue / due within 30 days, on the day of the refresh. */
    overdue: integer('overdue').notNull().default(0),
    within30: integer('within30').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.dim, t.key] })],
);

/** Timeline flows per org and month (Beijing time): 受理 (and how many of those were filed since), 建档, 解档, 返困. */
export const hardshipStatsMonthly = pgTable(
  'hardship_stats_monthly',
  {
    orgId: integer('org_id').notNull(),
    /** YYYY-MM */
    month: text('month').notNull(),
    accepted: integer('accepted').notNull().default(0),
    /** Of the acceptances of the month, those followed by an approval before the archive's next acceptance. */
    acceptedFiled: integer('accepted_filed').notNull().default(0),
    filed: integer('filed').notNull().default(0),
    exited: integer('exited').notNull().default(0),
    reentered: integer('reentered').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.month] }), index('hardship_stats_monthly_month_idx').on(t.month)],
);

/** Assistance records per org, month and type: count and cash (fen). */
export const hardshipStatsAssistance = pgTable(
  'hardship_stats_assistance',
  {
    orgId: integer('org_id').notNull(),
    month: text('month').notNull(),
    type: text('type').notNull(),
    n: integer('n').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.month, t.type] }),
    index('hardship_stats_assistance_month_idx').on(t.month),
  ],
);

/** One row (id = 1): when the rollups were last recomputed, and how long it took. */
export const hardshipStatsMeta = pgTable(
  'hardship_stats_meta',
  {
    id: integer('id').primaryKey().default(1),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
    ms: integer('ms').notNull(),
  },
  (t) => [check('hardship_stats_meta_one_row', sql`${t.id} = 1`)],
);
