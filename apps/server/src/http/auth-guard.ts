import type { Role } from '@sentia/contracts/common';
import type { FastifyInstance, FastifyRequest, RouteOptions, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from './app-error.ts';

/** The signed-in principal attached to a request by the access-control hook. */
export interface AuthPrincipal {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  permissions: ReadonlySet<string>;
  expiresAt: Date;
  /** `external` when the request carried an identity provider's bearer token instead of a session cookie. */
  source?: 'session' | 'external';
  /** For external principals: minutes since the IdP last verified a second factor (Clerk `fva[1]`), null when never. */
  secondFactorAgeMinutes?: number | null;
  /** For session principals: whether the user has TOTP enabled. */
  mfaEnrolled?: boolean;
  /** The role must have TOTP and the user has none yet: only routes marked `allowDuringMfaEnrolment` are open. */
  mfaEnrolmentRequired?: boolean;
  /** An ADMIN set the password: only routes marked `allowDuringPasswordChange` are open until the user changes it. */
  passwordChangeRequired?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Access declaration, next to each route. Every /api route must have one (deny by default):
     * `public: true` (no session needed), `signedIn: true` (any valid session), or
     * `permission: 'resource:action'` (a session whose role grants it; an array means all of them).
     */
    public?: boolean;
    signedIn?: boolean;
    permission?: string | readonly string[];
    /** Open to a session that still has to enrol TOTP (enrolment, its status, `me`, sign-out). */
    allowDuringMfaEnrolment?: boolean;
    /** Open to a session whose password an ADMIN set and must be changed first (`me`, the password change, its policy). */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyInstance {
    /** Installed by {@link registerAccessControl}. */
    resolvePrincipal: PrincipalResolver;
  }
  interface FastifyRequest {
    /** The signed-in principal, once the guard has resolved it (null for anonymous requests). */
    principal: AuthPrincipal | null;
  }
}

/** Resolves the principal from a request (cookie → server-side session); null when there is no valid session. */
export type PrincipalResolver = (request: FastifyRequest) => Promise<AuthPrincipal | null>;

const guardMark = Symbol.for('sentia.accessGuard');
type MarkedHandler = preHandlerAsyncHookHandler & { [guardMark]?: true };

async function loadPrincipal(request: FastifyRequest, resolve: PrincipalResolver): Promise<AuthPrincipal> {
  if (request.principal === null) request.principal = await resolve(request);
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
  if (request.principal.passwordChangeRequired) {
    // Checked before enrolment: a new ADMIN with a temporary password changes it first, then enrols TOTP.
    if (request.routeOptions.config.allowDuringPasswordChange) return request.principal;
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Your password was set by an administrator: choose your own before anything else (POST /api/auth/password).');
  }
  if (request.principal.mfaEnrolmentRequired && !request.routeOptions.config.allowDuringMfaEnrolment) {
    throw new AppError('MFA_ENROLMENT_REQUIRED', `${request.principal.role} accounts must set up an authenticator app (TOTP) before anything else: POST /api/auth/mfa/totp/enrol.`);
  }
  return request.principal;
}

function checkPermissions(principal: AuthPrincipal, needed: readonly string[]): void {
  const missing = needed.filter((p) => !principal.permissions.has(p));
  if (missing.length > 0) {
    throw new AppError('FORBIDDEN', `Your role (${principal.role}) lacks the permission ${missing.join(', ')}.`);
  }
}

/**
 * A route-level guard, for routes that prefer `preHandler: requirePermission('dashboard:read')` over
 * `config.permission`. Counts as the route's access declaration.
 */
export function requirePermission(...permissions: string[]): preHandlerAsyncHookHandler {
  const handler: MarkedHandler = async function requirePermissionGuard(request) {
    checkPermissions(await loadPrincipal(request, request.server.resolvePrincipal), permissions);
  };
  handler[guardMark] = true;
  return handler;
}

const hasMarkedGuard = (preHandler: RouteOptions['preHandler']): boolean => {
  const list = Array.isArray(preHandler) ? preHandler : preHandler ? [preHandler] : [];
  return list.some((h) => (h as MarkedHandler)[guardMark] === true);
};

/** How a route declared its access, as recorded at registration (the route × role test reads these). */
export interface RouteAccess {
  method: string;
  url: string;
  access: { kind: 'public' } | { kind: 'signedIn' } | { kind: 'permission'; permissions: string[] } | { kind: 'guard' } | { kind: 'undeclared' };
}

/** Every /api route's access declaration, per app; filled as routes register. */
export const routeAccessTable = new WeakMap<FastifyInstance, RouteAccess[]>();

/**
 * Installs access control: every route under /api gets a guard from its declaration; a route without one is
 * denied to everybody (and logged at start-up) so forgetting the declaration can never open an endpoint.
 * The guard runs before body validation (preValidation), so a caller without the permission learns nothing about
 * the body the route expects. Must be registered before the routes it protects.
 */
export function registerAccessControl(app: FastifyInstance, resolve: PrincipalResolver): void {
  app.decorate('resolvePrincipal', resolve);
  app.decorateRequest('principal', null);
  const table: RouteAccess[] = [];
  routeAccessTable.set(app, table);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.url !== '/api') return;
    const config = (route.config ?? {}) as { public?: boolean; signedIn?: boolean; permission?: string | readonly string[] };
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const record = (access: RouteAccess['access']) => {
      for (const method of methods) table.push({ method, url: route.url, access });
    };
    if (config.public) {
      record({ kind: 'public' });
      return;
    }
    if (hasMarkedGuard(route.preHandler)) {
      record({ kind: 'guard' });
      return;
    }
    record(config.permission ? { kind: 'permission', permissions: typeof config.permission === 'string' ? [config.permission] : [...config.permission] } : config.signedIn ? { kind: 'signedIn' } : { kind: 'undeclared' });

    let guard: preHandlerAsyncHookHandler;
    if (config.permission) {
      const needed = typeof config.permission === 'string' ? [config.permission] : [...config.permission];
      guard = async (request) => checkPermissions(await loadPrincipal(request, resolve), needed);
    } else if (config.signedIn) {
      guard = async (request) => {
        await loadPrincipal(request, resolve);
      };
    } else {
      app.log.warn({ method: route.method, url: route.url }, 'route has no access declaration: denied to everybody');
      guard = async () => {
        throw new AppError('FORBIDDEN', 'This endpoint has no access declaration and is closed.');
      };
    }
    const existing = route.preValidation ? (Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]) : [];
    route.preValidation = [guard as never, ...existing];
  });
}
