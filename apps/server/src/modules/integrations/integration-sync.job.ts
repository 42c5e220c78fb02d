import { z } from 'zod';
import { syncResourceSchema } from '@sentia/contracts/integration-connections';
import type { Db } from '@sentia/db/create-db';
import type { Config } from '../../config.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import { integrationsRuntimeFor } from './integrations-runtime.ts';
import { syncConnectionResource } from './sync-connection.ts';

export const integrationSyncPayloadSchema = z.object({
  connectionId: z.uuid(),
  resource: syncResourceSchema,
  trigger: z.enum(['schedule', 'manual', 'demo']).default('schedule'),
});

export const INTEGRATION_SYNC_JOB = 'integrations.sync';

/**
 * Syncs one connection × resource. Retries belong to the connector (each vendor call: 3 retries after
 * 2 s, 4 s and 8 s, inside its circuit breaker), so the job itself does not retry: a run that still fails
 * is dead-lettered at once, with the connection and resource in its payload for "retry" on the sync health
 * page. An open breaker completes the job as skipped (see syncConnectionResource).
 */
export function createIntegrationSyncJob(deps: { db: Db; bus: EventBus; config?: Config | undefined }) {
  return defineJob({
    name: INTEGRATION_SYNC_JOB,
    payloadSchema: integrationSyncPayloadSchema,
    retry: 'none',
    timeout: 'heavy',
    handler: async (payload, ctx) => {
      const runtime = integrationsRuntimeFor(deps.db, deps.config);
      return syncConnectionResource({ db: deps.db, bus: deps.bus, registry: runtime.registry }, { ...payload, jobId: ctx.jobId });
    },
  });
}
export type IntegrationSyncJob = ReturnType<typeof createIntegrationSyncJob>;
