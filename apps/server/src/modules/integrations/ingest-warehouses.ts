import { eq, inArray } from 'drizzle-orm';
import type { Currency, Region } from '@sentia/contracts/common';
import type { NormalisedWarehouse } from '@sentia/contracts/integrations';
import { regionOfCountry } from '@sentia/connectors/shared/region-of-country';
import { warehouses } from '@sentia/db/schema';
import type { IngestCatalogueResult } from './ingest-products.ts';
import { type IngestDb, saveSourceRecords, selectFreshRecords, sourceRecordOf, type SourceRecordWrite } from './source-records.ts';

const currencyOfRegion: Record<Region, Currency> = { UK: 'GBP', EU: 'EUR', US: 'USD' };

/**
 * Upserts ERP warehouses into the warehouses inventory uses, by code (the connection's `locationMap`
 * translates an ERP code to ours, the same map stock levels use). A known warehouse takes the ERP's name;
 * a new one becomes an own (`OWN`) warehouse of the region of its country, in that region's currency, so
 * the stock the ERP reports for it has somewhere to land. Obsolete warehouses are not created, and a known
 * one is left in place (stock and history refer to it). Warehouses outside the UK, EU and US are rejected.
 */
export async function ingestWarehouses(db: IngestDb, input: NormalisedWarehouse[], opts: { locationMap?: Record<string, string>; now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, ignored: 0, rejected: [] };
  const fresh = await selectFreshRecords(db, 'warehouse', input.map((w) => ({ key: opts.locationMap?.[w.code] ?? w.code, record: w })), result);
  if (fresh.length === 0) return result;
  const known = new Map((await db.select({ code: warehouses.code, name: warehouses.name }).from(warehouses).where(inArray(warehouses.code, fresh.map((f) => f.key)))).map((w) => [w.code, w]));
  const records: SourceRecordWrite[] = [];
  for (const { key: code, record: w, hash } of fresh) {
    const current = known.get(code);
    if (!current) {
      if (w.obsolete) {
        result.ignored = (result.ignored ?? 0) + 1;
        records.push(sourceRecordOf(code, w, hash));
        continue;
      }
      const region = regionOfCountry(w.country) ?? (w.country ? null : 'UK');
      if (!region) {
        result.rejected.push({ sourceId: w.sourceId, reason: `warehouse ${w.code} is in ${w.country}, outside the UK, EU and US: map it to one of ours with locationMap` });
        continue;
      }
      await db.insert(warehouses).values({ code, name: w.name, kind: 'OWN', region, channelCode: null, currency: currencyOfRegion[region] });
      result.inserted += 1;
    } else if (current.name !== w.name && !w.obsolete) {
      await db.update(warehouses).set({ name: w.name }).where(eq(warehouses.code, code));
      result.updated += 1;
    } else result.unchanged += 1;
    records.push(sourceRecordOf(code, w, hash));
  }
  await saveSourceRecords(db, 'warehouse', records, now);
  return result;
}
