import { problemSchema } from '@sentia/contracts/common';
import {
  connectionHealthSchema,
  connectionTestResultSchema,
  createConnectionSchema,
  degradedSourceSchema,
  replaceCredentialsResultSchema,
  replaceCredentialsSchema,
  syncHealthSchema,
  syncNowResultSchema,
  syncNowSchema,
} from '@sentia/contracts/integration-connections';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { requireStepUp } from '../auth/totp.service.ts';
import { createIntegrationSyncJob } from './integration-sync.job.ts';
import { integrationsRuntimeFor, type IntegrationsRuntime } from './integrations-runtime.ts';
import { createIntegrationsService } from './integrations.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 503: problemSchema };
const idParams = z.strictObject({ id: z.uuid() });

/**
 * Integrations API: connections to Amazon SP-API, Shopify stores and Unleashed (credentials write-only, changes
 * need a fresh second factor), the sync health page's data, "sync now" and dead-letter retry. ADMIN manages
 * (admin:manage); MANAGER reads (integrations:read). `jobs` and `runtime` override the context's (tests).
 */
export function integrationsModule(options: { jobs?: JobProvider; runtime?: IntegrationsRuntime } = {}): AppModule {
  return {
    name: 'integrations',
    register: async (app: FastifyInstance, ctx: AppContext) => {
      const db = ctx.db.db;
      const runtime = options.runtime ?? integrationsRuntimeFor(db, ctx.config);
      const syncJob = createIntegrationSyncJob({ db, bus: ctx.events as NonNullable<AppContext['events']>, config: ctx.config });
      const service = createIntegrationsService({ db, runtime, syncJob, jobs: () => options.jobs ?? ctx.jobs, bus: ctx.events });
      const stepUp = requireStepUp(ctx);
      const r = app.withTypeProvider<ZodTypeProvider>();

      // Schedules live in the job store; re-registering them at start-up keeps them equal to the connections table.
      if (options.jobs ?? ctx.jobs) await service.scheduleAll().catch((err: unknown) => app.log.warn({ err }, 'integrations: could not register sync schedules'));

      r.get(
        '/api/integrations/health',
        { config: { permission: 'integrations:read' }, schema: { tags: ['integrations'], summary: 'Sync health: every connection with its resources, breaker, rate-limit headroom, error rate and dead letters', response: { 200: syncHealthSchema, ...errors } } },
        async () => service.health(),
      );

      r.get(
        '/api/integrations/degraded',
        { config: { permission: 'dashboard:read' }, schema: { tags: ['integrations'], summary: 'Sources whose circuit breaker is open: the dashboards show stored data for them', response: { 200: z.object({ sources: z.array(degradedSourceSchema) }), ...errors } } },
        async () => ({ sources: await service.degradedSources() }),
      );

      r.post(
        '/api/integrations/connections',
        {
          config: { permission: 'admin:manage' },
          preHandler: stepUp,
          schema: { tags: ['integrations'], summary: 'Add a connection (credentials are stored encrypted and never returned)', body: createConnectionSchema, response: { 201: connectionHealthSchema, ...errors } },
        },
        async (request, reply) => reply.status(201).send(await service.create(request.body, auditActorFromRequest(request))),
      );

      r.put(
        '/api/integrations/connections/:id/credentials',
        {
          config: { permission: 'admin:manage' },
          preHandler: stepUp,
          schema: {
            tags: ['integrations'],
            summary: 'Replace a connection’s credentials (write-only): tried with one authenticated call first; a failed test keeps the old ones (400) unless saveIfTestFails',
            params: idParams,
            body: replaceCredentialsSchema,
            response: { 200: replaceCredentialsResultSchema, ...errors },
          },
        },
        async (request) => service.replaceCredentials(request.params.id, request.body.credentials, auditActorFromRequest(request), { saveIfTestFails: request.body.saveIfTestFails }),
      );

      r.delete(
        '/api/integrations/connections/:id',
        { config: { permission: 'admin:manage' }, preHandler: stepUp, schema: { tags: ['integrations'], summary: 'Remove a connection, its schedules and sync history (synced data stays)', params: idParams, response: { 204: z.null(), ...errors } } },
        async (request, reply) => {
          await service.remove(request.params.id, auditActorFromRequest(request));
          return reply.status(204).send(null);
        },
      );

      r.post(
        '/api/integrations/connections/:id/test',
        { config: { permission: 'admin:manage' }, schema: { tags: ['integrations'], summary: 'Test a connection with one authenticated call', params: idParams, response: { 200: connectionTestResultSchema, ...errors } } },
        async (request) => service.test(request.params.id),
      );

      r.post(
        '/api/integrations/connections/:id/sync',
        { config: { permission: 'admin:manage' }, schema: { tags: ['integrations'], summary: 'Sync now: queue a sync of one or all resources', params: idParams, body: syncNowSchema, response: { 202: syncNowResultSchema, ...errors } } },
        async (request, reply) => reply.status(202).send(await service.syncNow(request.params.id, request.body.resource, auditActorFromRequest(request))),
      );

      r.post(
        '/api/integrations/dead-letters/:id/retry',
        { config: { permission: 'admin:manage' }, schema: { tags: ['integrations'], summary: 'Run a dead-lettered sync again', params: z.strictObject({ id: z.string().min(1).max(100) }), response: { 202: z.null(), ...errors } } },
        async (request, reply) => {
          await service.retryDeadLetter(request.params.id, auditActorFromRequest(request));
          return reply.status(202).send(null);
        },
      );
    },
  };
}
