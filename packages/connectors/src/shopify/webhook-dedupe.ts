import { type Clock, systemClock } from '../shared/clock.ts';

export interface WebhookDeduper {
  /**
   * True if `key` was seen within the window (a duplicate to acknowledge and drop); otherwise
   * remembers it and returns false. Check only after the signature is verified, or forged
   * deliveries could poison the window.
   */
  isDuplicate(key: string): boolean;
  /** True if `key` was remembered within the window (does not remember it). */
  has(key: string): boolean;
  /** Remembers `key` — call after the work succeeded when failures must allow redelivery. */
  remember(key: string): void;
  /** Forgets `key` (the work for a delivery failed after `isDuplicate` recorded it). */
  forget(key: string): void;
  size(): number;
}

/**
 * In-process dedup window over webhook event ids (`X-Shopify-Event-Id`, falling back to
 * `X-Shopify-Webhook-Id`; `NotificationMetadata.NotificationId` for SP-API). Default window 24 h,
 * as Shopify retries a delivery for at most 4 h and duplicates arrive well inside a day. A
 * multi-instance server keeps the same contract in Redis (`SET key NX PX window`).
 */
export function createWebhookDeduper(options: { windowMs?: number; clock?: Clock; maxEntries?: number } = {}): WebhookDeduper {
  const windowMs = options.windowMs ?? 24 * 3_600_000;
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? 500_000;
  // Insertion order = arrival order, so expired keys sit at the front.
  const seen = new Map<string, number>();
  const prune = () => {
    const cutoff = clock.now() - windowMs;
    for (const [key, at] of seen) {
      if (at > cutoff && seen.size <= maxEntries) break;
      seen.delete(key);
    }
  };
  const has = (key: string) => {
    prune();
    const at = seen.get(key);
    return at !== undefined && at > clock.now() - windowMs;
  };
  const remember = (key: string) => {
    seen.delete(key);
    seen.set(key, clock.now());
  };
  return {
    has,
    remember,
    forget: (key) => {
      seen.delete(key);
    },
    isDuplicate(key) {
      if (has(key)) return true;
      remember(key);
      return false;
    },
    size: () => {
      prune();
      return seen.size;
    },
  };
}

/** True when `incoming` is strictly newer than `stored` (both ISO timestamps; missing stored = newer). */
export function isNewerUpdate(incoming: string, stored: string | null | undefined): boolean {
  if (stored == null) return true;
  return Date.parse(incoming) > Date.parse(stored);
}

export interface OutOfOrderGuard {
  /** True if this version should be applied; false for a stale or equal `updatedAt` (out-of-order or replayed delivery). */
  shouldApply(resourceKey: string, updatedAt: string): boolean;
}

/**
 * Drops deliveries older than the last applied version of the same resource (webhooks are not
 * ordered; a retried `orders/updated` can land after a newer one). The server applies the same
 * rule in SQL (`WHERE excluded.updated_at > orders.updated_at`); this in-memory form serves
 * single-process use and tests.
 */
export function createOutOfOrderGuard(): OutOfOrderGuard {
  const latest = new Map<string, string>();
  return {
    shouldApply(resourceKey, updatedAt) {
      if (!isNewerUpdate(updatedAt, latest.get(resourceKey))) return false;
      latest.set(resourceKey, updatedAt);
      return true;
    },
  };
}
