import type { Channel, Currency, Region } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { channels, companies, dailySales, products, regions } from '@sentia/db/schema';
import { asc, eq, max, min } from 'drizzle-orm';

export async function findCompany(db: Db): Promise<{ name: string; reportingCurrency: Currency } | undefined> {
  const rows = await db.select({ name: companies.name, reportingCurrency: companies.reportingCurrency }).from(companies).orderBy(asc(companies.createdAt)).limit(1);
  return rows[0];
}

export const listRegions = (db: Db): Promise<{ code: Region; name: string; currency: Currency }[]> =>
  db.select({ code: regions.code, name: regions.name, currency: regions.currency }).from(regions).orderBy(asc(regions.code));

export const listChannels = (db: Db): Promise<{ code: Channel; name: string; platform: string; homeRegion: Region }[]> =>
  db.select({ code: channels.code, name: channels.name, platform: channels.platform, homeRegion: channels.homeRegion }).from(channels).where(eq(channels.isActive, true)).orderBy(asc(channels.code));

export const listSkus = (db: Db): Promise<{ code: string; name: string }[]> =>
  db.select({ code: products.sku, name: products.name }).from(products).where(eq(products.isActive, true)).orderBy(asc(products.sku));

export async function findSalesDateRange(db: Db): Promise<{ from: string; to: string } | null> {
  const [row] = await db.select({ from: min(dailySales.salesDate), to: max(dailySales.salesDate) }).from(dailySales);
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}
