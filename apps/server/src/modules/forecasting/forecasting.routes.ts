import { problemSchema } from '@sentia/contracts/common';
import {
  accuracyHistorySchema,
  demandEventInputSchema,
  demandEventListQuerySchema,
  demandEventListSchema,
  demandEventSchema,
  forecastRunSchema,
  overrideSchema,
  putOverrideSchema,
  seriesDetailQuerySchema,
  seriesDetailSchema,
  seriesKeySchema,
  seriesListQuerySchema,
  seriesListSchema,
  startForecastRunSchema,
} from '@sentia/contracts/forecasting';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { createDemandEventsService } from './demand-events.service.ts';
import { createForecastingService } from './forecasting.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const keyParams = z.strictObject({ key: seriesKeySchema });

/**
 * Forecasting API (spec matrix "Forecasting models": ADMIN full, MANAGER configure/execute, VIEWER read only):
 * reads need forecast:read, starting a run forecast:execute, overrides forecast:write.
 * `jobs` overrides the context's job provider (tests pass their own).
 */
export function forecastingModule(options: { jobs?: JobProvider } = {}): AppModule {
  return {
    name: 'forecasting',
    register: (app: FastifyInstance, ctx: AppContext) => {
      const service = createForecastingService({ db: ctx.db.db, jobs: () => options.jobs ?? ctx.jobs });
      const events = createDemandEventsService(ctx.db.db);
      const r = app.withTypeProvider<ZodTypeProvider>();

      r.post(
        '/api/forecasts/runs',
        {
          config: { permission: 'forecast:execute' },
          schema: {
            tags: ['forecasting'],
            summary: 'Start a forecast run (a background job) for one series, a selection or all',
            description: 'Horizon at most 12 months (12 monthly or 52 weekly periods); 3–6 months recommended (a warning otherwise). Progress streams as job.updated events; forecast.completed when done.',
            body: startForecastRunSchema,
            response: { 202: forecastRunSchema, ...errors, 503: problemSchema },
          },
        },
        async (request, reply) => reply.status(202).send(await service.startRun(request.body, request.principal)),
      );

      r.get(
        '/api/forecasts/runs/:id',
        { config: { permission: 'forecast:read' }, schema: { tags: ['forecasting'], summary: 'A forecast run: status and progress', params: z.strictObject({ id: z.uuid() }), response: { 200: forecastRunSchema, ...errors } } },
        async (request) => service.getRun(request.params.id),
      );

      r.get(
        '/api/forecasts/series',
        { config: { permission: 'forecast:read' }, schema: { tags: ['forecasting'], summary: 'Demand series (SKU × region × channel and aggregates) with their history length', querystring: seriesListQuerySchema, response: { 200: seriesListSchema, ...errors } } },
        async (request) => service.listSeries(request.query.granularity),
      );

      r.get(
        '/api/forecasts/series/:key',
        {
          config: { permission: 'forecast:read' },
          schema: {
            tags: ['forecasting'],
            summary: 'History, latest forecast with 80/95 % intervals, ensemble weights, model comparison and decomposition',
            params: keyParams,
            querystring: seriesDetailQuerySchema,
            response: { 200: seriesDetailSchema, ...errors },
          },
        },
        async (request) => service.seriesDetail(request.params.key, request.query.granularity, request.query.runId),
      );

      r.get(
        '/api/forecasts/series/:key/accuracy',
        {
          config: { permission: 'forecast:read' },
          schema: { tags: ['forecasting'], summary: 'Accuracy history: forecast made before each period vs the actual; accuracy = 100 − WAPE', params: keyParams, querystring: seriesListQuerySchema, response: { 200: accuracyHistorySchema, ...errors } },
        },
        async (request) => service.accuracyHistory(request.params.key, request.query.granularity),
      );

      const meta = (request: { ip: string; headers: Record<string, string | string[] | undefined>; id: string }) => ({ ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), requestId: request.id });
      const eventParams = z.strictObject({ id: z.uuid() });

      r.get(
        '/api/forecasts/events',
        {
          config: { permission: 'forecast:read' },
          schema: { tags: ['forecasting'], summary: 'The demand calendar: holidays and promotions (past and planned) that the forecasts learn from and plan with', querystring: demandEventListQuerySchema, response: { 200: demandEventListSchema, ...errors } },
        },
        async (request) => events.list(request.query),
      );

      r.post(
        '/api/forecasts/events',
        {
          config: { permission: 'forecast:write' },
          schema: { tags: ['forecasting'], summary: 'Add a holiday or promotion to the calendar (audited); the next forecast run uses it', body: demandEventInputSchema, response: { 201: demandEventSchema, ...errors } },
        },
        async (request, reply) => reply.status(201).send(await events.create(request.body, request.principal!, meta(request))),
      );

      r.put(
        '/api/forecasts/events/:id',
        {
          config: { permission: 'forecast:write' },
          schema: { tags: ['forecasting'], summary: 'Replace a calendar event (audited)', params: eventParams, body: demandEventInputSchema, response: { 200: demandEventSchema, ...errors } },
        },
        async (request) => events.replace(request.params.id, request.body, request.principal!, meta(request)),
      );

      r.delete(
        '/api/forecasts/events/:id',
        { config: { permission: 'forecast:write' }, schema: { tags: ['forecasting'], summary: 'Delete a calendar event (audited)', params: eventParams, response: { 204: z.null(), ...errors } } },
        async (request, reply) => {
          await events.remove(request.params.id, request.principal!, meta(request));
          return reply.status(204).send(null);
        },
      );

      r.put(
        '/api/forecasts/overrides',
        { config: { permission: 'forecast:write' }, schema: { tags: ['forecasting'], summary: 'Planner override of one forecast period, with a reason (audited); it carries to later runs of the series until removed (value null) or its period passes', body: putOverrideSchema, response: { 200: overrideSchema, ...errors } } },
        async (request) =>
          service.putOverride(request.body, request.principal!, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '', requestId: request.id }),
      );
    },
  };
}
