import { Readable } from 'node:stream';
import { auditChainReportSchema, auditPageSchema, auditQuerySchema } from '@sentia/contracts/audit';
import { problemSchema } from '@sentia/contracts/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/create-app.ts';
import { auditCsvHeader, auditCsvLine } from './audit-csv.ts';
import { searchAuditLog, streamAuditLog } from './audit.repository.ts';
import { auditActorFromRequest, recordAudit } from './record-audit.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/** Upper bound on one CSV export; narrow the filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const exportQuerySchema = auditQuerySchema.omit({ before: true, limit: true });

/** GET /api/admin/audit (search), GET /api/admin/audit/export.csv, GET /api/admin/audit/verify. */
export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/admin/audit',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'Search the audit log, newest first', querystring: auditQuerySchema, response: { 200: auditPageSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return searchAuditLog(ctx.db.db, request.query);
    },
  );

  r.get(
    '/api/admin/audit/export.csv',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'Export matching audit entries as CSV (the export itself is audited)', querystring: exportQuerySchema, response: { 400: problemSchema, 401: problemSchema, 403: problemSchema } },
    },
    async (request, reply) => {
      await recordAudit(ctx.db.db, { ...auditActorFromRequest(request), action: 'audit.export', entityType: 'audit_log', after: { filters: request.query, format: 'csv' } });
      const rows = streamAuditLog(ctx.db.db, request.query, AUDIT_EXPORT_MAX_ROWS);
      const body = Readable.from(
        (async function* csv() {
          yield auditCsvHeader;
          for await (const row of rows) yield auditCsvLine(row);
        })(),
      );
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');
      // A stream is piped as-is (no response serialisation), so the untyped reply is the honest type here.
      const raw: FastifyReply = reply;
      return raw
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="audit-log-${stamp}Z.csv"`)
        .type('text/csv; charset=utf-8')
        .send(body);
    },
  );

  r.get(
    '/api/admin/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['audit'], summary: 'Recompute the audit hash chain: intact, or the first broken entry', response: { 200: auditChainReportSchema, 401: problemSchema, 403: problemSchema } },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return verifyAuditChain(ctx.db.db);
    },
  );
}
