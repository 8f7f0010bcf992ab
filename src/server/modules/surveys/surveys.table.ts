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
  uuid,
} from 'drizzle-orm/pg-core';
import type { TSurveyQuestion } from '../../../shared/surveys.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { congresses, representatives } from '../proposals/proposals.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A survey of a union (会员评家, 会员评议代表, 工会评价代表); lifecycle draft → open → closed. */
export const surveys = pgTable(
  'surveys',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    intro: text('intro'),
    purpose: text('purpose').notNull(),
    congressId: integer('congress_id').references(() => congresses.id),
    anonymous: boolean('anonymous').notNull(),
    state: text('state').notNull().default('draft'),
    opensAt: ts('opens_at').notNull(),
    closesAt: ts('closes_at').notNull(),
    questions: jsonb('questions').$type<TSurveyQuestion[]>().notNull(),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('surveys_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('surveys_state_check', sql`${t.state} in ('draft', 'open', 'closed')`),
    check('surveys_purpose_check', sql`${t.purpose} in ('union', 'representatives', 'union_rates_reps')`),
  ],
);

/**
 * The roster, fixed at publishing: who is asked (and, for representative surveys, about whom). Answering
 * sets `responded_at` with a compare-and-set (`where responded_at is null`), so each invitation is
 * answered once even under concurrent submits — also for anonymous surveys, whose responses do not say
 * whose they are. `org_id` is the respondent's org (measurement rate per org).
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    subjectRepId: integer('subject_rep_id').references(() => representatives.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    respondedAt: ts('responded_at'),
  },
  (t) => [
    uniqueIndex('survey_invitations_uq').on(t.surveyId, t.userId, sql`coalesce(${t.subjectRepId}, 0)`),
    index('survey_invitations_survey_idx').on(t.surveyId, t.orgPath),
    index('survey_invitations_user_idx').on(t.userId),
  ],
);

/**
 * One answered questionnaire. Anonymous surveys keep no respondent and only the day, so a response
 * cannot be traced back to its invitation. Append-only (trigger).
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    subjectRepId: integer('subject_rep_id').references(() => representatives.id),
    /** The respondent's org (per-org results). */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    /** Named surveys only. */
    respondentUserId: integer('respondent_user_id').references(() => users.id),
    answers: jsonb('answers').$type<Record<string, number | string | string[]>>().notNull(),
    /** Answers counting toward satisfaction, and how many of them are satisfied. */
    countedAnswers: integer('counted_answers').notNull(),
    satisfiedAnswers: integer('satisfied_answers').notNull(),
    submittedOn: date('submitted_on').notNull(),
  },
  (t) => [
    index('survey_responses_survey_idx').on(t.surveyId, t.orgPath),
    uniqueIndex('survey_responses_named_uq')
      .on(t.surveyId, t.respondentUserId, sql`coalesce(${t.subjectRepId}, 0)`)
      .where(sql`${t.respondentUserId} is not null`),
  ],
);
