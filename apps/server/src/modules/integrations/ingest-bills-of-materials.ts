import { inArray } from 'drizzle-orm';
import type { NormalisedBillOfMaterials } from '@sentia/contracts/integrations';
import { billOfMaterials, materials, products } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import type { IngestCatalogueResult } from './ingest-products.ts';
import { type IngestDb, saveSourceRecords, selectFreshRecords, sourceRecordOf, type SourceRecordWrite } from './source-records.ts';

/**
 * Replaces the bill of materials of each finished SKU with the ERP's (components only: routings belong to the
 * production module). A line's quantity is per finished unit, as Unleashed keeps it; its wastage becomes the
 * scrap allowance (wastage ÷ quantity). Lines naming the same material are summed. A BOM whose product is not
 * in the catalogue, or with a component that is not a known material or a non-positive quantity, is rejected
 * whole so a half-known recipe never replaces a good one; obsolete BOMs are ignored. The whole BOM is read
 * on every run (Unleashed offers no `modifiedSince` for it); unchanged ones write nothing.
 */
export async function ingestBillsOfMaterials(db: IngestDb, input: NormalisedBillOfMaterials[], opts: { now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, ignored: 0, rejected: [] };
  const active = input.filter((b) => !b.obsolete && b.productSku !== null);
  result.ignored = input.length - active.length;
  const fresh = await selectFreshRecords(db, 'bill-of-materials', active.map((b) => ({ key: b.productSku!, record: b })), result);
  if (fresh.length === 0) return result;
  const skus = fresh.map((f) => f.key);
  const knownSkus = new Set((await db.select({ sku: products.sku }).from(products).where(inArray(products.sku, skus))).map((p) => p.sku));
  const codes = [...new Set(fresh.flatMap((f) => f.record.lines.map((l) => l.sku).filter((c): c is string => c !== null)))];
  const materialCodes = new Set(codes.length ? (await db.select({ code: materials.code }).from(materials).where(inArray(materials.code, codes))).map((m) => m.code) : []);
  const current = new Map<string, string[]>();
  for (const row of await db.select().from(billOfMaterials).where(inArray(billOfMaterials.sku, skus))) current.set(row.sku, [...(current.get(row.sku) ?? []), `${row.materialCode}|${row.quantityPerUnit}|${row.scrapAllowance}`]);

  const records: SourceRecordWrite[] = [];
  const replaced: string[] = [];
  const rows: (typeof billOfMaterials.$inferInsert)[] = [];
  for (const { key: sku, record: bom, hash } of fresh) {
    const reject = (reason: string) => result.rejected.push({ sourceId: bom.sourceId, reason: `${bom.billNumber}: ${reason}` });
    if (!knownSkus.has(sku)) {
      reject(`product ${sku} is not in the catalogue`);
      continue;
    }
    const unknown = bom.lines.find((l) => !l.sku || !materialCodes.has(l.sku));
    if (unknown) {
      reject(`component ${unknown.sku ?? '(no code)'} is not a known material`);
      continue;
    }
    if (bom.lines.length === 0 || bom.lines.some((l) => !new Dec(l.quantity).gt(0))) {
      reject('every line needs a positive quantity');
      continue;
    }
    const byMaterial = new Map<string, { quantity: Dec; wastage: Dec }>();
    for (const line of bom.lines) {
      const seen = byMaterial.get(line.sku!) ?? { quantity: new Dec(0), wastage: new Dec(0) };
      byMaterial.set(line.sku!, { quantity: seen.quantity.plus(line.quantity), wastage: seen.wastage.plus(line.wastageQuantity ?? '0') });
    }
    const next = [...byMaterial].map(([materialCode, { quantity, wastage }]) => ({ sku, materialCode, quantityPerUnit: quantity.toFixed(6), scrapAllowance: Dec.min(wastage.div(quantity), new Dec('99.9999')).toFixed(4) }));
    records.push(sourceRecordOf(sku, bom, hash));
    const stored = current.get(sku);
    // A new version with the same components (only its timestamp moved) leaves the rows alone.
    if (stored && stored.sort().join(',') === next.map((r) => `${r.materialCode}|${r.quantityPerUnit}|${r.scrapAllowance}`).sort().join(',')) {
      result.unchanged += 1;
      continue;
    }
    rows.push(...next);
    replaced.push(sku);
    if (stored) result.updated += 1;
    else result.inserted += 1;
  }
  if (replaced.length > 0) await db.delete(billOfMaterials).where(inArray(billOfMaterials.sku, replaced));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(billOfMaterials).values(rows.slice(i, i + 1000));
  await saveSourceRecords(db, 'bill-of-materials', records, now);
  return result;
}
