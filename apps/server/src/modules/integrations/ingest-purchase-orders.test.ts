import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalisedPurchaseOrder, NormalisedSupplier } from '@sentia/contracts/integrations';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { materials, purchaseOrderLines, purchaseOrders, suppliers } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { ingestPurchaseOrders } from './ingest-purchase-orders.ts';
import { ingestSuppliers } from './ingest-suppliers.ts';

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
  await seedReferenceData(handle);
  await handle.db.insert(materials).values({ code: 'GLASS-500', name: 'Bottle', category: 'glass', unitOfMeasure: 'each', standardCost: '0.4000', currency: 'GBP' });
});
afterAll(async () => {
  await handle?.close();
});

const supplier = (overrides: Partial<NormalisedSupplier> = {}): NormalisedSupplier => ({ source: 'unleashed', account: 'api-id', sourceId: 's-guid', code: 'VERALLIA', name: 'Verallia UK', currency: 'GBP', email: null, leadTimeDays: 21, obsolete: false, updatedAt: '2026-03-01T00:00:00Z', ...overrides });
const po = (overrides: Partial<NormalisedPurchaseOrder> = {}): NormalisedPurchaseOrder => ({
  source: 'unleashed',
  account: 'api-id',
  sourceId: 'po-guid',
  orderNumber: 'PO-00042',
  status: 'Placed',
  supplierId: 's-guid',
  supplierCode: 'VERALLIA',
  warehouseCode: 'UK-MAIN',
  currency: 'GBP',
  orderDate: '2026-03-01T00:00:00Z',
  requiredDate: '2026-03-20T00:00:00Z',
  completedDate: null,
  subtotal: '400.00',
  taxTotal: '80.00',
  total: '480.00',
  lines: [{ sourceLineId: 'l1', sku: 'GLASS-500', quantity: '1000', receivedQuantity: null, unitPrice: '0.40', lineTotal: '400.00', tax: '80.00', dueDate: null }],
  updatedAt: '2026-03-01T00:00:00Z',
  ...overrides,
});

describe('ingestSuppliers and ingestPurchaseOrders', () => {
  it('when suppliers and purchase orders sync, then they are upserted idempotently and receipts move the status', async () => {
    expect(await ingestSuppliers(handle.db, [supplier()])).toMatchObject({ inserted: 1 });
    expect(await ingestSuppliers(handle.db, [supplier()])).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await ingestSuppliers(handle.db, [supplier({ leadTimeDays: 28, updatedAt: '2026-03-02T00:00:00Z' })])).toMatchObject({ updated: 1 });
    expect((await handle.db.select().from(suppliers))[0]).toMatchObject({ code: 'VERALLIA', leadTimeDays: 28, paymentTermsDays: 30 });

    expect(await ingestPurchaseOrders(handle.db, [po()])).toMatchObject({ inserted: 1, rejected: [] });
    expect(await ingestPurchaseOrders(handle.db, [po()])).toMatchObject({ inserted: 0, unchanged: 1 });
    const [stored] = await handle.db.select().from(purchaseOrders);
    expect(stored).toMatchObject({ poNumber: 'PO-00042', status: 'SENT', total: '480.0000', expectedDate: '2026-03-20' });

    const partly = po({ updatedAt: '2026-03-10T00:00:00Z', lines: [{ ...po().lines[0]!, receivedQuantity: '400' }] });
    expect(await ingestPurchaseOrders(handle.db, [partly])).toMatchObject({ updated: 1 });
    expect(await ingestPurchaseOrders(handle.db, [po({ status: 'Deleted' })])).toMatchObject({ stale: 1 });
    const [after] = await handle.db.select().from(purchaseOrders);
    expect(after?.status).toBe('PARTIALLY_RECEIVED');
    const lines = await handle.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, after!.id));
    expect(lines).toEqual([expect.objectContaining({ materialCode: 'GLASS-500', quantityReceived: '400.0000', expectedDate: '2026-03-20' })]);
  });

  it('when the supplier or a material is unknown, then the order is rejected with the reason', async () => {
    const result = await ingestPurchaseOrders(handle.db, [po({ sourceId: 'a', orderNumber: 'PO-1', supplierCode: 'NOBODY' }), po({ sourceId: 'b', orderNumber: 'PO-2', lines: [{ ...po().lines[0]!, sku: 'GIN-750' }] })]);
    expect(result.rejected).toEqual([
      { sourceId: 'a', reason: 'unknown supplier NOBODY' },
      { sourceId: 'b', reason: 'line l1: GIN-750 is not a known material' },
    ]);
  });
});
