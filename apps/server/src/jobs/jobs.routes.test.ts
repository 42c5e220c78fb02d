import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, signIn, type TestApp } from '../test/create-test-app.ts';
import { createInProcessJobProvider } from './in-process-provider.ts';
import { defineJob } from './job-definition.ts';
import type { JobProvider } from './job-provider.ts';
import { jobsModule } from './jobs.routes.ts';

let t: TestApp;
let jobs: JobProvider;
let admin: string;
let viewer: string;
let healthy = false;
const job = defineJob({
  name: 'reports.weekly',
  payloadSchema: z.object({ week: z.string() }),
  retry: 'none',
  handler: async () => {
    if (!healthy) throw new Error('report template missing');
  },
});

const waitFor = async <T,>(check: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      jobs = createInProcessJobProvider({ db: db.db, definitions: [job], exclusiveDatabase: false, pollIntervalMs: 40 });
      await jobs.startWorkers();
    },
    modules: [{ name: 'jobs', register: (app, ctx) => jobsModule({ jobs }).register(app, ctx) }],
  });
  admin = await signIn(t.app, 'ADMIN');
  viewer = await signIn(t.app, 'VIEWER');
});
afterAll(async () => {
  await jobs?.close({ graceMs: 200 });
  await t?.close();
});

describe('/api/admin/jobs', () => {
  it('when a non-admin asks, then 403', async () => {
    const res = await t.app.inject({ url: '/api/admin/jobs', headers: { cookie: viewer } });
    expect(res.statusCode).toBe(403);
  });

  it('when a job fails for good, then the admin sees it counted, listed with its error and dead-lettered; retry runs it again and completes it', async () => {
    const { id } = await jobs.enqueue(job, { week: '2026-W48' });
    const overview = await waitFor(async () => {
      const res = await t.app.inject({ url: '/api/admin/jobs', headers: { cookie: admin } });
      const body = res.json() as { queues: { queue: string; counts: { failed: number } }[]; deadLetters: { id: string; jobId: string; error: string }[] };
      return body.deadLetters.length === 1 && body;
    });
    expect(overview).toMatchObject({ provider: 'in-process', queues: [{ queue: 'reports', counts: { failed: 1 } }] });
    expect(overview.deadLetters[0]).toMatchObject({ jobId: id, error: 'report template missing' });
    const list = await t.app.inject({ url: '/api/admin/jobs/list?queue=reports&state=failed', headers: { cookie: admin } });
    expect(list.json()).toMatchObject({ jobs: [{ id, state: 'failed', attemptsMade: 1, maxAttempts: 1, error: 'report template missing', payload: { week: '2026-W48' } }] });

    healthy = true;
    const retry = await t.app.inject({ method: 'POST', url: `/api/admin/jobs/${overview.deadLetters[0]!.id}/retry`, headers: { cookie: admin } });
    expect(retry.statusCode).toBe(204);
    await waitFor(async () => (await t.app.inject({ url: `/api/admin/jobs/${id}`, headers: { cookie: admin } })).json<{ state: string }>().state === 'completed');
    const after = (await t.app.inject({ url: '/api/admin/jobs', headers: { cookie: admin } })).json<{ deadLetters: unknown[] }>();
    expect(after.deadLetters).toEqual([]);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/admin/jobs/${id}`, headers: { cookie: admin } });
    expect(removed.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/admin/jobs/${id}`, headers: { cookie: admin } })).statusCode).toBe(404);
  });

  it('when retrying a job that does not exist, then 404 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/jobs/nope/retry', headers: { cookie: admin } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('when the list query names an unknown state, then 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/admin/jobs/list?queue=reports&state=lost', headers: { cookie: admin } });
    expect(res.statusCode).toBe(400);
  });
});
