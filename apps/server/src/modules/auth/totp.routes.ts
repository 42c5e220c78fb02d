import { problemSchema } from '@sentia/contracts/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { authRateLimit } from './auth.routes.ts';

const codeSchema = z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app');

/** GET /api/auth/mfa, POST /api/auth/mfa/totp/enrol, POST /api/auth/mfa/totp/confirm, POST /api/auth/step-up. */
export function totpRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/auth/mfa',
    {
      config: { signedIn: true, allowDuringMfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: 'Second-factor status of the signed-in user and this session',
        response: { 200: z.object({ enrolled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number().int(), stepUpValidUntil: z.string().nullable() }), 401: problemSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const s = await ctx.mfa.status(request.principal!);
      return { ...s, enabledAt: s.enabledAt?.toISOString() ?? null, stepUpValidUntil: s.stepUpValidUntil?.toISOString() ?? null };
    },
  );

  r.post(
    '/api/auth/mfa/totp/enrol',
    {
      config: { signedIn: true, allowDuringMfaEnrolment: true, rateLimit: authRateLimit(ctx) },
      schema: { tags: ['auth'], summary: 'Start TOTP enrolment: a new secret and its otpauth:// URI (render it as a QR code)', response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), 401: problemSchema, 409: problemSchema } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return ctx.mfa.beginEnrolment(request.principal!, auditActorFromRequest(request));
    },
  );

  r.post(
    '/api/auth/mfa/totp/confirm',
    {
      config: { signedIn: true, allowDuringMfaEnrolment: true, rateLimit: authRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a first code; answers the one-time recovery codes (shown once)',
        body: z.strictObject({ code: codeSchema }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), 400: problemSchema, 401: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return ctx.mfa.confirmEnrolment(request.principal!, request.body.code, auditActorFromRequest(request));
    },
  );

  r.post(
    '/api/auth/step-up',
    {
      config: { signedIn: true, rateLimit: authRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: 'Prove the second factor for this session (valid 10 minutes for high-risk actions)',
        body: z.union([z.strictObject({ code: codeSchema }), z.strictObject({ recoveryCode: z.string().min(8).max(32) })]),
        response: { 200: z.object({ verifiedAt: z.string(), validUntil: z.string() }), 400: problemSchema, 401: problemSchema },
      },
    },
    async (request) => {
      const body = request.body as { code?: string; recoveryCode?: string };
      const result = await ctx.mfa.stepUp(request.principal!, { code: body.code, recoveryCode: body.recoveryCode }, auditActorFromRequest(request));
      return { verifiedAt: result.verifiedAt.toISOString(), validUntil: result.validUntil.toISOString() };
    },
  );
}
