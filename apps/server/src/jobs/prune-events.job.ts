import { z } from 'zod';
import type { Db } from '@sentia/db/create-db';
import { pruneEvents } from '../events/event-store.ts';
import { defineJob } from './job-definition.ts';

/** Keeps the event table to the replay window (spec: 24-hour event deduplication window). */
export function createPruneEventsJob(deps: { db: Db }) {
  return defineJob({
    name: 'maintenance.prune-events',
    payloadSchema: z.object({ keepHours: z.number().int().min(1).max(24 * 30).default(24) }),
    retry: 'financial',
    handler: async ({ keepHours }) => ({ removed: await pruneEvents(deps.db, new Date(Date.now() - keepHours * 3600_000)) }),
  });
}
