import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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

const ts = (name: string) => timestamp(name, { withTimezone: true });

// ---------------------------------------------------------------- congresses, sessions, representatives

/** 会员代表大会: one term (届) of a union's standing member-representative congress. */
export const congresses = pgTable(
  'congresses',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    termNo: integer('term_no').notNull(),
    termStart: date('term_start').notNull(),
    termEnd: date('term_end').notNull(),
    state: text('state').notNull().default('active'),
    cosignThreshold: integer('cosign_threshold').notNull(),
    cosignWindowDays: integer('cosign_window_days').notNull(),
    reviewDays: integer('review_days').notNull(),
    handleDays: integer('handle_days').notNull(),
    superviseDays: integer('supervise_days').notNull(),
    feedbackDays: integer('feedback_days').notNull(),
    graceDays: integer('grace_days').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('congresses_org_term_uq').on(t.orgId, t.termNo),
    index('congresses_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('congresses_state_check', sql`${t.state} in ('active', 'closed')`),
    check('congresses_term_check', sql`${t.termEnd} > ${t.termStart}`),
  ],
);

/** 大会/会议 of a congress (check-in comes with issue #9). */
export const congressSessions = pgTable(
  'congress_sessions',
  {
    id: serial('id').primaryKey(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    title: text('title').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    venue: text('venue').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('congress_sessions_congress_idx').on(t.congressId, t.startsAt),
    check('congress_sessions_span_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** 会员代表: a user seated in a congress, from a unit (grassroots union) in the congress's union. */
export const representatives = pgTable(
  'representatives',
  {
    id: serial('id').primaryKey(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** The representative's unit. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The congress's union path: who may manage the directory entry. */
    orgPath: text('org_path').notNull(),
    sector: text('sector').notNull(),
    delegation: text('delegation').notNull(),
    title: text('title'),
    mobileEnc: text('mobile_enc'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('representatives_congress_user_uq').on(t.congressId, t.userId),
    index('representatives_user_idx').on(t.userId),
    index('representatives_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
  ],
);

/** 联系服务: a worker's conversation with a representative. */
export const contactThreads = pgTable(
  'contact_threads',
  {
    id: serial('id').primaryKey(),
    representativeId: integer('representative_id')
      .notNull()
      .references(() => representatives.id),
    /** The congress's union path (cadres of the union see the threads for duty records). */
    orgPath: text('org_path').notNull(),
    workerUserId: integer('worker_user_id')
      .notNull()
      .references(() => users.id),
    /** The worker's org when writing. */
    workerOrgId: integer('worker_org_id')
      .notNull()
      .references(() => orgs.id),
    subject: text('subject').notNull(),
    state: text('state').notNull().default('awaiting_reply'),
    lastMessageAt: ts('last_message_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('contact_threads_rep_idx').on(t.representativeId, t.lastMessageAt),
    index('contact_threads_worker_idx').on(t.workerUserId, t.lastMessageAt),
    check('contact_threads_state_check', sql`${t.state} in ('awaiting_reply', 'replied', 'closed')`),
  ],
);

export const contactMessages = pgTable(
  'contact_messages',
  {
    id: serial('id').primaryKey(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => contactThreads.id),
    author: text('author').notNull(),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('contact_messages_thread_idx').on(t.threadId, t.createdAt),
    check('contact_messages_author_check', sql`${t.author} in ('worker', 'representative')`),
  ],
);

// ---------------------------------------------------------------- proposals (five-step loop)

/** 提案/建议. Lifecycle: proposals.flow.ts. */
export const proposals = pgTable(
  'proposals',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    congressId: integer('congress_id')
      .notNull()
      .references(() => congresses.id),
    /** The congress's union (receives and runs the loop). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    state: text('state').notNull(),
    kind: text('kind').notNull(),
    requestedKind: text('requested_kind').notNull(),
    title: text('title').notNull(),
    category: text('category').notNull(),
    reasons: text('reasons').notNull(),
    request: text('request').notNull(),
    proposerRepId: integer('proposer_rep_id')
      .notNull()
      .references(() => representatives.id),
    proposerUserId: integer('proposer_user_id')
      .notNull()
      .references(() => users.id),
    /** Threshold in force when co-signing opened (the congress may change its own later). */
    cosignThreshold: integer('cosign_threshold').notNull(),
    cosignDeadline: ts('cosign_deadline'),
    sourceAppealId: integer('source_appeal_id'),
    reviewReason: text('review_reason'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    leadOrgId: integer('lead_org_id').references(() => orgs.id),
    /** Deadline of the current step; null when nothing is due. */
    dueAt: ts('due_at'),
    handleDueAt: ts('handle_due_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** The user whose reply the supervisor checks (may not accept their own reply). */
    repliedBy: integer('replied_by').references(() => users.id),
    satisfaction: text('satisfaction'),
    ratingComment: text('rating_comment'),
    /** Replied on time: the last reply came before handleDueAt (for the on-time rate). */
    repliedOnTime: boolean('replied_on_time'),
    submittedAt: ts('submitted_at'),
    reviewedAt: ts('reviewed_at'),
    assignedAt: ts('assigned_at'),
    repliedAt: ts('replied_at'),
    acceptedAt: ts('accepted_at'),
    ratedAt: ts('rated_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('proposals_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('proposals_congress_idx').on(t.congressId, t.state),
    index('proposals_proposer_idx').on(t.proposerUserId),
    index('proposals_lead_idx').on(t.leadOrgId, t.state),
    index('proposals_due_idx').on(t.dueAt),
    check('proposals_kind_check', sql`${t.kind} in ('proposal', 'suggestion')`),
    check('proposals_reopen_check', sql`${t.reopenCount} between 0 and 1`),
    check(
      'proposals_satisfaction_check',
      sql`${t.satisfaction} is null or ${t.satisfaction} in ('satisfied', 'basically', 'unsatisfied')`,
    ),
  ],
);

/** 联名附议: an invited co-signer and whether they signed. */
export const proposalCosigners = pgTable(
  'proposal_cosigners',
  {
    id: serial('id').primaryKey(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id),
    representativeId: integer('representative_id')
      .notNull()
      .references(() => representatives.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    state: text('state').notNull().default('invited'),
    invitedAt: ts('invited_at').notNull().defaultNow(),
    signedAt: ts('signed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('proposal_cosigners_uq').on(t.proposalId, t.representativeId),
    index('proposal_cosigners_user_idx').on(t.userId, t.state),
    check(
      'proposal_cosigners_state_check',
      sql`${t.state} in ('invited', 'signed', 'declined', 'withdrawn')`,
    ),
  ],
);

/** 协办单位 of a proposal (the lead is proposals.lead_org_id). */
export const proposalCoHandlers = pgTable(
  'proposal_co_handlers',
  {
    id: serial('id').primaryKey(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('proposal_co_handlers_uq').on(t.proposalId, t.orgId)],
);

/** 办理进展 and 答复 posted by the handling units. Append-only. */
export const proposalUpdates = pgTable(
  'proposal_updates',
  {
    id: serial('id').primaryKey(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id),
    kind: text('kind').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    percent: integer('percent'),
    round: integer('round').notNull(),
    fileIds: jsonb('file_ids').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('proposal_updates_proposal_idx').on(t.proposalId, t.createdAt),
    check('proposal_updates_kind_check', sql`${t.kind} in ('progress', 'reply')`),
    check('proposal_updates_percent_check', sql`${t.percent} is null or ${t.percent} between 0 and 100`),
  ],
);

// ---------------------------------------------------------------- 职工事大家议 (appeals)

/** A worker's appeal or suggestion. Lifecycle: appeals.flow.ts. */
export const appeals = pgTable(
  'appeals',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    /** The union it is addressed to. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    state: text('state').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    location: text('location'),
    anonymous: boolean('anonymous').notNull().default(false),
    shareContact: boolean('share_contact').notNull().default(false),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    authorOrgId: integer('author_org_id')
      .notNull()
      .references(() => orgs.id),
    fileIds: jsonb('file_ids').$type<string[]>().notNull().default([]),
    supportCount: integer('support_count').notNull().default(0),
    triageNote: text('triage_note'),
    triagedBy: integer('triaged_by').references(() => users.id),
    triagedAt: ts('triaged_at'),
    handlerOrgId: integer('handler_org_id').references(() => orgs.id),
    mergedIntoId: integer('merged_into_id'),
    representativeId: integer('representative_id').references(() => representatives.id),
    proposalId: integer('proposal_id').references(() => proposals.id),
    dueAt: ts('due_at'),
    reply: text('reply'),
    replyFileIds: jsonb('reply_file_ids').$type<string[]>().notNull().default([]),
    repliedBy: integer('replied_by').references(() => users.id),
    repliedAt: ts('replied_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    satisfaction: text('satisfaction'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('appeals_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('appeals_state_idx').on(t.state, t.createdAt),
    index('appeals_author_idx').on(t.authorUserId),
    index('appeals_handler_idx').on(t.handlerOrgId, t.state),
    check('appeals_kind_check', sql`${t.kind} in ('appeal', 'suggestion')`),
    check('appeals_reopen_check', sql`${t.reopenCount} between 0 and 1`),
  ],
);

/** 附议 (+1): one per worker per appeal. */
export const appealSupports = pgTable(
  'appeal_supports',
  {
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('appeal_supports_uq').on(t.appealId, t.userId)],
);

/** Comments, public only once a cadre approves them. */
export const appealComments = pgTable(
  'appeal_comments',
  {
    id: serial('id').primaryKey(),
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    state: text('state').notNull().default('pending'),
    rejectReason: text('reject_reason'),
    moderatedBy: integer('moderated_by').references(() => users.id),
    moderatedAt: ts('moderated_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('appeal_comments_appeal_idx').on(t.appealId, t.createdAt),
    index('appeal_comments_state_idx').on(t.state),
    check('appeal_comments_state_check', sql`${t.state} in ('pending', 'approved', 'rejected')`),
  ],
);

// ---------------------------------------------------------------- referrals to the governance platform

/** The governance partner's endpoint (per partner org). The HMAC secret is encrypted (platform/pii). */
export const referralEndpoints = pgTable('referral_endpoints', {
  partnerOrgId: integer('partner_org_id')
    .primaryKey()
    .references(() => orgs.id),
  mode: text('mode').notNull(),
  url: text('url'),
  secretEnc: text('secret_enc'),
  active: boolean('active').notNull().default(true),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One appeal referred to a governance platform. */
export const referrals = pgTable(
  'referrals',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    appealId: integer('appeal_id')
      .notNull()
      .references(() => appeals.id),
    /** The referring union. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    partnerOrgId: integer('partner_org_id')
      .notNull()
      .references(() => orgs.id),
    mode: text('mode').notNull(),
    state: text('state').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    externalId: text('external_id'),
    dueAt: ts('due_at').notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    answer: text('answer'),
    answeredAt: ts('answered_at'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('referrals_appeal_uq').on(t.appealId),
    index('referrals_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('referrals_partner_idx').on(t.partnerOrgId, t.state),
    index('referrals_next_attempt_idx').on(t.nextAttemptAt),
    check('referrals_mode_check', sql`${t.mode} in ('api', 'manual')`),
  ],
);

/** Every outbound delivery attempt. Append-only. */
export const referralAttempts = pgTable(
  'referral_attempts',
  {
    id: serial('id').primaryKey(),
    referralId: integer('referral_id')
      .notNull()
      .references(() => referrals.id),
    no: integer('no').notNull(),
    at: ts('at').notNull().defaultNow(),
    url: text('url').notNull(),
    httpStatus: integer('http_status'),
    ok: boolean('ok').notNull(),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    responseBody: text('response_body'),
  },
  (t) => [uniqueIndex('referral_attempts_uq').on(t.referralId, t.no)],
);

/** Status updates from the platform (callbacks, or recorded by hand). `eventId` refuses replays. */
export const referralEvents = pgTable(
  'referral_events',
  {
    id: serial('id').primaryKey(),
    referralId: integer('referral_id')
      .notNull()
      .references(() => referrals.id),
    source: text('source').notNull(),
    eventId: text('event_id'),
    status: text('status').notNull(),
    note: text('note'),
    recordedBy: integer('recorded_by').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('referral_events_event_uq').on(t.eventId),
    index('referral_events_referral_idx').on(t.referralId, t.at),
    check('referral_events_source_check', sql`${t.source} in ('platform', 'manual', 'system')`),
  ],
);

// ---------------------------------------------------------------- supervision (督办)

/**
 * Reminders and escalations sent by the supervision job: at most one per subject, step, deadline
 * round and level, so re-running the job sends nothing twice.
 */
export const superviseNotices = pgTable(
  'supervise_notices',
  {
    id: serial('id').primaryKey(),
    subject: text('subject').notNull(),
    subjectId: integer('subject_id').notNull(),
    step: text('step').notNull(),
    /** Which deadline (e.g. the handling round) the notice is about. */
    dueAt: ts('due_at').notNull(),
    level: integer('level').notNull(),
    /** Org reminded (level 0/1) or escalated to (level 2). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The union's path, for scoping the board. */
    orgPath: text('org_path').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('supervise_notices_uq').on(t.subject, t.subjectId, t.step, t.dueAt, t.level),
    index('supervise_notices_subject_idx').on(t.subject, t.subjectId),
    check('supervise_notices_level_check', sql`${t.level} between 0 and 2`),
    check('supervise_notices_subject_check', sql`${t.subject} in ('proposal', 'appeal', 'referral')`),
  ],
);
