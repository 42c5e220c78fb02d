import { problemSchema } from '@sentia/contracts/common';
import { metaSchema } from '@sentia/contracts/meta';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/create-app.ts';

/** GET /api/meta: reference data for filter pickers (any signed-in user). */
export function metaRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/meta',
    { config: { signedIn: true }, schema: { tags: ['meta'], summary: 'Company, regions, channels, SKUs and the sales date range', response: { 200: metaSchema, 401: problemSchema } } },
    async () => ctx.meta.meta(),
  );
}
