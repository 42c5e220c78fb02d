import { sessionResponseSchema } from '@sentia/contracts/auth';
import { problemSchema, roleSchema } from '@sentia/contracts/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { SESSION_COOKIE } from './auth.service.ts';

/**
 * POST /api/auth/mock/sign-in: development mock auth (spec F-001-RQ-002), registered only with AUTH_MOCK=true, which
 * the configuration refuses when NODE_ENV=production. Signs in as the first active account of the chosen role.
 */
export function mockAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/auth/mock/sign-in',
    {
      config: { public: true, rateLimit: { max: ctx.config.authRateLimitPerMinute, timeWindow: '1 minute', keyGenerator: (req) => `auth:${req.ip}` } },
      schema: {
        tags: ['auth'],
        summary: 'Development only: sign in as any role without a password (AUTH_MOCK=true)',
        body: z.strictObject({ role: roleSchema }),
        response: { 200: sessionResponseSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = auditActorFromRequest(request, { actor: 'mock-auth' });
      const result = await ctx.auth.mockSignIn(request.body.role, { ipAddress: actor.ipAddress ?? null, userAgent: actor.userAgent ?? null, requestId: request.id });
      void reply.setCookie(SESSION_COOKIE, result.token, ctx.auth.cookieOptions(request, result.expiresAt));
      void reply.header('cache-control', 'no-store');
      return result.session;
    },
  );
}
