import { eq } from 'drizzle-orm';
import type { DbHandle } from '@sentia/db/create-db';
import { companies } from '@sentia/db/schema';
import type { Cache } from '../cache/create-cache.ts';
import type { Config } from '../config.ts';
import { createEventBus, type EventBus } from '../events/create-event-bus.ts';
import type { StoredEvent } from '../events/event-store.ts';
import { eventsModule } from '../events/events.routes.ts';
import { createSseHub, type SseHub } from '../events/sse-hub.ts';
import type { AppModule } from '../http/create-app.ts';
import { kpiCacheTags } from '../modules/kpis/kpis.service.ts';
import { createJobProvider } from './create-job-provider.ts';
import { buildJobDefinitions, registerSchedules } from './job-registry.ts';
import type { JobProvider } from './job-provider.ts';
import { jobsModule } from './jobs.routes.ts';

type Logger = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export interface BackgroundServices {
  bus: EventBus;
  jobs: JobProvider;
  /** The SSE fan-out (API processes only). */
  hub: SseHub | undefined;
  /** HTTP modules to register with createApp (API processes only): the event stream and the Jobs API. */
  modules: AppModule[];
  /** Whether this process runs jobs. */
  runsJobs: boolean;
  /** Stops taking jobs, lets running ones finish (or hands them back), closes the bus. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Which KPI cache tags an event makes stale. */
const cacheTagsFor = (event: StoredEvent): readonly string[] => {
  switch (event.type) {
    case 'order.created':
      return [kpiCacheTags.sales];
    case 'inventory.changed':
      return [kpiCacheTags.inventory];
    case 'kpi.updated':
    case 'sync.completed':
      return kpiCacheTags.all;
    default:
      return [];
  }
};

/** Drops the KPI cache entries an event makes stale, in this process and (with Redis) in every other. */
export function invalidateKpiCacheOnEvents(bus: EventBus, cache: Cache, logger: Pick<Logger, 'warn'>): () => void {
  return bus.subscribe((event) => {
    const tags = cacheTagsFor(event);
    if (tags.length > 0) cache.invalidate(tags).catch((err: unknown) => logger.warn({ err, type: event.type }, 'events: KPI cache invalidation failed'));
  });
}

/**
 * Starts the event bus and the job provider for an API process (`role: 'api'`) or the worker process. An API
 * process runs jobs itself with the embedded provider; with Redis (BullMQ) jobs run in `npm run worker`.
 */
export async function startBackgroundServices(options: { config: Config; db: DbHandle; cache?: Cache; logger: Logger; role: 'api' | 'worker'; prefix?: string; channel?: string }): Promise<BackgroundServices> {
  const { config, db, logger } = options;
  const bus = await createEventBus({
    db: db.db,
    redisUrl: config.redisUrl,
    // Without Redis, processes sharing PostgreSQL still see each other's events by reading the table.
    catchUpIntervalMs: config.redisUrl ? 2000 : db.kind === 'postgres' ? 1000 : 0,
    logger,
    ...(options.channel ? { channel: options.channel } : {}),
  });

  // Subscribed before the SSE hub, so the cache is already invalidated when a browser refetches on the event.
  if (options.cache) invalidateKpiCacheOnEvents(bus, options.cache, logger);

  const { jobs: definitionsByName, definitions } = buildJobDefinitions({ db: db.db, bus, config });
  const jobs = createJobProvider({ db, redisUrl: config.redisUrl, definitions, bus, logger, ...(options.prefix ? { prefix: options.prefix } : {}) });
  const [demoCompany] = await db.db.select({ id: companies.id }).from(companies).where(eq(companies.isDemo, true)).limit(1);
  // With DEMO_CONNECTORS the sandboxes supply the live orders (through the connectors) instead of the simulator.
  await registerSchedules(jobs, definitionsByName, { demo: config.demoData && config.demoLiveOrders && !config.demoConnectors && demoCompany !== undefined });

  const runsJobs = options.role === 'worker' || !config.redisUrl;
  if (runsJobs) await jobs.startWorkers();
  logger.info({ provider: jobs.kind, bus: bus.kind, runsJobs }, 'background services started');

  const hub = options.role === 'api' ? createSseHub({ bus, logger }) : undefined;
  const modules = hub ? [eventsModule({ bus, hub }), jobsModule({ jobs })] : [];

  return {
    bus,
    jobs,
    hub,
    modules,
    runsJobs,
    async close(closeOptions = {}) {
      hub?.close();
      await jobs.close({ graceMs: closeOptions.graceMs ?? 8000 });
      await bus.close();
    },
  };
}
