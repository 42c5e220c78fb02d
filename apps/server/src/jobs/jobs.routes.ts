import { jobListQuerySchema, jobListSchema, jobsOverviewSchema, jobSummarySchema } from '@sentia/contracts/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../http/app-error.ts';
import type { AppModule } from '../http/create-app.ts';
import type { JobProvider } from './job-provider.ts';

const idParams = z.object({ id: z.string().min(1).max(300) });

/** The Jobs page API under /api/admin/jobs: queues and counts, job lists, dead letters, schedules, retry and remove (permission admin:manage, which only ADMIN holds). */
export function jobsModule(deps: { jobs: JobProvider }): AppModule {
  return {
    name: 'jobs',
    register(scope: FastifyInstance) {
      const app = scope.withTypeProvider<ZodTypeProvider>();
      const common = { config: { permission: 'admin:manage' } } as const;

      app.get('/api/admin/jobs', { ...common, schema: { tags: ['jobs'], summary: 'Queues with counts by state, schedules and the dead-letter list', response: { 200: jobsOverviewSchema } } }, async () =>
        deps.jobs.overview(),
      );

      app.get(
        '/api/admin/jobs/list',
        { ...common, schema: { tags: ['jobs'], summary: 'Jobs of one queue in one state', querystring: jobListQuerySchema, response: { 200: jobListSchema } } },
        async (request) => ({ jobs: await deps.jobs.listJobs(request.query) }),
      );

      app.get('/api/admin/jobs/:id', { ...common, schema: { tags: ['jobs'], summary: 'One job', params: idParams, response: { 200: jobSummarySchema } } }, async (request) => {
        const job = await deps.jobs.getJob(request.params.id);
        if (!job) throw new AppError('NOT_FOUND', `No job with id ${request.params.id}.`);
        return job;
      });

      app.post(
        '/api/admin/jobs/:id/retry',
        { ...common, schema: { tags: ['jobs'], summary: 'Run a failed job or dead letter again from its first attempt', params: idParams } },
        async (request, reply) => {
          await deps.jobs.retryJob(request.params.id);
          return reply.code(204).send();
        },
      );

      app.delete('/api/admin/jobs/:id', { ...common, schema: { tags: ['jobs'], summary: 'Remove a job that is not running, or discard a dead letter', params: idParams } }, async (request, reply) => {
        await deps.jobs.removeJob(request.params.id);
        return reply.code(204).send();
      });
    },
  };
}
