import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleCodes } from '@sentia/contracts/common';
import type { DbHandle } from '@sentia/db/create-db';
import { hashPassword } from '@sentia/db/password-hash';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { users } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import type { FastifyInstance } from 'fastify';
import { createCache, type Cache } from '../cache/create-cache.ts';
import { loadConfig } from '../config.ts';
import { readSse } from '../events/read-sse.ts';
import { createApp } from '../http/create-app.ts';
import { prepareTestAccounts, signIn, testAccounts } from '../test/create-test-app.ts';
import { buildJobDefinitions } from './job-registry.ts';
import { deleteRedisKeys } from './testing/delete-redis-keys.ts';
import { startBackgroundServices, type BackgroundServices } from './start-background-services.ts';

const enabled = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);

/**
 * Two API instances and one worker on one PostgreSQL database and one Redis, as `npm run scale-out` starts them
 * (here in one process, each with its own connections, listening on its own port).
 */
describe.skipIf(!enabled)('scale-out: two API instances and a worker sharing PostgreSQL and Redis', () => {
  let db: DbHandle;
  const instances: { app: FastifyInstance; background: BackgroundServices; cache: Cache; base: string }[] = [];
  let worker: BackgroundServices;
  const prefix = `scale-${randomUUID().slice(0, 8)}`;
  const channel = `${prefix}:events`;

  beforeAll(async () => {
    db = await createTestDb();
    await seedReferenceData(db);
    const rows = await Promise.all(roleCodes.map(async (role) => ({ email: testAccounts[role].email, name: testAccounts[role].name, role, passwordHash: await hashPassword(testAccounts[role].password) })));
    await db.db.insert(users).values(rows);
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO_DATA: 'false', REDIS_URL: process.env.REDIS_URL!, DATABASE_URL: process.env.DATABASE_URL! });
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const sessionSecret = randomBytes(32).toString('hex');
    for (const port of [3331, 3332]) {
      const cache = await createCache({ ttlSeconds: 60, redisUrl: config.redisUrl, namespace: `${prefix}:cache` });
      const background = await startBackgroundServices({ config, db, cache, logger, role: 'api', prefix, channel });
      const app = await createApp({ config, db, cache, sessionSecret, webDistDir: null, modules: background.modules });
      await app.listen({ port, host: '127.0.0.1' });
      instances.push({ app, background, cache, base: `http://127.0.0.1:${port}` });
    }
    worker = await startBackgroundServices({ config, db, logger, role: 'worker', prefix, channel });
    await prepareTestAccounts(db, config, sessionSecret, instances.map((i) => i.app));
  });
  afterAll(async () => {
    for (const i of instances) {
      await i.app.close();
      await i.background.close({ graceMs: 500 });
      await i.cache.close();
    }
    await worker?.close({ graceMs: 500 });
    await db?.close();
    await deleteRedisKeys(process.env.REDIS_URL!, `${prefix}:`);
  });

  it('when an event is raised through instance A, then an SSE client connected to instance B receives it', async () => {
    const [a, b] = instances;
    const cookie = await signIn(b!.app, 'VIEWER');
    const client = await readSse(`${b!.base}/api/events/stream`, { cookie });
    try {
      await client.waitFor((m) => m.event === 'ready');
      const sentAt = Date.now();
      const event = await a!.background.bus.publish('kpi.updated', { reason: 'scale-out test' });
      const got = await client.waitFor((m) => m.id === String(event.seq), 5000);
      expect(Date.now() - sentAt).toBeLessThan(1000);
      expect(JSON.parse(got.data)).toMatchObject({ type: 'kpi.updated', data: { reason: 'scale-out test' } });
    } finally {
      client.close();
    }
  });

  it('when a job is enqueued by instance A, then the worker (not the API instances) processes it exactly once and B streams its progress', async () => {
    const [a, b] = instances;
    expect(a!.background.runsJobs).toBe(false);
    expect(worker.runsJobs).toBe(true);
    const cookie = await signIn(b!.app, 'ADMIN');
    const client = await readSse(`${b!.base}/api/events/stream?types=job.`, { cookie });
    try {
      await client.waitFor((m) => m.event === 'ready');
      const { jobs } = buildJobDefinitions({ db: db.db, bus: a!.background.bus });
      const { id } = await a!.background.jobs.enqueue(jobs.pruneEvents, { keepHours: 24 });
      const done = (m: { data: string }) => m.data.includes(id) && (JSON.parse(m.data) as { data: { state: string } }).data.state === 'completed';
      await client.waitFor((m) => m.event === 'job.updated' && done(m), 10_000);
      await new Promise((r) => setTimeout(r, 500));
      const states = client.messages.filter((m) => m.data.includes(id)).map((m) => (JSON.parse(m.data) as { data: { state: string } }).data.state);
      expect(states).toEqual(['active', 'completed']);
      const job = await b!.background.jobs.getJob(id);
      expect(job).toMatchObject({ state: 'completed', attemptsMade: 1 });
    } finally {
      client.close();
    }
  });
});
