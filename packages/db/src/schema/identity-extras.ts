import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roles, sessions, users } from './auth.ts';
import { createdAt, instant, updatedAt } from './columns.ts';
import { roleCode } from './reference.ts';

/**
 * The head of the audit hash chain: one row (id 1) holding the last sequence number and hash. Writers lock it
 * (`SELECT … FOR UPDATE`) inside their transaction, so concurrent appends queue instead of forking the chain, and
 * verification compares it with the last entry, which exposes entries cut off the end of the log.
 */
export const auditChainHead = pgTable('audit_chain_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  updatedAt: updatedAt(),
});

/**
 * A user's TOTP second factor (RFC 6238). `secret` is base32; `enabledAt` is null until the first code has been
 * confirmed. `recoveryCodeHashes` are SHA-256 hashes of unused one-time recovery codes. `lastUsedStep` refuses
 * replay of a code inside its own time step.
 */
export const userMfa = pgTable('user_mfa', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  enabledAt: instant('enabled_at'),
  recoveryCodeHashes: jsonb('recovery_code_hashes').$type<string[]>().notNull().default([]),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** When a session last proved a second factor; step-up guarded actions need this within the last 10 minutes. */
export const sessionStepUps = pgTable('session_step_ups', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  verifiedAt: instant('verified_at').notNull(),
  method: text('method').notNull(),
  verifications: integer('verifications').notNull().default(1),
});

/**
 * An invitation to create an account with a given role. The link carries a random token; only its SHA-256 hash is
 * stored. Usable once, until `expiresAt`, unless revoked (by an ADMIN, or superseded when re-issued). At most one
 * open invitation per e-mail (the partial unique index), so two concurrent invites cannot both stand.
 */
export const userInvitations = pgTable(
  'user_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    role: roleCode('role')
      .notNull()
      .references(() => roles.code),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: instant('expires_at').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    acceptedAt: instant('accepted_at'),
    acceptedUserId: uuid('accepted_user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: instant('revoked_at'),
    /** `revoked` (by an ADMIN), `reissued` (replaced by a new link) or `superseded` (a new invitation after expiry). */
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    uniqueIndex('user_invitations_open_email_key').on(sql`lower(${t.email})`).where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('user_invitations_created_idx').on(t.createdAt),
  ],
);
