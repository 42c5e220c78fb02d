import { sessionResponseSchema } from '@sentia/contracts/auth';
import { problemSchema } from '@sentia/contracts/common';
import {
  acceptInvitationRequestSchema,
  createInvitationRequestSchema,
  invitationListSchema,
  invitationLookupRequestSchema,
  invitationLookupResponseSchema,
  invitationQuerySchema,
  invitationSchema,
  issuedInvitationSchema,
} from '@sentia/contracts/invitations';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { authRateLimit } from '../auth/auth.routes.ts';
import { SESSION_COOKIE } from '../auth/auth.service.ts';
import { requireStepUp } from '../auth/totp.service.ts';
import { createInvitationService } from './invitations.service.ts';
import { createLogMailer } from './mailer.ts';

const ADMIN = 'admin:manage';
const tags = ['admin'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const publicErrors = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 410: problemSchema, 429: problemSchema };
const params = z.object({ id: z.uuid() });

/** The app's own address as the admin's browser reached it (behind a proxy with TRUST_PROXY, the forwarded one). */
const appUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * Invitations. ADMIN (admin:manage; changes need a recent step-up): POST /api/admin/invitations,
 * GET /api/admin/invitations, POST /api/admin/invitations/:id/revoke, POST /api/admin/invitations/:id/reissue.
 * Public and rate-limited like sign-in: POST /api/auth/invitations/lookup and POST /api/auth/invitations/accept (the token
 * travels in the body, never in a URL that logs would keep).
 */
export function invitationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createInvitationService({ db: ctx.db, auth: ctx.auth, mailer: ctx.mailer ?? createLogMailer(app.log), ttlHours: ctx.config.invitationTtlHours, now: ctx.now, logger: app.log });
  const stepUp = requireStepUp(ctx);

  r.post(
    '/api/admin/invitations',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: {
        tags,
        summary: 'Invite a person by e-mail with a role: a single-use link, valid INVITATION_TTL_HOURS (returned once; needs a recent step-up)',
        body: createInvitationRequestSchema,
        response: { 201: issuedInvitationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const issued = await service.create(request.body, request.principal!, auditActorFromRequest(request), appUrlOf(request));
      return reply.code(201).header('cache-control', 'no-store').send(issued);
    },
  );

  r.get(
    '/api/admin/invitations',
    { config: { permission: ADMIN }, schema: { tags, summary: 'Invitations, newest first: open ones (pending or expired) by default, or all', querystring: invitationQuerySchema, response: { 200: invitationListSchema, ...errors } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { invitations: await service.list(request.query.status === 'all') };
    },
  );

  r.post(
    '/api/admin/invitations/:id/revoke',
    { config: { permission: ADMIN }, preHandler: stepUp, schema: { tags, summary: 'Withdraw an invitation: its link stops working (needs a recent step-up)', params, response: { 200: invitationSchema, ...errors } } },
    async (request) => service.revoke(request.params.id, auditActorFromRequest(request)),
  );

  r.post(
    '/api/admin/invitations/:id/reissue',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: { tags, summary: 'A new link with a fresh expiry; the previous link stops working (returned once; needs a recent step-up)', params, response: { 201: issuedInvitationSchema, ...errors } },
    },
    async (request, reply) => {
      const issued = await service.reissue(request.params.id, request.principal!, auditActorFromRequest(request), appUrlOf(request));
      return reply.code(201).header('cache-control', 'no-store').send(issued);
    },
  );

  r.post(
    '/api/auth/invitations/lookup',
    {
      config: { public: true, rateLimit: authRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: 'What an invitation link is for (e-mail, role, expiry, the role’s password rules); 404 unknown, 410 expired, revoked or used',
        body: invitationLookupRequestSchema,
        response: { 200: invitationLookupResponseSchema, ...publicErrors },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return service.lookup(request.body.token);
    },
  );

  r.post(
    '/api/auth/invitations/accept',
    {
      config: { public: true, rateLimit: authRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: 'Accept an invitation: creates the account with the chosen password (the role’s policy and breached list) and signs in',
        description: 'The account, the used invitation and the session are one transaction; a second accept of the same link answers 410 INVITATION_USED. An ADMIN invitee then has to enrol TOTP (`mfa.enrolmentRequired`).',
        body: acceptInvitationRequestSchema,
        response: { 200: sessionResponseSchema, ...publicErrors },
      },
    },
    async (request, reply) => {
      const userAgent = request.headers['user-agent'];
      const result = await service.accept(request.body, { ipAddress: request.ip, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null, requestId: request.id });
      void reply.setCookie(SESSION_COOKIE, result.token, ctx.auth.cookieOptions(request, result.expiresAt));
      void reply.header('cache-control', 'no-store');
      return result.session;
    },
  );
}
