import { problemSchema } from '@sentia/contracts/common';
import {
  type CashRunwayQuery,
  cashRunwayQuerySchema,
  cashRunwaySchema,
  compareScenariosQuerySchema,
  createScenarioSchema,
  mitigationPlanSchema,
  mitigationQuerySchema,
  savedScenarioListSchema,
  savedScenarioSchema,
  scenarioComparisonSchema,
  workingCapitalQuerySchema,
  workingCapitalSummarySchema,
  workingCapitalTrendQuerySchema,
  workingCapitalTrendSchema,
} from '@sentia/contracts/working-capital';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EventBus } from '../../events/create-event-bus.ts';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import { AppError } from '../../http/app-error.ts';
import { createWorkingCapitalService } from './working-capital.service.ts';

const READ = 'workingcapital:read';
const WRITE = 'workingcapital:write';
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const tags = ['working-capital'];

/** GET summary, trend, mitigations and cash-runway (workingcapital:read); saved scenarios (read to list and compare, write to save). */
export function workingCapitalRoutes(app: FastifyInstance, ctx: AppContext, options: WorkingCapitalModuleOptions = {}): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createWorkingCapitalService({ db: ctx.db, events: options.events?.() ?? ctx.events, ...(options.now ? { now: options.now } : {}) });

  r.get(
    '/api/working-capital/summary',
    {
      config: { permission: READ },
      schema: {
        tags,
        summary: 'DSO, DIO, DPO and CCC for a period, against the 55-day target, with breach severity and escalation',
        description: 'For the company-wide current period (ending yesterday or later), a breach is stored as an alert once per month and severity and raised as alert.raised.',
        querystring: workingCapitalQuerySchema,
        response: { 200: workingCapitalSummarySchema, ...errors },
      },
    },
    async (request) => service.summary(request.query),
  );

  r.get(
    '/api/working-capital/trend',
    { config: { permission: READ }, schema: { tags, summary: 'Monthly DSO/DIO/DPO/CCC history', querystring: workingCapitalTrendQuerySchema, response: { 200: workingCapitalTrendSchema, ...errors } } },
    async (request) => service.trend(request.query),
  );

  r.get(
    '/api/working-capital/mitigations',
    { config: { permission: READ }, schema: { tags, summary: 'Actions ranked by CCC days they remove, with the cash each releases', querystring: mitigationQuerySchema, response: { 200: mitigationPlanSchema, ...errors } } },
    async (request) => service.mitigations(request.query),
  );

  r.get(
    '/api/working-capital/cash-runway',
    {
      config: { permission: READ },
      schema: { tags, summary: 'Daily cash projection from the latest forecast run (else a moving average) with an 80 % and 95 % fan, runway, zero and minimum-cash crossings for each path, under what-if levers', querystring: cashRunwayQuerySchema, response: { 200: cashRunwaySchema, ...errors } },
    },
    async (request) => service.cashRunway(request.query),
  );

  // Registered without the zod type provider: its reply is text, not one of the JSON response schemas.
  app.get<{ Querystring: CashRunwayQuery }>(
    '/api/working-capital/cash-runway.csv',
    { config: { permission: READ }, schema: { tags, summary: 'The same projection as CSV (export)', querystring: cashRunwayQuerySchema, response: errors } },
    async (request, reply) => {
      const runway = await service.cashRunway(request.query);
      const lines = [`date,inflow,outflow,closing,low_80,high_80,low_95,high_95,currency`, ...runway.days.map((d) => [d.date, d.inflow, d.outflow, d.closing, d.low ?? '', d.high ?? '', d.low95 ?? '', d.high95 ?? '', runway.currency].join(','))];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cash-runway-${runway.startDate}.csv"`)
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  r.get(
    '/api/working-capital/scenarios',
    { config: { permission: READ }, schema: { tags, summary: 'Saved scenarios, oldest first', response: { 200: savedScenarioListSchema, ...errors } } },
    async () => ({ scenarios: await service.listScenarios() }),
  );

  r.post(
    '/api/working-capital/scenarios',
    { config: { permission: WRITE }, schema: { tags, summary: 'Save a named scenario', body: createScenarioSchema, response: { 201: savedScenarioSchema, ...errors, 409: problemSchema } } },
    async (request, reply) => {
      if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
      return reply.code(201).send(await service.saveScenario(request.body, request.principal.userId));
    },
  );

  r.get(
    '/api/working-capital/scenarios/compare',
    {
      config: { permission: READ },
      schema: { tags, summary: 'Saved scenarios side by side with the base (no change), over the first scenario\u2019s horizon and currency', querystring: compareScenariosQuerySchema, response: { 200: scenarioComparisonSchema, ...errors, 404: problemSchema } },
    },
    async (request) => service.compareSaved(request.query.ids),
  );
}

export interface WorkingCapitalModuleOptions {
  /** Fixes "today" (tests, benchmarks). */
  now?: () => Date;
  /** An event bus to use instead of the context's (read when the module registers). */
  events?: () => EventBus | undefined;
}

/** The working-capital module for `createApp({ modules })`. */
export function workingCapitalModule(options: WorkingCapitalModuleOptions = {}): AppModule {
  return { name: 'working-capital', register: (app, ctx: AppContext) => workingCapitalRoutes(app, ctx, options) };
}
