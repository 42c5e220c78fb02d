import type { Role } from '@sentia/contracts/common';
import { hashPassword } from '@sentia/db/password-hash';
import { auditLogs, sessions, users } from '@sentia/db/schema';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { LOCKOUT_MINUTES, sessionIdleMinutes, sessionLifetimeHours } from './auth.service.ts';

let t: TestApp;
let clock = new Date('2026-06-01T08:00:00.000Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const MIN = 60_000;
const PASSWORD = 'Correct-Horse-Battery-9';

beforeAll(async () => {
  t = await createTestApp({ now: () => clock, env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => t?.close());

/** A fresh account for one test, so lockouts and session limits in one test cannot leak into another. */
async function newUser(role: Role = 'OPERATOR'): Promise<{ id: string; email: string }> {
  const email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@test.sentia.local`;
  const [row] = await t.db.db.insert(users).values({ email, name: 'Security Test', role, passwordHash: await hashPassword(PASSWORD) }).returning({ id: users.id });
  return { id: row!.id, email };
}

// Each attempt comes from its own documentation-range address so the 20/min per-IP sign-in rate limit stays out of the way.
let ipCounter = 0;
const nextIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;
const attempt = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, headers: { 'user-agent': 'security-test', 'x-forwarded-for': nextIp(), ...headers } });
const cookieOf = (res: Awaited<ReturnType<typeof attempt>>) => {
  const c = res.cookies.find((x) => x.name === 'sentia_session');
  if (!c) throw new Error(`no cookie: ${res.statusCode} ${res.body}`);
  return `${c.name}=${c.value}`;
};
const me = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode;
const auditFor = (entityId: string) => t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, entityId)).orderBy(asc(auditLogs.seq));

describe('lockout', () => {
  it('when the password is wrong 4 times, then the account is not locked and a right password still works (and resets the count)', async () => {
    const u = await newUser();
    for (let i = 0; i < 4; i += 1) expect((await attempt(u.email, 'wrong')).statusCode).toBe(401);
    expect((await attempt(u.email, PASSWORD)).statusCode).toBe(200);
    const [row] = await t.db.db.select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it('when the password is wrong exactly 5 times, then the account locks: even the right password is refused with Retry-After until the lock expires', async () => {
    const u = await newUser();
    for (let i = 1; i <= 5; i += 1) {
      const res = await attempt(u.email, 'wrong');
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('The e-mail or password is not correct.');
    }
    const [row] = await t.db.db.select().from(users).where(eq(users.id, u.id));
    expect(row?.failedLoginCount).toBe(5);
    expect(row?.lockedUntil?.toISOString()).toBe(new Date(clock.getTime() + LOCKOUT_MINUTES * MIN).toISOString());

    const locked = await attempt(u.email, PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().detail).toMatch(/locked until/);
    expect(locked.headers['retry-after']).toBe(String(LOCKOUT_MINUTES * 60));
    expect(locked.cookies).toHaveLength(0);

    const trail = await auditFor(u.id);
    expect(trail.map((e) => e.actionType)).toEqual([...Array(5).fill('auth.sign-in.failed'), 'auth.lockout', 'auth.sign-in.refused']);
    expect(trail[0]).toMatchObject({ actor: u.email, userId: u.id, actorRole: 'OPERATOR', userAgent: 'security-test' });
    expect(trail[0]?.ipAddress).toMatch(/^198\.51\.100\.\d+$/);
    expect(trail[0]?.requestId).toBeTruthy();

    advance(LOCKOUT_MINUTES * MIN - 1000);
    expect((await attempt(u.email, PASSWORD)).statusCode).toBe(401);
    advance(2000);
    expect((await attempt(u.email, PASSWORD)).statusCode).toBe(200);
  });

  it('when a lock has expired and the password is wrong again, then the count starts afresh (one failure does not relock)', async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i += 1) await attempt(u.email, 'wrong');
    advance(LOCKOUT_MINUTES * MIN + 1000);
    await attempt(u.email, 'wrong');
    const [row] = await t.db.db.select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ failedLoginCount: 1, lockedUntil: null });
  });

  it('when an ADMIN unlocks a locked account, then it can sign in at once and the unlock is audited with before/after; a VIEWER may not unlock', async () => {
    const u = await newUser('MANAGER');
    for (let i = 0; i < 5; i += 1) await attempt(u.email, 'wrong');
    expect((await attempt(u.email, PASSWORD)).statusCode).toBe(401);

    const viewer = await signIn(t.app, 'VIEWER');
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/users/${u.id}/unlock`, headers: { cookie: viewer } })).statusCode).toBe(403);

    // Unlocking is a user change, so it needs a fresh second factor: the ADMIN's sign-in with a TOTP code proves one.
    const admin = await signIn(t.app, 'ADMIN');
    const res = await t.app.inject({ method: 'POST', url: `/api/admin/users/${u.id}/unlock`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ wasLocked: true });
    expect((await attempt(u.email, PASSWORD)).statusCode).toBe(200);

    const unlock = (await auditFor(u.id)).find((e) => e.actionType === 'user.unlock');
    expect(unlock).toMatchObject({ actor: 'admin@test.sentia.local', actorRole: 'ADMIN' });
    expect(unlock?.oldValues).toMatchObject({ failedLoginCount: 5 });
    expect(unlock?.newValues).toEqual({ failedLoginCount: 0, lockedUntil: null });
    const missing = await t.app.inject({ method: 'POST', url: '/api/admin/users/00000000-0000-4000-8000-000000000000/unlock', headers: { cookie: admin } });
    expect(missing.statusCode).toBe(404);
  });

  it('when the e-mail is unknown, then the failure is audited under the attempted address', async () => {
    const res = await attempt('Nobody-Here@test.sentia.local', 'whatever');
    expect(res.statusCode).toBe(401);
    const [entry] = await t.db.db.select().from(auditLogs).where(and(eq(auditLogs.actor, 'nobody-here@test.sentia.local'), eq(auditLogs.actionType, 'auth.sign-in.failed')));
    expect(entry?.newValues).toEqual({ reason: 'unknown-account' });
  });
});

describe('concurrent sessions', () => {
  it('when a user signs in a third time, then the first session is revoked and the two newest still work', async () => {
    const u = await newUser();
    const first = cookieOf(await attempt(u.email, PASSWORD));
    advance(1000);
    const second = cookieOf(await attempt(u.email, PASSWORD));
    advance(1000);
    expect(await me(first)).toBe(200);
    const third = cookieOf(await attempt(u.email, PASSWORD));
    expect(await me(first)).toBe(401);
    expect(await me(second)).toBe(200);
    expect(await me(third)).toBe(200);

    const rows = await t.db.db.select().from(sessions).where(eq(sessions.userId, u.id)).orderBy(asc(sessions.createdAt));
    expect(rows.map((r) => r.revokedAt !== null)).toEqual([true, false, false]);
    const revoked = (await auditFor(rows[0]!.id)).find((e) => e.actionType === 'auth.session.revoked');
    expect(revoked?.newValues).toMatchObject({ reason: 'concurrent-session-limit', limit: 2 });
  });
});

describe('session timeouts by role (controllable clock)', () => {
  it.each(['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'] as const)('when a %s session is kept busy, then it works until its absolute lifetime and not a minute after', async (role) => {
    const u = await newUser(role);
    const res = await attempt(u.email, PASSWORD);
    expect(Date.parse(res.json().expiresAt) - clock.getTime()).toBe(sessionLifetimeHours[role] * 3_600_000);
    const cookie = cookieOf(res);
    const lifetime = sessionLifetimeHours[role] * 60 * MIN;
    const step = (sessionIdleMinutes[role] / 2) * MIN;
    let elapsed = 0;
    while (elapsed + step < lifetime - MIN) {
      advance(step);
      elapsed += step;
      expect(await me(cookie)).toBe(200);
    }
    advance(lifetime - MIN - elapsed);
    expect(await me(cookie)).toBe(200);
    advance(2 * MIN);
    expect(await me(cookie)).toBe(401);
  });

  it.each(['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'] as const)('when a %s session is left idle past its idle timeout, then it ends; just under it, it survives', async (role) => {
    const u = await newUser(role);
    const idle = sessionIdleMinutes[role] * MIN;
    const a = cookieOf(await attempt(u.email, PASSWORD));
    advance(idle - MIN);
    expect(await me(a)).toBe(200);
    advance(idle - MIN);
    expect(await me(a)).toBe(200);
    advance(idle + MIN);
    expect(await me(a)).toBe(401);
  });
});

describe('own sessions', () => {
  it('when a user lists sessions, then only their live ones with the current one marked; revoking one ends it; another user’s id is 404', async () => {
    const u = await newUser();
    const a = cookieOf(await attempt(u.email, PASSWORD, { 'user-agent': 'laptop' }));
    advance(1000);
    const b = cookieOf(await attempt(u.email, PASSWORD, { 'user-agent': 'tablet' }));
    const list = await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { cookie: b } });
    expect(list.statusCode).toBe(200);
    const items = list.json().sessions as { id: string; userAgent: string; isCurrent: boolean }[];
    expect(items.map((s) => [s.userAgent, s.isCurrent])).toEqual([
      ['tablet', true],
      ['laptop', false],
    ]);

    const other = await newUser();
    const c = cookieOf(await attempt(other.email, PASSWORD));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${items[1]!.id}`, headers: { cookie: c } })).statusCode).toBe(404);
    expect(await me(a)).toBe(200);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${items[1]!.id}`, headers: { cookie: b } })).statusCode).toBe(204);
    expect(await me(a)).toBe(401);
    expect(await me(b)).toBe(200);
    const revoked = (await auditFor(items[1]!.id)).map((e) => e.actionType);
    expect(revoked).toContain('auth.session.revoked');
  });

  it('when a user signs out everywhere, then every session of theirs ends and it is audited; other users are untouched', async () => {
    const u = await newUser();
    const a = cookieOf(await attempt(u.email, PASSWORD));
    advance(1000);
    const b = cookieOf(await attempt(u.email, PASSWORD));
    const other = await newUser();
    const c = cookieOf(await attempt(other.email, PASSWORD));
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: { cookie: a } });
    expect(res.json()).toEqual({ revoked: 2 });
    expect([await me(a), await me(b), await me(c)]).toEqual([401, 401, 200]);
    const [entry] = (await auditFor(u.id)).filter((e) => e.actionType === 'auth.sign-out.everywhere');
    expect((entry?.newValues as { revokedSessions: string[] }).revokedSessions).toHaveLength(2);
  });

  it('when a user signs out, then the sign-out is audited against the session', async () => {
    const u = await newUser();
    const a = cookieOf(await attempt(u.email, PASSWORD));
    await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: a } });
    const [s] = await t.db.db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, u.id), isNotNull(sessions.revokedAt)));
    expect((await auditFor(s!.id)).map((e) => [e.actionType, e.actor])).toEqual([
      ['auth.sign-in.succeeded', u.email],
      ['auth.sign-out', u.email],
    ]);
  });
});

describe('audit chain after all of the above', () => {
  it('when verified, then the chain of auth events is intact', async () => {
    const admin = await signIn(t.app, 'ADMIN');
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: { cookie: admin } });
    expect(res.json()).toMatchObject({ intact: true, firstBroken: null });
    const kinds = await t.db.db.selectDistinct({ a: auditLogs.actionType }).from(auditLogs).where(inArray(auditLogs.actionType, ['auth.sign-in.succeeded', 'auth.sign-in.failed', 'auth.lockout', 'auth.sign-out']));
    expect(kinds).toHaveLength(4);
  });
});
