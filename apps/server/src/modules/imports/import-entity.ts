import type { ImportEntity, ImportFieldDefinition, ImportIssue } from '@sentia/contracts/imports';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import type { MappedRow, RowValidator } from './row-validator.ts';

export type ImportDb = Db | DbTransaction;

export interface ImportWriteOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records left alone on purpose (an order the source system already delivered in a newer version). */
  skipped: number;
  /** UTC days whose sales figures moved (orders), for the `kpi.updated` event. */
  affectedDays?: string[];
  /** SKUs whose stock moved (inventory counts), for `inventory.changed`. */
  affectedSkus?: string[];
}

/**
 * One importable entity: its fields, how a row becomes a record (with every problem reported through the row
 * validator), the checks that need the whole file, and how a batch of records is written inside the import's
 * one transaction. `context()` is built per pass and holds the cross-row state (duplicate detection).
 */
export interface ImportEntityHandler<TContext, TRecord> {
  entity: ImportEntity;
  fields: readonly ImportFieldDefinition[];
  /** What the records are called in messages ("orders", "stock counts"). */
  noun: string;
  context(db: ImportDb, now: Date): Promise<TContext>;
  validateRow(v: RowValidator, row: MappedRow, ctx: TContext): TRecord | undefined;
  /** Rows with the same key form one record (the lines of an order); absent when every row is a record. */
  groupKey?(record: TRecord): string;
  /** Checks against the database that need all rows (e.g. purchase-order numbers already taken). */
  finish?(ctx: TContext, db: ImportDb): Promise<ImportIssue[]>;
  /** Writes complete records (each an array of its rows) in the caller's transaction. */
  write(tx: DbTransaction, groups: TRecord[][], ctx: TContext, meta: { now: Date; sourceLabel: string; userId: string | null }): Promise<ImportWriteOutcome>;
}

// The handlers are stored side by side; their record types differ, which only they themselves see.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyImportEntityHandler = ImportEntityHandler<any, any>;
