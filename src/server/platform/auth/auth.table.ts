import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.ts';

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    /** Login name, lower-cased; for self-registered users it is their mobile number. */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** AES-256-GCM ciphertext of the mobile number (platform/pii). */
    phoneEnc: text('phone_enc'),
    /** HMAC blind index of the mobile number: exact search and uniqueness without decrypting. */
    phoneHash: text('phone_hash'),
    /** Home org: admins manage the users whose home org is in their subtree. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    passwordHash: text('password_hash').notNull(),
    state: text('state').notNull().default('active'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    uniqueIndex('users_phone_hash_uq').on(t.phoneHash),
    index('users_org_idx').on(t.orgId),
    check('users_state_check', sql`${t.state} in ('active', 'disabled')`),
  ],
);

/** A user acts in an org with a role; one user may hold several memberships. */
export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_user_org_role_uq').on(t.userId, t.orgId, t.role),
    index('memberships_org_idx').on(t.orgId),
  ],
);

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    /** The membership the user currently acts in (org switcher). */
    membershipId: integer('membership_id').references(() => memberships.id),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Idle expiry; slides forward while the session is used. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** One-time codes for self-registration and password recovery, sent through platform/notify. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: serial('id').primaryKey(),
    phoneHash: text('phone_hash').notNull(),
    purpose: text('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verification_codes_phone_idx').on(t.phoneHash, t.purpose)],
);
