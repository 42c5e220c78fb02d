import { auditLogs, sessions, userMfa, users } from '@sentia/db/schema';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn, testAccounts } from '../../test/create-test-app.ts';
import { stepUpCookie } from './testing/step-up-cookie.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await stepUpCookie(t.app, await signIn(t.app, 'ADMIN'));
});
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const userId = async (email: string) => (await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
const lastAudit = async (action: string) => (await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, action)).orderBy(desc(auditLogs.seq)).limit(1))[0];

describe('users', () => {
  it('when an ADMIN searches users, then matching accounts come back with role, status, MFA and session counts', async () => {
    const res = await call('GET', '/api/admin/users?q=viewer', admin);
    expect(res.statusCode).toBe(200);
    const list = res.json().users;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ email: testAccounts.VIEWER.email, role: 'VIEWER', isActive: true, isLocked: false, mfaEnrolled: false });
    expect((await call('GET', '/api/admin/users?role=ADMIN', admin)).json().users.map((u: { email: string }) => u.email)).toEqual([testAccounts.ADMIN.email]);
  });

  it('when an ADMIN creates a user, then they get a temporary password that signs in, and the creation is audited', async () => {
    const res = await call('POST', '/api/admin/users', admin, { email: 'New.Planner@test.sentia.local', name: 'New Planner', role: 'MANAGER' });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({ email: 'new.planner@test.sentia.local', role: 'MANAGER', isActive: true });
    expect(temporaryPassword).toHaveLength(20);
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'new.planner@test.sentia.local', password: temporaryPassword } });
    expect(signedIn.statusCode).toBe(200);
    const entry = await lastAudit('user.create');
    expect(entry).toMatchObject({ actor: testAccounts.ADMIN.email, actorRole: 'ADMIN', entityId: user.id });
    expect(JSON.stringify(entry?.newValues)).not.toContain(temporaryPassword);

    const again = await call('POST', '/api/admin/users', admin, { email: 'new.planner@test.sentia.local', name: 'Again', role: 'VIEWER' });
    expect(again.statusCode).toBe(409);
  });

  it('when an ADMIN changes a role, then the user’s next request carries the new permissions and the change is audited with before and after', async () => {
    const created = (await call('POST', '/api/admin/users', admin, { email: 'role.change@test.sentia.local', name: 'Role Change', role: 'VIEWER' })).json();
    const cookie = await (async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'role.change@test.sentia.local', password: created.temporaryPassword } });
      const c = res.cookies.find((k) => k.name === 'sentia_session')!;
      return `${c.name}=${c.value}`;
    })();
    expect((await call('GET', '/api/auth/me', cookie)).json().user.permissions).not.toContain('forecast:execute');
    const res = await call('PATCH', `/api/admin/users/${created.user.id}/role`, admin, { role: 'MANAGER' });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('MANAGER');
    const me = (await call('GET', '/api/auth/me', cookie)).json();
    expect(me.user.role).toBe('MANAGER');
    expect(me.user.permissions).toContain('forecast:execute');
    expect(await lastAudit('user.role.change')).toMatchObject({ entityId: created.user.id, oldValues: { role: 'VIEWER' }, newValues: { role: 'MANAGER' } });
  });

  it('when an ADMIN deactivates a user, then their sessions end at once and sign-in is refused until reactivated', async () => {
    const operator = await signIn(t.app, 'OPERATOR');
    const id = await userId(testAccounts.OPERATOR.email);
    expect((await call('POST', `/api/admin/users/${id}/deactivate`, admin)).json()).toMatchObject({ isActive: false, activeSessions: 0 });
    expect((await call('GET', '/api/auth/me', operator)).statusCode).toBe(401);
    expect(await t.db.db.select().from(sessions).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)))).toHaveLength(0);
    await expect(signIn(t.app, 'OPERATOR')).rejects.toThrow(/401/);
    expect(await lastAudit('user.deactivate')).toMatchObject({ entityId: id, oldValues: { isActive: true } });
    expect((await call('POST', `/api/admin/users/${id}/reactivate`, admin)).json()).toMatchObject({ isActive: true });
    await signIn(t.app, 'OPERATOR');
  });

  it('when an ADMIN targets their own account, then role change and deactivation are refused', async () => {
    const me = await userId(testAccounts.ADMIN.email);
    expect((await call('PATCH', `/api/admin/users/${me}/role`, admin, { role: 'VIEWER' })).statusCode).toBe(409);
    expect((await call('POST', `/api/admin/users/${me}/deactivate`, admin)).statusCode).toBe(409);
  });

  it('when an ADMIN resets a user’s MFA, then the TOTP factor is gone and the reset is audited', async () => {
    const manager = await signIn(t.app, 'MANAGER');
    const enrol = await call('POST', '/api/auth/mfa/totp/enrol', manager);
    expect(enrol.statusCode).toBe(200);
    const id = await userId(testAccounts.MANAGER.email);
    expect(await t.db.db.select().from(userMfa).where(eq(userMfa.userId, id))).toHaveLength(1);
    expect((await call('POST', `/api/admin/users/${id}/reset-mfa`, admin)).json()).toMatchObject({ mfaEnrolled: false });
    expect(await t.db.db.select().from(userMfa).where(eq(userMfa.userId, id))).toHaveLength(0);
    expect(await lastAudit('auth.mfa.reset')).toMatchObject({ entityId: id, newValues: { enrolled: false } });
  });
});

describe('roles and permissions', () => {
  it('when an ADMIN revokes and grants cells, then the matrix changes in one transaction, takes effect on the next request and each role change is audited', async () => {
    const viewer = await signIn(t.app, 'VIEWER');
    const res = await call('PATCH', '/api/admin/rbac', admin, {
      changes: [
        { role: 'VIEWER', permission: 'forecast:read', granted: false },
        { role: 'VIEWER', permission: 'audit:read', granted: true },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().changed).toBe(2);
    expect(res.json().matrix.grants.VIEWER).toContain('audit:read');
    expect(res.json().matrix.grants.VIEWER).not.toContain('forecast:read');
    expect((await call('GET', '/api/admin/audit/verify', viewer)).statusCode).toBe(200);
    expect((await call('GET', '/api/auth/me', viewer)).json().user.permissions).not.toContain('forecast:read');
    const entry = await lastAudit('rbac.role.permissions.change');
    expect(entry).toMatchObject({ entityType: 'role', entityId: 'VIEWER', newValues: { added: ['audit:read'], removed: ['forecast:read'] } });
    expect((entry?.oldValues as { permissions: string[] }).permissions).toContain('forecast:read');

    await call('PATCH', '/api/admin/rbac', admin, { changes: [{ role: 'VIEWER', permission: 'forecast:read', granted: true }, { role: 'VIEWER', permission: 'audit:read', granted: false }] });
    expect((await call('GET', '/api/admin/audit/verify', viewer)).statusCode).toBe(403);
  });

  it('when a change would take admin:manage from ADMIN or names an unknown permission, then nothing changes', async () => {
    const before = (await call('GET', '/api/admin/rbac', admin)).json();
    expect((await call('PATCH', '/api/admin/rbac', admin, { changes: [{ role: 'ADMIN', permission: 'admin:manage', granted: false }] })).statusCode).toBe(409);
    const unknown = await call('PATCH', '/api/admin/rbac', admin, { changes: [{ role: 'VIEWER', permission: 'dashboard:write', granted: true }, { role: 'VIEWER', permission: 'nope:nothing', granted: true }] });
    expect(unknown.statusCode).toBe(400);
    expect((await call('GET', '/api/admin/rbac', admin)).json()).toEqual(before);
  });
});

describe('sessions', () => {
  it('when an ADMIN lists sessions and revokes another user’s, then that session stops working and the revocation is audited', async () => {
    const viewer = await signIn(t.app, 'VIEWER');
    const list = (await call('GET', `/api/admin/sessions?userId=${await userId(testAccounts.VIEWER.email)}`, admin)).json().sessions;
    expect(list.length).toBeGreaterThan(0);
    const newest = list.sort((a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt))[0];
    expect(newest).toMatchObject({ email: testAccounts.VIEWER.email, isCurrent: false });
    expect((await call('DELETE', `/api/admin/sessions/${newest.id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', '/api/auth/me', viewer)).statusCode).toBe(401);
    expect(await lastAudit('auth.session.revoked')).toMatchObject({ entityId: newest.id, actorRole: 'ADMIN' });
    expect((await call('DELETE', `/api/admin/sessions/${newest.id}`, admin)).statusCode).toBe(404);
  });
});

describe('access', () => {
  it('when a non-ADMIN calls any admin endpoint, then 403 and nothing changes', async () => {
    const id = await userId(testAccounts.VIEWER.email);
    for (const role of ['MANAGER', 'OPERATOR', 'VIEWER'] as const) {
      const cookie = await signIn(t.app, role);
      for (const [method, url, body] of [
        ['GET', '/api/admin/users'],
        ['POST', '/api/admin/users', { email: 'x@test.sentia.local', name: 'X', role: 'ADMIN' }],
        ['PATCH', `/api/admin/users/${id}/role`, { role: 'ADMIN' }],
        ['POST', `/api/admin/users/${id}/deactivate`],
        ['GET', '/api/admin/rbac'],
        ['PATCH', '/api/admin/rbac', { changes: [{ role: 'VIEWER', permission: 'admin:manage', granted: true }] }],
        ['GET', '/api/admin/sessions'],
      ] as const) {
        expect((await call(method, url, cookie, body)).statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
    expect((await call('GET', '/api/admin/users', '')).statusCode).toBe(401);
  });

  it('when an ADMIN session has no fresh second factor, then user and permission changes answer 401 STEP_UP_REQUIRED', async () => {
    const stale = await signIn(t.app, 'ADMIN');
    await t.db.db.execute(`delete from session_step_ups`);
    const res = await call('PATCH', '/api/admin/rbac', stale, { changes: [{ role: 'VIEWER', permission: 'dashboard:write', granted: true }] });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('STEP_UP_REQUIRED');
    expect((await call('GET', '/api/admin/users', stale)).statusCode).toBe(200);
  });
});
