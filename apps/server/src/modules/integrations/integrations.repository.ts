import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@sentia/db/create-db';
import { integrationConnections, jobDeadLetters, syncRuns, syncState } from '@sentia/db/schema';
import { INTEGRATION_SYNC_JOB } from './integration-sync.job.ts';

export async function listConnectionRows(db: Db) {
  return db.select().from(integrationConnections).orderBy(integrationConnections.provider, integrationConnections.name);
}

export async function findConnectionRow(db: Db, id: string) {
  const [row] = await db.select().from(integrationConnections).where(eq(integrationConnections.id, id));
  return row ?? null;
}

export async function listSyncStates(db: Db, connectionIds: string[]) {
  if (connectionIds.length === 0) return [];
  return db.select().from(syncState).where(inArray(syncState.connectionId, connectionIds));
}

/** The newest finished run per connection × resource (records of the last run) and the runs of the last 24 hours. */
export async function recentRuns(db: Db, connectionIds: string[], since: Date) {
  if (connectionIds.length === 0) return { last: [], counts: [], running: [], lastSucceeded: [] };
  const last = await db
    .selectDistinctOn([syncRuns.connectionId, syncRuns.resource], {
      connectionId: syncRuns.connectionId,
      resource: syncRuns.resource,
      status: syncRuns.status,
      recordsFetched: syncRuns.recordsFetched,
      recordsWritten: syncRuns.recordsWritten,
      recordsRejected: syncRuns.recordsRejected,
      errorCode: syncRuns.errorCode,
    })
    .from(syncRuns)
    .where(and(inArray(syncRuns.connectionId, connectionIds), sql`${syncRuns.finishedAt} is not null`))
    .orderBy(syncRuns.connectionId, syncRuns.resource, desc(syncRuns.startedAt));
  const counts = await db
    .select({
      connectionId: syncRuns.connectionId,
      runs: sql<number>`count(*) filter (where ${syncRuns.status} in ('succeeded', 'failed'))::int`,
      failed: sql<number>`count(*) filter (where ${syncRuns.status} = 'failed')::int`,
    })
    .from(syncRuns)
    .where(and(inArray(syncRuns.connectionId, connectionIds), gte(syncRuns.startedAt, since)))
    .groupBy(syncRuns.connectionId);
  const lastSucceeded = await db
    .selectDistinctOn([syncRuns.connectionId, syncRuns.resource], { connectionId: syncRuns.connectionId, resource: syncRuns.resource, startedAt: syncRuns.startedAt })
    .from(syncRuns)
    .where(and(inArray(syncRuns.connectionId, connectionIds), eq(syncRuns.status, 'succeeded')))
    .orderBy(syncRuns.connectionId, syncRuns.resource, desc(syncRuns.startedAt));
  const running = await db
    .select({ connectionId: syncRuns.connectionId, resource: syncRuns.resource })
    .from(syncRuns)
    .where(and(inArray(syncRuns.connectionId, connectionIds), eq(syncRuns.status, 'running')));
  return { last, counts, running, lastSucceeded };
}

/** Open dead letters of sync jobs, by the connection in their payload. */
export async function openSyncDeadLetters(db: Db, connectionIds: string[]) {
  if (connectionIds.length === 0) return [];
  return db
    .select({ id: jobDeadLetters.id, jobId: jobDeadLetters.jobId, payload: jobDeadLetters.payload, error: jobDeadLetters.error, attempts: jobDeadLetters.attempts, failedAt: jobDeadLetters.failedAt })
    .from(jobDeadLetters)
    .where(and(eq(jobDeadLetters.name, INTEGRATION_SYNC_JOB), isNull(jobDeadLetters.resolvedAt), inArray(sql<string>`${jobDeadLetters.payload}->>'connectionId'`, connectionIds)))
    .orderBy(desc(jobDeadLetters.failedAt))
    .limit(200);
}

export async function findOpenSyncDeadLetter(db: Db, id: string) {
  const [row] = await db
    .select({ id: jobDeadLetters.id, payload: jobDeadLetters.payload })
    .from(jobDeadLetters)
    .where(and(eq(jobDeadLetters.id, id), eq(jobDeadLetters.name, INTEGRATION_SYNC_JOB), isNull(jobDeadLetters.resolvedAt)));
  return row ?? null;
}

/** Connections whose breaker is not closed, from the health their last sync saved. */
export async function listDegradedConnections(db: Db) {
  return db
    .select({ name: integrationConnections.name, provider: integrationConnections.provider, health: integrationConnections.health })
    .from(integrationConnections)
    .where(and(eq(integrationConnections.status, 'ACTIVE'), sql`coalesce(${integrationConnections.health}->'breaker'->>'state', 'closed') <> 'closed'`));
}
