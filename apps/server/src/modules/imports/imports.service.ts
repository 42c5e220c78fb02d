import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ImportCommitResult, ImportEntity, ImportIssue, ImportMapping, ImportReport } from '@sentia/contracts/imports';
import type { DbHandle } from '@sentia/db/create-db';
import type { Cache } from '../../cache/create-cache.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import { AppError } from '../../http/app-error.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { kpiCacheTags } from '../kpis/kpis.service.ts';
import { errorReportHeader, errorReportLine } from './error-report-csv.ts';
import type { AnyImportEntityHandler, ImportWriteOutcome } from './import-entity.ts';
import { inventoryCountImport } from './inventory-count-import.ts';
import { mapHeaders } from './map-headers.ts';
import { orderImport } from './order-import.ts';
import { productImport } from './product-import.ts';
import { purchaseOrderImport } from './purchase-order-import.ts';
import { type TableFormat, readTableRows, sniffFormat } from './read-table-rows.ts';
import { type MappedRow, createRowValidator } from './row-validator.ts';
import { supplierImport } from './supplier-import.ts';
import { UnreadableFileError } from './unreadable-file-error.ts';
import type { StoredUpload } from './receive-upload.ts';

export const importHandlers: Record<ImportEntity, AnyImportEntityHandler> = {
  orders: orderImport,
  'inventory-counts': inventoryCountImport,
  products: productImport,
  suppliers: supplierImport,
  'purchase-orders': purchaseOrderImport,
};

/** Errors returned in a preview; the CSV report lists all of them. */
const PREVIEW_ERRORS = 100;
const SAMPLE_ROWS = 10;
/** Records written per statement batch inside the one transaction (the spec's import chunk size is 1,000). */
const WRITE_BATCH = 500;

export interface ImportServiceOptions {
  db: DbHandle;
  cache: Cache;
  events?: EventBus | undefined;
  now?: () => Date;
  maxRows: number;
}

interface Analysis {
  report: ImportReport;
  /** Rows per group key (orders, purchase orders), for regrouping the rows in the write pass. */
  groupSizes: Map<string, number>;
}

/**
 * Validates and imports uploaded files. Every request reads the file from disk twice at most (validate, then
 * write), row by row: memory holds the keys needed for cross-row checks, never the rows. A commit writes in one
 * transaction only after a validation pass found nothing wrong, and any problem during the write rolls it all back.
 */
export function createImportService(options: ImportServiceOptions) {
  const now = options.now ?? (() => new Date());

  async function analyse(upload: StoredUpload, entity: ImportEntity, mapping: ImportMapping, reportTo?: WriteStream): Promise<Analysis> {
    const handler = importHandlers[entity];
    const errors: ImportIssue[] = [];
    let errorCount = 0;
    const addIssue = (issue: ImportIssue) => {
      errorCount += 1;
      if (errors.length < PREVIEW_ERRORS) errors.push(issue);
      reportTo?.write(errorReportLine(issue));
    };
    const report: ImportReport = {
      entity,
      fileName: upload.fileName,
      format: 'csv',
      headers: [],
      mapping: {},
      unmappedHeaders: [],
      rowCount: 0,
      validRowCount: 0,
      invalidRowCount: 0,
      errorCount: 0,
      errors,
      sample: [],
      recordCount: 0,
    };
    const groupSizes = new Map<string, number>();
    let format: TableFormat;
    try {
      format = await sniffFormat(upload.path, upload.fileName);
      report.format = format;
      const ctx = await handler.context(options.db.db, now());
      let columns: Map<string, number> | undefined;
      let headerCount = 0;
      let isUsable = true;
      for await (const row of readTableRows(upload.path, format, { maxRows: options.maxRows })) {
        if (!columns) {
          const headers = row.cells.map((c) => c.replace(/^\uFEFF/, '').trim());
          headerCount = headers.length;
          const mapped = mapHeaders(headers, handler.fields, mapping);
          report.headers = headers;
          report.mapping = mapped.mapping;
          report.unmappedHeaders = mapped.unmappedHeaders;
          columns = mapped.columns;
          for (const issue of mapped.issues) addIssue(issue);
          isUsable = mapped.issues.length === 0;
          continue;
        }
        report.rowCount += 1;
        if (!isUsable) continue;
        const mappedRow = toMappedRow(row.row, row.cells, row.formulaColumns, columns);
        const v = createRowValidator(mappedRow, handler.fields);
        if (row.cells.length > headerCount && row.cells.slice(headerCount).some((c) => c.trim() !== '')) {
          v.issue('(row)', String(row.cells.length), `the row has ${row.cells.length} cells but the header has ${headerCount}`);
        }
        const record = handler.validateRow(v, mappedRow, ctx);
        if (v.issues.length > 0 || record === undefined) {
          report.invalidRowCount += 1;
          for (const issue of v.issues) addIssue(issue);
          continue;
        }
        report.validRowCount += 1;
        if (report.sample.length < SAMPLE_ROWS) report.sample.push(Object.fromEntries([...mappedRow.values].map(([k, val]) => [k, val.slice(0, 100)])));
        if (handler.groupKey) {
          const key = handler.groupKey(record);
          groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
        } else report.recordCount += 1;
      }
      if (!columns) addIssue({ row: 0, column: '(file)', value: '', message: 'the file is empty: it needs a header row and at least one data row' });
      else if (report.rowCount === 0) addIssue({ row: 0, column: '(file)', value: '', message: 'the file has a header row but no data rows' });
      if (handler.groupKey) report.recordCount = groupSizes.size;
      if (errorCount === 0 && handler.finish) for (const issue of await handler.finish(ctx, options.db.db)) addIssue(issue);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      addIssue({ row: error.row, column: '(file)', value: '', message: error.message });
    }
    report.errorCount = errorCount;
    return { report, groupSizes };
  }

  return {
    /** Validates the file and reports counts, the first rows and the first errors; writes nothing. */
    async preview(upload: StoredUpload, entity: ImportEntity, mapping: ImportMapping): Promise<ImportReport> {
      return (await analyse(upload, entity, mapping)).report;
    },

    /** Writes every problem of the file as CSV to `reportPath`; returns the report. */
    async errorReport(upload: StoredUpload, entity: ImportEntity, mapping: ImportMapping, reportPath: string): Promise<ImportReport> {
      const out = createWriteStream(reportPath);
      out.write(errorReportHeader);
      try {
        return (await analyse(upload, entity, mapping, out)).report;
      } finally {
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }
    },

    /** Validates, then writes everything in one transaction (or nothing), audits it and tells the dashboards. */
    async commit(upload: StoredUpload, entity: ImportEntity, mapping: ImportMapping, actor: AuditActor): Promise<ImportCommitResult> {
      const handler = importHandlers[entity];
      const { report, groupSizes } = await analyse(upload, entity, mapping);
      if (report.errorCount > 0) {
        throw new AppError('VALIDATION_FAILED', `The file has ${report.errorCount} error${report.errorCount === 1 ? '' : 's'}; nothing was imported. Download the error report, fix the file and upload it again.`, {
          errors: report.errors.map((e) => ({ field: e.row > 0 ? `row ${e.row}: ${e.column}` : e.column, message: e.value ? `${e.message} (value "${e.value}")` : e.message })),
        });
      }
      const at = now();
      const importId = randomUUID();
      const sourceLabel = `import:${upload.fileName}`.slice(0, 200);
      const totals: ImportWriteOutcome & { affectedDays: string[]; affectedSkus: string[] } = { inserted: 0, updated: 0, unchanged: 0, skipped: 0, affectedDays: [], affectedSkus: [] };

      const audit = await options.db.db.transaction(async (tx) => {
        const ctx = await handler.context(tx, at);
        const pending = new Map<string, unknown[]>();
        let batch: unknown[][] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const outcome = await handler.write(tx, batch, ctx, { now: at, sourceLabel, userId: actor.userId ?? null });
          batch = [];
          totals.inserted += outcome.inserted;
          totals.updated += outcome.updated;
          totals.unchanged += outcome.unchanged;
          totals.skipped += outcome.skipped;
          totals.affectedDays.push(...(outcome.affectedDays ?? []));
          totals.affectedSkus.push(...(outcome.affectedSkus ?? []));
        };
        let columns: Map<string, number> | undefined;
        for await (const row of readTableRows(upload.path, report.format, { maxRows: options.maxRows })) {
          if (!columns) {
            columns = mapHeaders(row.cells.map((c) => c.replace(/^\uFEFF/, '').trim()), handler.fields, mapping).columns;
            continue;
          }
          const mappedRow = toMappedRow(row.row, row.cells, row.formulaColumns, columns);
          const v = createRowValidator(mappedRow, handler.fields);
          const record = handler.validateRow(v, mappedRow, ctx);
          if (v.issues.length > 0 || record === undefined) {
            const first = v.issues[0];
            throw new AppError('CONFLICT', `The data changed while importing (row ${mappedRow.row}: ${first?.column ?? ''} ${first?.message ?? 'invalid'}); nothing was imported. Try again.`);
          }
          if (!handler.groupKey) batch.push([record]);
          else {
            const key = handler.groupKey(record);
            const lines = pending.get(key) ?? [];
            lines.push(record);
            if (lines.length === groupSizes.get(key)) {
              pending.delete(key);
              batch.push(lines);
            } else pending.set(key, lines);
          }
          if (batch.length >= WRITE_BATCH) await flush();
        }
        await flush();
        if (pending.size > 0) throw new AppError('CONFLICT', 'The file changed while importing; nothing was imported. Try again.');
        return recordAudit(tx, {
          ...actor,
          action: 'import.committed',
          entityType: 'import',
          entityId: importId,
          at,
          after: { entity, fileName: upload.fileName, sha256: upload.sha256, bytes: upload.bytes, rows: report.rowCount, records: report.recordCount, inserted: totals.inserted, updated: totals.updated, unchanged: totals.unchanged, skipped: totals.skipped },
        });
      });

      await announce(entity, totals, report.recordCount);
      return { ...report, committed: true, inserted: totals.inserted, updated: totals.updated, unchanged: totals.unchanged, skipped: totals.skipped, auditId: audit.id };
    },
  };

  /** Invalidates the cached KPIs the import moved and publishes the events the dashboards listen to. */
  async function announce(entity: ImportEntity, totals: { inserted: number; updated: number; affectedDays: string[]; affectedSkus: string[] }, records: number): Promise<void> {
    if (totals.inserted + totals.updated === 0) return;
    const tags = entity === 'orders' ? [kpiCacheTags.sales] : entity === 'inventory-counts' ? [kpiCacheTags.inventory] : [...kpiCacheTags.all];
    await options.cache.invalidate(tags);
    const bus = options.events;
    if (!bus) return;
    const days = [...new Set(totals.affectedDays)].sort();
    if (entity === 'inventory-counts') await bus.publish('inventory.changed', { skuCodes: [...new Set(totals.affectedSkus)].sort(), reason: 'import' });
    await bus.publish('kpi.updated', { reason: `import.${entity}`, ...(days.length > 0 ? { from: days[0]!, to: days.at(-1)! } : {}) });
    await bus.publish('sync.completed', { source: `import:${entity}`, recordCount: records });
  }
}

export type ImportService = ReturnType<typeof createImportService>;

function toMappedRow(rowNumber: number, cells: string[], formulaColumns: Set<number> | undefined, columns: Map<string, number>): MappedRow {
  const values = new Map<string, string>();
  const formulas = new Set<string>();
  for (const [field, index] of columns) {
    values.set(field, cells[index] ?? '');
    if (formulaColumns?.has(index)) formulas.add(field);
  }
  return { row: rowNumber, values, formulas };
}

