import type { Db } from '@sentia/db/create-db';
import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';
import { createProductionService } from './production.service.ts';

/** Seconds a re-plan waits after the change that queued it, so a burst of shop-floor writes plans once. */
export const REPLAN_DELAY_MS = 5_000;

/**
 * `production.replan`: re-plans the open orders and publishes the schedule when they (or the routings) changed
 * since the published run; queued after every order write. Idempotent: a job that finds the published run made
 * from the same inputs writes nothing, so duplicates are harmless.
 */
export function createReplanScheduleJob(deps: { db: Db; now?: () => Date }) {
  return defineJob({
    name: 'production.replan',
    payloadSchema: z.object({ reason: z.string().max(200).default('orders_changed') }),
    retry: 'sync',
    handler: async () => {
      const service = createProductionService({ db: { db: deps.db }, ...(deps.now ? { now: deps.now } : {}) });
      return service.replan({ trigger: 'orders_changed' });
    },
  });
}
