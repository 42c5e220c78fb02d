import { sessionResponseSchema, signInRequestSchema } from '@sentia/contracts/auth';
import { problemSchema } from '@sentia/contracts/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { type RequestOrigin, SESSION_COOKIE } from './auth.service.ts';
import { passwordPolicies } from './password-policy.ts';
import { requireStepUp } from './totp.service.ts';

/** Spec: authentication endpoints take 20 requests a minute per client IP (AUTH_RATE_LIMIT_PER_MINUTE). */
export const authRateLimit = (ctx: Pick<AppContext, 'config'>) => ({
  max: ctx.config.authRateLimitPerMinute,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) => `auth:${request.ip}`,
});

const originOf = (request: FastifyRequest): RequestOrigin => {
  const userAgent = request.headers['user-agent'];
  return { ipAddress: request.ip, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null, requestId: request.id };
};

const sessionListSchema = z.object({
  sessions: z.array(
    z.object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), ipAddress: z.string().nullable(), userAgent: z.string().nullable(), isCurrent: z.boolean() }),
  ),
});

/**
 * POST /api/auth/sign-in, POST /api/auth/sign-out, POST /api/auth/sign-out-everywhere, GET /api/auth/me,
 * POST /api/auth/password, GET /api/auth/password-policy, GET /api/auth/sessions, DELETE /api/auth/sessions/:id,
 * POST /api/admin/users/:id/unlock.
 */
export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/sign-in',
    {
      // Spec: 20 requests per minute per IP for authentication endpoints.
      config: { public: true, rateLimit: authRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail, password and (once enrolled) the authenticator code; sets the httpOnly session cookie',
        description:
          'Accounts with TOTP answer 401 SECOND_FACTOR_REQUIRED until `totpCode` (or `recoveryCode`) is sent with the password. A wrong code counts towards the lockout. An ADMIN without TOTP gets a session that can only enrol (`mfa.enrolmentRequired`).',
        body: signInRequestSchema,
        response: { 200: sessionResponseSchema, 400: problemSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const { email, password, totpCode, recoveryCode } = request.body;
      const result = await ctx.auth.signIn({ email, password, totpCode, recoveryCode, ...originOf(request) });
      void reply.setCookie(SESSION_COOKIE, result.token, ctx.auth.cookieOptions(request, result.expiresAt));
      void reply.header('cache-control', 'no-store');
      return result.session;
    },
  );

  r.post(
    '/api/auth/sign-out',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'End the current session and clear the cookie', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = ctx.auth.tokenFromRequest(request);
      if (token) await ctx.auth.signOut(token, originOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    { config: { signedIn: true, allowDuringMfaEnrolment: true, allowDuringPasswordChange: true }, schema: { tags: ['auth'], summary: 'The signed-in user and their permissions', response: { 200: sessionResponseSchema, 401: problemSchema } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      // The guard guarantees a principal here.
      return ctx.auth.toSessionResponse(request.principal!);
    },
  );

  r.post(
    '/api/auth/sign-out-everywhere',
    { config: { signedIn: true }, schema: { tags: ['auth'], summary: 'End every session of the signed-in user, this one included', response: { 200: z.object({ revoked: z.number().int() }), 401: problemSchema } } },
    async (request, reply) => {
      const revoked = await ctx.auth.signOutEverywhere(request.principal!, originOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked };
    },
  );

  r.get(
    '/api/auth/sessions',
    { config: { signedIn: true }, schema: { tags: ['auth'], summary: "The signed-in user's live sessions, newest first", response: { 200: sessionListSchema, 401: problemSchema } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const list = await ctx.auth.listSessions(request.principal!);
      return {
        sessions: list.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), expiresAt: s.expiresAt.toISOString() })),
      };
    },
  );

  r.post(
    '/api/auth/password',
    {
      config: { signedIn: true, allowDuringPasswordChange: true, rateLimit: authRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: "Change the signed-in user's password (role policy and breached-password check); ends the user's other sessions",
        body: z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
        response: { 200: z.object({ endedSessions: z.number().int() }), 400: problemSchema, 401: problemSchema, 409: problemSchema },
      },
    },
    async (request) => ctx.auth.changePassword(request.principal!, request.body, originOf(request)),
  );

  r.get(
    '/api/auth/password-policy',
    {
      config: { signedIn: true, allowDuringMfaEnrolment: true, allowDuringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'The password rules for every role (for forms that set a password)', response: { 200: z.object({ policies: z.record(z.string(), z.object({ minLength: z.number(), requireUppercase: z.boolean(), requireLowercase: z.boolean(), requireDigit: z.boolean(), requireSymbol: z.boolean() })) }) } },
    },
    async () => ({ policies: passwordPolicies }),
  );

  r.delete(
    '/api/auth/sessions/:id',
    {
      config: { signedIn: true },
      schema: { tags: ['auth'], summary: 'Revoke one of your own sessions', params: z.object({ id: z.uuid() }), response: { 204: z.null(), 401: problemSchema, 404: problemSchema } },
    },
    async (request, reply) => {
      await ctx.auth.revokeOwnSession(request.principal!, request.params.id, originOf(request));
      if (request.params.id === request.principal!.sessionId) void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/admin/users/:id/unlock',
    {
      config: { permission: 'admin:manage' },
      // A user change: needs a second factor proved within the last 10 minutes.
      preHandler: requireStepUp(ctx),
      schema: { tags: ['admin'], summary: 'Clear a sign-in lockout (needs a recent step-up)', params: z.object({ id: z.uuid() }), response: { 200: z.object({ wasLocked: z.boolean() }), 401: problemSchema, 403: problemSchema, 404: problemSchema } },
    },
    async (request) => ctx.auth.unlockUser(request.principal!, request.params.id, originOf(request)),
  );
}
