import { type Clock, systemClock } from '../shared/clock.ts';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostThrottle {
  /** Waits until the bucket is expected to hold `requestedCost` points (B.5 client algorithm). */
  waitFor(requestedCost: number): Promise<void>;
  /** Milliseconds the next query of `requestedCost` would wait now. */
  waitMs(requestedCost: number): number;
  /** Records `extensions.cost.throttleStatus` from a response. */
  update(status: ThrottleStatus): void;
  /** Last known status projected to now, or null before the first response. */
  status(): ThrottleStatus | null;
}

/**
 * Client side of Shopify's GraphQL leaky bucket: after each response remember
 * `currentlyAvailable`/`restoreRate`; before the next query wait
 * `max(0, (requestedCost − available) / restoreRate)` seconds.
 */
export function createCostThrottle(clock: Clock = systemClock): CostThrottle {
  let last: (ThrottleStatus & { at: number }) | null = null;
  const projected = (): ThrottleStatus | null => {
    if (!last) return null;
    const elapsed = Math.max(0, clock.now() - last.at) / 1000;
    return { ...last, currentlyAvailable: Math.min(last.maximumAvailable, last.currentlyAvailable + elapsed * last.restoreRate) };
  };
  const waitMs = (requestedCost: number) => {
    const now = projected();
    if (!now || now.restoreRate <= 0) return 0;
    return Math.max(0, Math.ceil(((requestedCost - now.currentlyAvailable) / now.restoreRate) * 1000));
  };
  return {
    waitMs,
    async waitFor(requestedCost) {
      const ms = waitMs(requestedCost);
      if (ms > 0) await clock.sleep(ms);
    },
    update(status) {
      last = { ...status, at: clock.now() };
    },
    status: projected,
  };
}
