import { describe, expect, it } from 'vitest';
import { circuitBreakerPolicies, createCircuitBreaker } from './circuit-breaker.ts';
import { createFakeClock } from './clock.ts';
import { ConnectorError } from './connector-error.ts';

const fail = () => Promise.reject(new ConnectorError('SERVER_ERROR', 'HTTP 500'));
const ok = () => Promise.resolve('ok');

describe('createCircuitBreaker', () => {
  it('when Amazon fails 5 times within 60 s, then it opens and rejects without calling', async () => {
    const clock = createFakeClock(0);
    const breaker = createCircuitBreaker({ ...circuitBreakerPolicies.amazon, integration: 'amazon', clock });
    for (let i = 0; i < 4; i += 1) {
      await expect(breaker.execute(fail)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
      clock.set(clock.now() + 10_000);
    }
    expect(breaker.state()).toBe('closed');
    await expect(breaker.execute(fail)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(breaker.state()).toBe('open');
    let called = false;
    await expect(breaker.execute(async () => { called = true; })).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(called).toBe(false);
  });

  it('when failures are spread wider than the window, then it stays closed', async () => {
    const clock = createFakeClock(0);
    const breaker = createCircuitBreaker({ ...circuitBreakerPolicies.amazon, integration: 'amazon', clock });
    for (let i = 0; i < 10; i += 1) {
      await expect(breaker.execute(fail)).rejects.toThrow();
      clock.set(clock.now() + 15_001);
    }
    expect(breaker.state()).toBe('closed');
  });

  it('when 30 s pass after opening, then one trial runs half-open and its success closes the circuit', async () => {
    const clock = createFakeClock(0);
    const breaker = createCircuitBreaker({ ...circuitBreakerPolicies.amazon, integration: 'amazon', clock });
    for (let i = 0; i < 5; i += 1) await expect(breaker.execute(fail)).rejects.toThrow();
    clock.set(29_999);
    expect(breaker.state()).toBe('open');
    clock.set(30_000);
    expect(breaker.state()).toBe('half-open');
    let release!: () => void;
    const trial = breaker.execute(() => new Promise<string>((resolve) => { release = () => resolve('ok'); }));
    await expect(breaker.execute(ok)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    release();
    await expect(trial).resolves.toBe('ok');
    expect(breaker.state()).toBe('closed');
    expect(breaker.snapshot().recentFailures).toBe(0);
  });

  it('when the half-open trial fails, then it re-opens for another full period', async () => {
    const clock = createFakeClock(0);
    const changes: string[] = [];
    const breaker = createCircuitBreaker({ ...circuitBreakerPolicies.shopify, integration: 'shopify', clock });
    breaker.onStateChange((from, to) => changes.push(`${from}->${to}`));
    for (let i = 0; i < 3; i += 1) await expect(breaker.execute(fail)).rejects.toThrow();
    clock.set(60_000);
    await expect(breaker.execute(fail)).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', openedAt: 60_000, retryAt: 120_000 });
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->open']);
  });

  it('when calls fail with throttling or auth errors, then they do not count toward opening', async () => {
    const clock = createFakeClock(0);
    const breaker = createCircuitBreaker({ ...circuitBreakerPolicies.shopify, integration: 'shopify', clock });
    for (let i = 0; i < 10; i += 1) {
      await expect(breaker.execute(() => Promise.reject(new ConnectorError('RATE_LIMITED', '429')))).rejects.toThrow();
      await expect(breaker.execute(() => Promise.reject(new ConnectorError('AUTH_FAILED', '401')))).rejects.toThrow();
    }
    expect(breaker.state()).toBe('closed');
  });

  it('has the spec table values for every integration', () => {
    expect(circuitBreakerPolicies).toEqual({
      amazon: { failureThreshold: 5, windowMs: 60_000, openMs: 30_000 },
      shopify: { failureThreshold: 3, windowMs: 30_000, openMs: 60_000 },
      unleashed: { failureThreshold: 5, windowMs: 120_000, openMs: 300_000 },
    });
  });
});
