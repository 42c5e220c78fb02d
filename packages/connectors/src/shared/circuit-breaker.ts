import type { CircuitState, IntegrationSource } from '@sentia/contracts/integrations';
import { type Clock, systemClock } from './clock.ts';
import { ConnectorError, isConnectorError } from './connector-error.ts';

export interface CircuitBreakerPolicy {
  /** Failures within `windowMs` that open the circuit. */
  failureThreshold: number;
  windowMs: number;
  /** How long the circuit stays open before one trial call is let through (half-open). */
  openMs: number;
}

/**
 * The spec's table (section "Circuit Breaker Configuration"):
 * Amazon SP-API 5 failures in 60 s → open 30 s; Shopify 3 in 30 s → 60 s; Unleashed 5 in 120 s → 300 s.
 */
export const circuitBreakerPolicies: Record<IntegrationSource, CircuitBreakerPolicy> = {
  amazon: { failureThreshold: 5, windowMs: 60_000, openMs: 30_000 },
  shopify: { failureThreshold: 3, windowMs: 30_000, openMs: 60_000 },
  unleashed: { failureThreshold: 5, windowMs: 120_000, openMs: 300_000 },
};

export interface CircuitBreakerSnapshot {
  state: CircuitState;
  recentFailures: number;
  openedAt: number | null;
  /** When an open circuit lets the next trial through. */
  retryAt: number | null;
  lastFailure: string | null;
}

export interface CircuitBreaker {
  /** Runs `fn` unless the circuit is open; records the outcome. Throws CIRCUIT_OPEN without calling `fn` when open. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
  state(): CircuitState;
  snapshot(): CircuitBreakerSnapshot;
  /** Closes the circuit (admin "sync now" after fixing credentials). */
  reset(): void;
  onStateChange(listener: (from: CircuitState, to: CircuitState) => void): void;
}

/**
 * Errors that say the vendor is unhealthy. Throttling (429) is the vendor working as designed and is
 * handled by backoff; auth and validation errors are ours to fix, and retrying would not help.
 */
export function isBreakerFailure(error: unknown): boolean {
  if (!isConnectorError(error)) return true;
  return error.code === 'TIMEOUT' || error.code === 'NETWORK' || error.code === 'SERVER_ERROR' || error.code === 'MALFORMED_RESPONSE';
}

/**
 * Circuit breaker with closed → open → half-open states. Closed: failures are counted in a sliding
 * window; reaching the threshold opens it. Open: calls fail fast with CIRCUIT_OPEN (the dashboard
 * serves cached data). After `openMs` one trial call runs (half-open): success closes, failure re-opens.
 */
export function createCircuitBreaker(
  options: CircuitBreakerPolicy & { integration: IntegrationSource; clock?: Clock; isFailure?: (error: unknown) => boolean },
): CircuitBreaker {
  const clock = options.clock ?? systemClock;
  const isFailure = options.isFailure ?? isBreakerFailure;
  let current: CircuitState = 'closed';
  let failures: number[] = [];
  let openedAt: number | null = null;
  let trialInFlight = false;
  let lastFailure: string | null = null;
  const listeners: ((from: CircuitState, to: CircuitState) => void)[] = [];

  const transition = (to: CircuitState) => {
    if (to === current) return;
    const from = current;
    current = to;
    for (const listener of listeners) listener(from, to);
  };
  const refreshState = () => {
    if (current === 'open' && openedAt !== null && clock.now() - openedAt >= options.openMs) transition('half-open');
  };
  const open = () => {
    openedAt = clock.now();
    trialInFlight = false;
    transition('open');
  };
  const recentFailures = () => {
    const since = clock.now() - options.windowMs;
    failures = failures.filter((t) => t > since);
    return failures.length;
  };

  return {
    async execute(fn) {
      refreshState();
      if (current === 'open' || (current === 'half-open' && trialInFlight)) {
        throw new ConnectorError('CIRCUIT_OPEN', `${options.integration} circuit is ${current}; calls are suspended until ${new Date((openedAt ?? clock.now()) + options.openMs).toISOString()}`, {
          integration: options.integration,
        });
      }
      const isTrial = current === 'half-open';
      if (isTrial) trialInFlight = true;
      try {
        const result = await fn();
        if (isTrial) {
          trialInFlight = false;
          failures = [];
          openedAt = null;
          transition('closed');
        }
        return result;
      } catch (error) {
        if (isFailure(error)) {
          lastFailure = error instanceof Error ? error.message : String(error);
          if (isTrial) {
            open();
          } else {
            failures.push(clock.now());
            if (recentFailures() >= options.failureThreshold) open();
          }
        } else if (isTrial) {
          // A non-health failure (e.g. 400) still proves the vendor answers.
          trialInFlight = false;
          failures = [];
          openedAt = null;
          transition('closed');
        }
        throw error;
      }
    },
    state() {
      refreshState();
      return current;
    },
    snapshot() {
      refreshState();
      return {
        state: current,
        recentFailures: recentFailures(),
        openedAt,
        retryAt: current === 'closed' || openedAt === null ? null : openedAt + options.openMs,
        lastFailure,
      };
    },
    reset() {
      failures = [];
      openedAt = null;
      trialInFlight = false;
      transition('closed');
    },
    onStateChange(listener) {
      listeners.push(listener);
    },
  };
}
