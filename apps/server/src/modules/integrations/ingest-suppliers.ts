import { eq, inArray } from 'drizzle-orm';
import { currencyCodes, type Currency } from '@sentia/contracts/common';
import type { NormalisedSupplier } from '@sentia/contracts/integrations';
import { suppliers } from '@sentia/db/schema';
import type { IngestCatalogueResult } from './ingest-products.ts';
import { type IngestDb, saveSourceRecords, selectFreshRecords, sourceRecordOf, type SourceRecordWrite } from './source-records.ts';

const isCurrency = (c: string): c is Currency => (currencyCodes as readonly string[]).includes(c);

/**
 * Upserts suppliers by code. New suppliers get conservative defaults for what the ERP does not send
 * (30-day terms, category `UNCATEGORISED`, no lead-time spread) and are reported as inserted so they
 * can be completed; known suppliers take the ERP's name, currency, lead time and active flag.
 */
export async function ingestSuppliers(db: IngestDb, input: NormalisedSupplier[], opts: { now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: [] };
  const fresh = await selectFreshRecords(db, 'supplier', input.map((s) => ({ key: s.code, record: s })), result);
  if (fresh.length === 0) return result;
  const known = new Map((await db.select().from(suppliers).where(inArray(suppliers.code, fresh.map((f) => f.key)))).map((s) => [s.code, s]));
  const records: SourceRecordWrite[] = [];
  for (const { key: code, record: supplier, hash } of fresh) {
    const currency = supplier.currency ?? 'GBP';
    if (!isCurrency(currency)) {
      result.rejected.push({ sourceId: supplier.sourceId, reason: `currency ${currency} is not supported (GBP, EUR, USD)` });
      continue;
    }
    const current = known.get(code);
    const values = { name: supplier.name, currency, isActive: !supplier.obsolete, ...(supplier.leadTimeDays !== null ? { leadTimeDays: supplier.leadTimeDays } : {}) };
    if (!current) {
      await db.insert(suppliers).values({ code, category: 'UNCATEGORISED', country: '', paymentTermsDays: 30, leadTimeDays: supplier.leadTimeDays ?? 14, leadTimeStdDays: '0', ...values });
      result.inserted += 1;
    } else if (current.name !== values.name || current.currency !== currency || current.isActive !== values.isActive || (supplier.leadTimeDays !== null && current.leadTimeDays !== supplier.leadTimeDays)) {
      await db.update(suppliers).set(values).where(eq(suppliers.id, current.id));
      result.updated += 1;
    } else result.unchanged += 1;
    records.push(sourceRecordOf(code, supplier, hash));
  }
  await saveSourceRecords(db, 'supplier', records, now);
  return result;
}
