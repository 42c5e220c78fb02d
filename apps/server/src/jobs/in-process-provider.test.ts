import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DbHandle } from '@sentia/db/create-db';
import { jobs } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { createInProcessJobProvider } from './in-process-provider.ts';
import { defineJob } from './job-definition.ts';

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const waitFor = async <T,>(check: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('embedded provider specifics', () => {
  it('when an active job’s lease lapses (its process died), then another process takes it over; a second stall dead-letters it', async () => {
    let runs = 0;
    const job = defineJob({
      name: 'lease.orphan',
      payloadSchema: z.object({}),
      retry: 'none',
      handler: async () => {
        runs += 1;
      },
    });
    const producer = createInProcessJobProvider({ db: handle.db, definitions: [job], exclusiveDatabase: false });
    const first = await producer.enqueue(job, {});
    const second = await producer.enqueue(job, {});
    // Both look claimed by a process that is gone: lease expired a minute ago; the second already stalled once.
    await handle.db
      .update(jobs)
      .set({ state: 'active', lockedBy: 'dead-process', lockedUntil: new Date(Date.now() - 60_000), attemptsMade: 1 })
      .where(sql`${jobs.id} in (${first.id}, ${second.id})`);
    await handle.db.update(jobs).set({ stalledCount: 1 }).where(eq(jobs.id, second.id));

    const worker = createInProcessJobProvider({ db: handle.db, definitions: [job], exclusiveDatabase: false, pollIntervalMs: 40 });
    await worker.startWorkers();
    try {
      const done = await waitFor(async () => {
        const j = await worker.getJob(first.id);
        return j?.state === 'completed' && j;
      });
      expect(done.attemptsMade).toBe(1);
      expect(runs).toBe(1);
      const letter = await waitFor(async () => (await worker.overview()).deadLetters.find((d) => d.jobId === second.id));
      expect(letter.error).toMatch(/stalled more than once/);
    } finally {
      await worker.close({ graceMs: 100 });
    }
  });

  it('when a completed job is older than the retention, then it is deleted and its idempotency key can be used again', async () => {
    const job = defineJob({ name: 'retention.job', payloadSchema: z.object({}), retry: 'none', handler: async () => undefined });
    const provider = createInProcessJobProvider({ db: handle.db, definitions: [job], exclusiveDatabase: false, pollIntervalMs: 40, retainCompletedMs: 100 });
    await provider.startWorkers();
    try {
      const { id } = await provider.enqueue(job, {}, { idempotencyKey: 'daily-2026-11-26' });
      await waitFor(async () => (await provider.getJob(id))?.state === 'completed');
      await handle.db.update(jobs).set({ finishedAt: new Date(Date.now() - 1000) }).where(eq(jobs.id, id));
      await provider.close({ graceMs: 100 });
      const cleaner = createInProcessJobProvider({ db: handle.db, definitions: [job], exclusiveDatabase: false, pollIntervalMs: 40, retainCompletedMs: 100 });
      await cleaner.startWorkers();
      await waitFor(async () => (await cleaner.getJob(id)) === null);
      expect((await cleaner.enqueue(job, {}, { idempotencyKey: 'daily-2026-11-26' })).deduplicated).toBe(false);
      await cleaner.close({ graceMs: 100 });
    } finally {
      await provider.close({ graceMs: 100 });
    }
  });
});
