import { describe, expect, it } from 'vitest';
import { runInWorkerThread } from './run-in-worker-thread.ts';

const fixture = new URL('./testing/cpu-work.fixture.ts', import.meta.url);

describe('runInWorkerThread', () => {
  it('when CPU-bound work runs in a thread, then it returns its result and this event loop keeps ticking meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    const loops = await runInWorkerThread<number>(fixture, 'spin', { ms: 600 });
    clearInterval(timer);
    expect(loops).toBeGreaterThan(1000);
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('when the work throws, then the promise rejects with its name and message', async () => {
    await expect(runInWorkerThread(fixture, 'fail', {})).rejects.toMatchObject({ name: 'RangeError', message: 'model did not converge' });
  });

  it('when the signal aborts (job timeout), then the thread is terminated and the promise rejects at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('timed out after 0 s')), 300);
    await expect(runInWorkerThread(fixture, 'spin', { ms: 10_000 }, { signal: controller.signal })).rejects.toThrow('timed out');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
