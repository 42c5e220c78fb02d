import type { z } from 'zod';
import type { JobListQuery, JobsOverview, JobSummary } from '@sentia/contracts/jobs';
import { AppError } from '../http/app-error.ts';
import type { JobDefinition } from './job-definition.ts';

export interface EnqueueOptions {
  /**
   * Same key, same job: a second enqueue with a key already seen (while the first job is retained, 24 h
   * after completion) returns the existing job instead of adding one.
   */
  idempotencyKey?: string;
  /** Start no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Higher runs first within a queue. */
  priority?: number;
}

export interface EnqueueResult {
  id: string;
  /** True when the idempotency key matched an existing job and nothing was added. */
  deduplicated: boolean;
}

/** Something that happened to a job, for the event bus (Jobs page live updates, alerts on dead letters). */
export type JobLifecycleEvent = {
  jobId: string;
  queue: string;
  name: string;
  attempt: number;
  maxAttempts: number;
} & (
  | { kind: 'active' }
  | { kind: 'progress'; progress: number }
  | { kind: 'completed' }
  | { kind: 'retrying'; error: string; delayMs: number }
  | { kind: 'dead-lettered'; error: string }
);

export interface StartWorkersOptions {
  /** Queues this process works on; all registered queues when omitted. */
  queues?: string[];
  /** Parallel jobs per queue (default 2; heavy queues should use 1 and worker threads). */
  concurrency?: Record<string, number>;
}

/**
 * One behaviour, two backends: the embedded provider (jobs in the database, workers in this process) and
 * BullMQ on Redis. Both validate payloads on enqueue and dequeue, retry with the definition's exponential
 * backoff, time out, dead-letter after the last attempt and report progress.
 */
export interface JobProvider {
  readonly kind: 'in-process' | 'bullmq';
  enqueue<S extends z.ZodType>(definition: JobDefinition<S>, payload: z.input<S>, options?: EnqueueOptions): Promise<EnqueueResult>;
  /**
   * Registers (or updates) a cron schedule. The id is `name` or `name.key`, deterministic, so every process may
   * call this at start-up and the job still runs once per tick.
   */
  schedule<S extends z.ZodType>(definition: JobDefinition<S>, cron: string, payload: z.input<S>, options?: { key?: string }): Promise<{ id: string }>;
  unschedule(id: string): Promise<boolean>;
  /** Starts processing in this process. */
  startWorkers(options?: StartWorkersOptions): Promise<void>;
  getJob(id: string): Promise<JobSummary | null>;
  overview(): Promise<JobsOverview>;
  listJobs(query: JobListQuery): Promise<JobSummary[]>;
  /** Runs a failed job (or dead letter, by its id) again from its first attempt. */
  retryJob(id: string): Promise<void>;
  /** Removes a job that is not active, or discards a dead letter. */
  removeJob(id: string): Promise<void>;
  /**
   * Stops taking jobs, waits up to `graceMs` for active ones to finish, then aborts the rest and hands them
   * back to the queue so another process (or the next start) runs them.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Validates a payload against its job's schema; the error names every bad field. */
export function parsePayload<S extends z.ZodType>(definition: JobDefinition<S>, payload: unknown): z.output<S> {
  const parsed = definition.payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(payload)', message: i.message }));
    throw new AppError('VALIDATION_FAILED', `invalid payload for job "${definition.name}": ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
  }
  return parsed.data;
}

const idempotencyKeyPattern = /^[A-Za-z0-9._@/-]{1,200}$/;

/** The job id: derived from the idempotency key when there is one (so both backends dedupe by primary key). */
export function jobIdFor(name: string, idempotencyKey: string | undefined, randomId: () => string): string {
  if (idempotencyKey === undefined) return randomId();
  if (!idempotencyKeyPattern.test(idempotencyKey)) {
    throw new AppError('VALIDATION_FAILED', 'idempotencyKey must be 1–200 characters of letters, digits and . _ @ / -');
  }
  return `${name}.${idempotencyKey}`;
}

/** Deterministic schedule id. */
export const scheduleIdFor = (name: string, key: string | undefined) => (key ? `${name}.${key}` : name);

/** Raised into a handler's abort signal when the job runs past its timeout. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
}

/** Runs the handler with a timeout; the signal tells the handler to stop, the race makes sure we do. */
export async function runWithTimeout<T>(timeoutMs: number, outer: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new JobTimeoutError(`timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  try {
    return await new Promise<T>((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      run(controller.signal).then(resolve, reject);
    });
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

export const errorMessage = (error: unknown) => (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error));
