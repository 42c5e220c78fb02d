import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { dailySales, fxRates, orderLines, orders, productPrices, products } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import type { StoredEvent } from '../../events/event-store.ts';
import { recordOrder } from './record-order.ts';
import { createSimulateOrdersJob } from './simulate-orders.job.ts';

let handle: DbHandle;
let bus: EventBus;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  handle = await createTestDb();
  await seedReferenceData(handle);
  const db = handle.db;
  await db.insert(products).values({
    sku: 'GABA-RED-500',
    name: 'GABA Red 500 ml',
    category: 'spirit',
    sizeMl: 500,
    abv: '0.0',
    unitsPerCase: 6,
    standardCost: '8.5000',
    costCurrency: 'GBP',
    launchDate: '2024-01-01',
  });
  await db.insert(productPrices).values([
    { sku: 'GABA-RED-500', channelCode: 'SHOPIFY_UK', validFrom: '2024-01-01', listPrice: '29.9900', currency: 'GBP' },
    { sku: 'GABA-RED-500', channelCode: 'AMAZON_US', validFrom: '2024-01-01', listPrice: '39.9900', currency: 'USD' },
  ]);
  await db.insert(fxRates).values([
    { rateDate: '2024-01-01', base: 'USD', quote: 'GBP', rate: '0.80000000', source: 'test' },
    { rateDate: '2024-01-01', base: 'GBP', quote: 'USD', rate: '1.25000000', source: 'test' },
    { rateDate: '2024-01-01', base: 'EUR', quote: 'GBP', rate: '0.85000000', source: 'test' },
  ]);
  bus = await createEventBus({ db });
});
afterAll(async () => {
  await bus?.close();
  await handle?.close();
});

describe('recordOrder', () => {
  it('when an order is recorded, then order, lines and the daily_sales row are written with decimal amounts in one go', async () => {
    const a = await recordOrder(handle.db, { channelCode: 'AMAZON_US', externalId: 'T-1', shipToRegion: 'US', orderedAt: new Date(), lines: [{ sku: 'GABA-RED-500', quantity: 3 }], source: 'test' });
    const b = await recordOrder(handle.db, { channelCode: 'AMAZON_US', externalId: 'T-2', shipToRegion: 'US', orderedAt: new Date(), lines: [{ sku: 'GABA-RED-500', quantity: 1 }], source: 'test' });
    expect(a).toMatchObject({ currency: 'USD', total: '119.97', units: 3, salesDate: today });
    const [order] = await handle.db.select().from(orders).where(eq(orders.id, b.orderId));
    expect(order).toMatchObject({ subtotal: '39.9900', total: '39.9900', status: 'PENDING', orderNumber: 'AMAZON_US-T-2' });
    const lines = await handle.db.select().from(orderLines).where(eq(orderLines.orderId, a.orderId));
    // Standard cost 8.50 GBP at 1.25 USD per GBP.
    expect(lines).toEqual([expect.objectContaining({ quantity: 3, unitPrice: '39.9900', lineTotal: '119.9700', unitCost: '10.6250', currency: 'USD' })]);
    const [row] = await handle.db.select().from(dailySales).where(sql`${dailySales.channelCode} = 'AMAZON_US' and ${dailySales.salesDate} = ${today}`);
    expect(row).toMatchObject({ orders: 2, units: 4, revenue: '159.9600', cogs: '42.5000', revenueGbp: '127.9680', cogsGbp: '34.0000' });
  });

  it('when the SKU has no price on the channel, then nothing is written and the error says why', async () => {
    const before = await handle.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    await expect(
      recordOrder(handle.db, { channelCode: 'AMAZON_EU', externalId: 'T-3', shipToRegion: 'EU', orderedAt: new Date(), lines: [{ sku: 'GABA-RED-500', quantity: 1 }], source: 'test' }),
    ).rejects.toThrow(/no list price on AMAZON_EU/);
    const after = await handle.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    expect(after).toEqual(before);
  });
});

describe('demo.simulate-orders', () => {
  it('when it runs, then it records new orders and raises order.created and kpi.updated', async () => {
    const events: StoredEvent[] = [];
    bus.subscribe((e) => events.push(e));
    const job = createSimulateOrdersJob({ db: handle.db, bus });
    const progress: number[] = [];
    const result = (await job.handler(
      { maxOrders: 3 },
      { jobId: 'j', queue: 'demo', name: job.name, attempt: 1, maxAttempts: 1, signal: new AbortController().signal, reportProgress: async (p) => void progress.push(p) },
    )) as { orders: string[] };
    expect(result.orders.length).toBeGreaterThanOrEqual(1);
    const created = events.filter((e) => e.type === 'order.created');
    expect(created).toHaveLength(result.orders.length);
    expect(events.at(-1)).toMatchObject({ type: 'kpi.updated', data: { reason: 'order.created', from: today, to: today } });
    const stored = await handle.db.select().from(orders).where(eq(orders.source, 'demo-simulator'));
    expect(stored.map((o) => o.orderNumber).sort()).toEqual([...result.orders].sort());
    expect(progress.at(-1)).toBe(100);
  });
});
