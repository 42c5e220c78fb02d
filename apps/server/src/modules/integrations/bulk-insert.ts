import { type SQL, sql } from 'drizzle-orm';
import type { IngestDb } from './source-records.ts';

/** Columns of a bulk insert: row key (camelCase keys name the snake_case column) → the type each text value is cast to. */
export type BulkColumns = Record<string, string>;

const columnName = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const textOf = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
};

/**
 * Inserts many rows with one parameter per column: `insert … select … from unnest($1::text[], $2::text[], …)`.
 * Building a multi-row `values` list costs a parameter per cell, which is what made an ingest page slow (the
 * query builder checks every value, the server parses thousands of parameters); a column array is one
 * parameter, whatever the row count. Values travel as text and are cast per column, so the same statement
 * runs on PGlite and node-postgres. `tail` is appended (`on conflict …`, `returning …`).
 */
export async function bulkInsert<R extends Record<string, unknown>>(db: IngestDb, table: string, columns: BulkColumns, rows: Record<string, unknown>[], tail?: SQL): Promise<R[]> {
  if (rows.length === 0) return [];
  const names = Object.keys(columns);
  const arrays = names.map((name) => sql`${sql.param(rows.map((row) => textOf(row[name])))}::text[]`);
  const casts = names.map((name, i) => sql.raw(`u.c${i}::${columns[name]}`));
  const aliases = sql.raw(names.map((_, i) => `c${i}`).join(', '));
  const statement = sql`insert into ${sql.identifier(table)} (${sql.raw(names.map((n) => `"${columnName(n)}"`).join(', '))}) select ${sql.join(casts, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases}) ${tail ?? sql``}`;
  const result = await db.execute(statement);
  return (result as unknown as { rows: R[] }).rows;
}
