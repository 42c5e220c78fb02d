import { createHash, randomBytes } from 'node:crypto';
import type { SessionResponse } from '@sentia/contracts/auth';
import type { Role } from '@sentia/contracts/common';
import type { DbHandle } from '@sentia/db/create-db';
import { hashPassword, verifyPassword } from '@sentia/db/password-hash';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Cache } from '../../cache/create-cache.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { findLiveSession, findPermissionsForRole, findUserByEmail, insertSession, recordLoginFailure, recordLoginSuccess, revokeSession } from './auth.repository.ts';

export const SESSION_COOKIE = 'sentia_session';

/** Absolute session lifetime by role (spec: 4 h ADMIN, 8 h MANAGER, 12 h OPERATOR and VIEWER). */
export const sessionLifetimeHours: Record<Role, number> = { ADMIN: 4, MANAGER: 8, OPERATOR: 12, VIEWER: 12 };

/** Session lookups are cached briefly so a dashboard's burst of requests costs one query, not one each. */
const SESSION_CACHE_SECONDS = 30;
const RBAC_CACHE_SECONDS = 300;
/** Cache tags: sign-out bumps `sessions`; editing roles/permissions must bump `rbac`. */
export const authCacheTags = { sessions: 'sessions', rbac: 'rbac' } as const;

export interface AuthService {
  /** Checks the credentials and opens a server-side session; throws UNAUTHENTICATED on any mismatch. */
  signIn(input: { email: string; password: string; ipAddress: string | null; userAgent: string | null }): Promise<{ token: string; expiresAt: Date; session: SessionResponse }>;
  /** The principal for the request's session cookie, or null (no cookie, bad signature, expired, revoked, inactive user). */
  principalFromRequest(request: FastifyRequest): Promise<AuthPrincipal | null>;
  /** Revokes the session behind a raw token (no-op when unknown). */
  signOut(token: string): Promise<void>;
  /** The raw session token from the signed cookie, or null. */
  tokenFromRequest(request: FastifyRequest): string | null;
  toSessionResponse(principal: AuthPrincipal): SessionResponse;
  cookieOptions(request: FastifyRequest, expiresAt: Date): CookieSerializeOptions;
}

interface CachedSession {
  sessionId: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: Role; isActive: boolean };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Builds the auth service over the sessions, users and role_permissions tables. */
export function createAuthService(deps: { db: DbHandle; cache: Cache; isProduction: boolean; now?: () => Date }): AuthService {
  const { db, cache } = deps;
  const now = deps.now ?? (() => new Date());
  // Verifying against a throwaway hash when the e-mail is unknown keeps the response time the same either way.
  let dummyHash: Promise<string> | undefined;

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

  const service: AuthService = {
    async signIn({ email, password, ipAddress, userAgent }) {
      const user = await findUserByEmail(db.db, email);
      if (!user || !user.passwordHash) {
        dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password, await dummyHash);
        throw new AppError('UNAUTHENTICATED', 'The e-mail or password is not correct.');
      }
      const ok = await verifyPassword(password, user.passwordHash);
      const at = now();
      if (!ok) {
        await recordLoginFailure(db.db, user.id, at);
        throw new AppError('UNAUTHENTICATED', 'The e-mail or password is not correct.');
      }
      if (!user.isActive) throw new AppError('UNAUTHENTICATED', 'This account is disabled.');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(at.getTime() + sessionLifetimeHours[user.role] * 3_600_000);
      await insertSession(db.db, { userId: user.id, tokenHash: hashToken(token), expiresAt, ipAddress, userAgent });
      await recordLoginSuccess(db.db, user.id, at);
      const permissions = await permissionsFor(user.role);
      return {
        token,
        expiresAt,
        session: { user: { id: user.id, email: user.email, name: user.name, role: user.role, permissions }, expiresAt: expiresAt.toISOString() },
      };
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
          return s ? { sessionId: s.sessionId, expiresAt: s.expiresAt.toISOString(), user: s.user } : null;
        },
        { ttlSeconds: SESSION_CACHE_SECONDS },
      );
      if (!found || !found.user.isActive) return null;
      const expiresAt = new Date(found.expiresAt);
      if (expiresAt.getTime() <= at.getTime()) return null;
      const permissions = await permissionsFor(found.user.role);
      return { sessionId: found.sessionId, userId: found.user.id, email: found.user.email, name: found.user.name, role: found.user.role, permissions: permissionSet(permissions), expiresAt };
    },

    async signOut(token) {
      await revokeSession(db.db, hashToken(token), now());
      await cache.invalidate([authCacheTags.sessions]);
    },

    toSessionResponse(p) {
      return { user: { id: p.userId, email: p.email, name: p.name, role: p.role, permissions: [...p.permissions].sort() }, expiresAt: p.expiresAt.toISOString() };
    },

    cookieOptions(request, expiresAt) {
      return { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', signed: true, expires: expiresAt };
    },
  };
  return service;
}
