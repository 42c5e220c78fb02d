import { createHash, randomBytes } from 'node:crypto';
import type { SessionResponse } from '@sentia/contracts/auth';
import type { Role } from '@sentia/contracts/common';
import type { DbHandle, DbTransaction } from '@sentia/db/create-db';
import { hashPassword, verifyPassword } from '@sentia/db/password-hash';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { users } from '@sentia/db/schema';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Cache } from '../../cache/create-cache.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { checkPassword } from './password-policy.ts';
import { markStepUp, verifySecondFactor } from './totp.service.ts';
import {
  type SessionSummary,
  findLiveSession,
  findPermissionsForRole,
  findSessionLastSeen,
  findUserByEmail,
  findUserById,
  insertSession,
  isMfaEnrolled,
  updatePasswordHash,
  listLiveSessions,
  lockUser,
  recordLoginFailure,
  recordLoginSuccess,
  revokeAllUserSessions,
  revokeSession,
  revokeSessionsBeyond,
  revokeUserSession,
  touchSession,
} from './auth.repository.ts';

export const SESSION_COOKIE = 'sentia_session';

/** Absolute session lifetime by role (spec: 4 h ADMIN, 8 h MANAGER, 12 h OPERATOR and VIEWER). */
export const sessionLifetimeHours: Record<Role, number> = { ADMIN: 4, MANAGER: 8, OPERATOR: 12, VIEWER: 12 };

/**
 * Idle timeout by role: a session unused this long ends even before its absolute lifetime. Shorter for the roles that
 * can change more (OWASP session management advice: 15–30 minutes for high-value applications).
 */
export const sessionIdleMinutes: Record<Role, number> = { ADMIN: 15, MANAGER: 30, OPERATOR: 60, VIEWER: 60 };

/** Spec F-001: at most 2 concurrent sessions per user (a third sign-in revokes the oldest). */
export const MAX_CONCURRENT_SESSIONS = 2;
/** Spec F-001: lock the account after exactly 5 failed attempts in a row. */
export const LOCKOUT_THRESHOLD = 5;
/** How long a lockout lasts unless an ADMIN unlocks the account sooner. */
export const LOCKOUT_MINUTES = 15;

/** Session lookups are cached briefly so a dashboard's burst of requests costs one query, not one each. */
const SESSION_CACHE_SECONDS = 30;
const RBAC_CACHE_SECONDS = 300;
/** last_seen_at is written at most this often per session: enough precision for an idle timeout measured in minutes. */
const TOUCH_EVERY_MS = 60_000;
/** Cache tags: sign-out bumps `sessions`; editing roles/permissions must bump `rbac`. */
export const authCacheTags = { sessions: 'sessions', rbac: 'rbac' } as const;

/** Where a request came from: recorded on sessions and in the audit trail. */
export interface RequestOrigin {
  ipAddress: string | null;
  userAgent: string | null;
  requestId?: string | null;
}

export interface AuthService {
  /**
   * Checks the credentials and opens a server-side session; throws UNAUTHENTICATED on any mismatch and when the
   * account is locked. Every outcome is audited. Opening a third session revokes the user's oldest one.
   */
  signIn(input: { email: string; password: string; totpCode?: string | undefined; recoveryCode?: string | undefined } & RequestOrigin): Promise<{ token: string; expiresAt: Date; session: SessionResponse }>;
  /**
   * Development mock sign-in (AUTH_MOCK): opens a session for the role's first active account without a password.
   * Only callable when the server runs with mock auth, which config refuses in production.
   */
  mockSignIn(role: Role, origin: RequestOrigin): Promise<{ token: string; expiresAt: Date; session: SessionResponse }>;
  /**
   * Changes the principal's own password: the current one must match, the new one must pass the role's policy and the
   * breached-password list (VALIDATION_FAILED listing every failed rule). Ends the user's other sessions. Audited.
   */
  changePassword(principal: AuthPrincipal, input: { currentPassword: string; newPassword: string }, origin: RequestOrigin): Promise<{ endedSessions: number }>;
  /** The principal for the request's session cookie, or null (no cookie, bad signature, expired, idle too long, revoked, inactive user). */
  principalFromRequest(request: FastifyRequest): Promise<AuthPrincipal | null>;
  /** Revokes the session behind a raw token (no-op when unknown); audited. */
  signOut(token: string, origin?: RequestOrigin): Promise<void>;
  /** Revokes every session of the principal's user, the current one included; returns how many ended. */
  signOutEverywhere(principal: AuthPrincipal, origin: RequestOrigin): Promise<number>;
  /** The principal's live sessions, newest first, the current one marked. */
  listSessions(principal: AuthPrincipal): Promise<(SessionSummary & { isCurrent: boolean })[]>;
  /** Revokes one of the principal's own sessions; throws NOT_FOUND when it is not theirs or already ended. */
  revokeOwnSession(principal: AuthPrincipal, sessionId: string, origin: RequestOrigin): Promise<void>;
  /** Clears a lockout and the failure count (ADMIN action); throws NOT_FOUND for an unknown user. */
  unlockUser(admin: AuthPrincipal, userId: string, origin: RequestOrigin): Promise<{ wasLocked: boolean }>;
  /** The raw session token from the signed cookie, or null. */
  tokenFromRequest(request: FastifyRequest): string | null;
  toSessionResponse(principal: AuthPrincipal): SessionResponse;
  cookieOptions(request: FastifyRequest, expiresAt: Date): CookieSerializeOptions;
  /**
   * Opens a session for a user inside the caller's transaction (an accepted invitation signs the new user in as part
   * of creating the account) and audits the sign-in. After commit, call {@link AuthService.sessionOpened} for the answer.
   */
  openSession(tx: DbTransaction, user: { id: string; role: Role; email: string }, origin: RequestOrigin & { method: string }): Promise<OpenedSession>;
  /** After the transaction of {@link AuthService.openSession} committed: drops cached sessions it evicted and builds the session answer. */
  sessionOpened(user: { id: string; email: string; name: string; role: Role }, opened: OpenedSession): Promise<{ token: string; expiresAt: Date; session: SessionResponse }>;
}

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  evicted: string[];
  mfaEnrolled: boolean;
}

interface CachedSession {
  sessionId: string;
  expiresAt: string;
  lastSeenAt: string;
  user: { id: string; email: string; name: string; role: Role; isActive: boolean; mustChangePassword?: boolean };
  mfaEnrolled: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const actorOf = (p: AuthPrincipal, origin: RequestOrigin): AuditActor => ({ actor: p.email, userId: p.userId, actorRole: p.role, ...origin });

/**
 * Builds the auth service over the sessions, users and role_permissions tables. `now` is the clock (tests pass a
 * controllable one); `mfaSecretKey` opens stored TOTP secrets; `mfaRequiredRoles` must enrol TOTP before anything else.
 */
export function createAuthService(deps: {
  db: DbHandle;
  cache: Cache;
  isProduction: boolean;
  mfaSecretKey: Buffer;
  mfaRequiredRoles?: readonly Role[];
  /** Mock auth: sessions ignore the must-change-password flag (nobody knows the temporary password to change it). */
  passwordChangeWaived?: boolean;
  now?: () => Date;
}): AuthService {
  const { db, cache } = deps;
  const mfaRequiredRoles = new Set<Role>(deps.mfaRequiredRoles ?? ['ADMIN']);
  const enrolmentRequired = (role: Role, enrolled: boolean) => mfaRequiredRoles.has(role) && !enrolled;
  const passwordChangeRequired = (flag: boolean | undefined) => !deps.passwordChangeWaived && Boolean(flag);
  const now = deps.now ?? (() => new Date());
  // Verifying against a throwaway hash when the e-mail is unknown keeps the response time the same either way.
  let dummyHash: Promise<string> | undefined;
  // When this process last wrote last_seen_at per session, so busy sessions cost one write a minute, not one per request.
  const touchedAt = new Map<string, number>();

  // The cached permission arrays are shared objects; building their Set once per array keeps hot requests cheap.
  const permissionSets = new WeakMap<readonly string[], ReadonlySet<string>>();
  const permissionSet = (list: readonly string[]) => {
    let set = permissionSets.get(list);
    if (!set) {
      set = new Set(list);
      permissionSets.set(list, set);
    }
    return set;
  };

  const permissionsFor = (role: Role) =>
    cache.getOrCompute(`auth:role-permissions:${role}`, [authCacheTags.rbac], () => findPermissionsForRole(db.db, role), { ttlSeconds: RBAC_CACHE_SECONDS });

  const endSessionsInCache = () => cache.invalidate([authCacheTags.sessions]);

  const service: AuthService = {
    async signIn({ email, password, totpCode, recoveryCode, ipAddress, userAgent, requestId }) {
      const origin = { ipAddress, userAgent, requestId: requestId ?? null };
      const found = await findUserByEmail(db.db, email);
      if (!found || !found.passwordHash) {
        dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password, await dummyHash);
        await recordAudit(db.db, { actor: email.toLowerCase(), ...origin, action: 'auth.sign-in.failed', entityType: 'user', after: { reason: 'unknown-account' } });
        throw new AppError('UNAUTHENTICATED', 'The e-mail or password is not correct.');
      }
      const userRef = { actor: found.email, userId: found.id, actorRole: found.role, ...origin };
      // Checked before the password so a locked account gives an attacker no signal about guesses.
      const at = now();
      if (found.lockedUntil && found.lockedUntil > at) {
        await recordAudit(db.db, { ...userRef, action: 'auth.sign-in.refused', entityType: 'user', entityId: found.id, after: { reason: 'locked', lockedUntil: found.lockedUntil } });
        throw lockedError(found.lockedUntil, at);
      }
      const ok = await verifyPassword(password, found.passwordHash);

      const outcome = await db.db.transaction(async (tx) => {
        const user = await lockUser(tx, found.id);
        const t = now();
        if (!user) throw new AppError('UNAUTHENTICATED', 'The e-mail or password is not correct.');
        // A concurrent attempt may have locked the account while the hash was being checked.
        if (user.lockedUntil && user.lockedUntil > t) {
          await recordAudit(tx, { ...userRef, action: 'auth.sign-in.refused', entityType: 'user', entityId: user.id, after: { reason: 'locked', lockedUntil: user.lockedUntil } });
          return { kind: 'locked' as const, lockedUntil: user.lockedUntil };
        }
        const fail = async (reason: 'wrong-password' | 'wrong-second-factor') => {
          // An expired lock starts a fresh count.
          const previous = user.lockedUntil ? 0 : user.failedLoginCount;
          const failedLoginCount = previous + 1;
          const lockedUntil = failedLoginCount >= LOCKOUT_THRESHOLD ? new Date(t.getTime() + LOCKOUT_MINUTES * 60_000) : null;
          await recordLoginFailure(tx, user.id, { failedLoginCount, lockedUntil }, t);
          await recordAudit(tx, { ...userRef, action: 'auth.sign-in.failed', entityType: 'user', entityId: user.id, after: { reason, failedLoginCount } });
          if (lockedUntil) await recordAudit(tx, { ...userRef, action: 'auth.lockout', entityType: 'user', entityId: user.id, before: { lockedUntil: null }, after: { lockedUntil, failedLoginCount } });
          return { kind: 'failed' as const, reason };
        };
        if (!ok) return fail('wrong-password');
        if (!user.isActive) {
          await recordAudit(tx, { ...userRef, action: 'auth.sign-in.refused', entityType: 'user', entityId: user.id, after: { reason: 'inactive' } });
          return { kind: 'inactive' as const };
        }
        // The second factor: asked for once the password is right; a wrong code counts towards the lockout like a wrong password.
        const secondFactor = await verifySecondFactor(tx, user.id, { code: totpCode, recoveryCode }, t, deps.mfaSecretKey);
        if (secondFactor === null) {
          if (!totpCode && !recoveryCode) return { kind: 'second-factor-required' as const };
          return fail('wrong-second-factor');
        }
        const mfaEnrolled = secondFactor !== 'not-enrolled';
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(t.getTime() + sessionLifetimeHours[user.role] * 3_600_000);
        const sessionId = await insertSession(tx, { userId: user.id, tokenHash: hashToken(token), createdAt: t, expiresAt, ipAddress, userAgent });
        const evicted = await revokeSessionsBeyond(tx, user.id, MAX_CONCURRENT_SESSIONS, t);
        await recordLoginSuccess(tx, user.id, t);
        // Signing in with the second factor is as fresh a proof as a step-up.
        if (mfaEnrolled) await markStepUp(tx, sessionId, secondFactor, t);
        await recordAudit(tx, { ...userRef, action: 'auth.sign-in.succeeded', entityType: 'session', entityId: sessionId, after: { expiresAt, secondFactor: mfaEnrolled ? secondFactor : null } });
        for (const id of evicted) await recordAudit(tx, { ...userRef, action: 'auth.session.revoked', entityType: 'session', entityId: id, after: { reason: 'concurrent-session-limit', limit: MAX_CONCURRENT_SESSIONS } });
        return { kind: 'ok' as const, user, token, expiresAt, evicted, mfaEnrolled };
      });

      if (outcome.kind === 'locked') throw lockedError(outcome.lockedUntil, now());
      if (outcome.kind === 'failed') {
        throw outcome.reason === 'wrong-second-factor'
          ? new AppError('SECOND_FACTOR_REQUIRED', 'That authenticator code is not valid or was already used. Enter the current code.', { errors: [{ field: 'totpCode', message: 'is not valid or was already used' }] })
          : new AppError('UNAUTHENTICATED', 'The e-mail or password is not correct.');
      }
      if (outcome.kind === 'inactive') throw new AppError('UNAUTHENTICATED', 'This account is disabled.');
      if (outcome.kind === 'second-factor-required') throw new AppError('SECOND_FACTOR_REQUIRED', 'Enter the 6-digit code from your authenticator app (or a recovery code).');
      if (outcome.evicted.length > 0) await endSessionsInCache();
      const { user, token, expiresAt } = outcome;
      const permissions = await permissionsFor(user.role);
      return {
        token,
        expiresAt,
        session: {
          user: { id: user.id, email: user.email, name: user.name, role: user.role, permissions },
          expiresAt: expiresAt.toISOString(),
          mfa: { enrolled: outcome.mfaEnrolled, enrolmentRequired: enrolmentRequired(user.role, outcome.mfaEnrolled) },
          passwordChangeRequired: passwordChangeRequired(user.mustChangePassword),
        },
      };
    },

    async mockSignIn(role, origin) {
      if (deps.isProduction) throw new AppError('FORBIDDEN', 'Mock sign-in is not available in production.');
      const at = now();
      const result = await db.db.transaction(async (tx) => {
        const [found] = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, role), eq(users.isActive, true))).orderBy(asc(users.email)).limit(1);
        if (!found) throw new AppError('NOT_FOUND', `No active ${role} account to sign in as.`);
        const user = (await findUserById(tx, found.id))!;
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(at.getTime() + sessionLifetimeHours[role] * 3_600_000);
        const sessionId = await insertSession(tx, { userId: user.id, tokenHash: hashToken(token), createdAt: at, expiresAt, ipAddress: origin.ipAddress, userAgent: origin.userAgent });
        const evicted = await revokeSessionsBeyond(tx, user.id, MAX_CONCURRENT_SESSIONS, at);
        await recordAudit(tx, { actor: user.email, userId: user.id, actorRole: role, ...origin, action: 'auth.sign-in.mock', entityType: 'session', entityId: sessionId, after: { expiresAt } });
        return { user, token, expiresAt, evicted, mfaEnrolled: await isMfaEnrolled(tx, user.id) };
      });
      if (result.evicted.length > 0) await endSessionsInCache();
      const { user, token, expiresAt } = result;
      return {
        token,
        expiresAt,
        session: {
          user: { id: user.id, email: user.email, name: user.name, role: user.role, permissions: await permissionsFor(user.role) },
          expiresAt: expiresAt.toISOString(),
          mfa: { enrolled: result.mfaEnrolled, enrolmentRequired: false },
        },
      };
    },

    async changePassword(principal, input, origin) {
      if (principal.source === 'external') throw new AppError('CONFLICT', 'Your password is managed by the identity provider.');
      const user = await findUserById(db.db, principal.userId);
      if (!user?.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
        await recordAudit(db.db, { ...actorOf(principal, origin), action: 'auth.password.change-failed', entityType: 'user', entityId: principal.userId, after: { reason: 'wrong-current-password' } });
        throw new AppError('VALIDATION_FAILED', 'The current password is not correct.', { errors: [{ field: 'currentPassword', message: 'is not correct' }] });
      }
      const verdict = checkPassword(input.newPassword, user.role, { email: user.email, name: user.name });
      if (input.newPassword === input.currentPassword) verdict.failures.push({ code: 'contains-identity', message: 'Choose a password different from the current one.' });
      if (verdict.failures.length > 0) {
        throw new AppError('VALIDATION_FAILED', verdict.failures.map((f) => f.message).join(' '), { errors: verdict.failures.map((f) => ({ field: 'newPassword', message: f.message })) });
      }
      const hash = await hashPassword(input.newPassword);
      const ended = await db.db.transaction(async (tx) => {
        const t = now();
        await updatePasswordHash(tx, principal.userId, hash, t);
        // Whoever knew the old password may hold a session: keep only the one that proved the current password.
        const ids = await revokeAllUserSessions(tx, principal.userId, t, principal.sessionId);
        await recordAudit(tx, { ...actorOf(principal, origin), action: 'auth.password.changed', entityType: 'user', entityId: principal.userId, after: { endedSessions: ids.length, replacedTemporaryPassword: user.mustChangePassword } });
        return ids.length;
      });
      await endSessionsInCache();
      return { endedSessions: ended };
    },

    tokenFromRequest(request) {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return null;
      const unsigned = request.unsignCookie(raw);
      return unsigned.valid && unsigned.value ? unsigned.value : null;
    },

    async principalFromRequest(request) {
      const token = service.tokenFromRequest(request);
      if (!token) return null;
      const tokenHash = hashToken(token);
      const at = now();
      const found = await cache.getOrCompute<CachedSession | null>(
        `auth:session:${tokenHash}`,
        [authCacheTags.sessions],
        async () => {
          const s = await findLiveSession(db.db, tokenHash, at);
          return s ? { sessionId: s.sessionId, expiresAt: s.expiresAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), user: s.user, mfaEnrolled: s.mfaEnrolled } : null;
        },
        { ttlSeconds: SESSION_CACHE_SECONDS },
      );
      if (!found || !found.user.isActive) return null;
      const expiresAt = new Date(found.expiresAt);
      if (expiresAt.getTime() <= at.getTime()) return null;

      const idleMs = sessionIdleMinutes[found.user.role] * 60_000;
      const lastSeen = Math.max(Date.parse(found.lastSeenAt), touchedAt.get(found.sessionId) ?? 0);
      if (at.getTime() - lastSeen > idleMs) {
        // The cached copy may be stale: another process may have seen the session since. Only the database decides.
        const fresh = await findSessionLastSeen(db.db, found.sessionId);
        if (!fresh || at.getTime() - fresh.getTime() > idleMs) return null;
        touchedAt.set(found.sessionId, fresh.getTime());
      }
      if (at.getTime() - (touchedAt.get(found.sessionId) ?? Date.parse(found.lastSeenAt)) >= TOUCH_EVERY_MS) {
        touchedAt.set(found.sessionId, at.getTime());
        await touchSession(db.db, found.sessionId, at);
        if (touchedAt.size > 50_000) touchedAt.clear();
      }

      const permissions = await permissionsFor(found.user.role);
      return {
        sessionId: found.sessionId,
        userId: found.user.id,
        email: found.user.email,
        name: found.user.name,
        role: found.user.role,
        permissions: permissionSet(permissions),
        expiresAt,
        source: 'session',
        mfaEnrolled: found.mfaEnrolled,
        mfaEnrolmentRequired: enrolmentRequired(found.user.role, found.mfaEnrolled),
        passwordChangeRequired: passwordChangeRequired(found.user.mustChangePassword),
      };
    },

    async signOut(token, origin) {
      const at = now();
      await db.db.transaction(async (tx) => {
        const revoked = await revokeSession(tx, hashToken(token), at);
        if (!revoked) return;
        const user = await findUserById(tx, revoked.userId);
        await recordAudit(tx, { actor: user?.email ?? revoked.userId, userId: revoked.userId, actorRole: user?.role ?? null, ...origin, action: 'auth.sign-out', entityType: 'session', entityId: revoked.id });
      });
      await endSessionsInCache();
    },

    async signOutEverywhere(principal, origin) {
      const revoked = await db.db.transaction(async (tx) => {
        const ids = await revokeAllUserSessions(tx, principal.userId, now());
        await recordAudit(tx, { ...actorOf(principal, origin), action: 'auth.sign-out.everywhere', entityType: 'user', entityId: principal.userId, after: { revokedSessions: ids } });
        return ids.length;
      });
      await endSessionsInCache();
      return revoked;
    },

    async listSessions(principal) {
      const list = await listLiveSessions(db.db, principal.userId, now());
      return list.map((s) => ({ ...s, isCurrent: s.id === principal.sessionId }));
    },

    async revokeOwnSession(principal, sessionId, origin) {
      await db.db.transaction(async (tx) => {
        if (!(await revokeUserSession(tx, principal.userId, sessionId, now()))) throw new AppError('NOT_FOUND', 'You have no live session with that id.');
        await recordAudit(tx, { ...actorOf(principal, origin), action: 'auth.session.revoked', entityType: 'session', entityId: sessionId, after: { reason: 'revoked-by-owner' } });
      });
      await endSessionsInCache();
    },

    async unlockUser(admin, userId, origin) {
      return db.db.transaction(async (tx) => {
        const user = await lockUser(tx, userId);
        if (!user) throw new AppError('NOT_FOUND', 'No user with that id.');
        const t = now();
        const wasLocked = user.lockedUntil !== null && user.lockedUntil > t;
        await recordLoginFailure(tx, user.id, { failedLoginCount: 0, lockedUntil: null }, t);
        await recordAudit(tx, {
          ...actorOf(admin, origin),
          action: 'user.unlock',
          entityType: 'user',
          entityId: user.id,
          before: { failedLoginCount: user.failedLoginCount, lockedUntil: user.lockedUntil },
          after: { failedLoginCount: 0, lockedUntil: null },
        });
        return { wasLocked };
      });
    },

    toSessionResponse(p) {
      const enrolled = p.source === 'external' ? p.secondFactorAgeMinutes !== null && p.secondFactorAgeMinutes !== undefined : Boolean(p.mfaEnrolled);
      return {
        user: { id: p.userId, email: p.email, name: p.name, role: p.role, permissions: [...p.permissions].sort() },
        expiresAt: p.expiresAt.toISOString(),
        mfa: { enrolled, enrolmentRequired: Boolean(p.mfaEnrolmentRequired) },
        passwordChangeRequired: Boolean(p.passwordChangeRequired),
      };
    },

    cookieOptions(request, expiresAt) {
      return { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', signed: true, expires: expiresAt };
    },

    async openSession(tx, user, { method, ...origin }) {
      const t = now();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(t.getTime() + sessionLifetimeHours[user.role] * 3_600_000);
      const sessionId = await insertSession(tx, { userId: user.id, tokenHash: hashToken(token), createdAt: t, expiresAt, ipAddress: origin.ipAddress, userAgent: origin.userAgent });
      const evicted = await revokeSessionsBeyond(tx, user.id, MAX_CONCURRENT_SESSIONS, t);
      await recordLoginSuccess(tx, user.id, t);
      await recordAudit(tx, { actor: user.email, userId: user.id, actorRole: user.role, ...origin, action: 'auth.sign-in.succeeded', entityType: 'session', entityId: sessionId, after: { expiresAt, method } });
      return { token, expiresAt, evicted, mfaEnrolled: await isMfaEnrolled(tx, user.id) };
    },

    async sessionOpened(user, { token, expiresAt, evicted, mfaEnrolled }) {
      if (evicted.length > 0) await endSessionsInCache();
      // Read outside the transaction: the permission lookup goes through the cache and its own connection.
      const session: SessionResponse = {
        user: { id: user.id, email: user.email, name: user.name, role: user.role, permissions: await permissionsFor(user.role) },
        expiresAt: expiresAt.toISOString(),
        mfa: { enrolled: mfaEnrolled, enrolmentRequired: enrolmentRequired(user.role, mfaEnrolled) },
        passwordChangeRequired: false,
      };
      return { token, expiresAt, session };
    },
  };
  return service;
}

function lockedError(until: Date, at: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 1000));
  return new AppError('UNAUTHENTICATED', `Too many failed sign-in attempts: this account is locked until ${until.toISOString()}. Try again then, or ask an administrator to unlock it.`, {
    headers: { 'retry-after': String(retryAfter) },
  });
}
