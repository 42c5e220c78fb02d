import { randomBytes } from 'node:crypto';
import type { Role } from '@sentia/contracts/common';
import { roleCodes } from '@sentia/contracts/common';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { hashPassword } from '@sentia/db/password-hash';
import { users } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type Cache, createCache } from '../cache/create-cache.ts';
import { type Config, loadConfig } from '../config.ts';
import { type AppModule, createApp } from '../http/create-app.ts';
import type { ExternalIdpConfig } from '../modules/auth/external-idp.ts';

/** One account per role, created in every test database. */
export const testAccounts: Record<Role, { email: string; password: string; name: string }> = Object.fromEntries(
  roleCodes.map((role) => [role, { email: `${role.toLowerCase()}@test.sentia.local`, password: `${role}-test-password-1`, name: `Test ${role.toLowerCase()}` }]),
) as Record<Role, { email: string; password: string; name: string }>;

export interface TestApp {
  app: FastifyInstance;
  db: DbHandle;
  cache: Cache;
  config: Config;
  close(): Promise<void>;
}

/**
 * An app over an isolated migrated database (PGlite, or a fresh PostgreSQL database when DATABASE_URL is set)
 * holding the reference data and one account per role. With REDIS_URL set the cache uses Redis under a
 * namespace of its own. `seed` runs before the app is built, for the data a test needs.
 */
export async function createTestApp(
  options: { seed?: (db: DbHandle) => Promise<void>; env?: Record<string, string>; modules?: AppModule[]; logger?: FastifyBaseLogger; webDistDir?: string | null; now?: () => Date; externalIdp?: ExternalIdpConfig } = {},
): Promise<TestApp> {
  const db = await createTestDb();
  await seedReferenceData(db);
  const rows = await Promise.all(
    roleCodes.map(async (role) => ({ email: testAccounts[role].email, name: testAccounts[role].name, role, passwordHash: await hashPassword(testAccounts[role].password) })),
  );
  await db.db.insert(users).values(rows).onConflictDoNothing();
  if (options.seed) await options.seed(db);

  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO_DATA: 'false', REDIS_URL: process.env.REDIS_URL ?? '', ...options.env });
  const cache = await createCache({ ttlSeconds: config.kpiCacheTtlSeconds, redisUrl: config.redisUrl, namespace: `test:${randomBytes(6).toString('hex')}` });
  const app = await createApp({ config, db, cache, sessionSecret: randomBytes(32).toString('hex'), webDistDir: options.webDistDir ?? null, modules: options.modules, logger: options.logger, ...(options.now ? { now: options.now } : {}), ...(options.externalIdp ? { externalIdp: options.externalIdp } : {}) });
  await app.ready();
  return {
    app,
    db,
    cache,
    config,
    async close() {
      await app.close();
      await cache.close();
      await db.close();
    },
  };
}

/** Signs in as the role's test account and returns the Cookie header value to send with later requests. */
export async function signIn(app: FastifyInstance, role: Role): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts[role].email, password: testAccounts[role].password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sentia_session');
  if (!cookie) throw new Error('sign-in set no session cookie');
  return `${cookie.name}=${cookie.value}`;
}
