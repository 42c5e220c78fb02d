import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '@sentia/db/create-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { dailySales, fxRates, integrationRecords, orderLines, orders, productPrices, products, refunds } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { recordOrder } from '../../jobs/demo/record-order.ts';
import { ingestOrders } from './ingest-orders.ts';
import { normalisedOrder } from './testing/normalised-order.fixture.ts';

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
  await seedReferenceData(handle);
  const product = { category: 'spirit', sizeMl: 500, abv: '0.0', unitsPerCase: 6, costCurrency: 'GBP' as const, launchDate: '2024-01-01' };
  await handle.db.insert(products).values([
    { ...product, sku: 'GABA-RED-500', name: 'Red', standardCost: '8.0000' },
    { ...product, sku: 'GABA-GOLD-500', name: 'Gold', standardCost: '10.0000' },
  ]);
  await handle.db.insert(productPrices).values([
    { sku: 'GABA-RED-500', channelCode: 'AMAZON_US', validFrom: '2024-01-01', listPrice: '40.0000', currency: 'USD' },
    { sku: 'GABA-RED-500', channelCode: 'SHOPIFY_UK', validFrom: '2024-01-01', listPrice: '30.0000', currency: 'GBP' },
  ]);
  await handle.db.insert(fxRates).values([
    { rateDate: '2024-01-01', base: 'USD', quote: 'GBP', rate: '0.80000000', source: 'test' },
    { rateDate: '2024-01-01', base: 'GBP', quote: 'USD', rate: '1.25000000', source: 'test' },
    { rateDate: '2024-01-01', base: 'EUR', quote: 'GBP', rate: '0.85000000', source: 'test' },
    { rateDate: '2024-01-01', base: 'GBP', quote: 'EUR', rate: '1.17647059', source: 'test' },
  ]);
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.execute(sql`truncate orders, order_lines, refunds, daily_sales, integration_records cascade`);
});

const order = normalisedOrder;

/** daily_sales as the seeder would build it from the stored orders: the invariant every ingest path keeps. */
async function rebuiltDailySales() {
  const rows = await handle.db.execute<{ day: string; sku: string; region: string; channel: string; orders: number; units: number; revenue: string; cogs: string }>(sql`
    select to_char((o.ordered_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, l.sku, o.ship_to_region::text as region, o.channel_code::text as channel,
      count(distinct o.id)::int as orders, sum(l.quantity)::int as units, sum(l.line_total)::numeric(18,4)::text as revenue, sum(l.quantity * l.unit_cost)::numeric(18,4)::text as cogs
    from orders o join order_lines l on l.order_id = o.id where o.status <> 'CANCELLED'
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  return rows.rows;
}
async function storedDailySales() {
  const rows = await handle.db.execute<{ day: string; sku: string; region: string; channel: string; orders: number; units: number; revenue: string; cogs: string }>(sql`
    select to_char(sales_date, 'YYYY-MM-DD') as day, sku, region_code::text as region, channel_code::text as channel, orders, units, revenue::text as revenue, cogs::text as cogs
    from daily_sales order by 1, 2, 3, 4`);
  return rows.rows;
}

describe('ingestOrders', () => {
  it('when new orders arrive, then orders, lines and daily_sales are written and daily_sales equals a rebuild from the orders', async () => {
    const result = await ingestOrders(handle.db, [
      order({ sourceId: 'gid://shopify/Order/1' }),
      order({ sourceId: 'gid://shopify/Order/2', lines: [{ sourceLineId: 'L1', sku: 'GABA-GOLD-500', title: null, quantity: '1', unitPrice: '45.00', lineTotal: '45.00', tax: null, discount: null }] }),
    ]);
    expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, stale: 0, rejected: [], affectedDays: ['2026-03-02'], affectedChannels: ['SHOPIFY_UK'] });
    // Shopify GIDs are stored as the numeric order id (what REST, webhooks and the admin show).
    const [stored] = await handle.db.select().from(orders).where(eq(orders.externalId, '1'));
    // total = subtotal 60 − discount 5 + shipping 4.95 + tax 10
    expect(stored).toMatchObject({ status: 'PENDING', subtotal: '60.0000', discount: '5.0000', shipping: '4.9500', tax: '10.0000', total: '69.9500', source: 'shopify', currency: 'GBP' });
    const lines = await handle.db.select().from(orderLines).where(eq(orderLines.orderId, stored!.id));
    expect(lines).toEqual([expect.objectContaining({ sku: 'GABA-RED-500', quantity: 2, unitPrice: '30.0000', discount: '5.0000', lineTotal: '55.0000', unitCost: '8.0000' })]);
    expect(await storedDailySales()).toEqual(await rebuiltDailySales());
    const [cell] = await handle.db.select().from(dailySales).where(eq(dailySales.sku, 'GABA-RED-500'));
    expect(cell).toMatchObject({ orders: 1, units: 2, revenue: '55.0000', cogs: '16.0000', revenueGbp: '55.0000', currency: 'GBP' });
  });

  it('when the same batch is ingested again, then nothing is written', async () => {
    const batch = [order({ sourceId: 'A-1' }), order({ sourceId: 'A-2' })];
    await ingestOrders(handle.db, batch);
    const before = await handle.db.select({ id: orders.id, updatedAt: orders.updatedAt }).from(orders).orderBy(orders.id);
    const salesBefore = await handle.db.select().from(dailySales);
    const again = await ingestOrders(handle.db, batch, { now: new Date('2030-01-01T00:00:00Z') });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, stale: 0, affectedDays: [] });
    expect(await handle.db.select({ id: orders.id, updatedAt: orders.updatedAt }).from(orders).orderBy(orders.id)).toEqual(before);
    expect(await handle.db.select().from(dailySales)).toEqual(salesBefore);
  });

  it('when a newer version changes quantity, day and region, then the old contribution is removed and the new one added', async () => {
    await ingestOrders(handle.db, [order({ sourceId: 'B-1' }), order({ sourceId: 'B-2' })]);
    const changed = order({
      sourceId: 'B-1',
      updatedAt: '2026-03-04T08:00:00Z',
      placedAt: '2026-03-03T23:30:00Z',
      region: 'EU',
      lines: [{ sourceLineId: 'L1', sku: 'GABA-RED-500', title: null, quantity: '5', unitPrice: '30.00', lineTotal: '150.00', tax: null, discount: null }],
    });
    const result = await ingestOrders(handle.db, [changed]);
    expect(result).toMatchObject({ inserted: 0, updated: 1, affectedDays: ['2026-03-02', '2026-03-03'] });
    expect(await storedDailySales()).toEqual(await rebuiltDailySales());
    expect(await storedDailySales()).toEqual([
      expect.objectContaining({ day: '2026-03-02', region: 'UK', orders: 1, units: 2, revenue: '55.0000' }),
      expect.objectContaining({ day: '2026-03-03', region: 'EU', orders: 1, units: 5, revenue: '150.0000' }),
    ]);
  });

  it('when an order is cancelled, then it leaves daily_sales and an emptied cell disappears', async () => {
    await ingestOrders(handle.db, [order({ sourceId: 'C-1' })]);
    const result = await ingestOrders(handle.db, [order({ sourceId: 'C-1', statusCategory: 'cancelled', status: 'CANCELLED', updatedAt: '2026-03-02T11:00:00Z' })]);
    expect(result.updated).toBe(1);
    expect(await storedDailySales()).toEqual([]);
    const [stored] = await handle.db.select().from(orders).where(eq(orders.externalId, 'C-1'));
    expect(stored?.status).toBe('CANCELLED');
  });

  it('when an older delivery arrives after a newer one, then it is ignored', async () => {
    const newer = order({ sourceId: 'D-1', updatedAt: '2026-03-02T12:00:00Z', statusCategory: 'shipped' });
    const older = order({ sourceId: 'D-1', updatedAt: '2026-03-02T10:00:00Z', lines: [{ sourceLineId: 'L1', sku: 'GABA-RED-500', title: null, quantity: '9', unitPrice: '30.00', lineTotal: '270.00', tax: null, discount: null }] });
    await ingestOrders(handle.db, [newer]);
    const result = await ingestOrders(handle.db, [older]);
    expect(result).toMatchObject({ stale: 1, updated: 0, affectedDays: [] });
    const [stored] = await handle.db.select().from(orders).where(eq(orders.externalId, 'D-1'));
    expect(stored?.status).toBe('SHIPPED');
    expect(await storedDailySales()).toEqual([expect.objectContaining({ units: 2 })]);
  });

  it('when one batch holds two versions of an order, then the newest is applied whatever the order in the batch', async () => {
    const result = await ingestOrders(handle.db, [order({ sourceId: 'E-1', updatedAt: '2026-03-02T12:00:00Z', statusCategory: 'completed' }), order({ sourceId: 'E-1', updatedAt: '2026-03-02T10:00:00Z' })]);
    expect(result).toMatchObject({ inserted: 1, unchanged: 1 });
    const [stored] = await handle.db.select().from(orders).where(eq(orders.externalId, 'E-1'));
    expect(stored?.status).toBe('DELIVERED');
  });

  it('when records are invalid, then they are rejected with a reason and the rest of the batch is stored', async () => {
    const result = await ingestOrders(handle.db, [
      order({ sourceId: 'F-1' }),
      order({ sourceId: 'F-2', lines: [{ sourceLineId: 'X', sku: 'NOPE', title: null, quantity: '1', unitPrice: '1', lineTotal: '1', tax: null, discount: null }] }),
      order({ sourceId: 'F-3', currency: 'USD' }),
      order({ sourceId: 'F-4', channel: 'WHOLESALE' }),
      order({ sourceId: 'F-5', lines: [{ sourceLineId: 'Y', sku: null, title: 'Gift wrap', quantity: '1', unitPrice: '1', lineTotal: '1', tax: null, discount: null }] }),
      order({ sourceId: 'F-6', lines: [{ sourceLineId: 'Z', sku: 'GABA-RED-500', title: null, quantity: '1.5', unitPrice: '1', lineTotal: '1.5', tax: null, discount: null }] }),
    ]);
    expect(result.inserted).toBe(1);
    expect(result.rejected).toEqual([
      { sourceId: 'F-2', reason: 'unknown SKU NOPE' },
      { sourceId: 'F-3', reason: 'currency USD differs from the SHOPIFY_UK channel currency GBP' },
      { sourceId: 'F-4', reason: 'channel WHOLESALE is not a sales channel' },
      { sourceId: 'F-5', reason: 'line Y has no SKU' },
      { sourceId: 'F-6', reason: 'line Z: quantity 1.5 is not a positive whole number' },
    ]);
  });

  it('when a pending Amazon order has no prices, then it counts at list price until the priced version replaces it', async () => {
    const pending = order({
      source: 'amazon',
      account: 'NA',
      sourceId: '111-1',
      channel: 'AMAZON_US',
      region: 'US',
      currency: 'USD',
      statusCategory: 'pending',
      fees: [],
      lines: [{ sourceLineId: 'I1', sku: 'GABA-RED-500', title: null, quantity: '2', unitPrice: null, lineTotal: null, tax: null, discount: null }],
    });
    await ingestOrders(handle.db, [pending]);
    expect(await storedDailySales()).toEqual([expect.objectContaining({ channel: 'AMAZON_US', revenue: '80.0000', cogs: '20.0000' })]);
    const [usd] = await handle.db.select().from(dailySales);
    expect(usd).toMatchObject({ revenueGbp: '64.0000', cogsGbp: '16.0000', currency: 'USD' });
    await ingestOrders(handle.db, [{ ...pending, statusCategory: 'open', updatedAt: '2026-03-02T10:05:00Z', lines: [{ ...pending.lines[0]!, unitPrice: '37.50', lineTotal: '75.00' }] }]);
    expect(await storedDailySales()).toEqual([expect.objectContaining({ revenue: '75.0000', orders: 1 })]);
  });

  it('when an order recorded by another path (simulator) arrives from the connector, then it replaces it without double counting', async () => {
    const recorded = await recordOrder(handle.db, { channelCode: 'SHOPIFY_UK', externalId: 'SIM-1', shipToRegion: 'UK', orderedAt: new Date('2026-03-02T09:00:00Z'), lines: [{ sku: 'GABA-RED-500', quantity: 1 }], source: 'demo-simulator' });
    const result = await ingestOrders(handle.db, [order({ sourceId: 'SIM-1', placedAt: '2026-03-02T09:00:00Z' })]);
    expect(result).toMatchObject({ updated: 1, inserted: 0 });
    expect(result.written[0]?.orderId).toBe(recorded.orderId);
    expect(await storedDailySales()).toEqual(await rebuiltDailySales());
    expect(await storedDailySales()).toEqual([expect.objectContaining({ orders: 1, units: 2 })]);
  });

  it('when refunds come with the order, then they are stored and replaced with each version', async () => {
    const refunded = order({ sourceId: 'G-1', refunds: [{ sourceId: 'R1', refundedAt: '2026-03-05T10:00:00Z', amount: '30.00', lines: [{ sku: 'GABA-RED-500', quantity: '1', amount: '30.00' }] }] });
    await ingestOrders(handle.db, [refunded]);
    await ingestOrders(handle.db, [{ ...refunded, updatedAt: '2026-03-06T00:00:00Z', refunds: [...refunded.refunds, { sourceId: 'R2', refundedAt: '2026-03-06T00:00:00Z', amount: '12.00', lines: [] }] }]);
    const rows = await handle.db.select({ sku: refunds.sku, amount: refunds.amount }).from(refunds).orderBy(refunds.amount);
    expect(rows).toEqual([{ sku: null, amount: '12.0000' }, { sku: 'GABA-RED-500', amount: '30.0000' }]);
  });

  it('when an Amazon order is updated, then the refunds stored for it stay (Amazon reports refunds in its Finances API, not with the order)', async () => {
    const amazonOrder = order({ sourceId: '202-0000001-0000001', source: 'amazon', account: 'A3SELLER', channel: 'AMAZON_UK' });
    const [written] = (await ingestOrders(handle.db, [amazonOrder])).written;
    await handle.db.insert(refunds).values({ orderId: written!.orderId, sku: 'GABA-RED-500', quantity: 1, refundedAt: new Date('2026-03-04T00:00:00Z'), amount: '30.0000', currency: 'GBP', reason: 'seeded' });
    const result = await ingestOrders(handle.db, [{ ...amazonOrder, status: 'SHIPPED', updatedAt: '2026-03-06T00:00:00Z' }]);
    expect(result.updated).toBe(1);
    expect(await handle.db.select({ orderId: refunds.orderId, amount: refunds.amount }).from(refunds)).toEqual([{ orderId: written!.orderId, amount: '30.0000' }]);
  });

  it("when the caller's transaction rolls back, then nothing of the ingest remains", async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        const result = await ingestOrders(tx, [order({ sourceId: 'H-1' })]);
        expect(result.inserted).toBe(1);
        throw new Error('caller failed after the ingest');
      }),
    ).rejects.toThrow('caller failed');
    expect(await handle.db.select().from(orders)).toEqual([]);
    expect(await handle.db.select().from(dailySales)).toEqual([]);
    expect(await handle.db.select().from(integrationRecords)).toEqual([]);
  });
});
