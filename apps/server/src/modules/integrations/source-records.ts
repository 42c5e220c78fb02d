import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { integrationRecords } from '@sentia/db/schema';

/** A database or a transaction handle: the ingest functions write inside whatever the caller gives them. */
export type IngestDb = Db | DbTransaction;

export type SourceEntity = 'order' | 'inventory' | 'product' | 'supplier' | 'purchase-order';

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
 * Serialises concurrent ingests of the same records (a webhook and a poll delivering one order at
 * once) for the rest of the caller's transaction. Keys are locked in sorted order so two batches
 * never deadlock on each other.
 */
export async function lockRecordKeys(db: IngestDb, entity: SourceEntity, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort().map((k) => `${entity}:${k}`);
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sql.param(sorted)}::text[]) as k order by k`);
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

export async function saveSourceRecords(db: IngestDb, entity: SourceEntity, records: SourceRecordWrite[], now: Date): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    await db
      .insert(integrationRecords)
      .values(records.slice(i, i + 500).map((r) => ({ entity, ...r, updatedAt: now })))
      .onConflictDoUpdate({
        target: [integrationRecords.entity, integrationRecords.recordKey],
        set: {
          source: sql`excluded.source`,
          account: sql`excluded.account`,
          sourceId: sql`excluded.source_id`,
          sourceUpdatedAt: sql`excluded.source_updated_at`,
          contentHash: sql`excluded.content_hash`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
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
