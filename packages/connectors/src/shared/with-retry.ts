import { type Clock, systemClock } from './clock.ts';
import { isConnectorError } from './connector-error.ts';

export interface RetryOptions {
  /** Retries after the first call; the spec's policy is 3 (waits of 2 s, 4 s, 8 s). */
  maxRetries?: number;
  /** First wait; doubles each retry. Tests pass a few milliseconds. */
  baseDelayMs?: number;
  /** Upper bound of one wait, including a server's Retry-After. */
  maxDelayMs?: number;
  /** 0 (default) = exact 2/4/8 s; 0.2 = each wait randomly shortened by up to 20 % to spread retries of many workers. */
  jitterRatio?: number;
  /** Decides whether an error deserves another attempt; default: retryable ConnectorErrors (timeouts, network, 429, 5xx). */
  isRetryable?: (error: unknown) => boolean;
  /** Observes each scheduled retry (for logs and the sync health counters). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  clock?: Clock;
  random?: () => number;
}

export const defaultRetryPolicy = { maxRetries: 3, baseDelayMs: 2000, maxDelayMs: 60_000 } as const;

/** The wait before retry number `retry` (1-based) ignoring Retry-After: base × 2^(retry-1). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, jitterRatio = 0, random: () => number = Math.random): number {
  const exact = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.round(exact * (1 - jitterRatio * random()));
}

/**
 * Runs `fn`, retrying retryable failures with exponential backoff. A server's Retry-After (carried
 * on {@link ConnectorError.retryAfterMs}) lengthens the wait; one longer than `maxDelayMs` (e.g. an
 * Unleashed monthly quota block) is not waited for — the error is thrown so the job is rescheduled
 * or dead-lettered instead of holding a worker. After the last retry the last error is thrown.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxRetries = options.maxRetries ?? defaultRetryPolicy.maxRetries;
  const baseDelayMs = options.baseDelayMs ?? defaultRetryPolicy.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs;
  const clock = options.clock ?? systemClock;
  const isRetryable = options.isRetryable ?? ((error: unknown) => isConnectorError(error) && error.retryable);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt > maxRetries || !isRetryable(error)) throw error;
      const retryAfter = isConnectorError(error) ? error.retryAfterMs : undefined;
      if (retryAfter !== undefined && retryAfter > maxDelayMs) throw error;
      const delayMs = Math.max(backoffDelay(attempt, baseDelayMs, maxDelayMs, options.jitterRatio ?? 0, options.random), retryAfter ?? 0);
      options.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs);
    }
  }
}
