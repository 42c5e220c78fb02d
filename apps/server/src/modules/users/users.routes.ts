import { problemSchema, roleSchema } from '@sentia/contracts/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/create-app.ts';
import { listUsers } from './users.repository.ts';

const userListSchema = z.object({
  users: z.array(z.object({ id: z.string(), email: z.string(), name: z.string(), role: roleSchema, isActive: z.boolean(), lastLoginAt: z.string().nullable() })),
});

/** GET /api/admin/users: the user list for administration (permission admin:manage). */
export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/users',
    {
      config: { permission: 'admin:manage' },
      schema: { tags: ['admin'], summary: 'All user accounts', response: { 200: userListSchema, 401: problemSchema, 403: problemSchema } },
    },
    async () => ({ users: (await listUsers(ctx.db.db)).map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null })) }),
  );
}
