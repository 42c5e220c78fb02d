import { createReadStream } from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import { problemSchema } from '@sentia/contracts/common';
import { importCommitResultSchema, importEntitySchema, importReportSchema } from '@sentia/contracts/imports';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventBus } from '../../events/create-event-bus.ts';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { createImportService } from './imports.service.ts';
import { receiveUpload } from './receive-upload.ts';

const PERMISSION = 'data:import';
const tags = ['imports'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 409: problemSchema, 413: problemSchema, 415: problemSchema, 429: problemSchema };
const params = z.object({ entity: importEntitySchema });
const description =
  'multipart/form-data: a `file` part (CSV in UTF-8 or UTF-16 with a BOM, delimiter , ; tab or |; or .xlsx, first sheet) and an optional `mapping` field, ' +
  'a JSON object of field → column header (null ignores a field); unmapped fields are matched to headers automatically.';

export interface ImportsModuleOptions {
  /** Largest upload accepted. Default 50 MB. */
  maxBytes?: number;
  /** Most data rows in one file. Default 250,000. */
  maxRows?: number;
  /** Requests per client per minute on each import route (spec 6.3.1.4: data import 50/min). */
  ratePerMinute?: number;
  now?: () => Date;
  /** An event bus to use instead of the context's (read when the module registers). */
  events?: () => EventBus | undefined;
}

/** POST preview, errors.csv and commit for each import entity (data:import). */
export async function importRoutes(app: FastifyInstance, ctx: AppContext, options: ImportsModuleOptions = {}): Promise<void> {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 64 * 1024, parts: 6, headerPairs: 50 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createImportService({ db: ctx.db, cache: ctx.cache, events: options.events?.() ?? ctx.events, maxRows: options.maxRows ?? 250_000, ...(options.now ? { now: options.now } : {}) });
  const rateLimit = { max: options.ratePerMinute ?? 50, timeWindow: '1 minute' };

  r.post(
    '/api/imports/:entity/preview',
    {
      config: { permission: PERMISSION, rateLimit },
      schema: { tags, summary: 'Dry run: validate a file and show counts, the header mapping, the first rows and errors (writes nothing)', description, consumes: ['multipart/form-data'], params, response: { 200: importReportSchema, ...errors } },
    },
    async (request) => {
      const upload = await receiveUpload(request, maxBytes);
      try {
        return await service.preview(upload, request.params.entity, upload.mapping);
      } finally {
        await upload.discard();
      }
    },
  );

  // Registered without the zod type provider's serializer: the reply is a CSV stream.
  app.post<{ Params: z.infer<typeof params> }>(
    '/api/imports/:entity/errors.csv',
    {
      config: { permission: PERMISSION, rateLimit },
      schema: { tags, summary: 'Every problem of the file as CSV (row, column, value, message), cells neutralised against formula injection', description, consumes: ['multipart/form-data'], params, response: errors },
    },
    async (request, reply) => {
      const upload = await receiveUpload(request, maxBytes);
      const reportPath = path.join(upload.dir, 'errors.csv');
      try {
        await service.errorReport(upload, request.params.entity, upload.mapping, reportPath);
      } catch (error) {
        await upload.discard();
        throw error;
      }
      const stream = createReadStream(reportPath);
      stream.on('close', () => void upload.discard());
      const base = upload.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import';
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${base}-errors.csv"`).send(stream);
    },
  );

  r.post(
    '/api/imports/:entity/commit',
    {
      config: { permission: PERMISSION, rateLimit },
      schema: {
        tags,
        summary: 'Validate and import a file in one transaction: everything or, on any error, nothing',
        description: `${description} Audited as import.committed; dashboards are told through kpi.updated / inventory.changed events.`,
        consumes: ['multipart/form-data'],
        params,
        response: { 201: importCommitResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const upload = await receiveUpload(request, maxBytes);
      try {
        const result = await service.commit(upload, request.params.entity, upload.mapping, auditActorFromRequest(request));
        return reply.code(201).send(result);
      } finally {
        await upload.discard();
      }
    },
  );
}

/** The imports module for `createApp({ modules })`. */
export function importsModule(options: ImportsModuleOptions = {}): AppModule {
  return { name: 'imports', register: (app, ctx) => importRoutes(app, ctx, options) };
}
