import { problemSchema } from '@sentia/contracts/common';
import {
  createProductionOrderSchema,
  downtimeRecordSchema,
  oeeQuerySchema,
  oeeReportSchema,
  productionAlertListSchema,
  productionLinesSchema,
  productionOrderDetailSchema,
  productionOrderListQuerySchema,
  productionOrderListSchema,
  productionOrderSchema,
  productionTransitionSchema,
  recordDowntimeSchema,
  recordOutputSchema,
  recordQualityCheckSchema,
  replanScheduleSchema,
  scheduleQuerySchema,
  scheduleRunListSchema,
  scheduleSchema,
} from '@sentia/contracts/production';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventBus } from '../../events/create-event-bus.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { createProductionService } from './production.service.ts';
import { createReplanScheduleJob, REPLAN_DELAY_MS } from './replan-schedule.job.ts';

const READ = 'production:read';
const EXECUTE = 'production:execute';
const WRITE = 'production:write';
const tags = ['production'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const writeErrors = { ...errors, 404: problemSchema, 409: problemSchema };
const idParams = z.strictObject({ id: z.uuid() });

const principalOf = (request: FastifyRequest): AuthPrincipal => {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
  return request.principal;
};

export interface ProductionModuleOptions {
  /** Fixes "now" (tests, benchmarks). */
  now?: () => Date;
  /** An event bus to use instead of the context's. */
  events?: () => EventBus | undefined;
  /** A job provider to use instead of the context's (where the automatic re-plan is queued). */
  jobs?: () => Pick<JobProvider, 'enqueue'> | undefined;
}

/**
 * Production API (spec matrix "Production control": ADMIN and MANAGER full, OPERATOR execute, VIEWER none).
 * Reads need production:read; shop-floor writes (start, complete, output, quality checks, downtime) need
 * production:execute; planning an order needs production:write; releasing and cancelling an order is further limited to MANAGER and ADMIN by the workflow.
 */
export function productionRoutes(app: FastifyInstance, ctx: AppContext, options: ProductionModuleOptions = {}): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const replanJob = createReplanScheduleJob({ db: ctx.db.db, ...(options.now ? { now: options.now } : {}) });
  // Every order write queues a re-plan a few seconds later; the job skips itself when nothing it plans from changed.
  const onOrdersChanged = async () => (options.jobs?.() ?? ctx.jobs)?.enqueue(replanJob, { reason: 'orders_changed' }, { delayMs: REPLAN_DELAY_MS });
  const service = createProductionService({ db: ctx.db, cache: ctx.cache, events: options.events?.() ?? ctx.events, onOrdersChanged, ...(options.now ? { now: options.now } : {}) });

  r.get(
    '/api/production/oee',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'OEE (availability × performance × quality) and first-pass yield by line, equipment, shift and day, with the downtime Pareto',
        description: 'Line-days of today and yesterday below the 85 % target are stored as alerts and raised as alert.raised.',
        querystring: oeeQuerySchema,
        response: { 200: oeeReportSchema, ...errors },
      },
    },
    async (request) => service.oee(request.query),
  );

  r.get(
    '/api/production/alerts',
    { config: { permission: READ }, schema: { tags, summary: 'Open OEE alerts, newest first', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: productionAlertListSchema, ...errors } } },
    async (request) => ({ alerts: await service.alerts(request.query.limit) }),
  );

  r.get('/api/production/lines', { config: { permission: READ }, schema: { tags, summary: 'Lines (work centres) with equipment, and downtime reason codes', response: { 200: productionLinesSchema, ...errors } } }, async () => service.lineList());

  r.get(
    '/api/production/orders',
    { config: { permission: READ }, schema: { tags, summary: 'Production orders with output so far, in progress first', querystring: productionOrderListQuerySchema, response: { 200: productionOrderListSchema, ...errors } } },
    async (request) => ({ orders: await service.listOrders(request.query) }),
  );

  r.get(
    '/api/production/orders/:id',
    { config: { permission: READ }, schema: { tags, summary: 'One production order with its quality checks and stops', params: idParams, response: { 200: productionOrderDetailSchema, ...errors, 404: problemSchema } } },
    async (request) => service.orderDetail(request.params.id),
  );

  r.post(
    '/api/production/orders',
    { config: { permission: WRITE }, schema: { tags, summary: 'Plan a production order (MANAGER, ADMIN); the schedule places it', body: createProductionOrderSchema, response: { 201: productionOrderSchema, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.createOrder(request.body, auditActorFromRequest(request))),
  );

  r.post(
    '/api/production/orders/:id/transitions',
    {
      config: { permission: EXECUTE },
      schema: {
        tags,
        summary: 'Move an order: release, start, complete (needs output and a passing latest quality check) or cancel (with a reason)',
        description: 'planned → released → in progress → completed; cancel from any open status. Release and cancel need MANAGER or ADMIN. A move the workflow does not allow from the current status answers 409.',
        params: idParams,
        body: productionTransitionSchema,
        response: { 200: productionOrderSchema, ...writeErrors },
      },
    },
    async (request) => service.transition(request.params.id, request.body, principalOf(request), auditActorFromRequest(request)),
  );

  r.post(
    '/api/production/orders/:id/output',
    { config: { permission: EXECUTE }, schema: { tags, summary: 'Record output on an order in progress (good, total and rework units over run minutes)', params: idParams, body: recordOutputSchema, response: { 201: productionOrderSchema, ...writeErrors } } },
    async (request, reply) => reply.code(201).send(await service.recordOutput(request.params.id, request.body, principalOf(request), auditActorFromRequest(request))),
  );

  r.post(
    '/api/production/orders/:id/quality-checks',
    { config: { permission: EXECUTE }, schema: { tags, summary: 'Record a quality check on an order in progress', params: idParams, body: recordQualityCheckSchema, response: { 201: productionOrderDetailSchema, ...writeErrors } } },
    async (request, reply) => reply.code(201).send(await service.recordQualityCheck(request.params.id, request.body, principalOf(request), auditActorFromRequest(request))),
  );

  r.post(
    '/api/production/downtime',
    { config: { permission: EXECUTE }, schema: { tags, summary: 'Record a stop on a line (planned or unplanned, with a reason), optionally against a started order', body: recordDowntimeSchema, response: { 201: downtimeRecordSchema, ...writeErrors } } },
    async (request, reply) => reply.code(201).send(await service.recordDowntime(request.body, auditActorFromRequest(request))),
  );

  r.get(
    '/api/production/schedule',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'The published finite-capacity schedule: operations per work centre (multi-step routings), orders with lateness, utilisation by day, what moved since the previous run',
        description: 'Stored and shown until re-planned. `isStale` says the open orders changed since; a re-plan is queued after every order write. The very first read plans one.',
        querystring: scheduleQuerySchema,
        response: { 200: scheduleSchema, ...errors },
      },
    },
    async (request) => service.schedule(request.query),
  );

  r.post(
    '/api/production/schedule/runs',
    {
      config: { permission: WRITE },
      schema: { tags, summary: 'Re-plan now and publish (MANAGER, ADMIN): stores the run with its operations and the diff against the previous one', body: replanScheduleSchema, response: { 201: scheduleSchema, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await service.replanNow(request.body, auditActorFromRequest(request))),
  );

  r.get(
    '/api/production/schedule/runs',
    {
      config: { permission: READ },
      schema: { tags, summary: 'Schedule runs, newest first (the published one and those it superseded)', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: scheduleRunListSchema, ...errors } },
    },
    async (request) => service.scheduleRuns(request.query.limit),
  );
}

/** The production module for `createApp({ modules })`. */
export function productionModule(options: ProductionModuleOptions = {}): AppModule {
  return { name: 'production', register: (app, ctx: AppContext) => productionRoutes(app, ctx, options) };
}
