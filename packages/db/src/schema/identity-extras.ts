import { bigint, integer, jsonb, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { sessions, users } from './auth.ts';
import { createdAt, instant, updatedAt } from './columns.ts';

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
