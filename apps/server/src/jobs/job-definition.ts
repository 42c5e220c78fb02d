import type { z } from 'zod';

/**
 * Retry classes from the spec's retry configuration matrix (section 6.1.1) and sync workflow (4.1):
 * `retries` after the first attempt, waiting `baseDelayMs · 2^(n-1)` before retry n, capped at `maxDelayMs`.
 * So `sync` waits 2 s, 4 s, 8 s between its four attempts and `forecast` 5 s, 10 s between its three.
 */
export const retryPolicies = {
  critical: { retries: 5, baseDelayMs: 1_000, maxDelayMs: 32_000 },
  sync: { retries: 3, baseDelayMs: 2_000, maxDelayMs: 16_000 },
  financial: { retries: 3, baseDelayMs: 2_000, maxDelayMs: 16_000 },
  forecast: { retries: 2, baseDelayMs: 5_000, maxDelayMs: 20_000 },
  report: { retries: 3, baseDelayMs: 3_000, maxDelayMs: 24_000 },
  none: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
} as const satisfies Record<string, RetryPolicy>;

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Spec: 5 minutes for standard jobs, 15 minutes for heavy ones (ensemble model fits). */
export const jobTimeouts = { standard: 5 * 60_000, heavy: 15 * 60_000 } as const;

/** What a handler gets besides its payload. */
export interface JobContext {
  jobId: string;
  queue: string;
  name: string;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the job times out or the worker shuts down: long handlers should stop early. */
  signal: AbortSignal;
  /** Reports progress in percent (0–100); shown on the Jobs page and streamed as `job.updated`. */
  reportProgress(percent: number): Promise<void>;
}

/**
 * A job: a name, the zod schema of its payload (checked on enqueue and again on dequeue) and its handler.
 * `queue` groups jobs that share workers and concurrency.
 */
export interface JobDefinition<TSchema extends z.ZodType = z.ZodType, TResult = unknown> {
  name: string;
  queue: string;
  payloadSchema: TSchema;
  retry: RetryPolicy;
  timeoutMs: number;
  handler: (payload: z.output<TSchema>, ctx: JobContext) => Promise<TResult>;
}

export interface DefineJobInput<TSchema extends z.ZodType, TResult> {
  name: string;
  queue?: string;
  payloadSchema: TSchema;
  retry?: keyof typeof retryPolicies | RetryPolicy;
  timeout?: keyof typeof jobTimeouts | number;
  handler: (payload: z.output<TSchema>, ctx: JobContext) => Promise<TResult>;
}

const namePattern = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/**
 * Declares a job. Names are dotted lower-case (`sync.amazon-orders`); the queue defaults to the first
 * segment. Names and queues never contain `:` because BullMQ reserves it in keys.
 */
export function defineJob<TSchema extends z.ZodType, TResult = unknown>(input: DefineJobInput<TSchema, TResult>): JobDefinition<TSchema, TResult> {
  if (!namePattern.test(input.name)) throw new Error(`job name "${input.name}" must be dotted lower-case, e.g. "sync.amazon-orders"`);
  const queue = input.queue ?? input.name.split('.')[0]!;
  if (!/^[a-z][a-z0-9-]*$/.test(queue)) throw new Error(`queue name "${queue}" must be lower-case letters, digits and dashes`);
  const retry = typeof input.retry === 'object' ? input.retry : retryPolicies[input.retry ?? 'sync'];
  const timeoutMs = typeof input.timeout === 'number' ? input.timeout : jobTimeouts[input.timeout ?? 'standard'];
  if (!(timeoutMs > 0)) throw new Error(`job "${input.name}": timeout must be positive`);
  return { name: input.name, queue, payloadSchema: input.payloadSchema, retry, timeoutMs, handler: input.handler };
}

/** Delay before retry number `retry` (1-based). */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number): number {
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}
