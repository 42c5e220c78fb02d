import { problemSchema } from '@sentia/contracts/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { requireStepUp } from '../auth/totp.service.ts';
import { createUserDataService } from './user-data.service.ts';

/** GDPR: GET /api/auth/me/export (own data as JSON), POST /api/admin/users/:id/erase (anonymisation, ADMIN + step-up). */
export function userDataRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createUserDataService({ db: ctx.db, cache: ctx.cache });

  r.get(
    '/api/auth/me/export',
    {
      config: { signedIn: true },
      schema: { tags: ['auth'], summary: 'Download everything stored about you (GDPR access and portability), as JSON', response: { 200: z.record(z.string(), z.unknown()), 401: problemSchema } },
    },
    async (request, reply) => {
      const data = await service.exportOwnData(request.principal!, auditActorFromRequest(request));
      void reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="sentia-my-data.json"');
      return data;
    },
  );

  r.post(
    '/api/admin/users/:id/erase',
    {
      config: { permission: 'admin:manage' },
      preHandler: requireStepUp(ctx),
      schema: {
        tags: ['admin'],
        summary: 'Erase a user by anonymisation (GDPR); the audit trail is kept and still verifies (needs a recent step-up)',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ erased: z.literal(true) }), 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => service.eraseUser(request.principal!, request.params.id, auditActorFromRequest(request)),
  );
}
