import { eq, inArray } from 'drizzle-orm';
import type { NormalisedProduct } from '@sentia/contracts/integrations';
import { products } from '@sentia/db/schema';
import type { IngestRejection } from './ingest-orders.ts';
import { compareWithStored, contentHash, type IngestDb, loadSourceRecords, lockRecordKeys, saveSourceRecords, type SourceRecordWrite } from './source-records.ts';

export interface IngestCatalogueResult {
  inserted: number;
  updated: number;
  unchanged: number;
  stale: number;
  /** Records this table does not hold (ERP components are materials, not finished goods). */
  ignored?: number;
  rejected: IngestRejection[];
}

/**
 * Refreshes the catalogue from the ERP: name and active flag of known SKUs. Costs stay ours (standard cost
 * drives COGS history) and unknown SKUs are rejected, because a product row needs size, ABV and case
 * data no source sends; they are reported so someone adds them. Components (bottles, closures, spirit) are
 * materials, kept in their own table, and are skipped here.
 */
export async function ingestProducts(db: IngestDb, input: NormalisedProduct[], opts: { now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, ignored: 0, rejected: [] };
  const finished = input.filter((p) => p.isAssembled || !p.isComponent);
  result.ignored = input.length - finished.length;
  if (finished.length === 0) return result;
  const latest = new Map(finished.map((p) => [p.sku, p]));
  result.unchanged += finished.length - latest.size;
  const keys = [...latest.keys()];
  await lockRecordKeys(db, 'product', keys);
  const known = new Map((await db.select({ sku: products.sku, name: products.name, isActive: products.isActive }).from(products).where(inArray(products.sku, keys))).map((p) => [p.sku, p]));
  const stored = await loadSourceRecords(db, 'product', keys);
  const records: SourceRecordWrite[] = [];
  for (const product of latest.values()) {
    const current = known.get(product.sku);
    if (!current) {
      result.rejected.push({ sourceId: product.sourceId, reason: `unknown SKU ${product.sku}: add it to the catalogue (size, ABV, case size) first` });
      continue;
    }
    const hash = contentHash(product);
    const freshness = compareWithStored(stored.get(product.sku), product.updatedAt ? new Date(product.updatedAt) : null, hash);
    if (freshness === 'older') result.stale += 1;
    if (freshness === 'older' || freshness === 'same') {
      if (freshness === 'same') result.unchanged += 1;
      continue;
    }
    const isActive = !product.obsolete;
    if (current.name !== product.name || current.isActive !== isActive) {
      await db.update(products).set({ name: product.name, isActive, updatedAt: now }).where(eq(products.sku, product.sku));
      result.updated += 1;
    } else result.unchanged += 1;
    records.push({ recordKey: product.sku, source: product.source, account: product.account, sourceId: product.sourceId, sourceUpdatedAt: product.updatedAt ? new Date(product.updatedAt) : null, contentHash: hash });
  }
  await saveSourceRecords(db, 'product', records, now);
  return result;
}
