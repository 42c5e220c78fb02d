import {
  adminSessionListSchema,
  adminSessionQuerySchema,
  adminUserListSchema,
  adminUserQuerySchema,
  adminUserSchema,
  changeRoleRequestSchema,
  createUserRequestSchema,
  createUserResponseSchema,
  rbacChangeRequestSchema,
  rbacChangeResponseSchema,
  rbacMatrixSchema,
  resetPasswordResponseSchema,
} from '@sentia/contracts/admin';
import { problemSchema } from '@sentia/contracts/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { requireStepUp } from '../auth/totp.service.ts';
import { createAdminService } from './admin.service.ts';
import { watchPermissionChanges } from './watch-permission-changes.ts';

const ADMIN = 'admin:manage';
const tags = ['admin'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const userParams = z.object({ id: z.uuid() });

/**
 * The admin portal's API (permission admin:manage; changes to users, roles and permissions also need a step-up):
 * users (list, create, role, deactivate/reactivate, reset MFA), the role × permission matrix, and every user's
 * live sessions. Unlock lives with the auth module and the audit search with the audit module. Registers the
 * listener that makes matrix edits from any process apply here.
 */
export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createAdminService({ db: ctx.db, cache: ctx.cache, events: ctx.events, logger: app.log });
  if (ctx.events) {
    const unsubscribe = watchPermissionChanges(ctx.events, ctx.cache, app.log);
    app.addHook('onClose', async () => unsubscribe());
  }
  const stepUp = requireStepUp(ctx);

  r.get(
    '/api/admin/users',
    { config: { permission: ADMIN }, schema: { tags, summary: 'User accounts, filtered by text, role and status', querystring: adminUserQuerySchema, response: { 200: adminUserListSchema, ...errors } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { users: await service.listUsers(request.query) };
    },
  );

  r.post(
    '/api/admin/users',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: { tags, summary: 'Create a user with a temporary password (shown once; needs a recent step-up)', body: createUserRequestSchema, response: { 201: createUserResponseSchema, ...errors } },
    },
    async (request, reply) => {
      const created = await service.createUser(request.body, auditActorFromRequest(request));
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  r.patch(
    '/api/admin/users/:id/role',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: { tags, summary: "Change a user's role (needs a recent step-up)", params: userParams, body: changeRoleRequestSchema, response: { 200: adminUserSchema, ...errors } },
    },
    async (request) => service.changeRole(request.principal!, request.params.id, request.body.role, auditActorFromRequest(request)),
  );

  r.post(
    '/api/admin/users/:id/deactivate',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: { tags, summary: 'Deactivate a user and end their sessions (needs a recent step-up)', params: userParams, response: { 200: adminUserSchema, ...errors } },
    },
    async (request) => service.setActive(request.principal!, request.params.id, false, auditActorFromRequest(request)),
  );

  r.post(
    '/api/admin/users/:id/reactivate',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: { tags, summary: 'Reactivate a user (needs a recent step-up)', params: userParams, response: { 200: adminUserSchema, ...errors } },
    },
    async (request) => service.setActive(request.principal!, request.params.id, true, auditActorFromRequest(request)),
  );

  r.post(
    '/api/admin/users/:id/reset-password',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: {
        tags,
        summary: "Replace a user's password with a temporary one (shown once; they must change it at sign-in; their sessions end; needs a recent step-up)",
        params: userParams,
        response: { 200: resetPasswordResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return service.resetPassword(request.principal!, request.params.id, auditActorFromRequest(request));
    },
  );

  r.post(
    '/api/admin/users/:id/reset-mfa',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: { tags, summary: "Remove a user's TOTP factor and recovery codes (needs a recent step-up)", params: userParams, response: { 200: adminUserSchema, ...errors } },
    },
    async (request) => service.resetMfa(request.principal!, request.params.id, auditActorFromRequest(request)),
  );

  r.get(
    '/api/admin/rbac',
    { config: { permission: ADMIN }, schema: { tags, summary: 'The role × permission matrix', response: { 200: rbacMatrixSchema, ...errors } } },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return service.readMatrix();
    },
  );

  r.patch(
    '/api/admin/rbac',
    {
      config: { permission: ADMIN },
      preHandler: stepUp,
      schema: {
        tags,
        summary: 'Grant or revoke permissions (one transaction; every server process applies it within seconds; needs a recent step-up)',
        body: rbacChangeRequestSchema,
        response: { 200: rbacChangeResponseSchema, ...errors },
      },
    },
    async (request) => service.changeMatrix(request.body.changes, auditActorFromRequest(request)),
  );

  r.get(
    '/api/admin/sessions',
    { config: { permission: ADMIN }, schema: { tags, summary: 'Live sessions of every user (or one), most recently active first', querystring: adminSessionQuerySchema, response: { 200: adminSessionListSchema, ...errors } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { sessions: await service.listSessions(request.principal!, request.query.userId) };
    },
  );

  r.delete(
    '/api/admin/sessions/:id',
    { config: { permission: ADMIN }, schema: { tags, summary: "Revoke any user's session", params: userParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.revokeSession(request.params.id, auditActorFromRequest(request));
      return reply.code(204).send(null);
    },
  );
}
