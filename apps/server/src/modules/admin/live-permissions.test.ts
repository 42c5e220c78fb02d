import { randomBytes, randomUUID } from 'node:crypto';
import { roleCodes } from '@sentia/contracts/common';
import type { DbHandle } from '@sentia/db/create-db';
import { hashPassword } from '@sentia/db/password-hash';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { users } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, createCache } from '../../cache/create-cache.ts';
import { loadConfig } from '../../config.ts';
import { type EventBus, createEventBus } from '../../events/create-event-bus.ts';
import { eventsModule } from '../../events/events.routes.ts';
import { createSseHub } from '../../events/sse-hub.ts';
import { createApp } from '../../http/create-app.ts';
import { signIn, testAccounts } from '../../test/create-test-app.ts';
import { stepUpCookie } from './testing/step-up-cookie.ts';

/**
 * Two API instances over one database, each with its own cache and event bus, as two server processes run
 * (with REDIS_URL the buses talk over Redis pub/sub; without it they read each other's events from the shared
 * event table). The caches deliberately do not share a namespace, so only the permissions.changed event can
 * tell instance B about an edit made on instance A.
 */
describe('live permission changes across instances', () => {
  let db: DbHandle;
  const instances: { app: FastifyInstance; cache: Cache; bus: EventBus }[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    await seedReferenceData(db);
    const rows = await Promise.all(roleCodes.map(async (role) => ({ email: testAccounts[role].email, name: testAccounts[role].name, role, passwordHash: await hashPassword(testAccounts[role].password) })));
    await db.db.insert(users).values(rows);
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO_DATA: 'false', REDIS_URL: process.env.REDIS_URL ?? '', RATE_LIMIT_PER_MINUTE: '1000000' });
    const sessionSecret = randomBytes(32).toString('hex');
    const channel = `test:${randomUUID()}:events`;
    for (let i = 0; i < 2; i += 1) {
      const cache = await createCache({ ttlSeconds: 300, redisUrl: config.redisUrl, namespace: `test:${randomBytes(6).toString('hex')}` });
      const bus = await createEventBus({ db: db.db, redisUrl: config.redisUrl, channel, catchUpIntervalMs: config.redisUrl ? 2000 : 250 });
      const app = await createApp({ config, db, cache, sessionSecret, webDistDir: null, events: bus, modules: [eventsModule({ bus, hub: createSseHub({ bus }) })] });
      await app.ready();
      instances.push({ app, cache, bus });
    }
  });
  afterAll(async () => {
    for (const i of instances) {
      await i.app.close();
      await i.bus.close();
      await i.cache.close();
    }
    await db?.close();
  });

  it('when an ADMIN grants a permission on instance A, then instance B enforces it within seconds and tells the role’s browsers', async () => {
    const [a, b] = instances;
    const admin = await stepUpCookie(a!.app, await signIn(a!.app, 'ADMIN'));
    const viewer = await signIn(b!.app, 'VIEWER');
    const verifyOnB = async () => (await b!.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: { cookie: viewer } })).statusCode;
    // Warm B's permission cache with the old grants.
    expect(await verifyOnB()).toBe(403);
    const { lastSeq } = (await b!.app.inject({ method: 'GET', url: '/api/events', headers: { cookie: viewer } })).json() as { lastSeq: number };

    const editedAt = Date.now();
    const res = await a!.app.inject({ method: 'PATCH', url: '/api/admin/rbac', headers: { cookie: admin }, payload: { changes: [{ role: 'VIEWER', permission: 'audit:read', granted: true }] } });
    expect(res.statusCode).toBe(200);
    let status = await verifyOnB();
    while (status !== 200 && Date.now() - editedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await verifyOnB();
    }
    expect(status).toBe(200);
    const grantMs = Date.now() - editedAt;
    if (process.env.LIVE_PERMISSIONS_REPORT) console.log(`grant applied on B after ${grantMs} ms (bus: ${b!.bus.kind})`);
    expect(grantMs).toBeLessThan(5000);
    const me = (await b!.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: viewer } })).json() as { user: { permissions: string[] } };
    expect(me.user.permissions).toContain('audit:read');

    const events = (await b!.app.inject({ method: 'GET', url: `/api/events?after=${lastSeq}`, headers: { cookie: viewer } })).json() as { events: { type: string; data: unknown }[] };
    expect(events.events).toContainEqual(expect.objectContaining({ type: 'permissions.changed', data: { role: 'VIEWER' } }));

    await a!.app.inject({ method: 'PATCH', url: '/api/admin/rbac', headers: { cookie: admin }, payload: { changes: [{ role: 'VIEWER', permission: 'audit:read', granted: false }] } });
    const revokedAt = Date.now();
    while ((status = await verifyOnB()) !== 403 && Date.now() - revokedAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(status).toBe(403);
    const revokeMs = Date.now() - revokedAt;
    if (process.env.LIVE_PERMISSIONS_REPORT) console.log(`revoke applied on B after ${revokeMs} ms (bus: ${b!.bus.kind})`);
    expect(revokeMs).toBeLessThan(5000);
  });
});
