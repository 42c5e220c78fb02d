import { channels, fxRates, products } from '@sentia/db/schema';
import { sql } from 'drizzle-orm';
import type { ImportDb } from './import-entity.ts';

/** Known SKUs with their cost currency (the catalogue is small: a few hundred rows at most). */
export async function loadProducts(db: ImportDb): Promise<Map<string, { costCurrency: string }>> {
  const rows = await db.select({ sku: products.sku, costCurrency: products.costCurrency }).from(products);
  return new Map(rows.map((r) => [r.sku, { costCurrency: r.costCurrency }]));
}

export async function loadChannels(db: ImportDb): Promise<Map<string, { currency: string; homeRegion: string }>> {
  const rows = await db.select({ code: channels.code, currency: channels.currency, homeRegion: channels.homeRegion }).from(channels);
  return new Map(rows.map((r) => [r.code, { currency: r.currency, homeRegion: r.homeRegion }]));
}

/**
 * The first day each currency pair has a rate: writers of `daily_sales` use the latest rate on or before the day,
 * so a day before the first rate cannot be converted and its rows are refused up front rather than at write time.
 */
export async function loadFirstFxDays(db: ImportDb): Promise<Map<string, string>> {
  const rows = await db
    .select({ base: fxRates.base, quote: fxRates.quote, first: sql<string>`min(${fxRates.rateDate})` })
    .from(fxRates)
    .groupBy(fxRates.base, fxRates.quote);
  return new Map(rows.map((r) => [`${r.base}>${r.quote}`, String(r.first).slice(0, 10)]));
}
