import { hashPassword } from '@sentia/db/password-hash';
import { auditLogs, sessionStepUps, userMfa, users } from '@sentia/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testTotpSecret } from '../../test/create-test-app.ts';
import { mfaSecretKey, openTotpSecret } from './mfa-secret-key.ts';
import { base32Decode, totp } from './totp.ts';

let t: TestApp;
let clock = new Date('2026-06-01T09:00:10.000Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const PASSWORD = 'Admin-Password-2026!';
const MFA_KEY = 'a'.repeat(64);

beforeAll(async () => {
  t = await createTestApp({ now: () => clock, env: { MFA_ENCRYPTION_KEY: MFA_KEY } });
});
afterAll(async () => t?.close());

let ipCounter = 0;
const signInAs = (email: string, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: PASSWORD, ...extra }, headers: { 'x-forwarded-for': `203.0.113.${(ipCounter++ % 250) + 1}` } });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `sentia_session=${res.cookies.find((c) => c.name === 'sentia_session')!.value}`;
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, cookie: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function newAdmin(): Promise<{ id: string; email: string }> {
  const email = `admin-${Math.random().toString(36).slice(2, 10)}@test.sentia.local`;
  const [row] = await t.db.db.insert(users).values({ email, name: 'New Admin', role: 'ADMIN', passwordHash: await hashPassword(PASSWORD) }).returning({ id: users.id });
  return { id: row!.id, email };
}

describe('ADMIN enrolment at first sign-in', () => {
  it('when an ADMIN without TOTP signs in, then the session can only enrol (me, MFA status, enrol, confirm, sign-out) until TOTP is confirmed, then everything opens', async () => {
    const admin = await newAdmin();
    const res = await signInAs(admin.email);
    expect(res.statusCode).toBe(200);
    expect(res.json().mfa).toEqual({ enrolled: false, enrolmentRequired: true });
    const cookie = cookieOf(res);

    expect((await get('/api/auth/me', cookie)).json().mfa).toEqual({ enrolled: false, enrolmentRequired: true });
    expect((await get('/api/auth/mfa', cookie)).statusCode).toBe(200);
    for (const url of ['/api/admin/audit', '/api/meta', '/api/auth/sessions']) {
      const blocked = await get(url, cookie);
      expect(blocked.statusCode, url).toBe(403);
      expect(blocked.json().code).toBe('MFA_ENROLMENT_REQUIRED');
    }

    const { secret, otpauthUri } = (await post('/api/auth/mfa/totp/enrol', cookie)).json();
    expect(otpauthUri).toContain(`secret=${secret}`);
    const done = await post('/api/auth/mfa/totp/confirm', cookie, { code: totp(base32Decode(secret), clock) });
    expect(done.statusCode).toBe(200);
    expect(done.json().recoveryCodes).toHaveLength(10);

    expect((await get('/api/auth/me', cookie)).json().mfa).toEqual({ enrolled: true, enrolmentRequired: false });
    expect((await get('/api/admin/audit', cookie)).statusCode).toBe(200);
  });

  it('when a MANAGER without TOTP signs in, then nothing is forced (TOTP is optional for other roles)', async () => {
    const email = `manager-${Math.random().toString(36).slice(2, 10)}@test.sentia.local`;
    await t.db.db.insert(users).values({ email, name: 'M', role: 'MANAGER', passwordHash: await hashPassword(PASSWORD) });
    const res = await signInAs(email);
    expect(res.json().mfa).toEqual({ enrolled: false, enrolmentRequired: false });
    expect((await get('/api/meta', cookieOf(res))).statusCode).toBe(200);
  });
});

describe('second factor at sign-in', () => {
  it('when an enrolled user signs in without a code, then 401 SECOND_FACTOR_REQUIRED and no session; with the code, a session that counts as freshly stepped up', async () => {
    const admin = await newAdmin();
    const cookie = cookieOf(await signInAs(admin.email));
    const { secret } = (await post('/api/auth/mfa/totp/enrol', cookie)).json();
    await post('/api/auth/mfa/totp/confirm', cookie, { code: totp(base32Decode(secret), clock) });
    advance(30_000);

    const noCode = await signInAs(admin.email);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('SECOND_FACTOR_REQUIRED');
    expect(noCode.cookies.find((c) => c.name === 'sentia_session')).toBeUndefined();

    const ok = await signInAs(admin.email, { totpCode: totp(base32Decode(secret), clock) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mfa).toEqual({ enrolled: true, enrolmentRequired: false });
    const status = (await get('/api/auth/mfa', cookieOf(ok))).json();
    expect(status.stepUpValidUntil).toBe(new Date(clock.getTime() + 600_000).toISOString());

    // The same code again (another device replaying it) is refused.
    const replay = await signInAs(admin.email, { totpCode: totp(base32Decode(secret), clock) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('SECOND_FACTOR_REQUIRED');
  });

  it('when wrong codes are sent with the right password 5 times, then the account locks like after wrong passwords', async () => {
    const admin = await newAdmin();
    const cookie = cookieOf(await signInAs(admin.email));
    const { secret } = (await post('/api/auth/mfa/totp/enrol', cookie)).json();
    await post('/api/auth/mfa/totp/confirm', cookie, { code: totp(base32Decode(secret), clock) });
    advance(30_000);
    const wrong = String((Number(totp(base32Decode(secret), clock)) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i += 1) expect((await signInAs(admin.email, { totpCode: wrong })).statusCode).toBe(401);
    const locked = await signInAs(admin.email, { totpCode: totp(base32Decode(secret), clock) });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().detail).toMatch(/locked/);
    const failures = await t.db.db.select().from(auditLogs).where(and(eq(auditLogs.entityId, admin.id), eq(auditLogs.actionType, 'auth.sign-in.failed')));
    expect(failures.map((f) => (f.newValues as { reason: string }).reason)).toEqual(Array(5).fill('wrong-second-factor'));
  });

  it('when a recovery code is used at sign-in, then it works once', async () => {
    const admin = await newAdmin();
    const cookie = cookieOf(await signInAs(admin.email));
    const { secret } = (await post('/api/auth/mfa/totp/enrol', cookie)).json();
    const { recoveryCodes } = (await post('/api/auth/mfa/totp/confirm', cookie, { code: totp(base32Decode(secret), clock) })).json();
    expect((await signInAs(admin.email, { recoveryCode: recoveryCodes[0] })).statusCode).toBe(200);
    expect((await signInAs(admin.email, { recoveryCode: recoveryCodes[0] })).statusCode).toBe(401);
  });
});

describe('TOTP secrets at rest', () => {
  it('when a secret is stored, then the row holds AES-256-GCM ciphertext bound to the user, which opens only with the configured key', async () => {
    const admin = await newAdmin();
    const cookie = cookieOf(await signInAs(admin.email));
    const { secret } = (await post('/api/auth/mfa/totp/enrol', cookie)).json();
    const [row] = await t.db.db.select().from(userMfa).where(eq(userMfa.userId, admin.id));
    expect(row!.secret).toMatch(/^v1:/);
    expect(row!.secret).not.toContain(secret);
    expect(openTotpSecret(row!.secret, mfaSecretKey(MFA_KEY, 'unused'), admin.id)).toBe(secret);
    expect(() => openTotpSecret(row!.secret, mfaSecretKey('b'.repeat(64), 'unused'), admin.id)).toThrow();
    // Copied onto another user's row, it does not open (the user id is authenticated data).
    expect(() => openTotpSecret(row!.secret, mfaSecretKey(MFA_KEY, 'unused'), '00000000-0000-4000-8000-000000000000')).toThrow();
  });

  it('when no key is configured, then one is derived from the session secret (and differs per secret)', () => {
    expect(mfaSecretKey(null, 'x'.repeat(32))).toHaveLength(32);
    expect(mfaSecretKey(null, 'x'.repeat(32)).equals(mfaSecretKey(null, 'y'.repeat(32)))).toBe(false);
    expect(testTotpSecret).toMatch(/^[A-Z2-7]+$/);
  });
});

describe('step-up records', () => {
  it('when a session signs in with TOTP, then its step-up row says totp', async () => {
    const admin = await newAdmin();
    const cookie = cookieOf(await signInAs(admin.email));
    const { secret } = (await post('/api/auth/mfa/totp/enrol', cookie)).json();
    await post('/api/auth/mfa/totp/confirm', cookie, { code: totp(base32Decode(secret), clock) });
    advance(30_000);
    await signInAs(admin.email, { totpCode: totp(base32Decode(secret), clock) });
    const rows = await t.db.db.select().from(sessionStepUps);
    expect(rows.some((r) => r.method === 'totp')).toBe(true);
  });
});
