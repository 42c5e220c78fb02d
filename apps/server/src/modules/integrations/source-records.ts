import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { integrationRecords } from '@sentia/db/schema';
import { bulkInsert } from './bulk-insert.ts';

/** A database or a transaction handle: the ingest functions write inside whatever the caller gives them. */
export type IngestDb = Db | DbTransaction;

export type SourceEntity = 'order' | 'inventory' | 'product' | 'supplier' | 'purchase-order' | 'warehouse' | 'bill-of-materials' | 'assembly';

export interface StoredSourceRecord {
  recordKey: string;
  sourceUpdatedAt: Date | null;
  contentHash: string;
}

/** Stable JSON (keys sorted) so the same record hashes the same whatever order its keys were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('base64url');
}

/**
 * Advisory-lock slots per entity. Keys hash onto slots, so one transaction holds at most this many
 * locks per entity however many records it ingests: a 100 000-line import in one transaction would
 * otherwise overflow the server's shared lock table ("out of shared memory"). Two keys sharing a slot
 * only serialise each other, which costs a little concurrency and never correctness.
 */
const LOCK_SLOTS = 1024;
const entityLockClass: Record<SourceEntity, number> = { order: 7301, inventory: 7302, product: 7303, supplier: 7304, 'purchase-order': 7305, warehouse: 7306, 'bill-of-materials': 7307, assembly: 7308 };

/**
 * Serialises concurrent ingests of the same records (a webhook and a poll delivering one order at
 * once) for the rest of the caller's transaction. Slots are locked in ascending order so two batches
 * never deadlock on each other.
 */
export async function lockRecordKeys(db: IngestDb, entity: SourceEntity, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const unique = [...new Set(keys)];
  await db.execute(
    sql`select pg_advisory_xact_lock(${entityLockClass[entity]}::int, slot) from (select distinct (((hashtextextended(k, 0) % ${LOCK_SLOTS}) + ${LOCK_SLOTS}) % ${LOCK_SLOTS})::int as slot from unnest(${sql.param(unique)}::text[]) as k) as slots order by slot`,
  );
}

export async function loadSourceRecords(db: IngestDb, entity: SourceEntity, keys: string[]): Promise<Map<string, StoredSourceRecord>> {
  const found = new Map<string, StoredSourceRecord>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .select({ recordKey: integrationRecords.recordKey, sourceUpdatedAt: integrationRecords.sourceUpdatedAt, contentHash: integrationRecords.contentHash })
      .from(integrationRecords)
      .where(and(eq(integrationRecords.entity, entity), inArray(integrationRecords.recordKey, unique.slice(i, i + 1000))));
    for (const row of rows) found.set(row.recordKey, row);
  }
  return found;
}

export interface SourceRecordWrite {
  recordKey: string;
  source: string;
  account: string;
  sourceId: string;
  sourceUpdatedAt: Date | null;
  contentHash: string;
}

const recordColumns = { entity: 'text', recordKey: 'text', source: 'text', account: 'text', sourceId: 'text', sourceUpdatedAt: 'timestamptz', contentHash: 'text', updatedAt: 'timestamptz' };

export async function saveSourceRecords(db: IngestDb, entity: SourceEntity, records: SourceRecordWrite[], now: Date): Promise<void> {
  for (let i = 0; i < records.length; i += 5000) {
    await bulkInsert(
      db,
      'integration_records',
      recordColumns,
      records.slice(i, i + 5000).map((r) => ({ entity, ...r, updatedAt: now })),
      sql`on conflict (entity, record_key) do update set source = excluded.source, account = excluded.account, source_id = excluded.source_id,
        source_updated_at = excluded.source_updated_at, content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
    );
  }
}

export type Freshness = 'new' | 'newer' | 'same' | 'older';

/**
 * Compares an incoming record with what was applied before. `older` (stored version strictly newer)
 * is ignored: a late webhook must not undo a newer poll. Equal versions with different content are
 * applied (vendors do not always bump `updated_at`, e.g. Shopify refunds).
 */
export function compareWithStored(stored: StoredSourceRecord | undefined, incomingUpdatedAt: Date | null, hash: string): Freshness {
  if (!stored) return 'new';
  if (stored.sourceUpdatedAt && incomingUpdatedAt && incomingUpdatedAt.getTime() < stored.sourceUpdatedAt.getTime()) return 'older';
  if (stored.contentHash === hash) return 'same';
  return 'newer';
}

export interface FreshRecord<T> {
  key: string;
  record: T;
  hash: string;
  isNew: boolean;
}

/**
 * The common front half of an ingest: locks the batch's keys for the caller's transaction, loads what was
 * applied before and keeps the records that are new or newer (the last of duplicate keys wins). Counts the
 * rest into `result` as unchanged (same content) or stale (older than the stored version).
 */
export async function selectFreshRecords<T extends { updatedAt: string | null }>(
  db: IngestDb,
  entity: SourceEntity,
  input: { key: string; record: T }[],
  result: { unchanged: number; stale: number },
): Promise<FreshRecord<T>[]> {
  const latest = new Map(input.map((i) => [i.key, i.record]));
  result.unchanged += input.length - latest.size;
  if (latest.size === 0) return [];
  const keys = [...latest.keys()];
  await lockRecordKeys(db, entity, keys);
  const stored = await loadSourceRecords(db, entity, keys);
  const fresh: FreshRecord<T>[] = [];
  for (const [key, record] of latest) {
    const hash = contentHash(record);
    const freshness = compareWithStored(stored.get(key), record.updatedAt ? new Date(record.updatedAt) : null, hash);
    if (freshness === 'older') result.stale += 1;
    else if (freshness === 'same') result.unchanged += 1;
    else fresh.push({ key, record, hash, isNew: freshness === 'new' });
  }
  return fresh;
}

/** The `integration_records` row of a record applied from a connector. */
export const sourceRecordOf = (key: string, record: { source: string; account: string; sourceId: string; updatedAt: string | null }, hash: string): SourceRecordWrite => ({
  recordKey: key,
  source: record.source,
  account: record.account,
  sourceId: record.sourceId,
  sourceUpdatedAt: record.updatedAt ? new Date(record.updatedAt) : null,
  contentHash: hash,
});
