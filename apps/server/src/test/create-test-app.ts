import { randomBytes } from 'node:crypto';
import type { Role } from '@sentia/contracts/common';
import { roleCodes } from '@sentia/contracts/common';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { hashPassword } from '@sentia/db/password-hash';
import { userMfa, users } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type Cache, createCache } from '../cache/create-cache.ts';
import { type Config, loadConfig } from '../config.ts';
import { type AppModule, createApp } from '../http/create-app.ts';
import type { ExternalIdpConfig } from '../modules/auth/external-idp.ts';
import type { Mailer } from '../modules/invitations/mailer.ts';
import { mfaSecretKey } from '../modules/auth/mfa-secret-key.ts';
import { enrolWithKnownSecret } from '../modules/auth/totp.service.ts';
import { base32Decode, totp } from '../modules/auth/totp.ts';

/** One account per role, created in every test database. */
export const testAccounts: Record<Role, { email: string; password: string; name: string }> = Object.fromEntries(
  roleCodes.map((role) => [role, { email: `${role.toLowerCase()}@test.sentia.local`, password: `${role}-test-password-1`, name: `Test ${role.toLowerCase()}` }]),
) as Record<Role, { email: string; password: string; name: string }>;

/**
 * The test ADMIN's TOTP secret: ADMIN must have a second factor (spec), so the account is enrolled with this secret and
 * {@link signIn} sends the matching code. Other roles start without TOTP.
 */
export const testTotpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Per app: its database and clock, so signIn can compute the ADMIN's code at the app's time. */
const testAppState = new WeakMap<FastifyInstance, { db: DbHandle; now: () => Date }>();

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
  options: { seed?: (db: DbHandle) => Promise<void>; env?: Record<string, string>; modules?: AppModule[]; logger?: FastifyBaseLogger; webDistDir?: string | null; now?: () => Date; externalIdp?: ExternalIdpConfig; mailer?: Mailer } = {},
): Promise<TestApp> {
  const db = await createTestDb();
  await seedReferenceData(db);
  const rows = await Promise.all(
    roleCodes.map(async (role) => ({ email: testAccounts[role].email, name: testAccounts[role].name, role, passwordHash: await hashPassword(testAccounts[role].password) })),
  );
  await db.db.insert(users).values(rows).onConflictDoNothing();
  if (options.seed) await options.seed(db);

  // Suites make far more requests a minute than a person; the rate-limit tests pass the spec's numbers explicitly.
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', DEMO_DATA: 'false', REDIS_URL: process.env.REDIS_URL ?? '', RATE_LIMIT_PER_MINUTE: '1000000', AUTH_RATE_LIMIT_PER_MINUTE: '1000000', ...options.env });
  const sessionSecret = randomBytes(32).toString('hex');
  const [admin] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.ADMIN.email));
  if (admin) await enrolWithKnownSecret(db, { userId: admin.id, secret: testTotpSecret, key: mfaSecretKey(config.mfaEncryptionKey, sessionSecret) });
  const namespace = `test:${randomBytes(6).toString('hex')}`;
  const cache = await createCache({ ttlSeconds: config.kpiCacheTtlSeconds, redisUrl: config.redisUrl, namespace });
  const app = await createApp({ config, db, cache, sessionSecret, rateLimitNamespace: namespace, webDistDir: options.webDistDir ?? null, modules: options.modules, logger: options.logger, ...(options.now ? { now: options.now } : {}), ...(options.externalIdp ? { externalIdp: options.externalIdp } : {}), ...(options.mailer ? { mailer: options.mailer } : {}) });
  await app.ready();
  testAppState.set(app, { db, now: options.now ?? (() => new Date()) });
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

/**
 * For suites that build their apps themselves (several instances over one database): enrols the test ADMIN with
 * {@link testTotpSecret} and lets {@link signIn} answer its TOTP step on each of the apps.
 */
export async function prepareTestAccounts(db: DbHandle, config: Config, sessionSecret: string, apps: FastifyInstance[]): Promise<void> {
  const [admin] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.ADMIN.email));
  if (admin) await enrolWithKnownSecret(db, { userId: admin.id, secret: testTotpSecret, key: mfaSecretKey(config.mfaEncryptionKey, sessionSecret) });
  for (const app of apps) testAppState.set(app, { db, now: () => new Date() });
}

/**
 * Signs in as the role's test account and returns the Cookie header value to send with later requests. For an account
 * with TOTP (the test ADMIN) it sends the current code for {@link testTotpSecret}; the session then counts as freshly
 * stepped up for 10 minutes. Suites sign in many times per 30-second step, so the helper first clears the account's
 * used-step marker (replay protection has its own tests).
 */
export async function signIn(app: FastifyInstance, role: Role): Promise<string> {
  const state = testAppState.get(app);
  let totpCode: string | undefined;
  if (state) {
    const [row] = await state.db.db.select({ userId: userMfa.userId, enabledAt: userMfa.enabledAt }).from(userMfa).innerJoin(users, eq(users.id, userMfa.userId)).where(eq(users.email, testAccounts[role].email));
    if (row?.enabledAt && role === 'ADMIN') {
      await state.db.db.update(userMfa).set({ lastUsedStep: null }).where(eq(userMfa.userId, row.userId));
      totpCode = totp(base32Decode(testTotpSecret), state.now());
    }
  }
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts[role].email, password: testAccounts[role].password, ...(totpCode ? { totpCode } : {}) } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sentia_session');
  if (!cookie) throw new Error('sign-in set no session cookie');
  return `${cookie.name}=${cookie.value}`;
}
