import { auditLogs, userMfa, users } from '@sentia/db/schema';
import { hashPassword } from '@sentia/db/password-hash';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppModule } from '../../http/create-app.ts';
import { type TestApp, createTestApp, signIn, testAccounts, testTotpSecret } from '../../test/create-test-app.ts';
import { requireStepUp } from './totp.service.ts';
import { base32Decode, totp } from './totp.ts';

let t: TestApp;
let clock = new Date('2026-06-01T09:00:10.000Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
// A stand-in for another module's high-risk route (purchase-order approval, feature flags, …).
const probeModule: AppModule = {
  name: 'probe',
  register: (app, ctx) => {
    app.post('/api/test/high-risk', { config: { signedIn: true }, preHandler: requireStepUp(ctx) }, async () => ({ ok: true }));
  },
};
beforeAll(async () => {
  t = await createTestApp({ now: () => clock, modules: [probeModule] });
});
afterAll(async () => t?.close());

const post = (url: string, cookie: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
const codeFor = (secret: string, offsetSeconds = 0) => totp(base32Decode(secret), new Date(clock.getTime() + offsetSeconds * 1000));

async function enrol(cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await post('/api/auth/mfa/totp/enrol', cookie);
  expect(start.statusCode).toBe(200);
  const { secret } = start.json();
  const done = await post('/api/auth/mfa/totp/confirm', cookie, { code: codeFor(secret) });
  expect(done.statusCode).toBe(200);
  return { secret, recoveryCodes: done.json().recoveryCodes };
}

describe('TOTP enrolment', () => {
  it('when a user enrols, then they get a secret and otpauth URI; a wrong code is refused; the right one enables TOTP with 10 recovery codes', async () => {
    const cookie = await signIn(t.app, 'MANAGER');
    const start = await post('/api/auth/mfa/totp/enrol', cookie);
    const { secret, otpauthUri } = start.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(`otpauth://totp/Sentia%20Manufacturing:${encodeURIComponent(testAccounts.MANAGER.email)}?secret=${secret}&issuer=Sentia+Manufacturing&algorithm=SHA1&digits=6&period=30`);

    const wrong = String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect((await post('/api/auth/mfa/totp/confirm', cookie, { code: wrong })).statusCode).toBe(400);
    expect((await post('/api/auth/mfa/totp/confirm', cookie, { code: 'abc' })).statusCode).toBe(400);

    const ok = await post('/api/auth/mfa/totp/confirm', cookie, { code: codeFor(secret) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);
    const status = (await t.app.inject({ method: 'GET', url: '/api/auth/mfa', headers: { cookie } })).json();
    expect(status).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });
    expect(status.stepUpValidUntil).toBe(new Date(clock.getTime() + 600_000).toISOString());

    const [row] = await t.db.db.select().from(userMfa).innerJoin(users, eq(users.id, userMfa.userId)).where(eq(users.email, testAccounts.MANAGER.email));
    expect(row?.user_mfa.recoveryCodeHashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(row?.user_mfa.recoveryCodeHashes).not.toContain(ok.json().recoveryCodes[0]);
    expect((await post('/api/auth/mfa/totp/enrol', cookie)).statusCode).toBe(409);
  });
});

describe('step-up', () => {
  it('when the ADMIN sign-in code goes stale, then a high-risk endpoint answers 401 STEP_UP_REQUIRED with a challenge; after step-up it is accepted; 10 minutes later it is required again', async () => {
    const admin = await signIn(t.app, 'ADMIN');
    const [viewer] = await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.VIEWER.email));
    const unlock = () => post(`/api/admin/users/${viewer!.id}/unlock`, admin);

    // Signing in with the TOTP code counts as a fresh second factor.
    expect((await unlock()).statusCode).toBe(200);
    advance(601_000);
    const stale = await unlock();
    expect(stale.statusCode).toBe(401);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.json()).toMatchObject({ code: 'STEP_UP_REQUIRED', status: 401 });
    expect(stale.headers['www-authenticate']).toBe('StepUp realm="sentia", methods="totp recovery-code", max_age="600"');

    const step = await post('/api/auth/step-up', admin, { code: codeFor(testTotpSecret) });
    expect(step.statusCode).toBe(200);
    expect(step.json()).toEqual({ verifiedAt: clock.toISOString(), validUntil: new Date(clock.getTime() + 600_000).toISOString() });
    expect((await unlock()).statusCode).toBe(200);

    advance(600_000);
    expect((await unlock()).statusCode).toBe(200);
    advance(1_000);
    expect((await unlock()).json().code).toBe('STEP_UP_REQUIRED');

    const trail = await t.db.db.select({ a: auditLogs.actionType }).from(auditLogs).where(like(auditLogs.actionType, 'auth.%')).orderBy(asc(auditLogs.seq));
    expect(trail.map((e) => e.a)).toEqual(expect.arrayContaining(['auth.sign-in.succeeded', 'auth.step-up.succeeded']));
  });

  it('when another module guards its route with requireStepUp, then a user without TOTP is told to enrol, and after enrolling is let through', async () => {
    const email = 'probe-manager@test.sentia.local';
    await t.db.db.insert(users).values({ email, name: 'Probe', role: 'MANAGER', passwordHash: await hashPassword('Probe-Password-2026') });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: 'Probe-Password-2026' } });
    const cookie = `sentia_session=${res.cookies.find((c) => c.name === 'sentia_session')!.value}`;
    const first = await post('/api/test/high-risk', cookie);
    expect(first.statusCode).toBe(401);
    expect(first.headers['www-authenticate']).toBe('StepUp realm="sentia", methods="enrol", max_age="600"');
    await enrol(cookie);
    expect((await post('/api/test/high-risk', cookie)).json()).toEqual({ ok: true });
  });

  it('when the code is one step old or new (±30 s) it is accepted, two steps off it is refused, and a used code cannot be replayed', async () => {
    const cookie = await signIn(t.app, 'OPERATOR');
    const { secret } = await enrol(cookie);
    advance(90_000);
    expect((await post('/api/auth/step-up', cookie, { code: codeFor(secret, -60) })).statusCode).toBe(401);
    expect((await post('/api/auth/step-up', cookie, { code: codeFor(secret, 60) })).statusCode).toBe(401);
    expect((await post('/api/auth/step-up', cookie, { code: codeFor(secret, -30) })).statusCode).toBe(200);
    // The -30 s code used step n-1; the current step's code is still new, but the same old code is not.
    expect((await post('/api/auth/step-up', cookie, { code: codeFor(secret, -30) })).statusCode).toBe(401);
    expect((await post('/api/auth/step-up', cookie, { code: codeFor(secret, 30) })).statusCode).toBe(200);
    const failed = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, 'auth.step-up.failed'));
    expect(failed.length).toBeGreaterThanOrEqual(3);
  });

  it('when a recovery code is used, then it works once and the count goes down', async () => {
    const cookie = await signIn(t.app, 'VIEWER');
    const { recoveryCodes } = await enrol(cookie);
    const code = recoveryCodes[3]!;
    expect((await post('/api/auth/step-up', cookie, { recoveryCode: code.toUpperCase() })).statusCode).toBe(200);
    expect((await post('/api/auth/step-up', cookie, { recoveryCode: code })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/mfa', headers: { cookie } })).json().recoveryCodesLeft).toBe(9);
  });
});
