import { Redis } from 'ioredis';

/** Shopify retries a delivery for at most 4 h and duplicates arrive well inside a day (reference B.7). */
export const DEDUPE_WINDOW_MS = 24 * 3_600_000;

/**
 * The cross-process dedupe contract: `claim` is true for exactly one caller per (provider, key) within the
 * window, whichever process it runs in; `release` gives the key back when the delivery could not be accepted
 * (so the sender's retry is processed). The database form needs nothing but the `webhook_deliveries` unique key
 * (see `storeDelivery`); this Redis form (`SET NX PX`) answers before the database is touched when Redis is there.
 */
export interface DeliveryClaims {
  readonly kind: 'database' | 'redis';
  claim(provider: string, key: string): Promise<boolean>;
  release(provider: string, key: string): Promise<void>;
  close(): Promise<void>;
}

/** The database form: the claim is the insert of the delivery row itself, so these are no-ops. */
export function createDatabaseDeliveryClaims(): DeliveryClaims {
  return { kind: 'database', claim: async () => true, release: async () => {}, close: async () => {} };
}

/** `SET <prefix><provider>:<key> 1 NX PX window`: the first SET wins in every process sharing the Redis. */
export async function createRedisDeliveryClaims(options: { redisUrl: string; prefix?: string; windowMs?: number }): Promise<DeliveryClaims> {
  const prefix = options.prefix ?? 'sentia:webhook:';
  const windowMs = options.windowMs ?? DEDUPE_WINDOW_MS;
  // A delivery must not hang while Redis is away: the command fails fast and the sender retries later.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  const keyOf = (provider: string, key: string) => `${prefix}${provider}:${key}`;
  return {
    kind: 'redis',
    async claim(provider, key) {
      return (await redis.set(keyOf(provider, key), '1', 'PX', windowMs, 'NX')) === 'OK';
    },
    async release(provider, key) {
      await redis.del(keyOf(provider, key));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
