import { eq, inArray } from 'drizzle-orm';
import { currencyCodes, type Currency } from '@sentia/contracts/common';
import type { NormalisedSupplier } from '@sentia/contracts/integrations';
import { suppliers } from '@sentia/db/schema';
import type { IngestCatalogueResult } from './ingest-products.ts';
import { compareWithStored, contentHash, type IngestDb, loadSourceRecords, lockRecordKeys, saveSourceRecords, type SourceRecordWrite } from './source-records.ts';

const isCurrency = (c: string): c is Currency => (currencyCodes as readonly string[]).includes(c);

/**
 * Upserts suppliers by code. New suppliers get conservative defaults for what the ERP does not send
 * (30-day terms, category `UNCATEGORISED`, no lead-time spread) and are reported as inserted so they
 * can be completed; known suppliers take the ERP's name, currency, lead time and active flag.
 */
export async function ingestSuppliers(db: IngestDb, input: NormalisedSupplier[], opts: { now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: [] };
  if (input.length === 0) return result;
  const latest = new Map(input.map((s) => [s.code, s]));
  result.unchanged += input.length - latest.size;
  const keys = [...latest.keys()];
  await lockRecordKeys(db, 'supplier', keys);
  const known = new Map((await db.select().from(suppliers).where(inArray(suppliers.code, keys))).map((s) => [s.code, s]));
  const stored = await loadSourceRecords(db, 'supplier', keys);
  const records: SourceRecordWrite[] = [];
  for (const supplier of latest.values()) {
    const currency = supplier.currency ?? 'GBP';
    if (!isCurrency(currency)) {
      result.rejected.push({ sourceId: supplier.sourceId, reason: `currency ${currency} is not supported (GBP, EUR, USD)` });
      continue;
    }
    const hash = contentHash(supplier);
    const freshness = compareWithStored(stored.get(supplier.code), supplier.updatedAt ? new Date(supplier.updatedAt) : null, hash);
    if (freshness === 'older') {
      result.stale += 1;
      continue;
    }
    if (freshness === 'same') {
      result.unchanged += 1;
      continue;
    }
    const current = known.get(supplier.code);
    const values = { name: supplier.name, currency, isActive: !supplier.obsolete, ...(supplier.leadTimeDays !== null ? { leadTimeDays: supplier.leadTimeDays } : {}) };
    if (!current) {
      await db.insert(suppliers).values({ code: supplier.code, category: 'UNCATEGORISED', country: '', paymentTermsDays: 30, leadTimeDays: supplier.leadTimeDays ?? 14, leadTimeStdDays: '0', ...values });
      result.inserted += 1;
    } else if (current.name !== values.name || current.currency !== currency || current.isActive !== values.isActive || (supplier.leadTimeDays !== null && current.leadTimeDays !== supplier.leadTimeDays)) {
      await db.update(suppliers).set(values).where(eq(suppliers.id, current.id));
      result.updated += 1;
    } else result.unchanged += 1;
    records.push({ recordKey: supplier.code, source: supplier.source, account: supplier.account, sourceId: supplier.sourceId, sourceUpdatedAt: supplier.updatedAt ? new Date(supplier.updatedAt) : null, contentHash: hash });
  }
  await saveSourceRecords(db, 'supplier', records, now);
  return result;
}
