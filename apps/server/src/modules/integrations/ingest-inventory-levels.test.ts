import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalisedInventoryLevel, NormalisedProduct } from '@sentia/contracts/integrations';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { inventory, materialInventory, materials, products, stockMovements, warehouses } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { ingestInventoryLevels } from './ingest-inventory-levels.ts';
import { ingestProducts } from './ingest-products.ts';

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
  await seedReferenceData(handle);
  await handle.db.insert(products).values({ sku: 'GABA-RED-500', name: 'Red', category: 'spirit', sizeMl: 500, abv: '0.0', unitsPerCase: 6, standardCost: '8.0000', costCurrency: 'GBP', launchDate: '2024-01-01' });
  await handle.db.insert(materials).values({ code: 'GLASS-500', name: 'Bottle', category: 'glass', unitOfMeasure: 'each', standardCost: '0.4000', currency: 'GBP' });
  await handle.db.insert(warehouses).values([
    { code: 'UK-MAIN', name: 'Main', kind: 'OWN', region: 'UK', currency: 'GBP' },
    { code: 'FBA-US', name: 'FBA US', kind: 'FBA', region: 'US', channelCode: 'AMAZON_US', currency: 'USD' },
  ]);
});
afterAll(async () => {
  await handle?.close();
});

function level(overrides: Partial<NormalisedInventoryLevel> & { sourceId: string }): NormalisedInventoryLevel {
  return { source: 'unleashed', account: 'api-id', sku: 'GABA-RED-500', locationId: 'UK-MAIN', locationName: 'Main', region: null, onHand: '100', available: '90', reserved: '10', inbound: '0', unfulfillable: '0', averageCost: null, updatedAt: '2026-03-02T10:00:00Z', ...overrides };
}

describe('ingestInventoryLevels', () => {
  it('when levels arrive, then stock is set, the difference is a movement, and a re-run changes nothing', async () => {
    const batch = [
      level({ sourceId: 'p1@UK-MAIN' }),
      level({ sourceId: 'g@UK-MAIN', sku: 'GLASS-500', onHand: '2500.5', reserved: '0' }),
      level({ source: 'amazon', account: 'NA', sourceId: 'GABA-RED-500@ATVPDKIKX0DER', locationId: 'ATVPDKIKX0DER', region: 'US', onHand: '40', reserved: '3' }),
      level({ source: 'shopify', account: 'uk', sourceId: 'lvl', locationId: 'gid://shopify/Location/1' }),
      level({ sourceId: 'x', sku: 'NOPE' }),
    ];
    const first = await ingestInventoryLevels(handle.db, batch);
    expect(first).toMatchObject({ inserted: 3, updated: 0, ignored: 1, rejected: [{ sourceId: 'x', reason: 'unknown SKU NOPE' }], affectedSkus: ['GABA-RED-500'] });
    const [uk] = await handle.db.select().from(inventory).where(and(eq(inventory.sku, 'GABA-RED-500'), eq(inventory.warehouseCode, 'UK-MAIN')));
    expect(uk).toMatchObject({ quantityOnHand: 100, quantityReserved: 10, quantityAvailable: 90 });
    const [fba] = await handle.db.select().from(inventory).where(eq(inventory.warehouseCode, 'FBA-US'));
    expect(fba).toMatchObject({ quantityOnHand: 40 });
    const [glass] = await handle.db.select().from(materialInventory);
    expect(glass?.quantityOnHand).toBe('2500.5000');
    const again = await ingestInventoryLevels(handle.db, batch);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, affectedSkus: [] });

    await ingestInventoryLevels(handle.db, [level({ sourceId: 'p1@UK-MAIN', onHand: '80', updatedAt: '2026-03-03T10:00:00Z' })]);
    const moves = await handle.db.select({ quantity: stockMovements.quantity, warehouse: stockMovements.warehouseCode }).from(stockMovements).where(eq(stockMovements.warehouseCode, 'UK-MAIN')).orderBy(stockMovements.occurredAt);
    expect(moves).toEqual([{ quantity: 100, warehouse: 'UK-MAIN' }, { quantity: -20, warehouse: 'UK-MAIN' }]);

    const stale = await ingestInventoryLevels(handle.db, [level({ sourceId: 'p1@UK-MAIN', onHand: '55', updatedAt: '2026-03-02T12:00:00Z' })]);
    expect(stale.stale).toBe(1);
  });

  it('when a Shopify location is mapped, then its levels are applied to that warehouse', async () => {
    const result = await ingestInventoryLevels(handle.db, [level({ source: 'shopify', account: 'uk', sourceId: 'lvl-2', locationId: 'gid://shopify/Location/9', onHand: '7', reserved: '0' })], { locationMap: { 'gid://shopify/Location/9': 'FBA-US' } });
    expect(result.updated).toBe(1);
  });
});

describe('ingestProducts', () => {
  const product = (overrides: Partial<NormalisedProduct>): NormalisedProduct => ({ source: 'unleashed', account: 'api-id', sourceId: 'guid-1', sku: 'GABA-RED-500', name: 'GABA Red 500ml', barcode: null, unitOfMeasure: null, productGroup: null, defaultSellPrice: null, defaultPurchasePrice: null, averageCost: '7.9', isAssembled: true, isComponent: false, obsolete: false, updatedAt: '2026-03-01T00:00:00Z', ...overrides });

  it('when the ERP renames or retires a known SKU, then the catalogue follows; unknown SKUs are reported', async () => {
    const result = await ingestProducts(handle.db, [product({}), product({ sourceId: 'guid-2', sku: 'NEW-1' })]);
    expect(result).toMatchObject({ updated: 1, rejected: [{ sourceId: 'guid-2', reason: expect.stringContaining('unknown SKU NEW-1') }] });
    expect((await handle.db.select().from(products))[0]?.name).toBe('GABA Red 500ml');
    expect(await ingestProducts(handle.db, [product({})])).toMatchObject({ updated: 0, unchanged: 1 });
    await ingestProducts(handle.db, [product({ obsolete: true, updatedAt: '2026-03-02T00:00:00Z' })]);
    expect((await handle.db.select().from(products))[0]?.isActive).toBe(false);
  });
});
