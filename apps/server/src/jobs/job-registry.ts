import type { Db } from '@sentia/db/create-db';
import type { Config } from '../config.ts';
import type { EventBus } from '../events/create-event-bus.ts';
import { createForecastRunJob } from '../modules/forecasting/forecast-run.job.ts';
import { createIntegrationSyncJob } from '../modules/integrations/integration-sync.job.ts';
import { createReplanScheduleJob } from '../modules/production/replan-schedule.job.ts';
import { createProcessWebhookJob } from '../modules/webhooks/process-webhook.job.ts';
import { createPruneDeliveriesJob, PRUNE_DELIVERIES_CRON } from '../modules/webhooks/prune-deliveries.job.ts';
import { createSimulateOrdersJob } from './demo/simulate-orders.job.ts';
import type { JobDefinition } from './job-definition.ts';
import type { JobProvider } from './job-provider.ts';
import { createPruneEventsJob } from './prune-events.job.ts';

/** What job handlers may use; the API and the worker process build it the same way. */
export interface JobDeps {
  db: Db;
  bus: EventBus;
  /** The process configuration (the integrations' credential key); absent in tests that build jobs directly. */
  config?: Config | undefined;
}

/**
 * Every job the application knows. The API (to enqueue) and the worker (to run) both build this list, so a
 * job added here is available on either provider. Modules add their `create…Job(deps)` factories below.
 */
export function buildJobDefinitions(deps: JobDeps) {
  const jobs = {
    simulateOrders: createSimulateOrdersJob(deps),
    pruneEvents: createPruneEventsJob(deps),
    forecastRun: createForecastRunJob(deps),
    processWebhook: createProcessWebhookJob(deps),
    pruneWebhookDeliveries: createPruneDeliveriesJob(deps),
    integrationSync: createIntegrationSyncJob(deps),
    productionReplan: createReplanScheduleJob(deps),
  };
  return { jobs, definitions: Object.values(jobs) as JobDefinition[] };
}

/**
 * Registers the cron schedules; ids are deterministic, so every process may call this at start-up.
 * The order simulator runs only in demo mode.
 */
export async function registerSchedules(provider: JobProvider, jobs: ReturnType<typeof buildJobDefinitions>['jobs'], options: { demo: boolean }) {
  await provider.schedule(jobs.pruneEvents, '15 3 * * *', { keepHours: 24 });
  await provider.schedule(jobs.pruneWebhookDeliveries, PRUNE_DELIVERIES_CRON, {});
  if (options.demo) await provider.schedule(jobs.simulateOrders, '*/20 * * * * *', { maxOrders: 2 });
  else await provider.unschedule('demo.simulate-orders');
}
