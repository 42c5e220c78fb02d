import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A two-level cache for computed results (L1 in process memory, L2 in Redis when configured) with tag-based
 * invalidation through data versions.
 *
 * Every entry is stored under its key plus the current version of each of its tags. `invalidate(tags)` bumps the
 * versions, so every entry computed from the old data becomes unreachable at once in every process: in Redis the
 * version is an INCR'd counter and the bump is published, so other server processes stop using their L1 copies too.
 */
export interface Cache {
  /** Returns the cached value or computes, stores and returns it. Concurrent misses for one key share one computation. */
  getOrCompute<T>(key: string, tags: readonly string[], compute: () => Promise<T>, options?: GetOrComputeOptions): Promise<T>;
  /** Marks data behind the tags as changed; entries carrying any of the tags are no longer served. */
  invalidate(tags: readonly string[]): Promise<void>;
  /** The current data version of a tag (0 before the first change seen by this process). */
  dataVersion(tag: string): number;
  /** Health of the shared layer: true without Redis, otherwise whether Redis answers PING. */
  ping(): Promise<boolean>;
  /** Entry count in this process (for diagnostics and tests). */
  size(): number;
  readonly kind: 'memory' | 'memory+redis';
  close(): Promise<void>;
}

export interface GetOrComputeOptions {
  ttlSeconds?: number;
  /**
   * After an invalidation, wait at most 750 ms for the one recomputation, then answer with the previous value (if
   * it has not expired) while the recomputation goes on in the background; the next callers get the new value. For expensive results where a
   * second of staleness beats every caller waiting (and, on PGlite, queueing behind) the recomputation.
   */
  staleWhileRevalidate?: boolean;
}

export interface CreateCacheOptions {
  /** Default lifetime of an entry. */
  ttlSeconds: number;
  /** L1 bound; least recently used entries are evicted first. */
  maxEntries?: number;
  redisUrl?: string | undefined;
  /** Namespace for Redis keys and the invalidation channel, so tests and apps can share one Redis. */
  namespace?: string;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

interface Entry {
  value: unknown;
  expiresAt: number;
  tags: readonly string[];
}

/** How long a stale-while-revalidate caller waits for the recomputation before it takes the previous value. */
const STALE_GRACE_MS = 750;

const encodeKey = (key: string, tags: readonly string[], versions: ReadonlyMap<string, number>) =>
  `${key}#${tags.map((t) => `${t}@${versions.get(t) ?? 0}`).join(',')}`;

/** Creates the cache; connects to Redis when `redisUrl` is given. */
export async function createCache(options: CreateCacheOptions): Promise<Cache> {
  const maxEntries = options.maxEntries ?? 2000;
  const ns = options.namespace ?? 'sentia:cache';
  const l1 = new Map<string, Entry>();
  const versions = new Map<string, number>();
  const inflight = new Map<string, Promise<unknown>>();
  /** Logical key → the versioned key most recently stored for it (what stale-while-revalidate can fall back to). */
  const latest = new Map<string, string>();
  let redis: Redis | undefined;
  let subscriber: Redis | undefined;

  // Entries of an old version are not deleted: they are unreachable by key and age out through the LRU bound
  // and their TTL, and stale-while-revalidate may still serve one while the new version is computed.
  const raiseVersion = (tag: string, version: number) => {
    if (version > (versions.get(tag) ?? 0)) versions.set(tag, version);
  };

  if (options.redisUrl) {
    const redisOptions = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true } as const;
    redis = new Redis(options.redisUrl, redisOptions);
    subscriber = new Redis(options.redisUrl, redisOptions);
    for (const client of [redis, subscriber]) client.on('error', (err) => options.logger?.warn({ err }, 'cache: redis error'));
    await Promise.all([redis.connect(), subscriber.connect()]);
    await subscriber.subscribe(`${ns}:invalidate`);
    subscriber.on('message', (_channel, message) => {
      try {
        const { tag, version } = JSON.parse(message) as { tag: string; version: number };
        raiseVersion(tag, version);
      } catch (err) {
        options.logger?.warn({ err }, 'cache: bad invalidation message');
      }
    });
  }

  const knownVersions = async (tags: readonly string[]) => {
    const missing = tags.filter((t) => !versions.has(t));
    if (missing.length > 0 && redis) {
      try {
        const values = await redis.mget(...missing.map((t) => `${ns}:ver:${t}`));
        missing.forEach((t, i) => raiseVersion(t, Number(values[i] ?? 0)));
        missing.forEach((t) => versions.has(t) || versions.set(t, 0));
      } catch (err) {
        // Without the shared versions, L2 might serve stale data: fall back to L1 only for this call.
        options.logger?.warn({ err }, 'cache: cannot read data versions from redis');
        return undefined;
      }
    } else {
      for (const t of missing) versions.set(t, 0);
    }
    return versions;
  };

  const remember = (key: string, fullKey: string) => {
    latest.delete(key);
    latest.set(key, fullKey);
    if (latest.size > maxEntries) latest.delete(latest.keys().next().value as string);
  };

  const setL1 = (key: string, entry: Entry) => {
    l1.delete(key);
    l1.set(key, entry);
    while (l1.size > maxEntries) {
      const oldest = l1.keys().next().value;
      if (oldest === undefined) break;
      l1.delete(oldest);
    }
  };

  const cache: Cache = {
    kind: redis ? 'memory+redis' : 'memory',

    async getOrCompute<T>(key: string, tags: readonly string[], compute: () => Promise<T>, opts?: GetOrComputeOptions): Promise<T> {
      const ttlMs = (opts?.ttlSeconds ?? options.ttlSeconds) * 1000;
      if (ttlMs <= 0) return compute();
      const v = tags.every((t) => versions.has(t)) ? versions : await knownVersions(tags);
      const useL2 = v !== undefined;
      const fullKey = encodeKey(key, tags, v ?? versions);
      const now = Date.now();
      const hit = l1.get(fullKey);
      if (hit && hit.expiresAt > now) {
        // Re-insert so Map order stays least-recently-used first.
        l1.delete(fullKey);
        l1.set(fullKey, hit);
        return hit.value as T;
      }
      if (hit) l1.delete(fullKey);

      const previousKey = opts?.staleWhileRevalidate ? latest.get(key) : undefined;
      const previous = previousKey !== undefined && previousKey !== fullKey ? l1.get(previousKey) : undefined;
      const fallback = previous && previous.expiresAt > now ? previous : undefined;

      // With a previous value at hand, give the recomputation a short head start before answering with it:
      // after an invalidation most recomputations finish within it, so the caller that the invalidation event
      // sent here sees the new figures, and a slow one (a busy PGlite) still cannot hold callers up for longer.
      const freshOrFallback = (work: Promise<unknown>, stale: Entry): Promise<T> =>
        new Promise<T>((resolve) => {
          const timer = setTimeout(() => resolve(stale.value as T), STALE_GRACE_MS);
          work.then(
            (value) => {
              clearTimeout(timer);
              resolve(value as T);
            },
            () => {
              clearTimeout(timer);
              resolve(stale.value as T);
            },
          );
        });

      const pending = inflight.get(fullKey);
      if (pending) return fallback ? freshOrFallback(pending, fallback) : (pending as Promise<T>);

      const work = (async () => {
        if (redis && useL2) {
          try {
            const [raw, pttl] = await Promise.all([redis.get(`${ns}:${fullKey}`), redis.pttl(`${ns}:${fullKey}`)]);
            if (raw !== null) {
              const value = JSON.parse(raw) as T;
              setL1(fullKey, { value, tags, expiresAt: Date.now() + (pttl > 0 ? Math.min(pttl, ttlMs) : ttlMs) });
              if (opts?.staleWhileRevalidate) remember(key, fullKey);
              return value;
            }
          } catch (err) {
            options.logger?.warn({ err }, 'cache: redis read failed');
          }
        }
        const value = await compute();
        // Data may have changed while computing: only store if no tag moved on meanwhile.
        if (fullKey === encodeKey(key, tags, versions)) {
          setL1(fullKey, { value, tags, expiresAt: Date.now() + ttlMs });
          if (opts?.staleWhileRevalidate) remember(key, fullKey);
          if (redis && useL2) {
            redis.set(`${ns}:${fullKey}`, JSON.stringify(value), 'PX', ttlMs).catch((err: unknown) => options.logger?.warn({ err }, 'cache: redis write failed'));
          }
        }
        return value;
      })();
      inflight.set(fullKey, work);
      const settled = work.finally(() => inflight.delete(fullKey));
      if (fallback) {
        settled.catch((err: unknown) => options.logger?.warn({ err, key }, 'cache: background recomputation failed'));
        return freshOrFallback(settled, fallback);
      }
      return settled;
    },

    async invalidate(tags) {
      for (const tag of tags) {
        if (redis) {
          const version = await redis.incr(`${ns}:ver:${tag}`);
          raiseVersion(tag, version);
          await redis.publish(`${ns}:invalidate`, JSON.stringify({ tag, version }));
        } else {
          raiseVersion(tag, (versions.get(tag) ?? 0) + 1);
        }
      }
    },

    dataVersion: (tag) => versions.get(tag) ?? 0,

    async ping() {
      if (!redis) return true;
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },

    size: () => l1.size,

    async close() {
      l1.clear();
      latest.clear();
      await Promise.all([subscriber?.quit().catch(() => undefined), redis?.quit().catch(() => undefined)]);
    },
  };
  return cache;
}
