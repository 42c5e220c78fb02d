import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, WaitingError, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { z } from 'zod';
import type { JobListQuery, JobStateName, JobSummary } from '@sentia/contracts/jobs';
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
  type JobLifecycleEvent,
  type JobProvider,
  type StartWorkersOptions,
} from './job-provider.ts';
import type { JobsDatabase } from './jobs-database.ts';
import { nextCronRun } from './next-cron-run.ts';

export interface BullmqProviderOptions {
  redisUrl: string;
  /** Key prefix in Redis; tests use a unique one so they never see each other's queues. Default "sentia". */
  prefix?: string;
  /** Holds the dead-letter list, shared with the embedded provider so the Jobs page reads one place. */
  db: JobsDatabase;
  definitions: readonly JobDefinition[];
  onEvent?: (event: JobLifecycleEvent) => void;
  logger?: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  /** How long a worker holds a job lock before it must renew it (ms); a dead worker's jobs stall after this. Default 30 000. */
  lockDurationMs?: number;
}

const BACKOFF_TYPE = 'sentia-exponential';
const RETAIN_COMPLETED = { age: 24 * 3600, count: 5000 };
const RETAIN_FAILED = { age: 7 * 24 * 3600 };

const bullStates: Record<JobStateName, ('waiting' | 'prioritized' | 'active' | 'completed' | 'failed' | 'delayed')[]> = {
  waiting: ['waiting', 'prioritized'],
  active: ['active'],
  completed: ['completed'],
  failed: ['failed'],
  delayed: ['delayed'],
};

/** Redis being away surfaces as a 503 problem, not a 500. */
function unavailable(error: unknown): unknown {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const message = error instanceof Error ? error.message : '';
  if (name === 'MaxRetriesPerRequestError' || /Connection is closed|ECONNREFUSED|Reached the max retries/i.test(message)) {
    return new AppError('UNAVAILABLE', 'The job queue (Redis) is unreachable; try again shortly.', { cause: error, headers: { 'retry-after': '5' } });
  }
  return error;
}

class ShutdownAbort extends Error {
  override readonly name = 'ShutdownAbort';
}

/**
 * BullMQ on Redis. Queues are created on demand (`prefix:queue`); workers run where `startWorkers` is called,
 * normally the separate `npm run worker` process. Connections use `maxRetriesPerRequest: null` so a Redis
 * restart pauses commands instead of failing them (BullMQ's production checklist).
 */
export function createBullmqJobProvider(options: BullmqProviderOptions): JobProvider {
  const prefix = options.prefix ?? 'sentia';
  const lockDuration = options.lockDurationMs ?? 30_000;
  const definitions = new Map(options.definitions.map((d) => [d.name, d]));
  const connections: Redis[] = [];
  // Workers wait out a Redis restart (null: commands queue until it is back). Producers fail fast instead, so
  // an HTTP request that enqueues answers 503 within about a second rather than hanging.
  const connect = (role: 'worker' | 'producer') => {
    const client = new Redis(options.redisUrl, { maxRetriesPerRequest: role === 'worker' ? null : 6, enableReadyCheck: false });
    client.on('error', (err) => options.logger?.warn({ err: err.message }, 'jobs: redis connection error'));
    connections.push(client);
    return client;
  };
  const queueConnection = connect('producer');
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const shutdown = new AbortController();
  const emit = (event: JobLifecycleEvent) => {
    try {
      options.onEvent?.(event);
    } catch (err) {
      options.logger?.warn({ err }, 'jobs: lifecycle listener failed');
    }
  };

  const queueFor = (name: string) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: queueConnection, prefix });
      queue.on('error', (err) => options.logger?.warn({ err: err.message, queue: name }, 'jobs: queue error'));
      queues.set(name, queue);
    }
    return queue;
  };
  const allQueueNames = () => [...new Set([...definitions.values()].map((d) => d.queue))].sort();

  const jobOptions = (definition: JobDefinition): JobsOptions => ({
    attempts: definition.retry.retries + 1,
    backoff: { type: BACKOFF_TYPE, delay: definition.retry.baseDelayMs },
    removeOnComplete: RETAIN_COMPLETED,
    removeOnFail: RETAIN_FAILED,
  });

  const toSummary = async (job: Job, knownState?: JobStateName): Promise<JobSummary> => {
    const state = knownState ?? (await job.getState());
    const normalised: JobStateName = state === 'prioritized' || state === 'waiting-children' || state === 'unknown' ? 'waiting' : (state as JobStateName);
    return {
      id: job.id ?? '',
      queue: job.queueName,
      name: job.name,
      state: normalised,
      attemptsMade: job.attemptsMade + (normalised === 'active' ? 1 : 0),
      maxAttempts: job.opts.attempts ?? 1,
      progress: typeof job.progress === 'number' ? job.progress : null,
      error: job.failedReason ? job.failedReason : null,
      payload: job.data,
      createdAt: new Date(job.timestamp).toISOString(),
      startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      runAt: new Date(job.timestamp + (job.opts.delay ?? 0)).toISOString(),
    };
  };

  const findJob = async (id: string) => {
    for (const name of allQueueNames()) {
      const job = await queueFor(name).getJob(id);
      if (job) return job;
    }
    return undefined;
  };

  const processor = async (job: Job, token?: string, bullSignal?: AbortSignal) => {
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const base = { jobId: job.id ?? '', queue: job.queueName, name: job.name, attempt, maxAttempts };
    const deadLetter = async (error: string) => {
      await addDeadLetter(options.db, { jobId: base.jobId, provider: 'bullmq', queue: job.queueName, name: job.name, payload: job.data, error, attempts: attempt });
      emit({ kind: 'dead-lettered', ...base, error });
    };
    const definition = definitions.get(job.name);
    if (!definition) {
      const message = `no handler registered for job "${job.name}"`;
      await deadLetter(message);
      throw new UnrecoverableError(message);
    }
    let payload: unknown;
    try {
      payload = parsePayload(definition, job.data);
    } catch (error) {
      await deadLetter(errorMessage(error));
      throw new UnrecoverableError(errorMessage(error));
    }
    emit({ kind: 'active', ...base });
    const outer = bullSignal ? AbortSignal.any([bullSignal, shutdown.signal]) : shutdown.signal;
    try {
      return await runWithTimeout(definition.timeoutMs, outer, (signal) =>
        definition.handler(payload, {
          jobId: base.jobId,
          queue: job.queueName,
          name: job.name,
          attempt,
          maxAttempts,
          signal,
          reportProgress: async (percent) => {
            const progress = Math.max(0, Math.min(100, Math.round(percent)));
            await job.updateProgress(progress);
            emit({ kind: 'progress', ...base, progress });
          },
        }),
      );
    } catch (error) {
      if (shutdown.signal.aborted && error === shutdown.signal.reason) {
        // Shutting down: hand the job back without spending an attempt.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const message = errorMessage(error);
      if (attempt >= maxAttempts) await deadLetter(message);
      else emit({ kind: 'retrying', ...base, error: message, delayMs: backoffDelay(definition.retry, attempt) });
      throw error;
    }
  };

  const provider: JobProvider = {
    kind: 'bullmq',

    async enqueue<S extends z.ZodType>(definition: JobDefinition<S>, payload: z.input<S>, opts: EnqueueOptions = {}) {
      const data = parsePayload(definition, payload);
      if (!definitions.has(definition.name)) throw new AppError('NOT_FOUND', `job "${definition.name}" is not registered with the job provider`);
      const id = jobIdFor(definition.name, opts.idempotencyKey, randomUUID);
      const queue = queueFor(definition.queue);
      try {
        if (opts.idempotencyKey !== undefined && (await queue.getJob(id))) return { id, deduplicated: true };
        await queue.add(definition.name, data, {
          ...jobOptions(definition as JobDefinition),
          jobId: id,
          ...(opts.delayMs ? { delay: opts.delayMs } : {}),
          ...(opts.priority ? { priority: opts.priority } : {}),
        });
      } catch (error) {
        throw unavailable(error);
      }
      return { id, deduplicated: false };
    },

    async schedule<S extends z.ZodType>(definition: JobDefinition<S>, cron: string, payload: z.input<S>, opts: { key?: string } = {}) {
      const data = parsePayload(definition, payload);
      nextCronRun(cron, new Date());
      const id = scheduleIdFor(definition.name, opts.key);
      await queueFor(definition.queue).upsertJobScheduler(id, { pattern: cron, tz: 'UTC' }, { name: definition.name, data, opts: jobOptions(definition as JobDefinition) });
      return { id };
    },

    async unschedule(id) {
      for (const name of allQueueNames()) if (await queueFor(name).removeJobScheduler(id)) return true;
      return false;
    },

    async startWorkers(opts: StartWorkersOptions = {}) {
      for (const name of opts.queues ?? allQueueNames()) {
        const worker = new Worker(name, processor, {
          connection: connect('worker'),
          prefix,
          concurrency: opts.concurrency?.[name] ?? 2,
          lockDuration,
          maxStalledCount: 1,
          settings: {
            backoffStrategy: (attemptsMade, _type, _err, job) => {
              const definition = job ? definitions.get(job.name) : undefined;
              return definition ? backoffDelay(definition.retry, attemptsMade) : 1000;
            },
          },
        });
        worker.on('error', (err) => options.logger?.warn({ err: err.message, queue: name }, 'jobs: worker error'));
        worker.on('completed', (job) =>
          emit({ kind: 'completed', jobId: job.id ?? '', queue: job.queueName, name: job.name, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 }),
        );
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },

    async getJob(id) {
      // The job hash and its state live in different Redis keys, so a job that finishes between the two
      // reads would pair an "active" hash with a "completed" state. Read state, hash, state until the two
      // state reads agree, which gives a snapshot that was true at one moment.
      for (let tries = 0; ; tries += 1) {
        const first = await findJob(id);
        if (!first) return null;
        const before = await first.getState();
        const job = await queueFor(first.queueName).getJob(id);
        if (!job) return null;
        const after = await job.getState();
        if (before === after || tries >= 5) return toSummary(job, after as JobStateName);
      }
    },

    async overview() {
      const names = allQueueNames();
      const queueSummaries = await Promise.all(
        names.map(async (name) => {
          const c = await queueFor(name).getJobCounts('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed');
          return {
            queue: name,
            counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0, delayed: c.delayed ?? 0 },
          };
        }),
      );
      const schedules = (
        await Promise.all(
          names.map(async (name) =>
            (await queueFor(name).getJobSchedulers(0, -1, true)).map((s) => ({
              id: s.key,
              queue: name,
              name: s.name,
              cron: s.pattern ?? `every ${s.every ?? '?'} ms`,
              nextRunAt: s.next ? new Date(s.next).toISOString() : null,
              lastRunAt: null,
            })),
          ),
        )
      ).flat();
      return { provider: 'bullmq', queues: queueSummaries, schedules, deadLetters: await listDeadLetters(options.db) };
    },

    async listJobs(query: JobListQuery) {
      const found = await queueFor(query.queue).getJobs(bullStates[query.state], 0, query.limit - 1, query.state !== 'completed' && query.state !== 'failed');
      return Promise.all(found.filter((j): j is Job => Boolean(j)).map((j) => toSummary(j, query.state)));
    },

    async retryJob(id) {
      const deadLetter = await findOpenDeadLetter(options.db, id);
      const jobId = deadLetter?.jobId ?? id;
      const job = deadLetter ? await queueFor(deadLetter.queue).getJob(jobId) : await findJob(jobId);
      if (job) {
        const state = await job.getState();
        if (state !== 'failed') throw new AppError('CONFLICT', `job ${jobId} is ${state}; only failed jobs can be retried`);
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else if (deadLetter) {
        const definition = definitions.get(deadLetter.name);
        if (!definition) throw new AppError('NOT_FOUND', `no job named "${deadLetter.name}" is registered`);
        await queueFor(definition.queue).add(definition.name, deadLetter.payload, { ...jobOptions(definition), jobId });
      } else {
        throw new AppError('NOT_FOUND', `no failed job or dead letter with id ${id}`);
      }
      await resolveDeadLetters(options.db, jobId, 'retried');
    },

    async removeJob(id) {
      const deadLetter = await findOpenDeadLetter(options.db, id);
      const jobId = deadLetter?.jobId ?? id;
      const job = deadLetter ? await queueFor(deadLetter.queue).getJob(jobId) : await findJob(jobId);
      if (!job && !deadLetter) throw new AppError('NOT_FOUND', `no job with id ${id}`);
      if (job) {
        if ((await job.getState()) === 'active') throw new AppError('CONFLICT', `job ${jobId} is active and cannot be removed`);
        await job.remove();
      }
      await resolveDeadLetters(options.db, jobId, 'discarded');
    },

    async close(opts = {}) {
      const graceMs = opts.graceMs ?? 10_000;
      let graceTimer: NodeJS.Timeout | undefined;
      const closed = Promise.all(workers.map((w) => w.close()));
      const drained = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => (graceTimer = setTimeout(() => r(false), graceMs)))]);
      clearTimeout(graceTimer);
      if (!drained) {
        // Abort what is still running; each aborted job goes back to waiting for another worker or the next start.
        shutdown.abort(new ShutdownAbort('worker shutting down'));
        await closed;
      }
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
  for (const method of ['schedule', 'unschedule', 'getJob', 'overview', 'listJobs', 'retryJob', 'removeJob'] as const) {
    const original = provider[method] as (...args: unknown[]) => Promise<unknown>;
    (provider as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => original(...args).catch((error: unknown) => Promise.reject(unavailable(error)));
  }
  return provider;
}
