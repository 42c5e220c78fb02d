import { describe, expect, it } from 'vitest';
import { createFakeClock } from './clock.ts';
import { createRateLimiter, createTokenBucket } from './token-bucket.ts';

describe('createTokenBucket', () => {
  it('when the burst is spent, then the next token comes after 1/rate seconds', () => {
    const clock = createFakeClock(0);
    const bucket = createTokenBucket({ ratePerSecond: 0.5, burst: 2, clock });
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.waitMs()).toBe(2000);
    clock.set(1999);
    expect(bucket.tryTake()).toBe(false);
    clock.set(2000);
    expect(bucket.tryTake()).toBe(true);
  });

  it('when idle for long, then tokens refill only up to the burst', () => {
    const clock = createFakeClock(0);
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 2, clock });
    clock.set(3_600_000);
    expect(bucket.available()).toBe(2);
  });

  it('when three callers take from a 1-token bucket at 1/s, then they are served one second apart', async () => {
    const clock = createFakeClock(0, { autoAdvance: true });
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, clock });
    const times: number[] = [];
    await Promise.all([1, 2, 3].map(() => bucket.take().then(() => times.push(clock.now()))));
    expect(times).toEqual([0, 1000, 2000]);
  });

  it('when the vendor reports a new rate, then refills follow it', () => {
    const clock = createFakeClock(0);
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1, clock });
    bucket.tryTake();
    bucket.setRate(0.0167);
    expect(bucket.waitMs()).toBe(Math.ceil(1000 / 0.0167));
  });

  it('when the plan is nonsense, then it throws', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
  });
});

describe('createRateLimiter', () => {
  it('when operations have separate plans, then spending one does not spend the other', async () => {
    const clock = createFakeClock(0);
    const limiter = createRateLimiter({ getOrders: { ratePerSecond: 0.0167, burst: 1 }, getOrderItems: { ratePerSecond: 0.5, burst: 30 } }, clock);
    await limiter.acquire('getOrders');
    expect(limiter.bucket('getOrders')?.tryTake()).toBe(false);
    expect(limiter.bucket('getOrderItems')?.tryTake()).toBe(true);
    await limiter.acquire('unplanned');
    expect(limiter.snapshot().getOrderItems).toMatchObject({ burst: 30, ratePerSecond: 0.5 });
  });
});
