import { sessionResponseSchema, signInRequestSchema } from '@sentia/contracts/auth';
import { problemSchema } from '@sentia/contracts/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { SESSION_COOKIE } from './auth.service.ts';

/** POST /api/auth/sign-in, POST /api/auth/sign-out, GET /api/auth/me. */
export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/sign-in',
    {
      // Spec: 20 requests per minute for authentication endpoints.
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the httpOnly session cookie',
        body: signInRequestSchema,
        response: { 200: sessionResponseSchema, 400: problemSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const userAgent = request.headers['user-agent'] ?? null;
      const result = await ctx.auth.signIn({ email: request.body.email, password: request.body.password, ipAddress: request.ip, userAgent: userAgent?.slice(0, 512) ?? null });
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
      if (token) await ctx.auth.signOut(token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    { config: { signedIn: true }, schema: { tags: ['auth'], summary: 'The signed-in user and their permissions', response: { 200: sessionResponseSchema, 401: problemSchema } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      // The guard guarantees a principal here.
      return ctx.auth.toSessionResponse(request.principal!);
    },
  );
}
