import { type Clock, systemClock } from './clock.ts';

export interface TokenBucketOptions {
  /** Tokens added per second (SP-API usage-plan "rate"). */
  ratePerSecond: number;
  /** Bucket size (usage-plan "burst"); the bucket starts full. */
  burst: number;
  clock?: Clock;
}

export interface TokenBucket {
  /** Takes a token if one is available now. */
  tryTake(): boolean;
  /** Waits (on the bucket's clock) until a token is available, then takes it. */
  take(): Promise<void>;
  /** Milliseconds until one token is available (0 if now). */
  waitMs(): number;
  /** Whole and fractional tokens available now — the "rate-limit headroom" shown on the sync health page. */
  available(): number;
  /** Changes the refill rate, e.g. from an `x-amzn-RateLimit-Limit` response header. */
  setRate(ratePerSecond: number): void;
  readonly burst: number;
  rate(): number;
}

/**
 * Token bucket as SP-API usage plans define it: `burst` tokens, refilled continuously at
 * `ratePerSecond`, one token per call. Waiters queue in order so concurrent callers don't all wake
 * at once and overdraw the bucket.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
    throw new RangeError(`token bucket needs ratePerSecond > 0 and burst >= 1 (got ${options.ratePerSecond}, ${options.burst})`);
  }
  const clock = options.clock ?? systemClock;
  let rate = options.ratePerSecond;
  let tokens = options.burst;
  let updatedAt = clock.now();
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const now = clock.now();
    if (now > updatedAt) {
      tokens = Math.min(options.burst, tokens + ((now - updatedAt) / 1000) * rate);
      updatedAt = now;
    }
  };
  const waitMs = () => {
    refill();
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / rate) * 1000);
  };
  const tryTake = () => {
    refill();
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  return {
    burst: options.burst,
    rate: () => rate,
    tryTake,
    waitMs,
    available: () => {
      refill();
      return tokens;
    },
    setRate(next) {
      if (!(next > 0)) return;
      refill();
      rate = next;
    },
    take() {
      const turn = queue.then(async () => {
        for (;;) {
          if (tryTake()) return;
          await clock.sleep(waitMs());
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export interface RateLimitPlan {
  ratePerSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Waits for a token of `operation`'s bucket; operations without a plan are not limited. */
  acquire(operation: string): Promise<void>;
  bucket(operation: string): TokenBucket | undefined;
  /** Headroom per operation for health reporting. */
  snapshot(): Record<string, { available: number; burst: number; ratePerSecond: number }>;
}

/** One token bucket per operation, e.g. SP-API's getOrders 0.0167/s burst 20 and getOrderItems 0.5/s burst 30. */
export function createRateLimiter(plans: Record<string, RateLimitPlan>, clock: Clock = systemClock): RateLimiter {
  const buckets = new Map<string, TokenBucket>();
  for (const [operation, plan] of Object.entries(plans)) {
    buckets.set(operation, createTokenBucket({ ...plan, clock }));
  }
  return {
    async acquire(operation) {
      await buckets.get(operation)?.take();
    },
    bucket: (operation) => buckets.get(operation),
    snapshot() {
      const out: Record<string, { available: number; burst: number; ratePerSecond: number }> = {};
      for (const [operation, bucket] of buckets) {
        out[operation] = { available: bucket.available(), burst: bucket.burst, ratePerSecond: bucket.rate() };
      }
      return out;
    },
  };
}
