import { asc, gt, lt, sql } from 'drizzle-orm';
import { domainEvents } from '@sentia/db/schema/jobs';
import type { DomainEventType } from '@sentia/contracts/events';
import type { Role } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';

/** A domain event as stored: `seq` orders events and is the SSE id; `roles` limits who may see it (null: everyone signed in). */
export interface StoredEvent {
  seq: number;
  type: DomainEventType;
  occurredAt: string;
  data: unknown;
  roles: Role[] | null;
}

const toStored = (row: typeof domainEvents.$inferSelect): StoredEvent => ({
  seq: Number(row.seq),
  type: row.type as DomainEventType,
  occurredAt: row.occurredAt.toISOString(),
  data: row.data,
  roles: (row.roles as Role[] | null) ?? null,
});

/** Appends an event and returns it with its sequence number. */
export async function appendEvent(db: Db, event: { type: DomainEventType; data: unknown; roles: Role[] | null; source: string }): Promise<StoredEvent> {
  const [row] = await db.insert(domainEvents).values({ type: event.type, data: event.data ?? null, roles: event.roles, source: event.source }).returning();
  return toStored(row!);
}

/** Events after `afterSeq`, oldest first. */
export async function readEventsAfter(db: Db, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db.select().from(domainEvents).where(gt(domainEvents.seq, afterSeq)).orderBy(asc(domainEvents.seq)).limit(limit);
  return rows.map(toStored);
}

/** The newest sequence number, 0 when there are no events. */
export async function latestEventSeq(db: Db): Promise<number> {
  const [row] = await db.select({ seq: sql<string | number | null>`max(${domainEvents.seq})` }).from(domainEvents);
  return Number(row?.seq ?? 0);
}

/** Deletes events older than the replay window. */
export async function pruneEvents(db: Db, olderThan: Date): Promise<number> {
  const removed = await db.delete(domainEvents).where(lt(domainEvents.occurredAt, olderThan)).returning({ seq: domainEvents.seq });
  return removed.length;
}
