import { eq, inArray } from 'drizzle-orm';
import type { NormalisedProduct } from '@sentia/contracts/integrations';
import { products } from '@sentia/db/schema';
import type { IngestRejection } from './ingest-orders.ts';
import { type IngestDb, saveSourceRecords, selectFreshRecords, sourceRecordOf, type SourceRecordWrite } from './source-records.ts';

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
  const fresh = await selectFreshRecords(db, 'product', finished.map((p) => ({ key: p.sku, record: p })), result);
  if (fresh.length === 0) return result;
  const known = new Map((await db.select({ sku: products.sku, name: products.name, isActive: products.isActive }).from(products).where(inArray(products.sku, fresh.map((f) => f.key)))).map((p) => [p.sku, p]));
  const records: SourceRecordWrite[] = [];
  for (const { key: sku, record: product, hash } of fresh) {
    const current = known.get(sku);
    if (!current) {
      result.rejected.push({ sourceId: product.sourceId, reason: `unknown SKU ${sku}: add it to the catalogue (size, ABV, case size) first` });
      continue;
    }
    const isActive = !product.obsolete;
    if (current.name !== product.name || current.isActive !== isActive) {
      await db.update(products).set({ name: product.name, isActive, updatedAt: now }).where(eq(products.sku, sku));
      result.updated += 1;
    } else result.unchanged += 1;
    records.push(sourceRecordOf(sku, product, hash));
  }
  await saveSourceRecords(db, 'product', records, now);
  return result;
}
