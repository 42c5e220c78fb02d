import { auditLogs, userInvitations, users } from '@sentia/db/schema';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import type { InvitationMessage, Mailer } from './mailer.ts';

let t: TestApp;
let admin: string;
let offsetMs = 0;
const sent: InvitationMessage[] = [];
const recordingMailer: Mailer = {
  channel: 'test',
  async sendInvitation(message) {
    sent.push(message);
    return { delivered: true };
  },
};

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date(Date.now() + offsetMs), mailer: recordingMailer });
  admin = await signIn(t.app, 'ADMIN');
});
afterAll(async () => t?.close());

const invite = (body: object, cookie = admin) => t.app.inject({ method: 'POST', url: '/api/admin/invitations', headers: { cookie }, payload: body });
const lookup = (token: string) => t.app.inject({ method: 'POST', url: '/api/auth/invitations/lookup', payload: { token } });
const accept = (token: string, password: string, name = 'Invited Person') => t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, name, password } });
const tokenOf = (acceptUrl: string) => new URL(acceptUrl).hash.replace('#token=', '');
const audits = async (action: string) => t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, action)).orderBy(desc(auditLogs.seq));
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((k) => k.name === 'sentia_session');
  return c ? `${c.name}=${c.value}` : undefined;
};

describe('invitations', () => {
  it('when an ADMIN invites an operator and the invitee accepts with a good password, then the account exists with that role, the invitee is signed in and the link is spent', async () => {
    const res = await invite({ email: 'Olivia.Operator@test.sentia.local', name: 'Olivia Operator', role: 'OPERATOR' });
    expect(res.statusCode).toBe(201);
    const issued = res.json();
    expect(issued.invitation).toMatchObject({ email: 'olivia.operator@test.sentia.local', role: 'OPERATOR', status: 'pending', invitedBy: 'admin@test.sentia.local' });
    expect(issued.acceptUrl).toMatch(/^http:\/\/localhost(:\d+)?\/accept-invite#token=[A-Za-z0-9_-]{43}$/);
    expect(issued.delivery).toEqual({ channel: 'test', delivered: true });
    expect(sent.at(-1)).toMatchObject({ to: 'olivia.operator@test.sentia.local', role: 'OPERATOR', acceptUrl: issued.acceptUrl, invitedBy: 'admin@test.sentia.local' });
    const token = tokenOf(issued.acceptUrl);
    // Only a hash of the token is stored, and the audit trail never sees it.
    const [stored] = await t.db.db.select().from(userInvitations).where(eq(userInvitations.id, issued.invitation.id));
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.tokenHash).not.toContain(token);
    const [created] = await audits('user.invitation.create');
    expect(created).toMatchObject({ entityId: issued.invitation.id, actor: 'admin@test.sentia.local', newValues: expect.objectContaining({ role: 'OPERATOR' }) });
    expect(JSON.stringify(created)).not.toContain(token);
    expect(Date.parse(issued.invitation.expiresAt) - Date.parse(issued.invitation.createdAt)).toBe(72 * 3_600_000);

    const listed = (await t.app.inject({ method: 'GET', url: '/api/admin/invitations', headers: { cookie: admin } })).json().invitations;
    expect(listed.map((i: { id: string }) => i.id)).toContain(issued.invitation.id);

    const looked = await lookup(token);
    expect(looked.statusCode).toBe(200);
    expect(looked.json()).toMatchObject({ email: 'olivia.operator@test.sentia.local', name: 'Olivia Operator', role: 'OPERATOR', passwordPolicy: { minLength: 10, requireDigit: true } });

    const accepted = await accept(token, 'Copper-Kettle-Harbour-7', 'Olivia O.');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ user: { email: 'olivia.operator@test.sentia.local', name: 'Olivia O.', role: 'OPERATOR' }, mfa: { enrolmentRequired: false }, passwordChangeRequired: false });
    const cookie = cookieOf(accepted)!;
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user.role).toBe('OPERATOR');
    expect(me.json().user.permissions).toContain('dashboard:read');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { cookie } })).statusCode).toBe(200);

    const [user] = await t.db.db.select().from(users).where(eq(users.email, 'olivia.operator@test.sentia.local'));
    expect(user).toMatchObject({ role: 'OPERATOR', mustChangePassword: false, isActive: true });
    const [row] = await t.db.db.select().from(userInvitations).where(eq(userInvitations.id, issued.invitation.id));
    expect(row).toMatchObject({ acceptedUserId: user!.id });
    expect((await audits('user.invitation.accept'))[0]).toMatchObject({ entityId: issued.invitation.id, userId: user!.id });
    expect((await audits('user.create'))[0]).toMatchObject({ entityId: user!.id, newValues: expect.objectContaining({ credential: 'invitation' }) });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'olivia.operator@test.sentia.local', password: 'Copper-Kettle-Harbour-7' } })).statusCode).toBe(200);

    // Spent: the link cannot make a second account.
    const again = await accept(token, 'Another-Good-Pass-9');
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'INVITATION_USED', type: 'urn:sentia:problem:invitation-used' });
    expect((await lookup(token)).json().code).toBe('INVITATION_USED');
  });

  it('when the password breaks the role’s policy or is on the breached list, then 400 names the password and nothing is created', async () => {
    const { acceptUrl, invitation } = (await invite({ email: 'weak.password@test.sentia.local', role: 'MANAGER' })).json();
    for (const weak of ['Short1a', 'alllowercase-and-long-1', 'Password1234']) {
      const res = await accept(tokenOf(acceptUrl), weak);
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'password' });
    }
    expect(await t.db.db.select().from(users).where(eq(users.email, 'weak.password@test.sentia.local'))).toHaveLength(0);
    const [row] = await t.db.db.select().from(userInvitations).where(eq(userInvitations.id, invitation.id));
    expect(row!.acceptedAt).toBeNull();
  });

  it('when a link has expired, then lookup and accept answer 410 INVITATION_EXPIRED; a re-issued link works and the old one is refused as revoked', async () => {
    const { acceptUrl, invitation } = (await invite({ email: 'late.comer@test.sentia.local', role: 'VIEWER' })).json();
    offsetMs = 73 * 3_600_000;
    try {
      expect((await lookup(tokenOf(acceptUrl))).json()).toMatchObject({ status: 410, code: 'INVITATION_EXPIRED' });
      expect((await accept(tokenOf(acceptUrl), 'Velvet-Lantern-Moss')).json().code).toBe('INVITATION_EXPIRED');
      const cookie = await signIn(t.app, 'ADMIN');
      const listed = (await t.app.inject({ method: 'GET', url: '/api/admin/invitations', headers: { cookie } })).json().invitations;
      expect(listed.find((i: { id: string }) => i.id === invitation.id)).toMatchObject({ status: 'expired' });
      const reissued = await t.app.inject({ method: 'POST', url: `/api/admin/invitations/${invitation.id}/reissue`, headers: { cookie } });
      expect(reissued.statusCode).toBe(201);
      const fresh = reissued.json();
      expect(fresh.invitation).toMatchObject({ email: 'late.comer@test.sentia.local', role: 'VIEWER', status: 'pending' });
      expect(fresh.invitation.id).not.toBe(invitation.id);
      const old = await accept(tokenOf(acceptUrl), 'Velvet-Lantern-Moss');
      expect(old.json()).toMatchObject({ status: 410, code: 'INVITATION_REVOKED' });
      expect((await accept(tokenOf(fresh.acceptUrl), 'Velvet-Lantern-Moss')).statusCode).toBe(200);
      expect((await audits('user.invitation.reissue'))[0]).toMatchObject({ entityId: fresh.invitation.id, oldValues: { invitationId: invitation.id, status: 'expired' } });
    } finally {
      offsetMs = 0;
      admin = await signIn(t.app, 'ADMIN');
    }
  });

  it('when an ADMIN revokes an invitation, then its link answers 410 INVITATION_REVOKED; an unknown token answers 404', async () => {
    const { acceptUrl, invitation } = (await invite({ email: 'withdrawn@test.sentia.local', role: 'VIEWER' })).json();
    const revoked = await t.app.inject({ method: 'POST', url: `/api/admin/invitations/${invitation.id}/revoke`, headers: { cookie: admin } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    expect((await accept(tokenOf(acceptUrl), 'Velvet-Lantern-Moss')).json()).toMatchObject({ status: 410, code: 'INVITATION_REVOKED' });
    expect((await audits('user.invitation.revoke'))[0]).toMatchObject({ entityId: invitation.id, newValues: expect.objectContaining({ reason: 'revoked' }) });
    // The refused attempt is an audited auth event, without the token.
    const refused = (await audits('user.invitation.accept-refused'))[0];
    expect(refused).toMatchObject({ entityId: invitation.id, newValues: { reason: 'INVITATION_REVOKED' } });
    expect(JSON.stringify(refused)).not.toContain(tokenOf(acceptUrl));
    const unknown = await lookup('A'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    // Revoked, the address can be invited again.
    expect((await invite({ email: 'withdrawn@test.sentia.local', role: 'VIEWER' })).statusCode).toBe(201);
  });

  it('when two accepts of one link race, then exactly one account is created and the other gets 410 INVITATION_USED', async () => {
    const { acceptUrl } = (await invite({ email: 'race@test.sentia.local', role: 'VIEWER' })).json();
    const results = await Promise.all([accept(tokenOf(acceptUrl), 'Velvet-Lantern-Moss'), accept(tokenOf(acceptUrl), 'Granite-Willow-Tide')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
    expect(results.find((r) => r.statusCode === 410)!.json().code).toBe('INVITATION_USED');
    expect(await t.db.db.select().from(users).where(eq(users.email, 'race@test.sentia.local'))).toHaveLength(1);
  });

  it('when the address has an account or an open invitation, then inviting it again is refused with 409 on email', async () => {
    const first = await invite({ email: 'twice@test.sentia.local', role: 'VIEWER' });
    expect(first.statusCode).toBe(201);
    const second = await invite({ email: 'TWICE@test.sentia.local', role: 'MANAGER' });
    expect(second.statusCode).toBe(409);
    expect(second.json().errors[0].field).toBe('email');
    expect((await invite({ email: 'viewer@test.sentia.local', role: 'VIEWER' })).statusCode).toBe(409);
  });

  it('when an ADMIN is invited, then after accepting the session can only enrol TOTP', async () => {
    const { acceptUrl } = (await invite({ email: 'second.admin@test.sentia.local', role: 'ADMIN' })).json();
    expect((await lookup(tokenOf(acceptUrl))).json().passwordPolicy).toMatchObject({ minLength: 14, requireSymbol: true });
    const res = await accept(tokenOf(acceptUrl), 'Quartz-Meadow-Falcon-42!');
    expect(res.statusCode).toBe(200);
    expect(res.json().mfa).toEqual({ enrolled: false, enrolmentRequired: true });
    const blocked = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: cookieOf(res)! } });
    expect(blocked.json()).toMatchObject({ status: 403, code: 'MFA_ENROLMENT_REQUIRED' });
  });

  it('when the ADMIN’s last second factor is older than 10 minutes, then inviting asks for a step-up first', async () => {
    offsetMs = 11 * 60_000;
    try {
      const res = await invite({ email: 'stale.step-up@test.sentia.local', role: 'VIEWER' });
      expect(res.json()).toMatchObject({ status: 401, code: 'STEP_UP_REQUIRED' });
      expect(await t.db.db.select().from(userInvitations).where(eq(userInvitations.email, 'stale.step-up@test.sentia.local'))).toHaveLength(0);
    } finally {
      offsetMs = 0;
    }
  });

  it('when a non-ADMIN or an anonymous caller tries to invite, list or revoke, then 403 / 401 and nothing is stored', async () => {
    const manager = await signIn(t.app, 'MANAGER');
    const before = (await t.db.db.select().from(userInvitations)).length;
    expect((await invite({ email: 'sneaky@test.sentia.local', role: 'ADMIN' }, manager)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/invitations', headers: { cookie: manager } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/invitations', payload: { email: 'sneaky@test.sentia.local', role: 'ADMIN' } })).statusCode).toBe(401);
    expect((await t.db.db.select().from(userInvitations)).length).toBe(before);
  });
});

describe('invitation endpoints rate limit', () => {
  it('when one address calls the public invitation endpoints more than AUTH_RATE_LIMIT_PER_MINUTE times, then 429 with Retry-After', async () => {
    const limited = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      // Each endpoint counts on its own, like sign-in and the password change.
      for (const [url, payload] of [
        ['/api/auth/invitations/lookup', { token: 'B'.repeat(43) }],
        ['/api/auth/invitations/accept', { token: 'B'.repeat(43), name: 'X', password: 'Whatever-1234' }],
      ] as const) {
        const answers = [];
        for (let i = 0; i < 4; i += 1) answers.push(await limited.app.inject({ method: 'POST', url, payload }));
        expect(answers.map((r) => r.statusCode), url).toEqual([404, 404, 404, 429]);
        expect(answers[3]!.headers['retry-after']).toBeDefined();
      }
    } finally {
      await limited.close();
    }
  });
});
