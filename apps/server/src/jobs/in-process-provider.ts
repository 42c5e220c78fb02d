import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { jobSchedules, jobs } from '@sentia/db/schema/jobs';
import type { JobListQuery, JobsOverview, JobSummary } from '@sentia/contracts/jobs';
import { AppError } from '../http/app-error.ts';
import { addDeadLetter, findOpenDeadLetter, listDeadLetters, resolveDeadLetters } from './dead-letters.ts';
import { backoffDelay, type JobDefinition } from './job-definition.ts';
import {
  errorMessage,
  jobIdFor,
  parsePayload,
  runWithTimeout,
  scheduleIdFor,
  type EnqueueOptions,
  type EnqueueResult,
  type JobLifecycleEvent,
  type JobProvider,
  type StartWorkersOptions,
} from './job-provider.ts';
import { queryRows, type JobsDatabase } from './jobs-database.ts';
import { nextCronRun } from './next-cron-run.ts';

export interface InProcessProviderOptions {
  db: JobsDatabase;
  definitions: readonly JobDefinition[];
  /**
   * True when no other process can use the database (embedded PGlite): every job still marked active at start
   * belonged to a process that died, so it is handed back at once instead of after its lease.
   */
  exclusiveDatabase: boolean;
  /** How often idle workers look for jobs other processes added (ms). Default 1000. */
  pollIntervalMs?: number;
  /** Lease of an active job, renewed every third of it while the job runs (ms). Default 30 000. */
  leaseMs?: number;
  /** Completed jobs are kept this long, which is also how long an idempotency key dedupes (ms). Default 24 h. */
  retainCompletedMs?: number;
  onEvent?: (event: JobLifecycleEvent) => void;
  logger?: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  instanceId?: string;
}

type JobRow = typeof jobs.$inferSelect;

interface ClaimedRow {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  attempts_made: number;
  max_attempts: number;
  backoff_base_ms: number;
  backoff_max_ms: number;
  timeout_ms: number;
}

const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    state: row.state,
    attemptsMade: row.attemptsMade,
    maxAttempts: row.maxAttempts,
    progress: typeof row.progress === 'number' ? row.progress : null,
    error: row.lastError,
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
    startedAt: toIso(row.startedAt),
    finishedAt: toIso(row.finishedAt),
    runAt: toIso(row.runAt),
  };
}

class ShutdownAbort extends Error {
  override readonly name = 'ShutdownAbort';
}

/**
 * The embedded job provider: jobs live in the `jobs` table and run in this process. Several processes may share
 * one PostgreSQL database: a job is claimed with `FOR UPDATE SKIP LOCKED` and held by a renewed lease, and a
 * schedule tick is claimed by a compare-and-set on `next_run_at`, so each runs once.
 */
export function createInProcessJobProvider(options: InProcessProviderOptions): JobProvider {
  const { db } = options;
  const instanceId = options.instanceId ?? `inproc-${randomUUID().slice(0, 8)}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 30_000;
  const retainCompletedMs = options.retainCompletedMs ?? 24 * 3600_000;
  const definitions = new Map(options.definitions.map((d) => [d.name, d]));
  const emit = (event: JobLifecycleEvent) => {
    try {
      options.onEvent?.(event);
    } catch (err) {
      options.logger?.warn({ err }, 'jobs: lifecycle listener failed');
    }
  };

  let running = false;
  let closing = false;
  const shutdown = new AbortController();
  const wakers = new Map<string, () => void>();
  const loops: Promise<void>[] = [];
  const active = new Map<string, Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let maintenanceTimer: NodeJS.Timeout | undefined;

  const wake = (queue: string) => wakers.get(queue)?.();
  const wakeLater = (queue: string, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      wake(queue);
    }, delayMs + 5);
    timers.add(timer);
  };

  /** Claims up to `limit` due jobs of a queue in one statement. */
  const claim = async (queue: string, limit: number): Promise<ClaimedRow[]> =>
    queryRows<ClaimedRow>(
      db,
      sql`update jobs set state = 'active', attempts_made = attempts_made + 1, locked_by = ${instanceId},
            locked_until = now() + ${leaseMs} * interval '1 millisecond', started_at = now(), updated_at = now(), last_error = null
          where id in (
            select id from jobs where queue = ${queue} and state in ('waiting', 'delayed') and run_at <= now()
            order by priority desc, run_at, created_at limit ${limit} for update skip locked)
          returning id, queue, name, payload, attempts_made, max_attempts, backoff_base_ms, backoff_max_ms, timeout_ms`,
    );

  const ownsJob = (id: string) => and(eq(jobs.id, id), eq(jobs.lockedBy, instanceId), eq(jobs.state, 'active'));

  const deadLetter = async (row: ClaimedRow, error: string) => {
    await db.transaction(async (tx) => {
      const updated = await tx
        .update(jobs)
        .set({ state: 'failed', lastError: error, finishedAt: new Date(), lockedBy: null, lockedUntil: null, updatedAt: new Date() })
        .where(ownsJob(row.id))
        .returning({ id: jobs.id });
      if (updated.length === 0) return;
      await addDeadLetter(tx as unknown as JobsDatabase, {
        jobId: row.id,
        provider: 'in-process',
        queue: row.queue,
        name: row.name,
        payload: row.payload,
        error,
        attempts: row.attempts_made,
      });
    });
    emit({ kind: 'dead-lettered', jobId: row.id, queue: row.queue, name: row.name, attempt: row.attempts_made, maxAttempts: row.max_attempts, error });
  };

  const process = async (row: ClaimedRow) => {
    const base = { jobId: row.id, queue: row.queue, name: row.name, attempt: row.attempts_made, maxAttempts: row.max_attempts };
    const definition = definitions.get(row.name);
    if (!definition) {
      await deadLetter(row, `no handler registered for job "${row.name}"`);
      return;
    }
    let payload: unknown;
    try {
      payload = parsePayload(definition, row.payload);
    } catch (error) {
      // A payload that no longer matches its schema will never succeed: straight to the dead-letter list.
      await deadLetter(row, errorMessage(error));
      return;
    }
    emit({ kind: 'active', ...base });
    const renew = setInterval(() => {
      db.update(jobs)
        .set({ lockedUntil: new Date(Date.now() + leaseMs) })
        .where(ownsJob(row.id))
        .catch((err: unknown) => options.logger?.warn({ err, jobId: row.id }, 'jobs: lease renewal failed'));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      const result = await runWithTimeout(row.timeout_ms, shutdown.signal, (signal) =>
        definition.handler(payload, {
          jobId: row.id,
          queue: row.queue,
          name: row.name,
          attempt: row.attempts_made,
          maxAttempts: row.max_attempts,
          signal,
          reportProgress: async (percent) => {
            const progress = Math.max(0, Math.min(100, Math.round(percent)));
            await db.update(jobs).set({ progress, updatedAt: new Date() }).where(ownsJob(row.id));
            emit({ kind: 'progress', ...base, progress });
          },
        }),
      );
      clearInterval(renew);
      const done = await db
        .update(jobs)
        .set({ state: 'completed', result: result ?? null, progress: 100, finishedAt: new Date(), lockedBy: null, lockedUntil: null, updatedAt: new Date() })
        .where(ownsJob(row.id))
        .returning({ id: jobs.id });
      if (done.length > 0) emit({ kind: 'completed', ...base });
    } catch (error) {
      clearInterval(renew);
      if (shutdown.signal.aborted && error === shutdown.signal.reason) {
        // Shutting down: the attempt did not really happen, give the job back untouched.
        await db
          .update(jobs)
          .set({ state: 'waiting', attemptsMade: sql`${jobs.attemptsMade} - 1`, lockedBy: null, lockedUntil: null, updatedAt: new Date() })
          .where(ownsJob(row.id));
        return;
      }
      const message = errorMessage(error);
      if (row.attempts_made >= row.max_attempts) {
        await deadLetter(row, message);
        return;
      }
      const delayMs = backoffDelay({ baseDelayMs: row.backoff_base_ms, maxDelayMs: row.backoff_max_ms }, row.attempts_made);
      await db
        .update(jobs)
        .set({ state: 'delayed', lastError: message, runAt: new Date(Date.now() + delayMs), lockedBy: null, lockedUntil: null, updatedAt: new Date() })
        .where(ownsJob(row.id));
      emit({ kind: 'retrying', ...base, error: message, delayMs });
      wakeLater(row.queue, delayMs);
    }
  };

  const runQueue = async (queue: string, concurrency: number) => {
    let signalled = false;
    let resolveWait: (() => void) | undefined;
    wakers.set(queue, () => {
      signalled = true;
      resolveWait?.();
    });
    const inFlight = new Set<Promise<void>>();
    while (!closing) {
      signalled = false;
      let claimed: ClaimedRow[] = [];
      const free = concurrency - inFlight.size;
      if (free > 0) {
        try {
          claimed = await claim(queue, free);
        } catch (err) {
          if (closing) break;
          options.logger?.warn({ err, queue }, 'jobs: claim failed');
        }
      }
      for (const row of claimed) {
        const task = process(row)
          .catch((err: unknown) => options.logger?.error({ err, jobId: row.id }, 'jobs: bookkeeping failed'))
          .finally(() => {
            inFlight.delete(task);
            active.delete(row.id);
            wake(queue);
          });
        inFlight.add(task);
        active.set(row.id, task);
      }
      if (claimed.length > 0) continue;
      if (signalled) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        resolveWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      resolveWait = undefined;
    }
  };

  const recoverStalled = async (all: boolean) => {
    const where = all ? sql`state = 'active'` : sql`state = 'active' and locked_until < now()`;
    // A job whose process died goes back to waiting once; if it stalls twice it fails for good, as in BullMQ.
    const rows = await queryRows<ClaimedRow & { stalled_count: number }>(
      db,
      sql`update jobs set state = 'waiting', attempts_made = greatest(attempts_made - 1, 0), stalled_count = stalled_count + 1,
            locked_by = null, locked_until = null, updated_at = now()
          where ${where} returning id, queue, name, payload, attempts_made, max_attempts, backoff_base_ms, backoff_max_ms, timeout_ms, stalled_count`,
    );
    for (const row of rows) {
      if (row.stalled_count > 1) {
        await db.update(jobs).set({ state: 'active', lockedBy: instanceId }).where(eq(jobs.id, row.id));
        await deadLetter({ ...row, attempts_made: row.attempts_made + 1 }, 'job stalled more than once (its worker process died)');
      } else {
        wake(row.queue);
      }
    }
  };

  const tickSchedules = async () => {
    const due = await db.select().from(jobSchedules).where(sql`${jobSchedules.nextRunAt} <= now()`);
    for (const schedule of due) {
      const next = nextCronRun(schedule.cron, new Date(), schedule.timezone);
      const won = await db
        .update(jobSchedules)
        .set({ nextRunAt: next, lastRunAt: schedule.nextRunAt, updatedAt: new Date() })
        .where(and(eq(jobSchedules.id, schedule.id), eq(jobSchedules.nextRunAt, schedule.nextRunAt)))
        .returning({ id: jobSchedules.id });
      if (won.length === 0) continue;
      const definition = definitions.get(schedule.name);
      if (!definition) {
        options.logger?.warn({ scheduleId: schedule.id }, 'jobs: schedule names an unknown job');
        continue;
      }
      await insertJob(definition, schedule.payload, `${schedule.id}@${schedule.nextRunAt.getTime()}`, { scheduleId: schedule.id });
    }
  };

  let lastCleanup = 0;
  const maintenance = async () => {
    await recoverStalled(false);
    await tickSchedules();
    if (Date.now() - lastCleanup > 60_000) {
      lastCleanup = Date.now();
      await db.delete(jobs).where(and(eq(jobs.state, 'completed'), sql`${jobs.finishedAt} < now() - ${retainCompletedMs} * interval '1 millisecond'`));
    }
  };

  const insertJob = async (definition: JobDefinition, payload: unknown, id: string, extra: { idempotencyKey?: string; delayMs?: number; priority?: number; scheduleId?: string }) => {
    const inserted = await db
      .insert(jobs)
      .values({
        id,
        queue: definition.queue,
        name: definition.name,
        payload: payload ?? null,
        state: extra.delayMs ? 'delayed' : 'waiting',
        priority: extra.priority ?? 0,
        maxAttempts: definition.retry.retries + 1,
        backoffBaseMs: definition.retry.baseDelayMs,
        backoffMaxMs: definition.retry.maxDelayMs,
        timeoutMs: definition.timeoutMs,
        idempotencyKey: extra.idempotencyKey ?? null,
        scheduleId: extra.scheduleId ?? null,
        runAt: new Date(Date.now() + (extra.delayMs ?? 0)),
      })
      .onConflictDoNothing({ target: jobs.id })
      .returning({ id: jobs.id });
    if (inserted.length > 0) {
      if (extra.delayMs) wakeLater(definition.queue, extra.delayMs);
      else wake(definition.queue);
    }
    return inserted.length > 0;
  };

  const findDefinition = (name: string) => {
    const definition = definitions.get(name);
    if (!definition) throw new AppError('NOT_FOUND', `no job named "${name}" is registered`);
    return definition;
  };

  const countsByQueue = async () => {
    const rows = await db
      .select({ queue: jobs.queue, state: jobs.state, count: sql<number>`count(*)::int` })
      .from(jobs)
      .groupBy(jobs.queue, jobs.state);
    const queues = new Map<string, JobsOverview['queues'][number]['counts']>();
    for (const d of definitions.values()) queues.set(d.queue, { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
    for (const r of rows) {
      const counts = queues.get(r.queue) ?? { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
      counts[r.state] = Number(r.count);
      queues.set(r.queue, counts);
    }
    return [...queues.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([queue, counts]) => ({ queue, counts }));
  };

  const provider: JobProvider = {
    kind: 'in-process',

    async enqueue<S extends z.ZodType>(definition: JobDefinition<S>, payload: z.input<S>, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
      const data = parsePayload(definition, payload);
      if (!definitions.has(definition.name)) throw new AppError('NOT_FOUND', `job "${definition.name}" is not registered with the job provider`);
      const id = jobIdFor(definition.name, opts.idempotencyKey, randomUUID);
      const { idempotencyKey, delayMs, priority } = opts;
      const added = await insertJob(definition as JobDefinition, data, id, {
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(delayMs === undefined ? {} : { delayMs }),
        ...(priority === undefined ? {} : { priority }),
      });
      return { id, deduplicated: !added };
    },

    async schedule<S extends z.ZodType>(definition: JobDefinition<S>, cron: string, payload: z.input<S>, opts: { key?: string } = {}) {
      const data = parsePayload(definition, payload);
      const id = scheduleIdFor(definition.name, opts.key);
      const nextRunAt = nextCronRun(cron, new Date());
      await db
        .insert(jobSchedules)
        .values({ id, queue: definition.queue, name: definition.name, cron, payload: data ?? null, nextRunAt })
        .onConflictDoUpdate({
          target: jobSchedules.id,
          // Re-registering with the same cron keeps the pending tick, so restarts neither skip nor repeat one.
          set: {
            payload: data ?? null,
            cron,
            nextRunAt: sql`case when ${jobSchedules.cron} = ${cron} then ${jobSchedules.nextRunAt} else ${nextRunAt.toISOString()}::timestamptz end`,
            updatedAt: new Date(),
          },
        });
      return { id };
    },

    async unschedule(id) {
      const removed = await db.delete(jobSchedules).where(eq(jobSchedules.id, id)).returning({ id: jobSchedules.id });
      return removed.length > 0;
    },

    async startWorkers(opts: StartWorkersOptions = {}) {
      if (running) return;
      running = true;
      await recoverStalled(options.exclusiveDatabase);
      const queues = opts.queues ?? [...new Set([...definitions.values()].map((d) => d.queue))];
      for (const queue of queues) loops.push(runQueue(queue, opts.concurrency?.[queue] ?? 2));
      const runMaintenance = () => {
        maintenance()
          .catch((err: unknown) => {
            if (!closing) options.logger?.warn({ err }, 'jobs: maintenance failed');
          })
          .finally(() => {
            if (!closing) maintenanceTimer = setTimeout(runMaintenance, pollIntervalMs);
          });
      };
      runMaintenance();
    },

    async getJob(id) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
      return row ? toSummary(row) : null;
    },

    async overview() {
      const schedules = await db.select().from(jobSchedules).orderBy(asc(jobSchedules.id));
      // Dead letters are read before the counts: a job is marked failed and dead-lettered in one transaction,
      // so once its dead letter is visible the later count sees it as failed too (never the reverse gap).
      const deadLetters = await listDeadLetters(db);
      return {
        provider: 'in-process',
        queues: await countsByQueue(),
        schedules: schedules.map((s) => ({ id: s.id, queue: s.queue, name: s.name, cron: s.cron, nextRunAt: toIso(s.nextRunAt), lastRunAt: toIso(s.lastRunAt) })),
        deadLetters,
      };
    },

    async listJobs(query: JobListQuery) {
      const order = query.state === 'completed' || query.state === 'failed' ? desc(jobs.finishedAt) : asc(jobs.runAt);
      const rows = await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, query.queue), eq(jobs.state, query.state)))
        .orderBy(order)
        .limit(query.limit);
      return rows.map(toSummary);
    },

    async retryJob(id) {
      const deadLetter = await findOpenDeadLetter(db, id);
      const jobId = deadLetter?.jobId ?? id;
      const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
      if (row && row.state !== 'failed') throw new AppError('CONFLICT', `job ${jobId} is ${row.state}; only failed jobs can be retried`);
      if (row) {
        await db
          .update(jobs)
          .set({ state: 'waiting', attemptsMade: 0, stalledCount: 0, runAt: new Date(), finishedAt: null, lastError: null, progress: null, updatedAt: new Date() })
          .where(and(eq(jobs.id, jobId), eq(jobs.state, 'failed')));
      } else if (deadLetter) {
        await insertJob(findDefinition(deadLetter.name), deadLetter.payload, jobId, {});
      } else {
        throw new AppError('NOT_FOUND', `no failed job or dead letter with id ${id}`);
      }
      await resolveDeadLetters(db, jobId, 'retried');
      wake(row?.queue ?? deadLetter!.queue);
    },

    async removeJob(id) {
      const deadLetter = await findOpenDeadLetter(db, id);
      const jobId = deadLetter?.jobId ?? id;
      const removed = await db
        .delete(jobs)
        .where(and(eq(jobs.id, jobId), inArray(jobs.state, ['waiting', 'delayed', 'completed', 'failed'])))
        .returning({ id: jobs.id });
      if (removed.length === 0 && !deadLetter) {
        const [row] = await db.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId)).limit(1);
        throw row ? new AppError('CONFLICT', `job ${jobId} is active and cannot be removed`) : new AppError('NOT_FOUND', `no job with id ${id}`);
      }
      await resolveDeadLetters(db, jobId, 'discarded');
    },

    async close(opts = {}) {
      if (closing) return;
      closing = true;
      if (maintenanceTimer) clearTimeout(maintenanceTimer);
      for (const timer of timers) clearTimeout(timer);
      for (const waker of wakers.values()) waker();
      const graceMs = opts.graceMs ?? 10_000;
      const settled = Promise.allSettled([...active.values()]);
      let graceTimer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([settled.then(() => true), new Promise<boolean>((r) => (graceTimer = setTimeout(() => r(false), graceMs)))]);
      clearTimeout(graceTimer);
      if (!finished) {
        shutdown.abort(new ShutdownAbort('worker shutting down'));
        await Promise.allSettled([...active.values()]);
      }
      await Promise.allSettled(loops);
    },
  };
  return provider;
}
