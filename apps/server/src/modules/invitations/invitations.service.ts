import { createHash, randomBytes } from 'node:crypto';
import type { SessionResponse } from '@sentia/contracts/auth';
import type { AcceptInvitationRequest, CreateInvitationRequest, Invitation, InvitationLookupResponse, IssuedInvitation } from '@sentia/contracts/invitations';
import type { DbHandle } from '@sentia/db/create-db';
import { hashPassword } from '@sentia/db/password-hash';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import type { AuthService, OpenedSession, RequestOrigin } from '../auth/auth.service.ts';
import { checkPassword, passwordPolicies } from '../auth/password-policy.ts';
import type { Mailer } from './mailer.ts';
import {
  type InvitationRow,
  emailInUse,
  findInvitationById,
  findInvitationByTokenHash,
  findInvitations,
  insertInvitation,
  insertInvitedUser,
  lockInvitation,
  lockOpenInvitationFor,
  markInvitationAccepted,
  revokeInvitationRow,
} from './invitations.repository.ts';

export interface InvitationService {
  /** Invites an e-mail with a role; refuses an e-mail that has an account or an unexpired open invitation. */
  create(input: CreateInvitationRequest, inviter: AuthPrincipal, actor: AuditActor, appUrl: string): Promise<IssuedInvitation>;
  list(all: boolean): Promise<Invitation[]>;
  revoke(id: string, actor: AuditActor): Promise<Invitation>;
  /** Closes the invitation's link and issues a new one with a fresh expiry (the old link then answers INVITATION_REVOKED). */
  reissue(id: string, inviter: AuthPrincipal, actor: AuditActor, appUrl: string): Promise<IssuedInvitation>;
  /** What a usable link is for; throws NOT_FOUND, INVITATION_EXPIRED, INVITATION_REVOKED or INVITATION_USED. */
  lookup(token: string): Promise<InvitationLookupResponse>;
  /**
   * Creates the account with the invitee's password (the role's policy and the breached list) and signs them in. The user,
   * the used invitation and the session commit together; of two concurrent accepts one wins, the other gets INVITATION_USED.
   */
  accept(input: AcceptInvitationRequest, origin: RequestOrigin): Promise<{ token: string; expiresAt: Date; session: SessionResponse }>;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

const statusOf = (row: Pick<InvitationRow, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, at: Date): Invitation['status'] =>
  row.acceptedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt <= at ? 'expired' : 'pending';

const toInvitation = (row: InvitationRow, at: Date): Invitation => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  status: statusOf(row, at),
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  invitedBy: row.invitedByEmail,
  acceptedAt: row.acceptedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** The link the invitee opens. The token travels in the fragment, which browsers never send to a server, so it stays out of access logs. */
export const acceptUrlFor = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, '')}/accept-invite#token=${token}`;

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e.code ?? e.cause?.code) === '23505';
};

/** Why a link cannot be used, as the problem the invitee sees. */
function unusable(row: Pick<InvitationRow, 'acceptedAt' | 'revokedAt' | 'revokedReason' | 'expiresAt'> | undefined, at: Date): AppError | null {
  if (!row) return new AppError('NOT_FOUND', 'No invitation matches this link. Check that you opened the whole link, or ask an administrator for a new invitation.');
  if (row.acceptedAt) return new AppError('INVITATION_USED', 'This invitation was already used to create an account. Sign in with that account instead.');
  if (row.revokedAt) {
    return new AppError(
      'INVITATION_REVOKED',
      row.revokedReason === 'reissued' ? 'This invitation link was replaced by a newer one. Use the latest link you received.' : 'This invitation was withdrawn by an administrator. Ask them for a new one if you still need access.',
    );
  }
  if (row.expiresAt <= at) return new AppError('INVITATION_EXPIRED', `This invitation expired on ${row.expiresAt.toISOString()}. Ask an administrator to send a new one.`);
  return null;
}

/** Invitations: ADMINs invite, list, revoke and re-issue; invitees look their link up and accept it. Every change audited, never the token. */
export function createInvitationService(deps: { db: DbHandle; auth: AuthService; mailer: Mailer; ttlHours: number; now?: () => Date; logger?: { warn: (obj: object, msg: string) => void } }): InvitationService {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const one = async (id: string) => {
    const row = await findInvitationById(db.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'No invitation with that id.');
    return toInvitation(row, now());
  };

  /** Hands the link to the mailer; a failing vendor leaves the invitation standing (the portal shows the link). */
  const deliver = async (invitation: Invitation, acceptUrl: string, inviter: AuthPrincipal): Promise<IssuedInvitation> => {
    let delivered = false;
    try {
      ({ delivered } = await deps.mailer.sendInvitation({ to: invitation.email, name: invitation.name, role: invitation.role, acceptUrl, expiresAt: new Date(invitation.expiresAt), invitedBy: inviter.email }));
    } catch (err) {
      deps.logger?.warn({ err, invitationId: invitation.id }, 'invitations: the mailer failed; the link is shown to the admin instead');
    }
    return { invitation, acceptUrl, delivery: { channel: deps.mailer.channel, delivered } };
  };

  const openConflict = () =>
    new AppError('CONFLICT', 'This e-mail already has an open invitation: re-issue or revoke it instead.', { errors: [{ field: 'email', message: 'already invited' }] });

  return {
    async create(input, inviter, actor, appUrl) {
      const email = input.email.toLowerCase();
      const name = input.name ?? '';
      const token = newToken();
      let id: string;
      try {
        id = await db.db.transaction(async (tx) => {
          const at = now();
          if (await emailInUse(tx, email)) throw new AppError('CONFLICT', 'An account with that e-mail already exists.', { errors: [{ field: 'email', message: 'already in use' }] });
          const open = await lockOpenInvitationFor(tx, email);
          if (open && open.expiresAt > at) throw openConflict();
          // An expired invitation for the address no longer stands in the way of a new one.
          if (open) {
            await revokeInvitationRow(tx, open.id, 'superseded', at);
            await recordAudit(tx, { ...actor, action: 'user.invitation.revoke', entityType: 'invitation', entityId: open.id, before: { status: 'expired' }, after: { status: 'revoked', reason: 'superseded' } });
          }
          const expiresAt = new Date(at.getTime() + deps.ttlHours * 3_600_000);
          const newId = await insertInvitation(tx, { email, name, role: input.role, tokenHash: hashToken(token), expiresAt, invitedBy: inviter.userId, createdAt: at });
          await recordAudit(tx, { ...actor, action: 'user.invitation.create', entityType: 'invitation', entityId: newId, after: { email, name, role: input.role, expiresAt } });
          return newId;
        });
      } catch (error) {
        // Two admins inviting the same address at once: the open-invitation index lets one through.
        if (isUniqueViolation(error)) throw openConflict();
        throw error;
      }
      return deliver(await one(id), acceptUrlFor(appUrl, token), inviter);
    },

    async list(all) {
      const at = now();
      return (await findInvitations(db.db, all)).map((r) => toInvitation(r, at));
    },

    async revoke(id, actor) {
      await db.db.transaction(async (tx) => {
        const row = await lockInvitation(tx, { id });
        if (!row) throw new AppError('NOT_FOUND', 'No invitation with that id.');
        if (row.acceptedAt) throw new AppError('CONFLICT', 'This invitation was already accepted; deactivate the account instead.');
        if (row.revokedAt) return;
        const at = now();
        await revokeInvitationRow(tx, id, 'revoked', at);
        await recordAudit(tx, { ...actor, action: 'user.invitation.revoke', entityType: 'invitation', entityId: id, before: { status: statusOf(row, at) }, after: { status: 'revoked', reason: 'revoked', email: row.email } });
      });
      return one(id);
    },

    async reissue(id, inviter, actor, appUrl) {
      const token = newToken();
      const newId = await db.db.transaction(async (tx) => {
        const row = await lockInvitation(tx, { id });
        if (!row) throw new AppError('NOT_FOUND', 'No invitation with that id.');
        if (row.acceptedAt) throw new AppError('CONFLICT', 'This invitation was already accepted.');
        if (await emailInUse(tx, row.email)) throw new AppError('CONFLICT', 'An account with that e-mail exists now; the invitation is no longer needed.');
        const at = now();
        if (!row.revokedAt) {
          await revokeInvitationRow(tx, id, 'reissued', at);
        } else if (await lockOpenInvitationFor(tx, row.email)) {
          // Re-issuing an old, closed invitation while a newer one is open would leave two links standing.
          throw openConflict();
        }
        const expiresAt = new Date(at.getTime() + deps.ttlHours * 3_600_000);
        const created = await insertInvitation(tx, { email: row.email, name: row.name, role: row.role, tokenHash: hashToken(token), expiresAt, invitedBy: inviter.userId, createdAt: at });
        await recordAudit(tx, { ...actor, action: 'user.invitation.reissue', entityType: 'invitation', entityId: created, before: { invitationId: id, status: statusOf(row, at) }, after: { email: row.email, role: row.role, expiresAt } });
        return created;
      });
      return deliver(await one(newId), acceptUrlFor(appUrl, token), inviter);
    },

    async lookup(token) {
      const row = await findInvitationByTokenHash(db.db, hashToken(token));
      const problem = unusable(row, now());
      if (problem) throw problem;
      const { minLength, requireUppercase, requireLowercase, requireDigit, requireSymbol } = passwordPolicies[row!.role];
      return { email: row!.email, name: row!.name, role: row!.role, expiresAt: row!.expiresAt.toISOString(), passwordPolicy: { minLength, requireUppercase, requireLowercase, requireDigit, requireSymbol } };
    },

    async accept(input, origin) {
      const tokenHash = hashToken(input.token);
      const found = await findInvitationByTokenHash(db.db, tokenHash);
      const early = unusable(found, now());
      if (early) {
        // A refused attempt on a known link (expired, revoked or used) is an auth event: audited, never the token.
        if (found) await recordAudit(db.db, { actor: found.email, actorRole: found.role, ...origin, action: 'user.invitation.accept-refused', entityType: 'invitation', entityId: found.id, after: { reason: early.code } });
        throw early;
      }
      const invitation = found!;
      const verdict = checkPassword(input.password, invitation.role, { email: invitation.email, name: input.name });
      if (!verdict.ok) throw new AppError('VALIDATION_FAILED', verdict.failures.map((f) => f.message).join(' '), { errors: verdict.failures.map((f) => ({ field: 'password', message: f.message })) });
      // Hashing is slow (scrypt): done before the transaction so the invitation row is locked only briefly.
      const passwordHash = await hashPassword(input.password);
      let result: { user: { id: string; email: string; name: string; role: Invitation['role'] }; opened: OpenedSession };
      try {
        result = await db.db.transaction(async (tx) => {
          const row = await lockInvitation(tx, { tokenHash });
          const at = now();
          // A concurrent accept, revoke or re-issue may have committed while the password was being hashed.
          const late = unusable(row, at);
          if (late) throw late;
          if (await emailInUse(tx, row!.email)) throw new AppError('CONFLICT', 'An account with this e-mail exists already. Sign in with it instead.');
          const userId = await insertInvitedUser(tx, { email: row!.email, name: input.name, role: row!.role, passwordHash });
          if (!(await markInvitationAccepted(tx, row!.id, userId, at))) throw new AppError('INVITATION_USED', 'This invitation was already used to create an account.');
          const actor = { actor: row!.email, userId, actorRole: row!.role, ...origin };
          await recordAudit(tx, { ...actor, action: 'user.create', entityType: 'user', entityId: userId, after: { email: row!.email, name: input.name, role: row!.role, isActive: true, credential: 'invitation', invitationId: row!.id } });
          await recordAudit(tx, { ...actor, action: 'user.invitation.accept', entityType: 'invitation', entityId: row!.id, before: { status: 'pending' }, after: { status: 'accepted', userId } });
          const user = { id: userId, email: row!.email, name: input.name, role: row!.role };
          return { user, opened: await deps.auth.openSession(tx, user, { ...origin, method: 'invitation' }) };
        });
      } catch (error) {
        // The e-mail index caught a concurrent accept (or an account created meanwhile): the other request won.
        if (isUniqueViolation(error)) throw new AppError('INVITATION_USED', 'This invitation was already used to create an account.');
        throw error;
      }
      return deps.auth.sessionOpened(result.user, result.opened);
    },
  };
}
