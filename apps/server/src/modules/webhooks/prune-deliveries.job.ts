import { z } from 'zod';
import type { Db } from '@sentia/db/create-db';
import type { Config } from '../../config.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import { DEDUPE_WINDOW_MS } from './delivery-claims.ts';
import { pruneDeliveries } from './webhooks.repository.ts';

export const pruneDeliveriesPayloadSchema = z.object({
  /** Overrides WEBHOOK_RETENTION_DAYS for one run (never below the dedupe window). */
  keepDays: z.number().int().min(1).max(3650).optional(),
  batchSize: z.number().int().min(1).max(50_000).default(1000),
});

/** Every hour, so each run has at most an hour of deliveries to remove. */
export const PRUNE_DELIVERIES_CRON = '17 * * * *';

/**
 * `webhooks.prune-deliveries`: removes webhook deliveries older than the retention (WEBHOOK_RETENTION_DAYS,
 * default 7: kept for audit and debugging) in batches of `batchSize`. Dedupe looks back 24 hours only, and the
 * retention can never be set below that, so pruning never lets a duplicate through.
 */
export function createPruneDeliveriesJob(deps: { db: Db; config?: Config | undefined; now?: () => Date }) {
  return defineJob({
    name: 'webhooks.prune-deliveries',
    payloadSchema: pruneDeliveriesPayloadSchema,
    retry: 'financial',
    handler: async ({ keepDays, batchSize }, ctx) => {
      const days = keepDays ?? deps.config?.webhookRetentionDays ?? 7;
      const keepMs = Math.max(days * 86_400_000, DEDUPE_WINDOW_MS);
      const olderThan = new Date((deps.now?.() ?? new Date()).getTime() - keepMs);
      const { removed, batches } = await pruneDeliveries(deps.db, { olderThan, batchSize, signal: ctx.signal });
      return { removed, batches, olderThan: olderThan.toISOString() };
    },
  });
}
