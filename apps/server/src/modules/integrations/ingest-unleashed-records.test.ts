import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalisedAssembly, NormalisedBillOfMaterials, NormalisedOrder, NormalisedWarehouse } from '@sentia/contracts/integrations';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { billOfMaterials, customers, materials, orders, productionOrders, products, warehouses, workCentres } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { ingestAssemblies } from './ingest-assemblies.ts';
import { ingestBillsOfMaterials } from './ingest-bills-of-materials.ts';
import { ingestSalesOrders } from './ingest-sales-orders.ts';
import { ingestWarehouses } from './ingest-warehouses.ts';

let handle: DbHandle;
const base = { source: 'unleashed' as const, account: 'api-id' };

beforeAll(async () => {
  handle = await createTestDb();
  await seedReferenceData(handle);
  await handle.db.insert(products).values({ sku: 'GIN-70', name: 'Gin', category: 'gin', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '9.0000', costCurrency: 'GBP', launchDate: '2024-01-01' });
  await handle.db.insert(materials).values(['BOTTLE', 'SPIRIT'].map((code) => ({ code, name: code, category: 'component', unitOfMeasure: 'EA', standardCost: '0.5000', currency: 'GBP' as const })));
  await handle.db.insert(workCentres).values([
    { code: 'BOTTLING-1', name: 'Line 1', kind: 'BOTTLING', ratePerHour: '1000', unitOfMeasure: 'bottle' },
    { code: 'BOTTLING-2', name: 'Line 2', kind: 'BOTTLING', ratePerHour: '500', unitOfMeasure: 'bottle' },
  ]);
  await handle.db.insert(warehouses).values({ code: 'UK-MAIN', name: 'Main', kind: 'OWN', region: 'UK', currency: 'GBP' });
  await handle.db.insert(customers).values({ code: 'WS-BAR', name: 'Bar Ltd', kind: 'WHOLESALE', region: 'EU', currency: 'GBP', paymentTermsDays: 30 });
});
afterAll(async () => {
  await handle?.close();
});

const warehouse = (o: Partial<NormalisedWarehouse> = {}): NormalisedWarehouse => ({ ...base, sourceId: 'w1', code: 'DIST', name: 'Distillery', isDefault: true, obsolete: false, city: null, country: 'United Kingdom', updatedAt: '2026-03-01T00:00:00Z', ...o });
const bom = (o: Partial<NormalisedBillOfMaterials> = {}): NormalisedBillOfMaterials => ({
  ...base,
  sourceId: 'b1',
  billNumber: 'BOM-GIN',
  productSku: 'GIN-70',
  obsolete: false,
  canAutoAssemble: false,
  lines: [
    { sku: 'BOTTLE', quantity: '1', wastageQuantity: '0' },
    { sku: 'SPIRIT', quantity: '0.7', wastageQuantity: '0.014' },
  ],
  updatedAt: '2026-03-01T00:00:00Z',
  ...o,
});
const assembly = (o: Partial<NormalisedAssembly> = {}): NormalisedAssembly => ({
  ...base,
  sourceId: 'a1',
  assemblyNumber: 'ASM-1',
  status: 'Parked',
  productSku: 'GIN-70',
  quantity: '600',
  assemblyDate: '2026-03-02T08:00:00Z',
  assembleBy: null,
  sourceWarehouseCode: 'DIST',
  destinationWarehouseCode: 'DIST',
  totalCost: null,
  lines: [],
  updatedAt: '2026-03-01T00:00:00Z',
  ...o,
});
const salesOrder = (o: Partial<NormalisedOrder> = {}): NormalisedOrder => ({
  ...base,
  sourceId: 'so-1',
  orderNumber: 'SO-1',
  channel: 'WHOLESALE',
  region: 'EU',
  status: 'Placed',
  statusCategory: 'open',
  currency: 'GBP',
  placedAt: '2026-03-02T10:00:00Z',
  updatedAt: '2026-03-02T10:00:00Z',
  total: '120.00',
  subtotal: '120.00',
  taxTotal: '0',
  discountTotal: '0',
  lines: [{ sourceLineId: 'l1', sku: 'GIN-70', title: null, quantity: '6', unitPrice: '20.00', lineTotal: '120.00', tax: '0', discount: '0' }],
  fees: [],
  refunds: [],
  customerCode: 'WS-BAR',
  originSource: null,
  ...o,
});

describe('Unleashed ERP records through the ingest path', () => {
  it('when warehouses sync, then codes map through locationMap, new ones take their region, obsolete and foreign ones are not created, and a re-run writes nothing', async () => {
    const batch = [warehouse(), warehouse({ sourceId: 'w2', code: 'BOND', name: 'Bond EU', country: 'Germany' }), warehouse({ sourceId: 'w3', code: 'OLD', obsolete: true }), warehouse({ sourceId: 'w4', code: 'SYD', country: 'Australia' })];
    const first = await ingestWarehouses(handle.db, batch, { locationMap: { DIST: 'UK-MAIN' } });
    expect(first).toMatchObject({ inserted: 1, updated: 1, ignored: 1 });
    expect(first.rejected).toEqual([{ sourceId: 'w4', reason: expect.stringContaining('outside the UK, EU and US') }]);
    expect(await handle.db.select({ code: warehouses.code, name: warehouses.name, region: warehouses.region, currency: warehouses.currency }).from(warehouses).orderBy(warehouses.code)).toEqual([
      { code: 'BOND', name: 'Bond EU', region: 'EU', currency: 'EUR' },
      { code: 'UK-MAIN', name: 'Distillery', region: 'UK', currency: 'GBP' },
    ]);
    expect(await ingestWarehouses(handle.db, batch.slice(0, 3), { locationMap: { DIST: 'UK-MAIN' } })).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('when a BOM syncs, then its components replace the old ones with wastage as scrap; unknown components reject the whole BOM', async () => {
    await handle.db.insert(billOfMaterials).values({ sku: 'GIN-70', materialCode: 'BOTTLE', quantityPerUnit: '2', scrapAllowance: '0' });
    expect(await ingestBillsOfMaterials(handle.db, [bom()])).toMatchObject({ updated: 1, rejected: [] });
    const rows = await handle.db.select().from(billOfMaterials).where(eq(billOfMaterials.sku, 'GIN-70')).orderBy(billOfMaterials.materialCode);
    expect(rows.map((r) => [r.materialCode, r.quantityPerUnit, r.scrapAllowance])).toEqual([
      ['BOTTLE', '1.000000', '0.0000'],
      ['SPIRIT', '0.700000', '0.0200'],
    ]);
    expect(await ingestBillsOfMaterials(handle.db, [bom()])).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await ingestBillsOfMaterials(handle.db, [bom({ updatedAt: '2026-03-02T00:00:00Z' })])).toMatchObject({ updated: 0, unchanged: 1 });
    const bad = await ingestBillsOfMaterials(handle.db, [bom({ updatedAt: '2026-03-05T00:00:00Z', lines: [{ sku: 'CORK', quantity: '1', wastageQuantity: null }] })]);
    expect(bad.rejected).toEqual([{ sourceId: 'b1', reason: 'BOM-GIN: component CORK is not a known material' }]);
    expect(await handle.db.select().from(billOfMaterials).where(eq(billOfMaterials.sku, 'GIN-70'))).toHaveLength(2);
    expect(await ingestBillsOfMaterials(handle.db, [bom({ sourceId: 'b2', obsolete: true })])).toMatchObject({ ignored: 1, updated: 0 });
  });

  it('when assemblies sync, then they become production orders on the SKU line; app-owned numbers and fractional quantities are refused', async () => {
    await handle.db.insert(productionOrders).values({ orderNumber: 'MO-1', sku: 'GIN-70', workCentreCode: 'BOTTLING-2', quantityPlanned: 100, scheduledStart: new Date('2026-02-01T08:00:00Z'), scheduledEnd: new Date('2026-02-01T09:00:00Z') });
    const result = await ingestAssemblies(handle.db, [assembly(), assembly({ sourceId: 'a2', assemblyNumber: 'MO-1' }), assembly({ sourceId: 'a3', assemblyNumber: 'ASM-3', quantity: '10.5' })]);
    expect(result).toMatchObject({ inserted: 1 });
    expect(result.rejected.map((r) => r.sourceId)).toEqual(['a2', 'a3']);
    const [asm] = await handle.db.select().from(productionOrders).where(eq(productionOrders.orderNumber, 'ASM-1'));
    // Last made on BOTTLING-2 (500/h): 600 units plan 72 minutes.
    expect(asm).toMatchObject({ workCentreCode: 'BOTTLING-2', quantityPlanned: 600, status: 'PLANNED', scheduledStart: new Date('2026-03-02T08:00:00Z'), scheduledEnd: new Date('2026-03-02T09:12:00Z') });
    expect(await ingestAssemblies(handle.db, [assembly()])).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await ingestAssemblies(handle.db, [assembly({ status: 'Completed', updatedAt: '2026-03-03T00:00:00Z' })])).toMatchObject({ updated: 1 });
    const [done] = await handle.db.select().from(productionOrders).where(eq(productionOrders.orderNumber, 'ASM-1'));
    expect(done).toMatchObject({ status: 'COMPLETED', actualEnd: new Date('2026-03-02T08:00:00Z') });
  });

  it('when wholesale sales orders sync, then they land under the B2B channel with customer and no fee; store copies are skipped; unmapped currencies are rejected', async () => {
    const batch = [salesOrder(), salesOrder({ sourceId: 'so-2', originSource: 'Shopify' }), salesOrder({ sourceId: 'so-3', currency: 'EUR' })];
    const first = await ingestSalesOrders(handle.db, batch);
    expect(first).toMatchObject({ inserted: 1, ignored: 1 });
    expect(first.rejected).toEqual([{ sourceId: 'so-3', reason: expect.stringContaining('no sales channel for wholesale orders in EUR') }]);
    const stored = await handle.db.select().from(orders).where(eq(orders.source, 'unleashed'));
    const [customer] = await handle.db.select().from(customers).where(eq(customers.code, 'WS-BAR'));
    expect(stored).toEqual([expect.objectContaining({ channelCode: 'SHOPIFY_UK', externalId: 'so-1', orderNumber: 'SO-1', shipToRegion: 'EU', customerId: customer!.id, fees: '0.0000' })]);
    const [cell] = (await handle.db.execute(sql`select channel_code, region_code, orders, units, revenue from daily_sales where sku = 'GIN-70'`)).rows;
    expect(cell).toMatchObject({ channel_code: 'SHOPIFY_UK', region_code: 'EU', orders: 1, units: 6, revenue: '120.0000' });
    expect(await ingestSalesOrders(handle.db, batch.slice(0, 2))).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, ignored: 1 });
    expect(await ingestSalesOrders(handle.db, [salesOrder({ sourceId: 'so-3', currency: 'EUR' })], { wholesaleChannels: { EUR: 'AMAZON_EU' } })).toMatchObject({ rejected: [expect.objectContaining({ reason: expect.stringContaining('FX rate') })] });
  });
});
