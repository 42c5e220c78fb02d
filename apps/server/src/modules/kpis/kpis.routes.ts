import { problemSchema } from '@sentia/contracts/common';
import { breakdownDimensionSchema, kpiBreakdownSchema, kpiQuerySchema, kpiSummarySchema, kpiTrendSchema } from '@sentia/contracts/kpi';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/create-app.ts';

/** Query for GET /api/kpis/breakdown: the KPI filters plus the dimension to group by. */
export const kpiBreakdownQuerySchema = kpiQuerySchema.safeExtend({ dimension: breakdownDimensionSchema });

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const KPI_PERMISSION = 'dashboard:read';
// Sending a pre-serialised string with a JSON type skips the per-request serializer; the service validated
// the figures against the same response schemas when it computed them.
const sendJson = (reply: FastifyReply, json: string) => reply.type('application/json; charset=utf-8').send(json);

/** GET /api/kpis/summary, /trend and /breakdown (permission dashboard:read). */
export function kpiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/kpis/summary',
    {
      config: { permission: KPI_PERMISSION },
      schema: {
        tags: ['kpis'],
        summary: 'Executive KPIs for a period, with the previous period of the same length',
        description:
          'Revenue, units and gross margin honour every filter. OEE is plant-wide (date range only); first-pass yield honours sku. Inventory turnover, DSO, DIO, DPO and CCC are company-wide for the date range. Cached for 5 minutes and refreshed when the data changes.',
        querystring: kpiQuerySchema,
        response: { 200: kpiSummarySchema, ...errors },
      },
    },
    async (request, reply) => sendJson(reply, await ctx.kpis.summaryJson(request.query)),
  );

  r.get(
    '/api/kpis/trend',
    {
      config: { permission: KPI_PERMISSION },
      schema: { tags: ['kpis'], summary: 'Revenue, units, gross margin and OEE per day, ISO week or month', querystring: kpiQuerySchema, response: { 200: kpiTrendSchema, ...errors } },
    },
    async (request, reply) => sendJson(reply, await ctx.kpis.trendJson(request.query)),
  );

  r.get(
    '/api/kpis/breakdown',
    {
      config: { permission: KPI_PERMISSION },
      schema: { tags: ['kpis'], summary: 'Revenue, units and gross margin by region, channel or SKU', querystring: kpiBreakdownQuerySchema, response: { 200: kpiBreakdownSchema, ...errors } },
    },
    async (request, reply) => {
      const { dimension, ...query } = request.query;
      return sendJson(reply, await ctx.kpis.breakdownJson(query, dimension));
    },
  );
}
