import { sessions, users } from '@sentia/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn, testAccounts } from '../../test/create-test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => t?.close());

const sessionCount = async () => Number((await t.db.db.select({ n: sql<string>`count(*)` }).from(sessions))[0]?.n);

describe('POST /api/auth/sign-in', () => {
  it('when the password is right, then 200 with the user and permissions and an httpOnly SameSite=Lax cookie backed by a hashed session row', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts.MANAGER.email, password: testAccounts.MANAGER.password } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ email: testAccounts.MANAGER.email, role: 'MANAGER' });
    expect(body.user.permissions).toContain('dashboard:read');
    // Spec: MANAGER sessions last 8 hours.
    const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const cookie = res.cookies.find((c) => c.name === 'sentia_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const [row] = await t.db.db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(users.email, testAccounts.MANAGER.email));
    expect(row?.sessions.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie.value).not.toContain(row!.sessions.tokenHash);
  });

  it('when the e-mail differs only in case, then sign-in still works', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts.VIEWER.email.toUpperCase(), password: testAccounts.VIEWER.password } });
    expect(res.statusCode).toBe(200);
  });

  it('when the request arrived over HTTPS (behind a trusted proxy), then the cookie is Secure', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'x-forwarded-proto': 'https' }, payload: { email: testAccounts.VIEWER.email, password: testAccounts.VIEWER.password } });
    expect(res.cookies.find((c) => c.name === 'sentia_session')?.secure).toBe(true);
  });

  it('when the password is wrong, then 401 problem, no session is created and the failure is counted', async () => {
    const before = await sessionCount();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts.OPERATOR.email, password: 'wrong-password' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'The e-mail or password is not correct.' });
    expect(res.cookies).toHaveLength(0);
    expect(await sessionCount()).toBe(before);
    const [u] = await t.db.db.select({ n: users.failedLoginCount }).from(users).where(eq(users.email, testAccounts.OPERATOR.email));
    expect(u?.n).toBe(1);
  });

  it('when the e-mail is unknown, then the same 401 as a wrong password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'nobody@test.sentia.local', password: 'whatever' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('The e-mail or password is not correct.');
  });

  it('when the body has a wrong type or an unknown field, then 400 names the field and nothing is written', async () => {
    const before = await sessionCount();
    const wrongType = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 42, password: 'x' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
    const extra = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts.ADMIN.email, password: testAccounts.ADMIN.password, role: 'ADMIN' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ field: 'role', message: 'is not an allowed field' }]);
    expect(await sessionCount()).toBe(before);
  });
});

describe('session lifecycle', () => {
  it('when signed in, then /me returns the user; after sign-out the cookie no longer works and the row is revoked', async () => {
    const cookie = await signIn(t.app, 'OPERATOR');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('OPERATOR');

    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'sentia_session')?.value).toBe('');

    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    const revoked = await t.db.db.select({ revokedAt: sessions.revokedAt }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(users.email, testAccounts.OPERATOR.email));
    expect(revoked.some((r) => r.revokedAt !== null)).toBe(true);
  });

  it('when there is no cookie or it was tampered with, then /me is 401', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const cookie = await signIn(t.app, 'VIEWER');
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: tampered } })).statusCode).toBe(401);
  });

  it('when the session has expired, then it no longer authenticates', async () => {
    const cookie = await signIn(t.app, 'ADMIN');
    await t.db.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    await t.cache.invalidate(['sessions']);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('role guards', () => {
  it('when a VIEWER calls an admin-only route, then 403; an ADMIN gets 200', async () => {
    const viewer = await signIn(t.app, 'VIEWER');
    const denied = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: viewer } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'FORBIDDEN' });
    const admin = await signIn(t.app, 'ADMIN');
    const allowed = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: admin } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().users.map((u: { email: string }) => u.email)).toContain(testAccounts.VIEWER.email);
  });

  it('when a permission is revoked in role_permissions and the rbac tag invalidated, then access ends without a restart', async () => {
    const viewer = await signIn(t.app, 'VIEWER');
    const url = '/api/kpis/summary?from=2026-01-01&to=2026-01-31';
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: viewer } })).statusCode).toBe(200);
    await t.db.db.execute(sql`delete from role_permissions where role_code = 'VIEWER' and permission_code = 'dashboard:read'`);
    await t.cache.invalidate(['rbac']);
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: viewer } })).statusCode).toBe(403);
  });
});
