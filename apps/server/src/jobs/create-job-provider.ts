import type { DbHandle } from '@sentia/db/create-db';
import type { EventBus } from '../events/create-event-bus.ts';
import { createBullmqJobProvider } from './bullmq-provider.ts';
import { createInProcessJobProvider } from './in-process-provider.ts';
import type { JobDefinition } from './job-definition.ts';
import type { JobProvider } from './job-provider.ts';
import { publishJobEvents } from './publish-job-events.ts';

export interface CreateJobProviderOptions {
  db: DbHandle;
  /** BullMQ on Redis when set; the embedded database-backed provider otherwise. */
  redisUrl?: string | undefined;
  definitions: readonly JobDefinition[];
  bus: EventBus;
  logger?: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  /** Redis key prefix (BullMQ only). */
  prefix?: string;
}

/** Picks the provider from the configuration, with lifecycle events wired to the event bus. */
export function createJobProvider(options: CreateJobProviderOptions): JobProvider {
  const onEvent = publishJobEvents(options.bus, options.logger);
  const logger = options.logger;
  if (options.redisUrl) {
    return createBullmqJobProvider({
      redisUrl: options.redisUrl,
      db: options.db.db,
      definitions: options.definitions,
      onEvent,
      ...(logger ? { logger } : {}),
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
  }
  return createInProcessJobProvider({
    db: options.db.db,
    definitions: options.definitions,
    exclusiveDatabase: options.db.kind === 'pglite',
    onEvent,
    ...(logger ? { logger } : {}),
  });
}
