import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@sentia/db/create-db';
import { jobSchedules, webhookDeliveries } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { loadConfig } from '../../config.ts';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import { createInProcessJobProvider } from '../../jobs/in-process-provider.ts';
import { buildJobDefinitions, registerSchedules } from '../../jobs/job-registry.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { createPruneDeliveriesJob, PRUNE_DELIVERIES_CRON } from './prune-deliveries.job.ts';
import { storeDelivery } from './webhooks.repository.ts';

const HOUR = 3_600_000;
let handle: DbHandle;
let bus: EventBus;
let jobs: JobProvider;

/** Inserts `count` deliveries received `ageHours` ago; returns their delivery ids. */
async function deliveriesAged(ageHours: number, count: number, provider: 'SHOPIFY' | 'AMAZON' = 'SHOPIFY'): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await handle.db.insert(webhookDeliveries).values(
    ids.map((deliveryId) => ({ provider, deliveryId, topic: 'orders/create', isSignatureValid: true, payload: { body: {} }, status: 'PROCESSED' as const, receivedAt: new Date(Date.now() - ageHours * HOUR) })),
  );
  return ids;
}

const remaining = async () => (await handle.db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries))[0]!.n;

/** Runs the handler as a provider would (payload parsed by the job's schema), returning its result. */
const runHandler = (definition: ReturnType<typeof createPruneDeliveriesJob>, payload: { keepDays?: number; batchSize?: number }) =>
  definition.handler(definition.payloadSchema.parse(payload), { jobId: randomUUID(), queue: definition.queue, name: definition.name, attempt: 1, maxAttempts: 1, signal: new AbortController().signal, reportProgress: async () => {} });

/** Enqueues on the in-process provider and waits until the job completed. */
const runQueued = async (definition: ReturnType<typeof createPruneDeliveriesJob>, payload: { keepDays?: number; batchSize?: number }) => {
  const { id } = await jobs.enqueue(definition, payload);
  for (let i = 0; i < 400; i += 1) {
    const job = await jobs.getJob(id);
    if (job?.state === 'completed') return;
    if (job?.state === 'failed') throw new Error(`prune job failed: ${job.error ?? ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('prune job did not finish in time');
};

beforeAll(async () => {
  handle = await createTestDb();
  bus = await createEventBus({ db: handle.db });
}, 240_000);
afterAll(async () => {
  await jobs?.close({ graceMs: 200 });
  await bus?.close();
  await handle?.close();
});

describe('webhooks.prune-deliveries', () => {
  it('when it runs, then deliveries older than the retention go in batches and younger ones (the dedupe window and the audit week) stay', async () => {
    const config = loadConfig({ WEBHOOK_RETENTION_DAYS: '7' });
    const job = createPruneDeliveriesJob({ db: handle.db, config });
    jobs = createInProcessJobProvider({ db: handle.db, definitions: [job], exclusiveDatabase: false, pollIntervalMs: 20 });
    await jobs.startWorkers();

    const old = await deliveriesAged(8 * 24, 25);
    const week = await deliveriesAged(6 * 24, 3);
    const recent = await deliveriesAged(23, 2);

    const result = await runHandler(job, { batchSize: 10 });
    expect(result.removed).toBe(25);
    // 10 + 10 + 5: a short batch ends the run.
    expect(result.batches).toBe(3);
    expect(await remaining()).toBe(5);
    const left = (await handle.db.select({ deliveryId: webhookDeliveries.deliveryId }).from(webhookDeliveries)).map((r) => r.deliveryId).sort();
    expect(left).toEqual([...week, ...recent].sort());
    expect(left.some((id) => old.includes(id))).toBe(false);

    // A second run finds nothing to do.
    expect(await runHandler(job, { batchSize: 10 })).toMatchObject({ removed: 0, batches: 1 });

    // Queued like the schedule queues it: the same through the job provider.
    await deliveriesAged(9 * 24, 3);
    await runQueued(job, {});
    expect(await remaining()).toBe(5);
  });

  it('when the retention is set to one day, then a delivery from inside the 24 h window still counts as a duplicate after the prune', async () => {
    await handle.db.delete(webhookDeliveries);
    const job = createPruneDeliveriesJob({ db: handle.db, config: loadConfig({ WEBHOOK_RETENTION_DAYS: '1' }) });
    const [inside] = await deliveriesAged(20, 1, 'AMAZON');
    await deliveriesAged(30, 4, 'AMAZON');
    const result = await runHandler(job, { batchSize: 1000 });
    expect(result.removed).toBe(4);
    expect(await remaining()).toBe(1);
    // The dedupe (24 h) still sees the 20-hour-old delivery: storing it again is refused as a duplicate.
    expect(await storeDelivery(handle.db, { provider: 'AMAZON', deliveryId: inside!, topic: 'ORDER_CHANGE', connectionId: null, payload: {} }, { windowMs: 24 * HOUR })).toBeNull();
  });

  it('when the retention is below the dedupe window or not a whole number of days, then the configuration is refused', () => {
    expect(() => loadConfig({ WEBHOOK_RETENTION_DAYS: '0' })).toThrow(/WEBHOOK_RETENTION_DAYS: must be at least 1/);
    expect(() => loadConfig({ WEBHOOK_RETENTION_DAYS: '1.5' })).toThrow(/WEBHOOK_RETENTION_DAYS/);
    expect(loadConfig({}).webhookRetentionDays).toBe(7);
  });

  it('when the application registers its schedules, then the prune runs every hour', async () => {
    const provider = createInProcessJobProvider({ db: handle.db, definitions: [], exclusiveDatabase: false });
    try {
      const { jobs: definitions } = buildJobDefinitions({ db: handle.db, bus });
      await registerSchedules(provider, definitions, { demo: false });
      const [schedule] = await handle.db.select().from(jobSchedules).where(eq(jobSchedules.id, 'webhooks.prune-deliveries'));
      expect(schedule).toMatchObject({ cron: PRUNE_DELIVERIES_CRON });
    } finally {
      await provider.close({ graceMs: 50 });
    }
  });
});
