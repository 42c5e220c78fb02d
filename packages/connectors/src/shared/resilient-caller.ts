import type { IntegrationSource } from '@sentia/contracts/integrations';
import { type CircuitBreaker, circuitBreakerPolicies, createCircuitBreaker } from './circuit-breaker.ts';
import { type Clock, systemClock } from './clock.ts';
import { type RateLimiter, createRateLimiter } from './token-bucket.ts';
import { type RetryOptions, withRetry } from './with-retry.ts';

export interface ResilienceOptions {
  clock?: Clock;
  /** Overrides of the retry policy (tests shorten `baseDelayMs`). */
  retry?: Omit<RetryOptions, 'clock'>;
  /** Shared breaker, e.g. one per connection kept by the server across sync runs. */
  breaker?: CircuitBreaker;
  limiter?: RateLimiter;
}

export interface ResilientCaller {
  /** Runs one vendor call under retry → circuit breaker → rate limiter (each attempt takes a token and is seen by the breaker). */
  call<T>(operation: string, fn: (attempt: number) => Promise<T>): Promise<T>;
  readonly breaker: CircuitBreaker;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
}

/** Wires the shared machinery for one connection. */
export function createResilientCaller(integration: IntegrationSource, options: ResilienceOptions = {}): ResilientCaller {
  const clock = options.clock ?? systemClock;
  const breaker = options.breaker ?? createCircuitBreaker({ ...circuitBreakerPolicies[integration], integration, clock });
  const limiter = options.limiter ?? createRateLimiter({}, clock);
  return {
    breaker,
    limiter,
    clock,
    call(operation, fn) {
      return withRetry(
        (attempt) =>
          breaker.execute(async () => {
            await limiter.acquire(operation);
            return fn(attempt);
          }),
        { ...options.retry, clock },
      );
    },
  };
}
