import { z } from 'zod';
import { defineJob, type JobContext } from '../../jobs/job-definition.ts';
import { countAttempt, findDelivery, markFailed } from './webhooks.repository.ts';
import { type ProcessDeps, processDelivery, type ProcessOutcome } from './process-delivery.ts';

export const processWebhookPayloadSchema = z.object({ deliveryId: z.uuid() });

/**
 * `webhooks.process-delivery`: ingests one stored delivery (Shopify webhook or SP-API notification) and raises
 * the events that move the dashboards. Retries as a sync job (2 s, 4 s, 8 s), then dead-letters; the delivery
 * row says FAILED with the error, and the Jobs page retries it. Safe to run twice: the ingest is idempotent.
 */
export function createProcessWebhookJob(deps: ProcessDeps) {
  return defineJob({
    name: 'webhooks.process-delivery',
    payloadSchema: processWebhookPayloadSchema,
    retry: 'sync',
    timeout: 60_000,
    handler: async ({ deliveryId }, ctx: JobContext): Promise<ProcessOutcome | { skipped: string }> => {
      const delivery = await findDelivery(deps.db, deliveryId);
      if (!delivery) return { skipped: 'delivery no longer stored' };
      if (delivery.status === 'PROCESSED') return { skipped: 'already processed' };
      await countAttempt(deps.db, deliveryId);
      try {
        return await processDelivery(deps, delivery);
      } catch (error) {
        if (ctx.attempt >= ctx.maxAttempts) await markFailed(deps.db, deliveryId, (error as Error).message);
        throw error;
      }
    },
  });
}
