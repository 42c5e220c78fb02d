import { describe, expect, it } from 'vitest';
import { createFakeClock } from './clock.ts';
import { ConnectorError } from './connector-error.ts';
import { backoffDelay, withRetry } from './with-retry.ts';

const serverError = () => new ConnectorError('SERVER_ERROR', 'HTTP 503', { status: 503 });

describe('withRetry', () => {
  it('when every attempt fails with a 5xx, then it waits 2 s, 4 s, 8 s and throws the last error after 4 calls', async () => {
    const clock = createFakeClock(0, { autoAdvance: true });
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw serverError();
      }, { clock }),
    ).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
  });

  it('when the second attempt succeeds, then its value is returned after one wait', async () => {
    const clock = createFakeClock(0, { autoAdvance: true });
    const value = await withRetry(async (attempt) => {
      if (attempt === 1) throw serverError();
      return 'ok';
    }, { clock });
    expect(value).toBe('ok');
    expect(clock.sleeps).toEqual([2000]);
  });

  it('when the server sends Retry-After longer than the backoff, then the wait honours it', async () => {
    const clock = createFakeClock(0, { autoAdvance: true });
    await withRetry(async (attempt) => {
      if (attempt === 1) throw new ConnectorError('RATE_LIMITED', '429', { retryAfterMs: 5000 });
      return 1;
    }, { clock });
    expect(clock.sleeps).toEqual([5000]);
  });

  it('when Retry-After exceeds the maximum wait, then it throws at once instead of blocking a worker', async () => {
    const clock = createFakeClock(0, { autoAdvance: true });
    await expect(
      withRetry(async () => {
        throw new ConnectorError('RATE_LIMITED', 'quota', { retryAfterMs: 86_400_000 });
      }, { clock }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(clock.sleeps).toEqual([]);
  });

  it('when the error is not retryable (auth), then it is thrown after one call', async () => {
    const clock = createFakeClock(0, { autoAdvance: true });
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw new ConnectorError('AUTH_FAILED', '403');
      }, { clock }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(calls).toBe(1);
  });

  it('when jitter is asked for, then waits stay within [base×(1−ratio), base]', () => {
    expect(backoffDelay(3, 2000, 60_000, 0.2, () => 1)).toBe(6400);
    expect(backoffDelay(3, 2000, 60_000, 0.2, () => 0)).toBe(8000);
    expect(backoffDelay(10, 2000, 60_000)).toBe(60_000);
  });
});
