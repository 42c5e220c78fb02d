import { auditLogs, sessions, users } from '@sentia/db/schema';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn, testAccounts } from '../../test/create-test-app.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'ADMIN');
});
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const signInWith = async (email: string, password: string) => {
  const res = await call('POST', '/api/auth/sign-in', undefined, { email, password });
  const c = res.cookies.find((k) => k.name === 'sentia_session');
  return { res, cookie: c ? `${c.name}=${c.value}` : '' };
};
const flagOf = async (email: string) => (await t.db.db.select({ flag: users.mustChangePassword }).from(users).where(eq(users.email, email)))[0]?.flag;
const lastAudit = async (action: string) => (await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, action)).orderBy(desc(auditLogs.seq)).limit(1))[0];

describe('must change password', () => {
  it('when an ADMIN creates a user, then at sign-in every other call answers 403 password-change-required until they choose their own password', async () => {
    const created = (await call('POST', '/api/admin/users', admin, { email: 'temp.user@test.sentia.local', name: 'Temp User', role: 'OPERATOR' })).json();
    expect(created.user.passwordChangeRequired).toBe(true);
    const { res, cookie } = await signInWith('temp.user@test.sentia.local', created.temporaryPassword);
    expect(res.statusCode).toBe(200);
    expect(res.json().passwordChangeRequired).toBe(true);

    const blocked = await call('GET', '/api/kpis/summary', cookie);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', type: 'urn:sentia:problem:password-change-required' });
    expect((await call('GET', '/api/auth/sessions', cookie)).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call('GET', '/api/auth/me', cookie)).json().passwordChangeRequired).toBe(true);
    expect((await call('GET', '/api/auth/password-policy', cookie)).statusCode).toBe(200);

    const changed = await call('POST', '/api/auth/password', cookie, { currentPassword: created.temporaryPassword, newPassword: 'Pewter-Lighthouse-82' });
    expect(changed.statusCode).toBe(200);
    expect(await flagOf('temp.user@test.sentia.local')).toBe(false);
    expect((await call('GET', '/api/auth/me', cookie)).json().passwordChangeRequired).toBe(false);
    expect((await call('GET', '/api/auth/sessions', cookie)).statusCode).toBe(200);
    expect(await lastAudit('auth.password.changed')).toMatchObject({ actor: 'temp.user@test.sentia.local', newValues: expect.objectContaining({ replacedTemporaryPassword: true }) });
  });

  it('when an ADMIN resets a password, then the user’s sessions end, only the temporary password signs in and it must be changed; audited', async () => {
    const operator = await signIn(t.app, 'OPERATOR');
    const id = (await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.OPERATOR.email)))[0]!.id;
    const res = await call('POST', `/api/admin/users/${id}/reset-password`, admin);
    expect(res.statusCode).toBe(200);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({ email: testAccounts.OPERATOR.email, passwordChangeRequired: true, activeSessions: 0 });
    expect(temporaryPassword).toHaveLength(20);
    expect((await call('GET', '/api/auth/me', operator)).statusCode).toBe(401);
    expect(await t.db.db.select().from(sessions).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)))).toHaveLength(0);
    expect((await signInWith(testAccounts.OPERATOR.email, testAccounts.OPERATOR.password)).res.statusCode).toBe(401);
    const { res: signedIn, cookie } = await signInWith(testAccounts.OPERATOR.email, temporaryPassword);
    expect(signedIn.json().passwordChangeRequired).toBe(true);
    expect((await call('GET', '/api/kpis/summary', cookie)).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const entry = await lastAudit('user.password.reset');
    expect(entry).toMatchObject({ entityId: id, actor: testAccounts.ADMIN.email, newValues: expect.objectContaining({ mustChangePassword: true }) });
    expect(JSON.stringify(entry)).not.toContain(temporaryPassword);
  });

  it('when a non-ADMIN resets a password or an ADMIN targets their own account, then it is refused', async () => {
    const manager = await signIn(t.app, 'MANAGER');
    const viewerId = (await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.VIEWER.email)))[0]!.id;
    expect((await call('POST', `/api/admin/users/${viewerId}/reset-password`, manager)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const adminId = (await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.ADMIN.email)))[0]!.id;
    expect((await call('POST', `/api/admin/users/${adminId}/reset-password`, admin)).statusCode).toBe(409);
    expect(await flagOf(testAccounts.VIEWER.email)).toBe(false);
  });

  it('when a new ADMIN signs in with a temporary password, then they change it first and enrol TOTP next', async () => {
    const created = (await call('POST', '/api/admin/users', admin, { email: 'new.admin@test.sentia.local', name: 'New Admin', role: 'ADMIN' })).json();
    const { res, cookie } = await signInWith('new.admin@test.sentia.local', created.temporaryPassword);
    expect(res.json()).toMatchObject({ passwordChangeRequired: true, mfa: { enrolmentRequired: true } });
    expect((await call('POST', '/api/auth/mfa/totp/enrol', cookie)).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call('POST', '/api/auth/password', cookie, { currentPassword: created.temporaryPassword, newPassword: 'Harbour-Quill-Ember-71!' })).statusCode).toBe(200);
    expect((await call('GET', '/api/admin/users', cookie)).json().code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await call('POST', '/api/auth/mfa/totp/enrol', cookie)).statusCode).toBe(200);
  });
});
