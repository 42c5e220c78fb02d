import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cache, createCache } from './create-cache.ts';

const redisUrl = process.env.REDIS_URL;
const opened: Cache[] = [];
const open = async (opts: { ttlSeconds?: number; namespace?: string; maxEntries?: number; redis?: boolean } = {}) => {
  const c = await createCache({ ttlSeconds: opts.ttlSeconds ?? 60, maxEntries: opts.maxEntries, namespace: opts.namespace, redisUrl: opts.redis ? redisUrl : undefined });
  opened.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('createCache (memory)', () => {
  it('when the same key is asked twice, then the value is computed once', async () => {
    const cache = await open();
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.getOrCompute('k', ['sales'], compute)).toBe(1);
    expect(await cache.getOrCompute('k', ['sales'], compute)).toBe(1);
    expect(calls).toBe(1);
  });

  it('when 100 requests miss at once, then they share one computation', async () => {
    const cache = await open();
    let calls = 0;
    const compute = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      return 'v';
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrCompute('k', ['sales'], compute)));
    expect(new Set(results)).toEqual(new Set(['v']));
    expect(calls).toBe(1);
  });

  it('when a tag is invalidated, then entries carrying it are recomputed and others are kept', async () => {
    const cache = await open();
    let n = 0;
    await cache.getOrCompute('a', ['sales'], async () => ++n);
    await cache.getOrCompute('b', ['production'], async () => 100);
    expect(cache.dataVersion('sales')).toBe(0);
    await cache.invalidate(['sales']);
    expect(cache.dataVersion('sales')).toBe(1);
    expect(await cache.getOrCompute('a', ['sales'], async () => ++n)).toBe(2);
    expect(await cache.getOrCompute('b', ['production'], async () => 200)).toBe(100);
  });

  it('when data changes while a value is being computed, then that stale value is not stored', async () => {
    const cache = await open();
    await cache.getOrCompute('warm', ['sales'], async () => 0);
    const first = cache.getOrCompute('k', ['sales'], async () => {
      await cache.invalidate(['sales']);
      return 'stale';
    });
    expect(await first).toBe('stale');
    expect(await cache.getOrCompute('k', ['sales'], async () => 'fresh')).toBe('fresh');
  });

  it('when stale-while-revalidate is asked for after an invalidation, then a slow recomputation gives way to the old value after the grace period and the new one is served once computed', async () => {
    const cache = await open();
    const swr = { staleWhileRevalidate: true };
    expect(await cache.getOrCompute('k', ['sales'], async () => 'v1', swr)).toBe('v1');
    await cache.invalidate(['sales']);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slow = async () => {
      calls += 1;
      await gate;
      return 'v2';
    };
    expect(await cache.getOrCompute('k', ['sales'], slow, swr)).toBe('v1');
    expect(await cache.getOrCompute('k', ['sales'], slow, swr)).toBe('v1');
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(await cache.getOrCompute('k', ['sales'], slow, swr)).toBe('v2');
    expect(calls).toBe(1);
  });

  it('when stale-while-revalidate is asked for after an invalidation and the recomputation is quick, then the caller gets the new value', async () => {
    const cache = await open();
    const swr = { staleWhileRevalidate: true };
    expect(await cache.getOrCompute('q', ['sales'], async () => 'v1', swr)).toBe('v1');
    await cache.invalidate(['sales']);
    const quick = async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 'v2';
    };
    expect(await cache.getOrCompute('q', ['sales'], quick, swr)).toBe('v2');
  });

  it('when stale-while-revalidate has no previous value, then callers wait for the computation', async () => {
    const cache = await open();
    expect(await cache.getOrCompute('fresh', ['sales'], async () => 'computed', { staleWhileRevalidate: true })).toBe('computed');
  });

  it('when the TTL has passed, then the value is recomputed', async () => {
    const cache = await open({ ttlSeconds: 0.05 });
    let n = 0;
    await cache.getOrCompute('k', [], async () => ++n);
    await new Promise((r) => setTimeout(r, 80));
    expect(await cache.getOrCompute('k', [], async () => ++n)).toBe(2);
  });

  it('when more entries than the bound are stored, then the least recently used go first', async () => {
    const cache = await open({ maxEntries: 2 });
    await cache.getOrCompute('a', [], async () => 1);
    await cache.getOrCompute('b', [], async () => 2);
    await cache.getOrCompute('a', [], async () => 99);
    await cache.getOrCompute('c', [], async () => 3);
    expect(cache.size()).toBe(2);
    expect(await cache.getOrCompute('a', [], async () => 99)).toBe(1);
    expect(await cache.getOrCompute('b', [], async () => 22)).toBe(22);
  });
});

describe.skipIf(!redisUrl)('createCache (redis)', () => {
  it('when one process invalidates a tag, then another process stops serving its old value', async () => {
    const namespace = `test:${randomBytes(4).toString('hex')}`;
    const a = await open({ redis: true, namespace });
    const b = await open({ redis: true, namespace });
    expect(a.kind).toBe('memory+redis');
    expect(await a.getOrCompute('k', ['sales'], async () => 'v1')).toBe('v1');
    // b finds a's value in Redis rather than computing its own.
    expect(await b.getOrCompute('k', ['sales'], async () => 'b-computed')).toBe('v1');
    await a.invalidate(['sales']);
    await new Promise((r) => setTimeout(r, 100));
    expect(b.dataVersion('sales')).toBe(1);
    expect(await b.getOrCompute('k', ['sales'], async () => 'v2')).toBe('v2');
    expect(await a.ping()).toBe(true);
  });
});
