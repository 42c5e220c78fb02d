import type { Meta } from '@sentia/contracts/meta';
import type { DbHandle } from '@sentia/db/create-db';
import type { Cache } from '../../cache/create-cache.ts';
import { findCompany, findSalesDateRange, listChannels, listRegions, listSkus } from './meta.repository.ts';

export interface MetaService {
  meta(): Promise<Meta>;
}

/** Cache tags behind /api/meta: reference data (`catalog`) and the sales date range (`sales`). */
export const metaCacheTags = ['catalog', 'sales'] as const;

/** Reference data for the web app's pickers, cached until the catalogue or the sales data change. */
export function createMetaService(deps: { db: DbHandle; cache: Cache }): MetaService {
  const db = deps.db.db;
  return {
    meta: () =>
      deps.cache.getOrCompute('meta', metaCacheTags, async () => {
        const [company, regions, channels, skus, dataRange] = await Promise.all([findCompany(db), listRegions(db), listChannels(db), listSkus(db), findSalesDateRange(db)]);
        return {
          company: company ? { name: company.name, baseCurrency: company.reportingCurrency } : { name: 'Sentia', baseCurrency: 'GBP' as const },
          regions,
          channels: channels.map((c) => ({ code: c.code, name: c.name, platform: c.platform === 'AMAZON' ? ('amazon' as const) : ('shopify' as const), homeRegion: c.homeRegion })),
          skus,
          dataRange,
        };
      }),
  };
}
