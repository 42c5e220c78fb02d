import { randomBytes } from 'node:crypto';
import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, dailySales, fxRates, inventory, materials, orderLines, orders, products, purchaseOrderLines, purchaseOrders, stockMovements, suppliers, warehouses } from '@sentia/db/schema';
import { sql } from 'drizzle-orm';

/** "Today" in the import tests. */
export const importTestNow = new Date('2026-03-31T12:00:00Z');

/** Two gins (GBP cost), a warehouse, a supplier with two materials, and USD→GBP / GBP→USD rates from 2025. */
export async function seedImportWorld(handle: DbHandle): Promise<void> {
  const db = handle.db;
  await db.insert(products).values([
    { sku: 'GIN-70', name: 'Gin 70cl', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '8.5000', costCurrency: 'GBP', launchDate: '2020-01-01' },
    { sku: 'GIN-20', name: 'Gin 20cl', category: 'GIN', sizeMl: 200, abv: '40.0', unitsPerCase: 12, standardCost: '3.2000', costCurrency: 'GBP', launchDate: '2021-01-01' },
  ]);
  await db.insert(warehouses).values({ code: 'UK-MAIN', name: 'Main warehouse', kind: 'OWN', region: 'UK', currency: 'GBP' });
  await db.insert(inventory).values({ sku: 'GIN-70', warehouseCode: 'UK-MAIN', quantityOnHand: 100, quantityReserved: 5 });
  await db.insert(materials).values([
    { code: 'GLASS-70', name: '70cl bottle', category: 'GLASS', unitOfMeasure: 'each', standardCost: '0.4000', currency: 'GBP' },
    { code: 'JUNIPER', name: 'Juniper berries', category: 'BOTANICAL', unitOfMeasure: 'kg', standardCost: '12.0000', currency: 'GBP' },
  ]);
  await db.insert(suppliers).values({ code: 'SUP-GLASS', name: 'Glass Co', category: 'GLASS', country: 'GB', currency: 'GBP', paymentTermsDays: 30, leadTimeDays: 14, leadTimeStdDays: '2' });
  await db.insert(fxRates).values([
    { rateDate: '2025-01-01', base: 'USD', quote: 'GBP', rate: '0.80000000', source: 'test' },
    { rateDate: '2025-01-01', base: 'GBP', quote: 'USD', rate: '1.25000000', source: 'test' },
  ]);
}

/** Row counts of every table an import writes, to compare before and after. */
export async function importTableCounts(handle: DbHandle): Promise<Record<string, number>> {
  const tables = { orders, orderLines, dailySales, inventory, stockMovements, products, suppliers, purchaseOrders, purchaseOrderLines, auditLogs } as const;
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(table);
    out[name] = Number(row?.n ?? 0);
  }
  const [sums] = await handle.db.select({ units: sql<string>`coalesce(sum(${dailySales.units}), 0)::text`, revenue: sql<string>`coalesce(sum(${dailySales.revenue}), 0)::text` }).from(dailySales);
  const [stock] = await handle.db.select({ onHand: sql<string>`coalesce(sum(${inventory.quantityOnHand}), 0)::text` }).from(inventory);
  out.dailyUnits = Number(sums?.units ?? 0);
  out.dailyRevenue = Number(sums?.revenue ?? 0);
  out.onHand = Number(stock?.onHand ?? 0);
  return out;
}

/** A multipart/form-data body with a `file` part (and a `mapping` field when given), for app.inject. */
export function multipartUpload(fileName: string, content: Buffer | string, mapping?: Record<string, string | null>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----sentia${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  if (mapping) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${JSON.stringify(mapping)}\r\n`));
  const type = fileName.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`));
  parts.push(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** CSV text from rows (cells are written as given: the tests control quoting). */
export const csv = (rows: string[][]): string => `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
