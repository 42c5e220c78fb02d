import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalisedOrder } from '@sentia/contracts/integrations';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { orders, products, refunds } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { handOverOrderHistory, reattachAmazonRefunds } from './demo-connectors.ts';
import { ingestOrders } from './ingest-orders.ts';
import { normalisedOrder } from './testing/normalised-order.fixture.ts';

let handle: DbHandle;
const placedAt = new Date(Date.now() - 3 * 86_400_000).toISOString();

const order = (overrides: Partial<NormalisedOrder> & { sourceId: string }) => normalisedOrder({ placedAt, updatedAt: placedAt, ...overrides });
const amazonOrder = order({ sourceId: '202-1234567-7654321', source: 'amazon', account: 'A3SELLER', channel: 'AMAZON_UK', status: 'Shipped' });

beforeAll(async () => {
  handle = await createTestDb();
  await seedReferenceData(handle);
  await handle.db.insert(products).values({ sku: 'GABA-RED-500', name: 'Red', category: 'spirit', sizeMl: 500, abv: '0.0', unitsPerCase: 6, standardCost: '8.0000', costCurrency: 'GBP', launchDate: '2024-01-01' });
});
afterAll(async () => {
  await handle?.close();
});

describe('DEMO_CONNECTORS first-start hand-over', () => {
  it('when the history leaves for the sandboxes, then Amazon refunds are kept and return onto the order the connector brings back; Shopify refunds travel with their orders', async () => {
    const shopifyRefund = { sourceId: 'R1', refundedAt: placedAt, amount: '30.00', lines: [{ sku: 'GABA-RED-500', quantity: '1', amount: '30.00' }] };
    const written = await ingestOrders(handle.db, [amazonOrder, order({ sourceId: '5300000000001', refunds: [shopifyRefund] })]);
    const amazonId = written.written.find((w) => w.channel === 'AMAZON_UK')!.orderId;
    const refundedAt = new Date(Date.now() - 86_400_000);
    await handle.db.insert(refunds).values({ orderId: amazonId, sku: 'GABA-RED-500', quantity: 1, refundedAt, amount: '30.0000', currency: 'GBP', reason: 'Damaged in transit' });

    const { history, amazonRefunds } = await handOverOrderHistory(handle.db, new Date());
    expect(history.map((o) => [o.channel, o.refunds?.length ?? 0]).sort()).toEqual([['AMAZON_UK', 0], ['SHOPIFY_UK', 1]]);
    expect(amazonRefunds).toEqual([expect.objectContaining({ channel: 'AMAZON_UK', externalId: amazonOrder.sourceId, amount: '30.0000', reason: 'Damaged in transit' })]);
    expect(await handle.db.select().from(refunds)).toEqual([]);

    // The connector brings the Amazon order back (a new row); an order that never came back keeps nothing.
    await ingestOrders(handle.db, [amazonOrder]);
    const [back] = await handle.db.select({ id: orders.id }).from(orders).where(eq(orders.externalId, amazonOrder.sourceId));
    const missing = { ...amazonRefunds[0]!, id: crypto.randomUUID(), externalId: '202-0000000-0000000' };
    expect(await reattachAmazonRefunds(handle.db, [...amazonRefunds, missing])).toEqual({ refunds: 2, reattached: 1, orderMissing: 1 });
    const stored = await handle.db.select({ orderId: refunds.orderId, amount: refunds.amount, refundedAt: refunds.refundedAt, reason: refunds.reason }).from(refunds);
    expect(stored).toEqual([{ orderId: back!.id, amount: '30.0000', refundedAt, reason: 'Damaged in transit' }]);
    expect(back!.id).not.toBe(amazonId);
  });
});
