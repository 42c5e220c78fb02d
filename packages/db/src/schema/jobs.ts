import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Lifecycle of a job in the embedded (in-process) provider; BullMQ keeps the same states in Redis. */
export const jobStates = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/**
 * Jobs of the embedded provider. Persisted so a restart loses none: a job is claimed with
 * `FOR UPDATE SKIP LOCKED`, holds a lease (`locked_until`) while active, and goes back to
 * `waiting` when its lease lapses (the process died).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    state: text('state', { enum: jobStates }).notNull().default('waiting'),
    priority: integer('priority').notNull().default(0),
    attemptsMade: integer('attempts_made').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    backoffBaseMs: integer('backoff_base_ms').notNull(),
    backoffMaxMs: integer('backoff_max_ms').notNull(),
    timeoutMs: integer('timeout_ms').notNull(),
    stalledCount: integer('stalled_count').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    scheduleId: text('schedule_id'),
    progress: jsonb('progress'),
    result: jsonb('result'),
    lastError: text('last_error'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jobs_claim_idx').on(t.queue, t.state, t.runAt),
    index('jobs_lease_idx').on(t.state, t.lockedUntil),
  ],
);

/** Cron schedules; the id is deterministic (`queue.name.key`) so two processes never register one twice. */
export const jobSchedules = pgTable('job_schedules', {
  id: text('id').primaryKey(),
  queue: text('queue').notNull(),
  name: text('name').notNull(),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  payload: jsonb('payload').notNull(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Dead-letter list shared by both providers: a job lands here after its last attempt failed (or its
 * payload failed validation on dequeue), for manual investigation.
 */
export const jobDeadLetters = pgTable(
  'job_dead_letters',
  {
    id: text('id').primaryKey(),
    jobId: text('job_id').notNull(),
    provider: text('provider', { enum: ['in-process', 'bullmq'] }).notNull(),
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    error: text('error').notNull(),
    attempts: integer('attempts').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: text('resolution', { enum: ['retried', 'discarded'] }),
  },
  (t) => [index('job_dead_letters_open_idx').on(t.resolvedAt, t.failedAt)],
);

/**
 * Every domain event, numbered: the sequence is the SSE event id, so a reconnecting client
 * resumes with `Last-Event-ID` and misses nothing.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    /** Roles allowed to see the event; null means every signed-in user with dashboard access. */
    roles: text('roles').array(),
    source: text('source').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('domain_events_occurred_idx').on(t.occurredAt)],
);
