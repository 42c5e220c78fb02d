import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { createTestApp, signIn, testAccounts, type TestApp } from '../../test/create-test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const changePassword = (cookie: string, body: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: body });
const signInWith = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
const meStatus = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode;

describe('change password', () => {
  it('when the current password is wrong, then 400 names currentPassword, the hash is unchanged and the attempt is audited', async () => {
    const cookie = await signIn(t.app, 'OPERATOR');
    const res = await changePassword(cookie, { currentPassword: 'not-my-password', newPassword: 'Tallow-Lantern-4417' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    expect((await signInWith(testAccounts.OPERATOR.email, testAccounts.OPERATOR.password)).statusCode).toBe(200);
    const audits = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, 'auth.password.change-failed'));
    expect(audits.length).toBeGreaterThanOrEqual(1);
  });

  it("when the new password breaks the role's policy or is a common breached one, then 400 names newPassword and the old one still works", async () => {
    const cookie = await signIn(t.app, 'MANAGER');
    // MANAGER needs 12 characters with upper case, lower case and a digit.
    for (const weak of ['Short1a', 'alllowercase-and-long-1', 'Password1234']) {
      const res = await changePassword(cookie, { currentPassword: testAccounts.MANAGER.password, newPassword: weak });
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'newPassword' });
    }
    expect((await signInWith(testAccounts.MANAGER.email, testAccounts.MANAGER.password)).statusCode).toBe(200);
  });

  it('when the password is changed, then the other sessions end, this one stays, and only the new password signs in', async () => {
    const other = await signIn(t.app, 'VIEWER');
    const current = await signIn(t.app, 'VIEWER');
    const newPassword = 'Marble-Orchard-Kettle';
    const res = await changePassword(current, { currentPassword: testAccounts.VIEWER.password, newPassword });
    expect(res.statusCode).toBe(200);
    expect(res.json().endedSessions).toBeGreaterThanOrEqual(1);
    expect(await meStatus(current)).toBe(200);
    expect(await meStatus(other)).toBe(401);
    expect((await signInWith(testAccounts.VIEWER.email, testAccounts.VIEWER.password)).statusCode).toBe(401);
    expect((await signInWith(testAccounts.VIEWER.email, newPassword)).statusCode).toBe(200);
  });

  it('when a signed-in user asks for the password rules, then each role has its minimum length; anonymous callers get 401', async () => {
    const cookie = await signIn(t.app, 'OPERATOR');
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/password-policy', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const { policies } = res.json() as { policies: Record<string, { minLength: number }> };
    expect(Object.fromEntries(Object.entries(policies).map(([role, p]) => [role, p.minLength]))).toEqual({ ADMIN: 14, MANAGER: 12, OPERATOR: 10, VIEWER: 8 });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/password-policy' })).statusCode).toBe(401);
  });
});
