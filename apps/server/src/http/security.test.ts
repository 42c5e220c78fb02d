import { auditLogs, sessions, userMfa, users } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { type JWTPayload, SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { type TestApp, createTestApp, signIn, testAccounts } from '../test/create-test-app.ts';

const ISSUER = 'https://clerk.sentia.test';
const DASHBOARD = 'https://dash.sentia.test';
let t: TestApp;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  const pem = await exportSPKI(keys.publicKey);
  // The identity provider is configured the way an operator would: from the environment (PEM with \n escapes).
  t = await createTestApp({
    env: { AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_PUBLIC_KEY: pem.replaceAll('\n', '\\n'), AUTH_ALLOWED_ORIGINS: DASHBOARD, CORS_ORIGINS: 'https://partner.sentia.test' },
  });
});
afterAll(async () => t?.close());

const token = (claims: JWTPayload, options: { expiresIn?: string | number; issuer?: string } = {}) =>
  new SignJWT({ azp: DASHBOARD, fva: [1, 1], ...claims })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(options.issuer ?? ISSUER)
    .setSubject(String(claims.sub ?? 'user_env'))
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
    .setExpirationTime(options.expiresIn ?? '60s')
    .sign(keys.privateKey);
const bearer = (jwt: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${jwt}` } });

describe('external identity provider configured from the environment', () => {
  it('when a valid token arrives, then the local user is provisioned with the role from metadata.role', async () => {
    const res = await bearer(await token({ sub: 'user_env_mgr', email: 'env.mgr@sentia.test', metadata: { role: 'manager' } }));
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'env.mgr@sentia.test', role: 'MANAGER' });
  });

  it('when the token has expired, names another issuer, is unsigned (alg none) or has a forged signature, then 401 and nobody is provisioned', async () => {
    const expired = await bearer(await token({ sub: 'user_expired' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }));
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toMatch(/expired/);

    const wrongIssuer = await bearer(await token({ sub: 'user_wrong_iss' }, { issuer: 'https://evil.example' }));
    expect(wrongIssuer.statusCode).toBe(401);
    expect(wrongIssuer.json().detail).toMatch(/iss/);

    const valid = await token({ sub: 'user_none', metadata: { role: 'admin' } });
    const [, payload] = valid.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await bearer(unsigned)).statusCode).toBe(401);

    const tampered = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    tampered.metadata = { role: 'admin' };
    tampered.sub = 'user_forged';
    const forged = `${valid.split('.')[0]}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${valid.split('.')[2]}`;
    expect((await bearer(forged)).statusCode).toBe(401);

    const provisioned = await t.db.db.select({ externalId: users.externalId }).from(users).where(eq(users.role, 'ADMIN'));
    expect(provisioned.map((u) => u.externalId)).not.toEqual(expect.arrayContaining(['user_expired', 'user_wrong_iss', 'user_none', 'user_forged']));
  });

  it('when the IdP settings are incomplete, then start-up stops naming the variable', () => {
    expect(() => loadConfig({ AUTH_JWT_ISSUER: ISSUER })).toThrow(/AUTH_JWKS_URL/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://clerk.sentia.test/.well-known/jwks.json' })).toThrow(/AUTH_JWT_ISSUER/);
    expect(() => loadConfig({ AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_PUBLIC_KEY: 'not a key' })).toThrow(/AUTH_JWT_PUBLIC_KEY/);
    expect(loadConfig({ AUTH_JWT_ISSUER: ISSUER, AUTH_JWKS_URL: `${ISSUER}/.well-known/jwks.json` }).externalIdp).toMatchObject({ issuer: ISSUER, roleClaimPath: 'metadata.role', algorithms: ['RS256'] });
  });
});

describe('CSRF defence for cookie sessions', () => {
  const post = (cookie: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: { cookie, host: 'sentia.example', ...headers } });

  it('when another site makes the browser POST with the session cookie, then 403 CSRF_REJECTED and the sessions live on', async () => {
    const cookie = await signIn(t.app, 'VIEWER');
    const crossOrigin = await post(cookie, { origin: 'https://evil.example' });
    expect(crossOrigin.statusCode).toBe(403);
    expect(crossOrigin.json()).toMatchObject({ code: 'CSRF_REJECTED' });
    expect((await post(cookie, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post(cookie, { 'sec-fetch-site': 'same-site', origin: 'https://other.sentia.example' })).statusCode).toBe(403);
    expect((await post(cookie, { origin: 'null' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('when the POST is same-origin (by Fetch Metadata or Origin), from an allowed CORS origin, or carries no browser headers, then it goes through', async () => {
    expect((await post(await signIn(t.app, 'VIEWER'), { 'sec-fetch-site': 'same-origin', origin: 'https://sentia.example' })).statusCode).toBe(200);
    expect((await post(await signIn(t.app, 'VIEWER'), { origin: 'https://sentia.example' })).statusCode).toBe(200);
    expect((await post(await signIn(t.app, 'VIEWER'), { 'sec-fetch-site': 'cross-site', origin: 'https://partner.sentia.test' })).statusCode).toBe(200);
    expect((await post(await signIn(t.app, 'VIEWER'), {})).statusCode).toBe(200);
  });

  it('when a cross-site page posts a sign-in form (login CSRF), then it is refused too', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { origin: 'https://evil.example', host: 'sentia.example' }, payload: { email: testAccounts.VIEWER.email, password: testAccounts.VIEWER.password } });
    expect(res.statusCode).toBe(403);
  });
});

describe('GDPR', () => {
  it('when a user downloads their data, then the JSON has their profile, second factor state, sessions and audit trail, and the export is audited', async () => {
    const cookie = await signIn(t.app, 'OPERATOR');
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me/export', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const data = res.json();
    expect(data.user).toMatchObject({ email: testAccounts.OPERATOR.email, role: 'OPERATOR' });
    expect(data.user).not.toHaveProperty('passwordHash');
    expect(data.secondFactor).toBeNull();
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    expect(data.auditTrail.entries.map((e: { action: string }) => e.action)).toContain('auth.sign-in.succeeded');
    const [exported] = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, 'user.data-exported'));
    expect(exported).toMatchObject({ actor: testAccounts.OPERATOR.email });
  });

  it('when an ADMIN erases a user, then the row is anonymised, sessions and MFA are gone, the user cannot sign in, and the audit chain still verifies', async () => {
    const victim = await signIn(t.app, 'MANAGER');
    await t.app.inject({ method: 'POST', url: '/api/auth/mfa/totp/enrol', headers: { cookie: victim } });
    const [manager] = await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.MANAGER.email));
    const viewer = await signIn(t.app, 'VIEWER');
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/users/${manager!.id}/erase`, headers: { cookie: viewer } })).statusCode).toBe(403);

    const admin = await signIn(t.app, 'ADMIN');
    const res = await t.app.inject({ method: 'POST', url: `/api/admin/users/${manager!.id}/erase`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const [row] = await t.db.db.select().from(users).where(eq(users.id, manager!.id));
    expect(row).toMatchObject({ email: `erased-${manager!.id}@erased.invalid`, name: 'Erased user', passwordHash: null, isActive: false });
    expect(await t.db.db.select().from(sessions).where(eq(sessions.userId, manager!.id))).toEqual([]);
    expect(await t.db.db.select().from(userMfa).where(eq(userMfa.userId, manager!.id))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: victim } })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts.MANAGER.email, password: testAccounts.MANAGER.password } });
    expect(again.statusCode).toBe(401);

    const verify = await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: { cookie: admin } });
    expect(verify.json()).toMatchObject({ intact: true, firstBroken: null });
    const [erased] = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, 'user.erased'));
    expect(JSON.stringify(erased?.newValues)).not.toContain('@');
  });

  it('when an ADMIN tries to erase their own account, then 409', async () => {
    const admin = await signIn(t.app, 'ADMIN');
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } })).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/users/${me.user.id}/erase`, headers: { cookie: admin } })).statusCode).toBe(409);
  });
});

describe('development mock auth', () => {
  it('when AUTH_MOCK=true with NODE_ENV=production, then the configuration refuses to start', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MOCK: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MOCK: 'true' })).toThrow(/AUTH_MOCK/);
    expect(loadConfig({ NODE_ENV: 'development', AUTH_MOCK: 'true' }).authMock).toBe(true);
  });

  it('when mock auth is off, then its route does not exist', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/mock/sign-in', payload: { role: 'ADMIN' } })).statusCode).toBe(404);
  });

  it('when mock auth is on, then choosing a role signs in as that role without a password or enrolment', async () => {
    const mock = await createTestApp({ env: { AUTH_MOCK: 'true', NODE_ENV: 'development' } });
    try {
      const res = await mock.app.inject({ method: 'POST', url: '/api/auth/mock/sign-in', payload: { role: 'ADMIN' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('ADMIN');
      const cookie = `sentia_session=${res.cookies.find((c) => c.name === 'sentia_session')!.value}`;
      expect((await mock.app.inject({ method: 'GET', url: '/api/admin/audit', headers: { cookie } })).statusCode).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
