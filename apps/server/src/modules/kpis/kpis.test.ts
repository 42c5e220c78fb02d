import type { DbHandle } from '@sentia/db/create-db';
import {
  apBills,
  arInvoices,
  customers,
  dailySales,
  downtimeEvents,
  fxRates,
  inventory,
  outputCounts,
  productionOrders,
  products,
  qualityChecks,
  shifts,
  stockMovements,
  suppliers,
  warehouses,
  workCentres,
} from '@sentia/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';

/*
 * A small world whose KPIs can be worked out by hand. Period 1–10 March 2026 (10 days); the previous period is
 * 19–28 February.
 *
 * Sales (daily_sales)                     revenue   cogs     GBP revenue / cogs
 *   1 Mar  T-A  UK  AMAZON_UK   10 units  200 GBP   50 GBP   200.00 / 50.00
 *   2 Mar  T-B  EU  AMAZON_EU    5 units  150 EUR   40 EUR   127.50 / 34.00
 *   5 Mar  T-A  US  SHOPIFY_US   4 units  100 USD   25 USD    80.00 / 20.00
 *  20 Feb  T-A  UK  SHOPIFY_UK   8 units  160 GBP   40 GBP   (previous period)
 *  11 Mar  T-A  UK  AMAZON_UK  100 units  (outside the period)
 * → revenue 407.50 GBP, COGS 104.00, units 19, gross margin 303.50 / 407.50 = 74.48 %; previous revenue 160.00
 *   (+154.7 %). FX GBP→EUR 1.2 from 1 Feb and 2.0 from 5 Mar: EUR revenue = 150 + 200 × 1.2 + 80 × 2.0 = 550.00.
 *
 * OEE: one bottling line at 60 units/h (1 min per unit), one production order recorded for 520 min on 2 Mar with a
 *   40-min planned changeover (→ 480 min planned production time) and a 60-min unplanned stop, 330 made of which
 *   300 good → A = 420/480, P = 330/420, Q = 300/330, OEE = 300/480 = 62.50 %. A clean on 3 Mar not against
 *   an order is not an OEE loss.
 * FPY: first inspections of 100 (5 defective) and 50 (0) units → 145/150 = 96.67 %; a re-inspection is ignored.
 * Receivables: 1,000 GBP open on the day-ends 1–5 Mar, 500 GBP on 8–10 Mar → average (5,000 + 1,500) / 10 = 650;
 *   DSO = 650 / 407.50 × 10 = 15.95 days.
 * Payables: 800 GBP open on 1–2 Mar → average 160; DPO = 160 / 104 × 10 = 15.38 days.
 * Inventory: T-A (cost 5 GBP) 100 on hand today; −20 on 4 Mar, +50 on 12 Mar → day-end quantities 70 ×3 and
 *   50 ×7 → average 56 units = 280 GBP; DIO = 280 / 104 × 10 = 26.92 days; turnover = 104 / 280 × 365 / 10 = 13.56.
 * CCC = 15.951 + 26.923 − 15.385 = 27.49 days.
 */
async function seedWorld(handle: DbHandle): Promise<void> {
  const db = handle.db;
  await db.insert(products).values([
    { sku: 'T-A', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2020-01-01' },
    { sku: 'T-B', name: 'Test vodka', category: 'VODKA', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '8.0000', costCurrency: 'GBP', launchDate: '2020-01-01' },
  ]);
  const sale = (salesDate: string, sku: string, regionCode: 'UK' | 'EU' | 'US', channelCode: 'AMAZON_UK' | 'AMAZON_EU' | 'SHOPIFY_US' | 'SHOPIFY_UK', units: number, revenue: string, cogs: string, currency: 'GBP' | 'EUR' | 'USD', revenueGbp: string, cogsGbp: string) =>
    ({ salesDate, sku, regionCode, channelCode, orders: 1, units, revenue, cogs, currency, revenueGbp, cogsGbp });
  await db.insert(dailySales).values([
    sale('2026-03-01', 'T-A', 'UK', 'AMAZON_UK', 10, '200.00', '50.00', 'GBP', '200.00', '50.00'),
    sale('2026-03-02', 'T-B', 'EU', 'AMAZON_EU', 5, '150.00', '40.00', 'EUR', '127.50', '34.00'),
    sale('2026-03-05', 'T-A', 'US', 'SHOPIFY_US', 4, '100.00', '25.00', 'USD', '80.00', '20.00'),
    sale('2026-02-20', 'T-A', 'UK', 'SHOPIFY_UK', 8, '160.00', '40.00', 'GBP', '160.00', '40.00'),
    sale('2026-03-11', 'T-A', 'UK', 'AMAZON_UK', 100, '9999.00', '500.00', 'GBP', '9999.00', '500.00'),
  ]);
  await db.insert(fxRates).values([
    { rateDate: '2026-02-01', base: 'GBP', quote: 'EUR', rate: '1.2', source: 'test' },
    { rateDate: '2026-03-05', base: 'GBP', quote: 'EUR', rate: '2.0', source: 'test' },
    { rateDate: '2026-02-01', base: 'GBP', quote: 'USD', rate: '1.25', source: 'test' },
  ]);

  await db.insert(workCentres).values({ code: 'T-BOT', name: 'Test bottling', kind: 'BOTTLING', ratePerHour: '60', unitOfMeasure: 'bottle' });
  await db.insert(shifts).values({ workCentreCode: 'T-BOT', shiftDate: '2026-03-02', shiftName: 'DAY', startsAt: new Date('2026-03-02T06:00:00Z'), endsAt: new Date('2026-03-02T14:00:00Z'), plannedMinutes: 480, crewSize: 3 });
    const [po] = await db
    .insert(productionOrders)
    .values({ orderNumber: 'T-PO-1', sku: 'T-A', workCentreCode: 'T-BOT', quantityPlanned: 330, scheduledStart: new Date('2026-03-02T06:00:00Z'), scheduledEnd: new Date('2026-03-02T14:00:00Z'), status: 'COMPLETED' })
    .returning();
  await db.insert(outputCounts).values({ productionOrderId: po!.id, recordedAt: new Date('2026-03-02T14:00:00Z'), runMinutes: 520, goodUnits: 300, scrapUnits: 10, reworkUnits: 20 });
  await db.insert(downtimeEvents).values([
    { workCentreCode: 'T-BOT', productionOrderId: po!.id, kind: 'PLANNED', reasonCode: 'CHANGEOVER', startedAt: new Date('2026-03-02T05:20:00Z'), endedAt: new Date('2026-03-02T06:00:00Z') },
    { workCentreCode: 'T-BOT', productionOrderId: po!.id, kind: 'UNPLANNED', reasonCode: 'JAM', startedAt: new Date('2026-03-02T10:00:00Z'), endedAt: new Date('2026-03-02T11:00:00Z') },
    // Not against a production order (the line was not scheduled): not an OEE loss.
    { workCentreCode: 'T-BOT', kind: 'PLANNED', reasonCode: 'CIP_CLEAN', startedAt: new Date('2026-03-03T06:00:00Z'), endedAt: new Date('2026-03-03T07:00:00Z') },
  ]);
  await db.insert(qualityChecks).values([
    { productionOrderId: po!.id, checkedAt: new Date('2026-03-02T12:00:00Z'), checkType: 'FILL', result: 'REWORK', isFirstPass: true, sampleSize: 100, defects: 5, inspector: 'qa' },
    { productionOrderId: po!.id, checkedAt: new Date('2026-03-02T13:00:00Z'), checkType: 'LABEL', result: 'PASS', isFirstPass: true, sampleSize: 50, defects: 0, inspector: 'qa' },
    { productionOrderId: po!.id, checkedAt: new Date('2026-03-02T13:30:00Z'), checkType: 'FILL', result: 'FAIL', isFirstPass: false, sampleSize: 100, defects: 50, inspector: 'qa' },
  ]);

  const [customer] = await db.insert(customers).values({ code: 'T-C1', name: 'Test customer', kind: 'WHOLESALE', region: 'UK', currency: 'GBP', paymentTermsDays: 30 }).returning();
  await db.insert(arInvoices).values([
    { invoiceNumber: 'T-INV-1', customerId: customer!.id, issueDate: '2026-02-25', dueDate: '2026-03-25', paidDate: '2026-03-06', amount: '1000.00', amountPaid: '1000.00', currency: 'GBP', status: 'PAID' },
    { invoiceNumber: 'T-INV-2', customerId: customer!.id, issueDate: '2026-03-08', dueDate: '2026-04-08', amount: '500.00', currency: 'GBP', status: 'OPEN' },
    { invoiceNumber: 'T-INV-3', customerId: customer!.id, issueDate: '2026-03-01', dueDate: '2026-04-01', amount: '7777.00', currency: 'GBP', status: 'VOID' },
  ]);
  const [supplier] = await db
    .insert(suppliers)
    .values({ code: 'T-S1', name: 'Test glass', category: 'GLASS', country: 'GB', currency: 'GBP', paymentTermsDays: 30, leadTimeDays: 10, leadTimeStdDays: '2' })
    .returning();
  await db.insert(apBills).values({ billNumber: 'T-BILL-1', supplierId: supplier!.id, category: 'MATERIALS', issueDate: '2026-02-01', dueDate: '2026-03-03', paidDate: '2026-03-03', amount: '800.00', amountPaid: '800.00', currency: 'GBP', status: 'PAID' });

  await db.insert(warehouses).values({ code: 'T-WH', name: 'Test warehouse', kind: 'OWN', region: 'UK', currency: 'GBP' });
  await db.insert(inventory).values({ sku: 'T-A', warehouseCode: 'T-WH', quantityOnHand: 100 });
  await db.insert(stockMovements).values([
    { occurredAt: new Date('2026-03-04T09:00:00Z'), sku: 'T-A', warehouseCode: 'T-WH', movementType: 'SALE', quantity: -20 },
    { occurredAt: new Date('2026-03-12T09:00:00Z'), sku: 'T-A', warehouseCode: 'T-WH', movementType: 'RECEIPT', quantity: 50 },
  ]);
}

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp({ seed: seedWorld });
  cookie = await signIn(t.app, 'VIEWER');
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = { cookie }) => t.app.inject({ method: 'GET', url, headers });
const period = 'from=2026-03-01&to=2026-03-10';

describe('GET /api/kpis/summary', () => {
  it('when asked for the period in GBP, then every KPI matches the hand-worked numbers', async () => {
    const res = await get(`/api/kpis/summary?${period}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2026-03-01', to: '2026-03-10', currency: 'GBP' });
    const k = body.kpis;
    expect(k.revenue).toEqual({ value: '407.50', previous: '160.00', changePct: 154.7, unit: 'money' });
    expect(k.units).toMatchObject({ value: '19', previous: '8' });
    expect(k.grossMarginPct.value).toBe('74.48');
    expect(k.oeePct.value).toBe('62.50');
    expect(k.firstPassYieldPct.value).toBe('96.67');
    expect(k.dsoDays.value).toBe('16.0');
    expect(k.dpoDays.value).toBe('15.4');
    expect(k.dioDays.value).toBe('26.9');
    expect(k.cashConversionCycleDays.value).toBe('27.5');
    expect(k.inventoryTurnover.value).toBe('13.56');
    expect(body.freshness).toEqual({ lastDataAt: null, ageSeconds: null, status: 'red' });
  });

  it('when the reporting currency is EUR, then each day converts at the latest rate on or before it', async () => {
    const res = await get(`/api/kpis/summary?${period}&currency=EUR`);
    expect(res.statusCode).toBe(200);
    expect(res.json().kpis.revenue.value).toBe('550.00');
  });

  it('when the reporting currency is USD, then GBP amounts convert at GBP→USD and USD rows stay as they are', async () => {
    const res = await get(`/api/kpis/summary?${period}&currency=USD`);
    // 100 + (200 + 127.50) × 1.25 = 509.375
    expect(res.json().kpis.revenue.value).toBe('509.38');
  });

  it('when filtered by region, channel or SKU, then only the matching sales count', async () => {
    expect((await get(`/api/kpis/summary?${period}&region=EU`)).json().kpis.revenue.value).toBe('127.50');
    expect((await get(`/api/kpis/summary?${period}&channel=SHOPIFY_US`)).json().kpis.units.value).toBe('4');
    const bySku = (await get(`/api/kpis/summary?${period}&sku=T-A`)).json().kpis;
    expect(bySku.revenue.value).toBe('280.00');
    expect(bySku.grossMarginPct.value).toBe('75.00');
  });
});

describe('GET /api/kpis/trend and /breakdown', () => {
  it('when grouped by day, then every day of the period has a point and empty days are zero', async () => {
    const res = await get(`/api/kpis/trend?${period}&granularity=day`);
    expect(res.statusCode).toBe(200);
    const points = res.json().points as { date: string; revenue: string; units: number; oeePct: number | null }[];
    expect(points).toHaveLength(10);
    expect(points[0]).toMatchObject({ date: '2026-03-01', revenue: '200.00', units: 10 });
    expect(points[1]).toMatchObject({ date: '2026-03-02', revenue: '127.50', oeePct: 62.5 });
    expect(points[2]).toMatchObject({ date: '2026-03-03', revenue: '0.00', units: 0, grossMarginPct: null });
  });

  it('when grouped by month, then the bucket is dated the first of the month', async () => {
    const res = await get(`/api/kpis/trend?${period}&granularity=month`);
    expect(res.json().points).toEqual([{ date: '2026-03-01', revenue: '407.50', units: 19, grossMarginPct: 74.48, oeePct: 62.5 }]);
  });

  it('when broken down by channel, then rows are sorted by revenue with shares of the total', async () => {
    const res = await get(`/api/kpis/breakdown?${period}&dimension=channel`);
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows as { key: string; revenue: string; sharePct: number }[];
    expect(rows.map((r) => [r.key, r.revenue, r.sharePct])).toEqual([
      ['AMAZON_UK', '200.00', 49.08],
      ['AMAZON_EU', '127.50', 31.29],
      ['SHOPIFY_US', '80.00', 19.63],
    ]);
  });
});

describe('KPI caching', () => {
  it('when sales change and the ingest path invalidates the sales tag, then answers include them once recomputed (the previous figures meanwhile)', async () => {
    const before = (await get(`/api/kpis/summary?${period}&region=US`)).json().kpis.revenue.value;
    expect(before).toBe('80.00');
    await t.db.db.insert(dailySales).values({ salesDate: '2026-03-06', sku: 'T-B', regionCode: 'US', channelCode: 'AMAZON_US', orders: 1, units: 1, revenue: '10.00', cogs: '1.00', currency: 'USD', revenueGbp: '8.00', cogsGbp: '0.80' });
    // Without invalidation the cached answer stands (the write did not go through an ingest path).
    expect((await get(`/api/kpis/summary?${period}&region=US`)).json().kpis.revenue.value).toBe('80.00');
    await t.cache.invalidate(['sales']);
    const seen: string[] = [];
    for (let i = 0; i < 50 && seen.at(-1) !== '88.00'; i++) {
      seen.push((await get(`/api/kpis/summary?${period}&region=US`)).json().kpis.revenue.value);
      if (seen.at(-1) !== '88.00') await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen.at(-1)).toBe('88.00');
    expect(new Set(seen)).toEqual(new Set(seen.length > 1 ? ['80.00', '88.00'] : ['88.00']));
  });
});

describe('KPI input validation', () => {
  const expectProblem = async (url: string, field: string) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  };

  it('when a date is not a date, then 400 names it', () => expectProblem('/api/kpis/summary?from=yesterday&to=2026-03-10', 'from'));
  it('when the range ends before it starts, then 400 names to', () => expectProblem('/api/kpis/summary?from=2026-03-10&to=2026-03-01', 'to'));
  it('when the region is unknown, then 400 names region', () => expectProblem(`/api/kpis/summary?${period}&region=MARS`, 'region'));
  it('when an unknown field is sent, then 400 names it', () => expectProblem(`/api/kpis/summary?${period}&colour=red`, 'colour'));
  it('when the SKU is unknown, then 400 names sku', () => expectProblem(`/api/kpis/summary?${period}&sku=NOPE`, 'sku'));
  it('when the range is longer than three years, then 400 names from', () => expectProblem('/api/kpis/summary?from=2020-01-01&to=2026-03-10', 'from'));
  it('when a daily trend would have too many points, then 400 names granularity', () => expectProblem('/api/kpis/trend?from=2024-01-01&to=2026-03-10&granularity=day', 'granularity'));
  it('when the breakdown dimension is missing, then 400 names dimension', () => expectProblem(`/api/kpis/breakdown?${period}`, 'dimension'));

  it('when the caller is not signed in, then 401 problem', async () => {
    const res = await get(`/api/kpis/summary?${period}`, {});
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/meta', () => {
  it('when signed in, then regions, channels, SKUs and the sales date range come from the database', async () => {
    const res = await get('/api/meta');
    expect(res.statusCode).toBe(200);
    const meta = res.json();
    expect(meta.regions.map((r: { code: string }) => r.code)).toEqual(['UK', 'EU', 'US']);
    expect(meta.channels).toContainEqual({ code: 'SHOPIFY_US', name: 'Shopify US store', platform: 'shopify', homeRegion: 'US' });
    expect(meta.skus).toEqual([
      { code: 'T-A', name: 'Test gin' },
      { code: 'T-B', name: 'Test vodka' },
    ]);
    expect(meta.dataRange).toEqual({ from: '2026-02-20', to: '2026-03-11' });
  });

  it('when not signed in, then 401', async () => {
    expect((await get('/api/meta', {})).statusCode).toBe(401);
  });
});
