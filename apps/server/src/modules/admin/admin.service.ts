import { randomInt } from 'node:crypto';
import type { AdminSession, AdminUser, AdminUserQuery, CreateUserRequest, RbacChangeRequest, RbacMatrix } from '@sentia/contracts/admin';
import { type Role, roleCodes } from '@sentia/contracts/common';
import type { DbHandle } from '@sentia/db/create-db';
import { hashPassword } from '@sentia/db/password-hash';
import type { Cache } from '../../cache/create-cache.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { authCacheTags } from '../auth/auth.service.ts';
import { checkPassword } from '../auth/password-policy.ts';
import {
  type AdminUserRow,
  countActiveAdmins,
  deleteMfa,
  emailTaken,
  findLiveSessions,
  findUsers,
  grant,
  insertUser,
  knownPermissionCodes,
  lockGrants,
  lockUserRow,
  lockedNow,
  readMatrix,
  revoke,
  revokeSessionById,
  revokeUserSessions,
  setTemporaryPassword,
  updateUser,
} from './admin.repository.ts';

/** The one grant the matrix editor refuses to revoke: without it nobody could edit the matrix again. */
export const PROTECTED_GRANT = { role: 'ADMIN', permission: 'admin:manage' } as const;

export interface AdminService {
  listUsers(q: AdminUserQuery): Promise<AdminUser[]>;
  /** Creates a local account with a generated temporary password that satisfies the role's policy (returned once). */
  createUser(input: CreateUserRequest, actor: AuditActor): Promise<{ user: AdminUser; temporaryPassword: string }>;
  changeRole(admin: AuthPrincipal, userId: string, role: Role, actor: AuditActor): Promise<AdminUser>;
  /** Deactivation also ends every session of the account. */
  setActive(admin: AuthPrincipal, userId: string, isActive: boolean, actor: AuditActor): Promise<AdminUser>;
  /**
   * Replaces the user's password with a generated temporary one (returned once), flags it for change at the next sign-in,
   * clears any lockout and ends every session of the account.
   */
  resetPassword(admin: AuthPrincipal, userId: string, actor: AuditActor): Promise<{ user: AdminUser; temporaryPassword: string }>;
  /** Removes the user's TOTP factor and recovery codes; they enrol again at their next sign-in. */
  resetMfa(admin: AuthPrincipal, userId: string, actor: AuditActor): Promise<AdminUser>;
  readMatrix(): Promise<RbacMatrix>;
  /** Applies grant/revoke changes in one transaction; every process applies them within seconds (permissions.changed). */
  changeMatrix(changes: RbacChangeRequest['changes'], actor: AuditActor): Promise<{ matrix: RbacMatrix; changed: number }>;
  listSessions(admin: AuthPrincipal, userId?: string): Promise<AdminSession[]>;
  revokeSession(sessionId: string, actor: AuditActor): Promise<void>;
}

const symbols = '!#$%&*+-=?@^_~';
const alphabets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', symbols];

/** 20 random characters with at least one of each class, so every role's policy accepts it. */
export function generateTemporaryPassword(role: Role, context: { email: string; name: string }): string {
  for (;;) {
    const all = alphabets.join('');
    const chars = alphabets.map((a) => a[randomInt(a.length)]!);
    while (chars.length < 20) chars.push(all[randomInt(all.length)]!);
    for (let i = chars.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const candidate = chars.join('');
    if (checkPassword(candidate, role, context).ok) return candidate;
  }
}

const toAdminUser = (row: AdminUserRow, now: Date): AdminUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  isActive: row.isActive,
  isLocked: lockedNow(row.lockedUntil, now),
  lockedUntil: lockedNow(row.lockedUntil, now) ? row.lockedUntil!.toISOString() : null,
  failedLoginCount: row.failedLoginCount,
  mfaEnrolled: row.mfaEnrolled,
  passwordChangeRequired: row.mustChangePassword,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  activeSessions: row.activeSessions,
});

/** User administration, the RBAC matrix and session oversight; every change audited with before and after. */
export function createAdminService(deps: { db: DbHandle; cache: Cache; events?: EventBus | undefined; now?: () => Date; logger?: { warn: (obj: object, msg: string) => void } }): AdminService {
  const { db, cache } = deps;
  const now = deps.now ?? (() => new Date());

  const oneUser = async (userId: string) => {
    const at = now();
    const [row] = await findUsers(db.db, {}, at, userId);
    if (!row) throw new AppError('NOT_FOUND', 'No user with that id.');
    return toAdminUser(row, at);
  };

  /** Tells every process (and the affected browsers) that access changed; a lost event only delays it to the cache TTL. */
  const announce = async (data: { userId: string } | { role: Role }) => {
    try {
      await deps.events?.publish('permissions.changed', data);
    } catch (err) {
      deps.logger?.warn({ err }, 'admin: permissions.changed could not be published');
    }
  };

  const lockTarget = async (tx: Parameters<Parameters<typeof db.db.transaction>[0]>[0], admin: AuthPrincipal, userId: string, what: string) => {
    const user = await lockUserRow(tx, userId);
    if (!user) throw new AppError('NOT_FOUND', 'No user with that id.');
    if (user.id === admin.userId) throw new AppError('CONFLICT', `You cannot ${what} your own account; ask another administrator.`);
    return user;
  };

  const matrixNow = async (): Promise<RbacMatrix> => {
    const { roleRows, permissionRows, grantRows } = await readMatrix(db.db);
    const grants = Object.fromEntries(roleCodes.map((r) => [r, [] as string[]])) as Record<Role, string[]>;
    for (const g of grantRows) grants[g.roleCode].push(g.permissionCode);
    return {
      roles: roleRows.map((r) => ({ code: r.code, name: r.name, rank: r.rank, description: r.description })),
      permissions: permissionRows.map((p) => ({ code: p.code, resource: p.resource, action: p.action, description: p.description })),
      grants,
    };
  };

  return {
    async listUsers(q) {
      const at = now();
      return (await findUsers(db.db, q, at)).map((r) => toAdminUser(r, at));
    },

    async createUser(input, actor) {
      const email = input.email.toLowerCase();
      const temporaryPassword = generateTemporaryPassword(input.role, { email, name: input.name });
      const passwordHash = await hashPassword(temporaryPassword);
      const userId = await db.db.transaction(async (tx) => {
        if (await emailTaken(tx, email)) throw new AppError('CONFLICT', 'An account with that e-mail already exists.', { errors: [{ field: 'email', message: 'already in use' }] });
        const id = await insertUser(tx, { email, name: input.name, role: input.role, passwordHash, mustChangePassword: true });
        await recordAudit(tx, { ...actor, action: 'user.create', entityType: 'user', entityId: id, after: { email, name: input.name, role: input.role, isActive: true, credential: 'temporary-password', mustChangePassword: true } });
        return id;
      });
      return { user: await oneUser(userId), temporaryPassword };
    },

    async changeRole(admin, userId, role, actor) {
      const changed = await db.db.transaction(async (tx) => {
        const user = await lockTarget(tx, admin, userId, 'change the role of');
        if (user.role === role) return false;
        if (user.role === 'ADMIN' && user.isActive && (await countActiveAdmins(tx)) <= 1) throw new AppError('CONFLICT', 'This is the last active administrator; make another user ADMIN first.');
        await updateUser(tx, userId, { role }, now());
        await recordAudit(tx, { ...actor, action: 'user.role.change', entityType: 'user', entityId: userId, before: { role: user.role }, after: { role } });
        return true;
      });
      if (changed) {
        // Cached sessions carry the role: drop them so the next request re-reads it.
        await cache.invalidate([authCacheTags.sessions]);
        await announce({ userId });
      }
      return oneUser(userId);
    },

    async setActive(admin, userId, isActive, actor) {
      const changed = await db.db.transaction(async (tx) => {
        const user = await lockTarget(tx, admin, userId, isActive ? 'reactivate' : 'deactivate');
        if (user.isActive === isActive) return false;
        if (!isActive && user.role === 'ADMIN' && (await countActiveAdmins(tx)) <= 1) throw new AppError('CONFLICT', 'This is the last active administrator and cannot be deactivated.');
        const at = now();
        await updateUser(tx, userId, { isActive }, at);
        const revokedSessions = isActive ? [] : await revokeUserSessions(tx, userId, at);
        await recordAudit(tx, { ...actor, action: isActive ? 'user.reactivate' : 'user.deactivate', entityType: 'user', entityId: userId, before: { isActive: user.isActive }, after: { isActive, revokedSessions } });
        return true;
      });
      if (changed) {
        await cache.invalidate([authCacheTags.sessions]);
        await announce({ userId });
      }
      return oneUser(userId);
    },

    async resetPassword(admin, userId, actor) {
      const [target] = await findUsers(db.db, {}, now(), userId);
      if (!target) throw new AppError('NOT_FOUND', 'No user with that id.');
      // Hashing is slow (scrypt): done before the transaction so the row lock is held briefly.
      const temporaryPassword = generateTemporaryPassword(target.role, { email: target.email, name: target.name });
      const passwordHash = await hashPassword(temporaryPassword);
      await db.db.transaction(async (tx) => {
        const user = await lockTarget(tx, admin, userId, 'reset the password of');
        if (!user.hasPassword && user.externalId) throw new AppError('CONFLICT', 'This account signs in through the identity provider and has no password here.');
        // The role may have changed since the password was generated: it must still satisfy the policy of the current one.
        if (user.role !== target.role && !checkPassword(temporaryPassword, user.role, { email: user.email, name: user.name }).ok) throw new AppError('CONFLICT', 'The role changed meanwhile; try again.');
        const at = now();
        await setTemporaryPassword(tx, userId, passwordHash, at);
        const revokedSessions = await revokeUserSessions(tx, userId, at);
        await recordAudit(tx, { ...actor, action: 'user.password.reset', entityType: 'user', entityId: userId, after: { credential: 'temporary-password', mustChangePassword: true, revokedSessions } });
      });
      await cache.invalidate([authCacheTags.sessions]);
      return { user: await oneUser(userId), temporaryPassword };
    },

    async resetMfa(admin, userId, actor) {
      await db.db.transaction(async (tx) => {
        await lockTarget(tx, admin, userId, 'reset the second factor of');
        const removed = await deleteMfa(tx, userId);
        await recordAudit(tx, {
          ...actor,
          action: 'auth.mfa.reset',
          entityType: 'user',
          entityId: userId,
          before: { enrolled: Boolean(removed?.enabledAt), enrolling: removed !== undefined && !removed.enabledAt },
          after: { enrolled: false },
        });
      });
      return oneUser(userId);
    },

    readMatrix: matrixNow,

    async changeMatrix(changes, actor) {
      const protectedChange = changes.find((c) => c.role === PROTECTED_GRANT.role && c.permission === PROTECTED_GRANT.permission && !c.granted);
      if (protectedChange) throw new AppError('CONFLICT', 'ADMIN must keep admin:manage, or nobody could edit permissions again.');
      const touchedRoles = [...new Set(changes.map((c) => c.role))];
      const changedRoles = await db.db.transaction(async (tx) => {
        const known = await knownPermissionCodes(tx);
        const unknown = changes.filter((c) => !known.has(c.permission));
        if (unknown.length > 0) {
          throw new AppError('VALIDATION_FAILED', `Unknown permission ${unknown.map((c) => c.permission).join(', ')}.`, {
            errors: unknown.map((c) => ({ field: 'changes', message: `unknown permission ${c.permission}` })),
          });
        }
        const current = await lockGrants(tx, touchedRoles);
        const before = new Map<Role, Set<string>>(touchedRoles.map((r) => [r, new Set(current.filter((g) => g.roleCode === r).map((g) => g.permissionCode))]));
        const after = new Map<Role, Set<string>>([...before].map(([r, s]) => [r, new Set(s)]));
        for (const c of changes) {
          const set = after.get(c.role)!;
          if (c.granted === set.has(c.permission)) continue;
          if (c.granted) {
            await grant(tx, c.role, c.permission);
            set.add(c.permission);
          } else {
            await revoke(tx, c.role, c.permission);
            set.delete(c.permission);
          }
        }
        const changed: { role: Role; added: string[]; removed: string[] }[] = [];
        for (const role of touchedRoles) {
          const was = before.get(role)!;
          const is = after.get(role)!;
          const added = [...is].filter((p) => !was.has(p)).sort();
          const removed = [...was].filter((p) => !is.has(p)).sort();
          if (added.length === 0 && removed.length === 0) continue;
          changed.push({ role, added, removed });
          await recordAudit(tx, { ...actor, action: 'rbac.role.permissions.change', entityType: 'role', entityId: role, before: { permissions: [...was].sort() }, after: { permissions: [...is].sort(), added, removed } });
        }
        return changed;
      });
      if (changedRoles.length > 0) {
        await cache.invalidate([authCacheTags.rbac]);
        for (const c of changedRoles) await announce({ role: c.role });
      }
      return { matrix: await matrixNow(), changed: changedRoles.reduce((n, c) => n + c.added.length + c.removed.length, 0) };
    },

    async listSessions(admin, userId) {
      const rows = await findLiveSessions(db.db, now(), userId);
      return rows.map((s) => ({
        ...s,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        isCurrent: s.id === admin.sessionId,
      }));
    },

    async revokeSession(sessionId, actor) {
      await db.db.transaction(async (tx) => {
        const revoked = await revokeSessionById(tx, sessionId, now());
        if (!revoked) throw new AppError('NOT_FOUND', 'No live session with that id.');
        await recordAudit(tx, { ...actor, action: 'auth.session.revoked', entityType: 'session', entityId: sessionId, after: { reason: 'revoked-by-admin', userId: revoked.userId } });
      });
      await cache.invalidate([authCacheTags.sessions]);
    },
  };
}
