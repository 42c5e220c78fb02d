import { eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { webhookDeliveries } from '@sentia/db/schema';

export type WebhookProvider = 'SHOPIFY' | 'AMAZON';

export interface NewDelivery {
  provider: WebhookProvider;
  /** The sender's dedupe key: `X-Shopify-Event-Id` (else the webhook id), SP-API `NotificationId`. */
  deliveryId: string;
  topic: string;
  connectionId: string | null;
  payload: unknown;
}

export type StoredDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * Stores a verified delivery, or returns null when the same (provider, deliveryId) was stored within the window:
 * the unique key makes this the cross-process dedupe, atomic in one statement. A row older than the window is
 * taken over (a new delivery as far as the 24 h contract goes). `alreadyClaimed` (Redis held the claim) stores
 * unconditionally.
 */
export async function storeDelivery(db: Db, delivery: NewDelivery, options: { windowMs: number; alreadyClaimed?: boolean }): Promise<{ id: string } | null> {
  const cutoff = new Date(Date.now() - options.windowMs);
  const fresh = { topic: delivery.topic, connectionId: delivery.connectionId, payload: delivery.payload, status: 'RECEIVED' as const, attempts: 0, error: null, receivedAt: sql`now()`, processedAt: null };
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ provider: delivery.provider, deliveryId: delivery.deliveryId, topic: delivery.topic, connectionId: delivery.connectionId, payload: delivery.payload, isSignatureValid: true })
    .onConflictDoUpdate({
      target: [webhookDeliveries.provider, webhookDeliveries.deliveryId],
      set: fresh,
      ...(options.alreadyClaimed ? {} : { setWhere: sql`${webhookDeliveries.receivedAt} < ${cutoff.toISOString()}::timestamptz` }),
    })
    .returning({ id: webhookDeliveries.id });
  return row ?? null;
}

/** Forgets a stored delivery that could not be handed to the job queue, so the sender's retry is accepted. */
export async function deleteDelivery(db: Db, id: string): Promise<void> {
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.id, id));
}

export async function findDelivery(db: Db | DbTransaction, id: string): Promise<StoredDelivery | null> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).limit(1);
  return row ?? null;
}

/** Counts an attempt before the work starts, so the row shows attempts even when the process dies mid-way. */
export async function countAttempt(db: Db, id: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(eq(webhookDeliveries.id, id));
}

export async function markProcessed(db: Db | DbTransaction, id: string): Promise<void> {
  await db.update(webhookDeliveries).set({ status: 'PROCESSED', processedAt: new Date(), error: null }).where(eq(webhookDeliveries.id, id));
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.update(webhookDeliveries).set({ status: 'FAILED', error: error.slice(0, 2000) }).where(eq(webhookDeliveries.id, id));
}

/**
 * Deletes deliveries received before `olderThan`, `batchSize` rows per statement, so each delete holds its row
 * locks only briefly and inbound deliveries (which insert into the same table) never wait long. Oldest first,
 * through the `received_at` index. Returns how many rows went and in how many statements.
 */
export async function pruneDeliveries(db: Db, options: { olderThan: Date; batchSize: number; signal?: AbortSignal }): Promise<{ removed: number; batches: number }> {
  let removed = 0;
  let batches = 0;
  // The signal (job timeout, shutdown) stops the loop between batches; what is deleted stays deleted.
  while (!options.signal?.aborted) {
    const oldest = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(lt(webhookDeliveries.receivedAt, options.olderThan))
      .orderBy(webhookDeliveries.receivedAt)
      .limit(options.batchSize);
    const deleted = await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, oldest)).returning({ id: webhookDeliveries.id });
    batches += 1;
    removed += deleted.length;
    if (deleted.length < options.batchSize) break;
  }
  return { removed, batches };
}
