import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { jobDeadLetters } from '@sentia/db/schema/jobs';
import type { DeadLetter } from '@sentia/contracts/jobs';
import type { JobsDatabase } from './jobs-database.ts';

/** Adds a job to the dead-letter list (shared by both providers). */
export async function addDeadLetter(
  db: JobsDatabase,
  entry: { jobId: string; provider: 'in-process' | 'bullmq'; queue: string; name: string; payload: unknown; error: string; attempts: number },
): Promise<string> {
  const id = randomUUID();
  await db.insert(jobDeadLetters).values({ id, ...entry, payload: entry.payload ?? null });
  return id;
}

/** Open (unresolved) dead letters, newest first. */
export async function listDeadLetters(db: JobsDatabase, limit = 100): Promise<DeadLetter[]> {
  const rows = await db.select().from(jobDeadLetters).where(isNull(jobDeadLetters.resolvedAt)).orderBy(desc(jobDeadLetters.failedAt)).limit(limit);
  return rows.map((r) => ({ id: r.id, jobId: r.jobId, queue: r.queue, name: r.name, payload: r.payload, error: r.error, attempts: r.attempts, failedAt: r.failedAt.toISOString() }));
}

/** Finds an open dead letter by its own id or its job's id. */
export async function findOpenDeadLetter(db: JobsDatabase, id: string) {
  const [byId] = await db.select().from(jobDeadLetters).where(and(eq(jobDeadLetters.id, id), isNull(jobDeadLetters.resolvedAt))).limit(1);
  if (byId) return byId;
  const [byJob] = await db
    .select()
    .from(jobDeadLetters)
    .where(and(eq(jobDeadLetters.jobId, id), isNull(jobDeadLetters.resolvedAt)))
    .orderBy(desc(jobDeadLetters.failedAt))
    .limit(1);
  return byJob ?? null;
}

/** Closes every open dead letter of a job (it was retried or discarded). */
export async function resolveDeadLetters(db: JobsDatabase, jobId: string, resolution: 'retried' | 'discarded'): Promise<void> {
  await db
    .update(jobDeadLetters)
    .set({ resolvedAt: new Date(), resolution })
    .where(and(eq(jobDeadLetters.jobId, jobId), isNull(jobDeadLetters.resolvedAt)));
}
