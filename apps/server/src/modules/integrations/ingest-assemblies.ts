import { desc, eq, inArray } from 'drizzle-orm';
import type { NormalisedAssembly } from '@sentia/contracts/integrations';
import { productionOrders, products, workCentres } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import type { IngestCatalogueResult } from './ingest-products.ts';
import { type IngestDb, loadSourceRecords, saveSourceRecords, selectFreshRecords, sourceRecordOf, type SourceRecordWrite } from './source-records.ts';

type ProductionStatus = 'PLANNED' | 'RELEASED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
const HOUR_MS = 3_600_000;

/** Unleashed assembly statuses (Parked is documented; Completed/Assembled, In Progress, Deleted seen in use) in our terms. */
export function productionStatusOf(status: string): ProductionStatus {
  const s = status.toLowerCase().replace(/[\s_-]/g, '');
  if (s === 'completed' || s === 'complete' || s === 'assembled') return 'COMPLETED';
  if (s === 'deleted' || s === 'cancelled' || s === 'voided') return 'CANCELLED';
  if (s === 'inprogress' || s === 'assembling') return 'IN_PROGRESS';
  if (s === 'placed' || s === 'released') return 'RELEASED';
  return 'PLANNED';
}

/**
 * Mirrors ERP assemblies (assembly orders) as production orders, keyed by assembly number: the finished SKU,
 * quantity, status and dates. The work centre is the one the SKU was last produced on, else the connection's
 * `assemblyWorkCentre`, else the first bottling line. The planned window runs from the assembly date to the
 * assemble-by date (or the quantity at the centre's rate when that is missing or earlier); a completed
 * assembly's actual end is its assembly date. Production orders raised in this application are never
 * overwritten by an ERP assembly of the same number. Assemblies of products outside the catalogue or of a
 * fractional quantity are rejected.
 */
export async function ingestAssemblies(db: IngestDb, input: NormalisedAssembly[], opts: { defaultWorkCentre?: string; now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: [] };
  const fresh = await selectFreshRecords(db, 'assembly', input.map((a) => ({ key: a.assemblyNumber, record: a })), result);
  if (fresh.length === 0) return result;
  const numbers = fresh.map((f) => f.key);
  const skus = [...new Set(fresh.map((f) => f.record.productSku).filter((s): s is string => s !== null))];
  const knownSkus = new Set(skus.length ? (await db.select({ sku: products.sku }).from(products).where(inArray(products.sku, skus))).map((p) => p.sku) : []);
  const centres = await db.select({ code: workCentres.code, kind: workCentres.kind, ratePerHour: workCentres.ratePerHour }).from(workCentres).orderBy(workCentres.code);
  const lastCentre = new Map<string, string>();
  if (skus.length) {
    const rows = await db.selectDistinctOn([productionOrders.sku], { sku: productionOrders.sku, workCentreCode: productionOrders.workCentreCode }).from(productionOrders).where(inArray(productionOrders.sku, skus)).orderBy(productionOrders.sku, desc(productionOrders.scheduledStart));
    for (const r of rows) lastCentre.set(r.sku, r.workCentreCode);
  }
  const fallback = centres.find((c) => c.code === opts.defaultWorkCentre) ?? centres.find((c) => c.kind === 'BOTTLING') ?? centres[0];
  const existing = new Map((await db.select({ id: productionOrders.id, orderNumber: productionOrders.orderNumber }).from(productionOrders).where(inArray(productionOrders.orderNumber, numbers))).map((p) => [p.orderNumber, p]));
  const mirrored = await loadSourceRecords(db, 'assembly', numbers);

  const records: SourceRecordWrite[] = [];
  for (const { key: number, record: a, hash } of fresh) {
    const reject = (reason: string) => result.rejected.push({ sourceId: a.sourceId, reason: `${number}: ${reason}` });
    const current = existing.get(number);
    if (current && !mirrored.has(number)) {
      reject('a production order of this number was raised in this application; the ERP copy does not overwrite it');
      continue;
    }
    if (!a.productSku || !knownSkus.has(a.productSku)) {
      reject(`product ${a.productSku ?? '(none)'} is not in the catalogue`);
      continue;
    }
    const quantity = new Dec(a.quantity);
    if (!quantity.isInteger() || quantity.lte(0)) {
      reject(`quantity ${a.quantity} is not a positive whole number`);
      continue;
    }
    const centre = centres.find((c) => c.code === lastCentre.get(a.productSku!)) ?? fallback;
    if (!centre) {
      reject('no work centre is set up');
      continue;
    }
    const start = new Date(a.assemblyDate ?? a.assembleBy ?? a.updatedAt ?? now.toISOString());
    const byRate = new Date(start.getTime() + Math.ceil(quantity.div(centre.ratePerHour).times(HOUR_MS).toNumber()));
    const assembleBy = a.assembleBy ? new Date(a.assembleBy) : null;
    const status = productionStatusOf(a.status);
    const values = {
      orderNumber: number,
      sku: a.productSku,
      workCentreCode: centre.code,
      quantityPlanned: quantity.toNumber(),
      scheduledStart: start,
      scheduledEnd: assembleBy && assembleBy > start ? assembleBy : byRate,
      actualEnd: status === 'COMPLETED' && a.assemblyDate ? new Date(a.assemblyDate) : null,
      status,
    };
    if (current) {
      await db.update(productionOrders).set(values).where(eq(productionOrders.id, current.id));
      result.updated += 1;
    } else {
      await db.insert(productionOrders).values(values);
      result.inserted += 1;
    }
    records.push(sourceRecordOf(number, a, hash));
  }
  await saveSourceRecords(db, 'assembly', records, now);
  return result;
}
