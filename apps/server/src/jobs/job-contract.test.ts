import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import type { DbHandle } from '@sentia/db/create-db';
import { createBullmqJobProvider } from './bullmq-provider.ts';
import { createInProcessJobProvider } from './in-process-provider.ts';
import { defineJob, type JobDefinition } from './job-definition.ts';
import type { JobLifecycleEvent, JobProvider } from './job-provider.ts';
import { deleteRedisKeys } from './testing/delete-redis-keys.ts';

const fastRetry = { retries: 2, baseDelayMs: 60, maxDelayMs: 400 };

interface Harness {
  /** A provider with workers running (or not), sharing storage with every other provider of this harness. */
  provider(definitions: JobDefinition[], opts?: { workers?: boolean; concurrency?: number }): Promise<JobProvider>;
  events: JobLifecycleEvent[];
}

const waitFor = async <T,>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 8000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const backends: { name: string; enabled: boolean; setup: (handle: DbHandle) => Harness & { cleanup(): Promise<void> } }[] = [
  {
    name: 'in-process',
    enabled: true,
    setup(handle) {
      const events: JobLifecycleEvent[] = [];
      const providers: JobProvider[] = [];
      return {
        events,
        async provider(definitions, opts = {}) {
          const p = createInProcessJobProvider({
            db: handle.db,
            definitions,
            exclusiveDatabase: false,
            pollIntervalMs: 40,
            leaseMs: 2000,
            onEvent: (e) => events.push(e),
          });
          providers.push(p);
          if (opts.workers !== false) await p.startWorkers({ concurrency: { test: opts.concurrency ?? 2 } });
          return p;
        },
        async cleanup() {
          await Promise.all(providers.map((p) => p.close({ graceMs: 200 })));
        },
      };
    },
  },
  {
    name: 'bullmq',
    enabled: Boolean(process.env.REDIS_URL),
    setup(handle) {
      const events: JobLifecycleEvent[] = [];
      const providers: JobProvider[] = [];
      const prefix = `test-${randomUUID().slice(0, 8)}`;
      return {
        events,
        async provider(definitions, opts = {}) {
          const p = createBullmqJobProvider({ redisUrl: process.env.REDIS_URL!, prefix, db: handle.db, definitions, onEvent: (e) => events.push(e), lockDurationMs: 2000 });
          providers.push(p);
          if (opts.workers !== false) await p.startWorkers({ concurrency: { test: opts.concurrency ?? 2 } });
          return p;
        },
        async cleanup() {
          await Promise.all(providers.map((p) => p.close({ graceMs: 200 })));
          await deleteRedisKeys(process.env.REDIS_URL!, `${prefix}:`);
        },
      };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`job contract on the ${backend.name} provider`, () => {
    let handle: DbHandle;
    let harness: ReturnType<(typeof backends)[number]['setup']>;

    beforeAll(async () => {
      handle = await createTestDb();
    });
    afterAll(async () => {
      await handle.close();
    });
    afterEach(async () => {
      await harness?.cleanup();
    });
    const start = () => {
      harness = backend.setup(handle);
      return harness;
    };

    it('when a valid job is enqueued, then its handler runs once with the parsed payload and the job completes', async () => {
      const h = start();
      const seen: unknown[] = [];
      const job = defineJob({
        name: 'test.echo',
        payloadSchema: z.object({ sku: z.string(), qty: z.coerce.number().int() }),
        retry: fastRetry,
        handler: async (payload) => {
          seen.push(payload);
          return { ok: true };
        },
      });
      const provider = await h.provider([job]);
      const { id, deduplicated } = await provider.enqueue(job, { sku: 'GABA-RED-500', qty: '3' });
      expect(deduplicated).toBe(false);
      const done = await waitFor(async () => {
        const j = await provider.getJob(id);
        return j?.state === 'completed' && j;
      });
      expect(seen).toEqual([{ sku: 'GABA-RED-500', qty: 3 }]);
      expect(done.attemptsMade).toBe(1);
      // BullMQ reports completion from the worker's event, which may trail the stored state by a moment.
      await waitFor(() => h.events.some((e) => e.jobId === id && e.kind === 'completed'));
      expect(h.events.filter((e) => e.jobId === id).map((e) => e.kind)).toEqual(['active', 'completed']);
    });

    it('when the payload does not match the schema, then enqueue fails naming the field and no handler runs', async () => {
      const h = start();
      let calls = 0;
      const job = defineJob({
        name: 'test.strict',
        payloadSchema: z.object({ runId: z.uuid() }),
        retry: fastRetry,
        handler: async () => {
          calls += 1;
        },
      });
      const provider = await h.provider([job]);
      const attempt = provider.enqueue(job, { runId: 'not-a-uuid' });
      await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'runId' }] });
      await expect(attempt).rejects.toThrow(/invalid payload for job "test.strict"/);
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(0);
      for (const state of ['waiting', 'delayed', 'active', 'completed', 'failed'] as const) {
        expect((await provider.listJobs({ queue: 'test', state, limit: 200 })).filter((j) => j.name === 'test.strict')).toEqual([]);
      }
    });

    it('when a handler keeps throwing, then it is retried with growing delays and then dead-lettered with its error', async () => {
      const h = start();
      const startedAt: number[] = [];
      const job = defineJob({
        name: 'test.flaky',
        payloadSchema: z.object({ n: z.number() }),
        retry: fastRetry,
        handler: async () => {
          startedAt.push(Date.now());
          throw new Error('upstream 503');
        },
      });
      const provider = await h.provider([job]);
      const { id } = await provider.enqueue(job, { n: 1 });
      const letter = await waitFor(async () => (await provider.overview()).deadLetters.find((d) => d.jobId === id));
      expect(letter).toMatchObject({ name: 'test.flaky', queue: 'test', attempts: 3, payload: { n: 1 } });
      expect(letter.error).toContain('upstream 503');
      expect(startedAt).toHaveLength(3);
      const gaps = [startedAt[1]! - startedAt[0]!, startedAt[2]! - startedAt[1]!];
      expect(gaps[0]).toBeGreaterThanOrEqual(55);
      expect(gaps[1]).toBeGreaterThanOrEqual(115);
      const failed = await waitFor(async () => {
        const j = await provider.getJob(id);
        return j?.state === 'failed' && j;
      });
      expect(failed.error).toContain('upstream 503');
      const kinds = h.events.filter((e) => e.jobId === id).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'retrying')).toHaveLength(2);
      expect(kinds.at(-1)).toBe('dead-lettered');
      expect((await provider.listJobs({ queue: 'test', state: 'failed', limit: 10 })).map((j) => j.id)).toContain(id);
    });

    it('when a dead-lettered job is retried after the cause is fixed, then it runs again from its first attempt and completes', async () => {
      const h = start();
      let healthy = false;
      const job = defineJob({
        name: 'test.recoverable',
        payloadSchema: z.object({}),
        retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
        handler: async () => {
          if (!healthy) throw new Error('still broken');
          return 'ok';
        },
      });
      const provider = await h.provider([job]);
      const { id } = await provider.enqueue(job, {});
      const letter = await waitFor(async () => (await provider.overview()).deadLetters.find((d) => d.jobId === id));
      healthy = true;
      await provider.retryJob(letter.id);
      const done = await waitFor(async () => {
        const j = await provider.getJob(id);
        return j?.state === 'completed' && j;
      });
      expect(done.attemptsMade).toBe(1);
      expect((await provider.overview()).deadLetters.find((d) => d.jobId === id)).toBeUndefined();
    });

    it('when a handler runs past its timeout, then its signal aborts and the attempt fails as timed out', async () => {
      const h = start();
      let aborted = 0;
      const job = defineJob({
        name: 'test.slow',
        payloadSchema: z.object({}),
        retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
        timeout: 150,
        handler: (_p, ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => {
              aborted += 1;
              resolve(undefined);
            });
          }),
      });
      const provider = await h.provider([job]);
      const { id } = await provider.enqueue(job, {});
      const letter = await waitFor(async () => (await provider.overview()).deadLetters.find((d) => d.jobId === id));
      expect(letter.error).toMatch(/timed out/);
      expect(aborted).toBe(1);
    });

    it('when the same idempotency key is enqueued twice, then there is one job and the second enqueue says so', async () => {
      const h = start();
      let calls = 0;
      const job = defineJob({
        name: 'test.once',
        payloadSchema: z.object({ day: z.string() }),
        retry: fastRetry,
        handler: async () => {
          calls += 1;
        },
      });
      const provider = await h.provider([job]);
      const first = await provider.enqueue(job, { day: '2026-11-26' }, { idempotencyKey: 'sync-2026-11-26' });
      const second = await provider.enqueue(job, { day: '2026-11-26' }, { idempotencyKey: 'sync-2026-11-26' });
      expect(second).toEqual({ id: first.id, deduplicated: true });
      await waitFor(async () => (await provider.getJob(first.id))?.state === 'completed');
      const third = await provider.enqueue(job, { day: '2026-11-26' }, { idempotencyKey: 'sync-2026-11-26' });
      expect(third.deduplicated).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect(calls).toBe(1);
      await expect(provider.enqueue(job, { day: 'x' }, { idempotencyKey: 'bad key:with colon' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('when a handler reports progress, then the job shows it and a progress event is raised', async () => {
      const h = start();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const job = defineJob({
        name: 'test.progress',
        payloadSchema: z.object({}),
        retry: fastRetry,
        handler: async (_p, ctx) => {
          await ctx.reportProgress(40);
          await gate;
        },
      });
      const provider = await h.provider([job]);
      const { id } = await provider.enqueue(job, {});
      const running = await waitFor(async () => {
        const j = await provider.getJob(id);
        return j?.progress === 40 && j;
      });
      expect(running.state).toBe('active');
      expect(h.events).toContainEqual(expect.objectContaining({ kind: 'progress', jobId: id, progress: 40 }));
      release();
      await waitFor(async () => (await provider.getJob(id))?.state === 'completed');
    });

    it('when a stored payload no longer matches the schema at dequeue, then it is dead-lettered without reaching the handler', async () => {
      const h = start();
      let calls = 0;
      const loose = defineJob({ name: 'test.evolving', payloadSchema: z.object({ qty: z.number() }), retry: fastRetry, handler: async () => undefined });
      const strict = defineJob({
        name: 'test.evolving',
        payloadSchema: z.object({ qty: z.number(), sku: z.string() }),
        retry: fastRetry,
        handler: async () => {
          calls += 1;
        },
      });
      const producer = await h.provider([loose], { workers: false });
      await h.provider([strict]);
      const { id } = await producer.enqueue(loose, { qty: 2 });
      const letter = await waitFor(async () => (await producer.overview()).deadLetters.find((d) => d.jobId === id));
      expect(letter.error).toMatch(/sku/);
      expect(calls).toBe(0);
    });

    it('when two processes work one queue, then every job is processed exactly once', async () => {
      const h = start();
      const runs = new Map<number, number>();
      const job = defineJob({
        name: 'test.count',
        payloadSchema: z.object({ i: z.number().int() }),
        retry: fastRetry,
        handler: async ({ i }) => {
          runs.set(i, (runs.get(i) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 5));
        },
      });
      const a = await h.provider([job], { concurrency: 3 });
      await h.provider([job], { concurrency: 3 });
      const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => a.enqueue(job, { i })));
      await waitFor(async () => (await a.listJobs({ queue: 'test', state: 'completed', limit: 200 })).filter((j) => j.name === 'test.count').length === 40, 15_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(ids).toHaveLength(40);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(runs.size).toBe(40);
    });

    it('when two processes register the same cron schedule, then there is one schedule and each tick runs once', async () => {
      const h = start();
      const ticks: string[] = [];
      const job = defineJob({
        name: 'test.tick',
        payloadSchema: z.object({ source: z.string() }),
        retry: fastRetry,
        handler: async (_p, ctx) => {
          ticks.push(ctx.jobId);
        },
      });
      const a = await h.provider([job]);
      const b = await h.provider([job]);
      await a.schedule(job, '* * * * * *', { source: 'demo' });
      await b.schedule(job, '* * * * * *', { source: 'demo' });
      const overview = await a.overview();
      expect(overview.schedules).toEqual([expect.objectContaining({ id: 'test.tick', name: 'test.tick', cron: '* * * * * *' })]);
      await waitFor(() => ticks.length >= 2, 6000);
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(await a.unschedule('test.tick')).toBe(true);
      expect((await a.overview()).schedules).toEqual([]);
      await expect(a.schedule(job, 'not a cron', { source: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('when a worker shuts down while a job is still running, then the job goes back to the queue and another worker completes it', async () => {
      const h = start();
      const attempts: string[] = [];
      let first = true;
      const job = defineJob({
        name: 'test.long',
        payloadSchema: z.object({}),
        retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
        handler: (_p, ctx) => {
          attempts.push(ctx.jobId);
          if (!first) return Promise.resolve('done');
          first = false;
          return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)));
        },
      });
      const observer = await h.provider([job], { workers: false });
      const a = await h.provider([job]);
      const { id } = await a.enqueue(job, {});
      await waitFor(() => attempts.length === 1);
      await a.close({ graceMs: 100 });
      const waiting = await waitFor(async () => {
        const j = await observer.getJob(id);
        return j?.state === 'waiting' && j;
      });
      expect(waiting.attemptsMade).toBe(0);
      await h.provider([job]);
      await waitFor(async () => (await observer.getJob(id))?.state === 'completed');
      expect(attempts).toEqual([id, id]);
    });
  });
}
