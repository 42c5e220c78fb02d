import type { DbHandle } from '@sentia/db/create-db';
import { alerts, apBills, arInvoices, cashBalances, customers, dailySales, domainEvents, forecastRuns, forecastSeriesResults, forecastValues, inventory, products, purchaseOrders, stockMovements, suppliers, warehouses } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { workingCapitalModule } from './working-capital.routes.ts';

/*
 * A world small enough to work by hand; "today" is 31 March 2026 (noon UTC). Everything is in GBP.
 *
 * Sales: SHOPIFY_UK, region UK, every day 1–30 March: 90 units, revenue 1,000, COGS 600.
 * Receivables: one wholesale invoice of 32,000 issued 1 Feb, due 15 Feb, unpaid (open every day of March).
 * Payables: one bill of 3,600 issued 20 Feb, due 20 Apr, unpaid (no purchase order: an overhead).
 * Inventory: W-A at standard cost 10, 2,700 on hand now after a receipt of 540 this morning (31 March) → 2,160 at
 *   every day-end of 1–30 March (21,600), 2,700 at the end of 31 March.
 * Cash: 50,000 at the end of 30 March.
 * A draft (proposed) purchase order of 5,000 expected on 5 April on 10-day terms: paid on 15 April.
 *
 * Summary 1–30 March (30 days): revenue 30,000, COGS 18,000.
 *   DSO = 32,000 / 30,000 × 30 = 32.0; DIO = 21,600 / 18,000 × 30 = 36.0; DPO = 3,600 / 18,000 × 30 = 6.0
 *   CCC = 62.0 → yellow (55–65), escalation manager (> 60), 7.0 days above target.
 * Trend, March (1–31, 31 days, sales on 30 of them): inventory (30 × 21,600 + 27,000) / 31; DSO 33.07,
 *   DIO 675,000 / 31 / 18,000 × 31 = 37.5, DPO 6.2 → CCC 64.37 → 64.4.
 * Mitigations over the last 30 days (2–31 March): revenue 29,000, COGS 17,400, inventory (29 × 21,600 + 27,000) / 30
 *   = 21,780; CCC = 33.10 + 37.55 − 6.21 = 64.45. Collecting the invoice removes 32,000 / 29,000 × 30 = 33.10 days
 *   (→ 31.3, under target after one action). Excess stock: 90 days' demand is 2,700 units → 30 a day × 60 days of
 *   cover = 1,800; 900 units × 10 = 9,000 excess → 9,000 / 17,400 × 30 = 15.52 days.
 * Cash runway from 31 March: the overdue invoice (no payment history → 0 days' delay) is received on day 1 → 82,000.
 *   Shopify sales are paid T+2 business days, so the first payout is on 2 April. A one-off cost of 100,000 on
 *   1 April takes the balance to −18,000 that day: zero crossing 1 April, runway 1 day.
 */
async function seedWorld(handle: DbHandle): Promise<void> {
  const db = handle.db;
  await db.insert(products).values({ sku: 'W-A', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '10.0000', costCurrency: 'GBP', launchDate: '2020-01-01' });
  await db.insert(dailySales).values(
    Array.from({ length: 30 }, (_, i) => ({
      salesDate: `2026-03-${String(i + 1).padStart(2, '0')}`,
      sku: 'W-A',
      regionCode: 'UK' as const,
      channelCode: 'SHOPIFY_UK' as const,
      orders: 10,
      units: 90,
      revenue: '1000.00',
      cogs: '600.00',
      currency: 'GBP' as const,
      revenueGbp: '1000.00',
      cogsGbp: '600.00',
    })),
  );
  const [customer] = await db.insert(customers).values({ code: 'W-C1', name: 'Wholesale One', kind: 'WHOLESALE', region: 'UK', currency: 'GBP', paymentTermsDays: 14 }).returning();
  await db.insert(arInvoices).values({ invoiceNumber: 'W-INV-1', customerId: customer!.id, issueDate: '2026-02-01', dueDate: '2026-02-15', amount: '32000.00', currency: 'GBP', status: 'OPEN' });
  const [supplier] = await db
    .insert(suppliers)
    .values({ code: 'W-S1', name: 'Glass Co', category: 'GLASS', country: 'GB', currency: 'GBP', paymentTermsDays: 30, leadTimeDays: 10, leadTimeStdDays: '2' })
    .returning();
  await db.insert(apBills).values({ billNumber: 'W-BILL-1', supplierId: supplier!.id, category: 'UTILITIES', issueDate: '2026-02-20', dueDate: '2026-04-20', amount: '3600.00', currency: 'GBP', status: 'OPEN' });
  await db.insert(purchaseOrders).values({ poNumber: 'W-PO-1', supplierId: supplier!.id, status: 'DRAFT', orderedAt: new Date('2026-03-30T10:00:00Z'), expectedDate: '2026-04-05', currency: 'GBP', total: '5000.00', paymentTermsDays: 10 });
  await db.insert(warehouses).values({ code: 'W-WH', name: 'Test warehouse', kind: 'OWN', region: 'UK', currency: 'GBP' });
  await db.insert(inventory).values({ sku: 'W-A', warehouseCode: 'W-WH', quantityOnHand: 2700 });
  await db.insert(stockMovements).values({ occurredAt: new Date('2026-03-31T09:00:00Z'), sku: 'W-A', warehouseCode: 'W-WH', movementType: 'RECEIPT', quantity: 540 });
  await db.insert(cashBalances).values({ balanceDate: '2026-03-30', currency: 'GBP', account: 'OPERATING', balance: '50000.00' });
}

let t: TestApp;
let bus: EventBus | undefined;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      await seedWorld(db);
      bus = await createEventBus({ db: db.db });
    },
    modules: [workingCapitalModule({ now: () => new Date('2026-03-31T12:00:00Z'), events: () => bus })],
  });
  for (const role of ['ADMIN', 'MANAGER', 'VIEWER', 'OPERATOR'] as const) cookies[role] = await signIn(t.app, role);
});
afterAll(async () => {
  await bus?.close();
  await t?.close();
});

const get = (url: string, role: 'ADMIN' | 'MANAGER' | 'VIEWER' | 'OPERATOR' = 'VIEWER') => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role]! } });

describe('GET /api/working-capital/summary', () => {
  it('when asked for a past period, then DSO, DIO, DPO and CCC match the hand-worked figures and no alert is stored', async () => {
    const res = await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-15');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ periodDays: 15, netRevenue: '15000.00', cogs: '9000.00', dsoDays: '32.0', dioDays: '36.0', dpoDays: '6.0', cccDays: '62.0', alert: null });
    expect(await t.db.db.select().from(alerts)).toHaveLength(0);
  });

  it('when the current period breaches the target, then severity and escalation follow the spec and one alert is stored and raised, however often it is asked', async () => {
    const first = await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-30', 'MANAGER');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({
      periodDays: 30,
      currency: 'GBP',
      targetDays: 55,
      netRevenue: '30000.00',
      cogs: '18000.00',
      averageReceivables: '32000.00',
      averageInventory: '21600.00',
      averagePayables: '3600.00',
      dsoDays: '32.0',
      dioDays: '36.0',
      dpoDays: '6.0',
      cccDays: '62.0',
      breach: { severity: 'yellow', escalation: 'manager', notify: ['manager'], daysAboveTarget: '7.0' },
    });
    expect(body.dayCountConvention).toMatch(/Actual days/);
    expect(body.alert.isNew).toBe(true);

    const again = await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-30');
    expect(again.json().alert).toEqual({ id: body.alert.id, isNew: false });
    const stored = await t.db.db.select().from(alerts);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'ccc_breach', severity: 'WARNING', dedupeKey: 'ccc-breach:2026-03:yellow', status: 'OPEN' });
    const raised = await t.db.db.select().from(domainEvents).where(eq(domainEvents.type, 'alert.raised'));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.data).toMatchObject({ alertId: body.alert.id, severity: 'medium', source: 'working-capital' });
  });

  it('when filtered by region or channel, then revenue and receivables are scoped and no alert is evaluated', async () => {
    const uk = (await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-30&region=UK')).json();
    expect(uk).toMatchObject({ region: 'UK', dsoDays: '32.0', cccDays: '62.0', alert: null });
    const amazon = (await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-30&channel=AMAZON_UK')).json();
    expect(amazon).toMatchObject({ channel: 'AMAZON_UK', netRevenue: '0.00', averageReceivables: '0.00', dsoDays: null, cccDays: null, breach: null });
  });

  it('when from is after to, or the currency is unknown, then 400 problem+json names the field', async () => {
    const res = await get('/api/working-capital/summary?from=2026-03-10&to=2026-03-01');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
    const ccy = await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-10&currency=JPY');
    expect(ccy.statusCode).toBe(400);
    expect(ccy.json().errors[0].field).toBe('currency');
  });

  it('when an OPERATOR asks, then 403', async () => {
    expect((await get('/api/working-capital/summary?from=2026-03-01&to=2026-03-30', 'OPERATOR')).statusCode).toBe(403);
  });
});

describe('GET /api/working-capital/trend', () => {
  it('when asked for three months, then months without sales have no CCC and the running month is measured to today', async () => {
    const res = await get('/api/working-capital/trend?months=3');
    expect(res.statusCode).toBe(200);
    const months = res.json().months;
    expect(months.map((m: { month: string }) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(months[0]).toMatchObject({ cccDays: null, breach: null });
    expect(months[2]).toMatchObject({ from: '2026-03-01', to: '2026-03-31', periodDays: 31, dsoDays: '33.1', dioDays: '37.5', dpoDays: '6.2', cccDays: '64.4' });
    expect(months[2].breach.severity).toBe('yellow');
  });
});

describe('GET /api/working-capital/mitigations', () => {
  it('when the CCC is above target, then the overdue invoice ranks first and brings it under target alone', async () => {
    const res = await get('/api/working-capital/mitigations?periodDays=30');
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan).toMatchObject({ from: '2026-03-02', to: '2026-03-31', cccDays: '64.4', actionsToTarget: 1 });
    expect(plan.actions[0]).toMatchObject({ kind: 'collect_receivable', reference: 'W-INV-1', cccDaysReduction: '33.10', cashReleased: '32000.00', cumulativeCccDays: '31.3' });
    expect(plan.actions[1]).toMatchObject({ kind: 'reduce_stock', reference: 'W-A@W-WH', cashReleased: '9000.00', cccDaysReduction: '15.52' });
  });
});

describe('GET /api/working-capital/cash-runway', () => {
  it('when projected without levers, then the overdue receipt lands on day 1 and the fan collapses on a steady demand', async () => {
    const res = await get('/api/working-capital/cash-runway?horizonDays=30');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ startDate: '2026-03-31', openingBalance: '50000.00', runwayDays: null, zeroCrossingDate: null });
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toMatchObject({ date: '2026-03-31', inflow: '32000.00', outflow: '0.00', closing: '82000.00', low: '82000.00', high: '82000.00' });
    expect(body.days[1].closing).toBe('82000.00');
    expect(Number(body.days[2].closing)).toBeGreaterThan(82000);
    expect(body.days.find((d: { date: string }) => d.date === '2026-04-20').outflow).toBe('3600.00');
  });

  it('when demand rises 20 %, then the proposed purchase order grows with it and lead time and supplier terms move its payment', async () => {
    const outflowOn = (body: { days: { date: string; outflow: string }[] }, date: string) => body.days.find((d) => d.date === date)?.outflow;
    expect(outflowOn((await get('/api/working-capital/cash-runway?horizonDays=30')).json(), '2026-04-15')).toBe('5000.00');
    expect(outflowOn((await get('/api/working-capital/cash-runway?horizonDays=30&demandChangePct=20')).json(), '2026-04-15')).toBe('6000.00');
    const moved = (await get('/api/working-capital/cash-runway?horizonDays=30&leadTimeChangeDays=3&supplierTermsChangeDays=2')).json();
    expect(outflowOn(moved, '2026-04-15')).toBe('0.00');
    expect(outflowOn(moved, '2026-04-20')).toBe('8600.00');
  });

  it('when a one-off cost exceeds the cash, then the zero crossing is that day', async () => {
    const res = await get('/api/working-capital/cash-runway?horizonDays=30&oneOffCost=100000&oneOffDate=2026-04-01');
    const body = res.json();
    expect(body.days[1]).toMatchObject({ date: '2026-04-01', outflow: '100000.00', closing: '-18000.00' });
    expect(body).toMatchObject({ zeroCrossingDate: '2026-04-01', runwayDays: 1, isRunwayBelowMinimum: true });
  });

  it('when exported as CSV, then each projected day is a row with the same figures', async () => {
    const res = await get('/api/working-capital/cash-runway.csv?horizonDays=30&oneOffCost=100000&oneOffDate=2026-04-01');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(31);
    expect(lines[0]).toBe('date,inflow,outflow,closing,low_80,high_80,low_95,high_95,currency');
    expect(lines[2]).toBe('2026-04-01,0.00,100000.00,-18000.00,-18000.00,-18000.00,-18000.00,-18000.00,GBP');
  });

  it('when a lever is out of range, then 400 names it', async () => {
    const res = await get('/api/working-capital/cash-runway?demandChangePct=-100');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('demandChangePct');
    const date = await get('/api/working-capital/cash-runway?horizonDays=30&oneOffCost=10&oneOffDate=2027-01-01');
    expect(date.statusCode).toBe(400);
    expect(date.json().errors[0].field).toBe('oneOffDate');
  });
});

describe('scenarios', () => {
  const post = (role: 'MANAGER' | 'VIEWER', payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/working-capital/scenarios', headers: { cookie: cookies[role]! }, payload });
  const params = { demandChangePct: 0, priceChangePct: 0, customerTermsChangeDays: 0, supplierTermsChangeDays: 0, leadTimeChangeDays: 0, oneOffCost: '100000' };

  it('when a manager saves scenarios and compares them, then each is re-projected against the base; a viewer may read but not save', async () => {
    expect((await post('VIEWER', { name: 'Viewer try', horizonDays: 30, params })).statusCode).toBe(403);
    const saved = await post('MANAGER', { name: 'New bottling line', horizonDays: 30, params: { ...params, oneOffDate: '2026-04-01' } });
    expect(saved.statusCode).toBe(201);
    const id = saved.json().id;
    expect((await post('MANAGER', { name: 'New bottling line', horizonDays: 30, params })).statusCode).toBe(409);

    const list = await get('/api/working-capital/scenarios');
    expect(list.json().scenarios).toEqual([expect.objectContaining({ id, name: 'New bottling line', horizonDays: 30, currency: 'GBP' })]);

    const cmp = await get(`/api/working-capital/scenarios/compare?ids=${id}`);
    expect(cmp.statusCode).toBe(200);
    const rows = cmp.json().rows;
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['Base (no change)', 'New bottling line']);
    expect(rows[1]).toMatchObject({ id, endingBalanceChange: '-100000.00', zeroCrossingDate: '2026-04-01', runwayDays: 1 });
  });

  it('when the body or the ids are bad, then 400 or 404', async () => {
    const bad = await post('MANAGER', { name: '', horizonDays: 30, params });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('name');
    expect((await get('/api/working-capital/scenarios/compare?ids=nope')).statusCode).toBe(400);
    expect((await get('/api/working-capital/scenarios/compare?ids=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('cash runway from the latest forecast run', () => {
  it('when no run exists, then the moving average is used and said; when a weekly run by channel is stored, then its means and 80/95 % bounds drive the line and the fan', async () => {
    const before = (await get('/api/working-capital/cash-runway?horizonDays=30')).json();
    expect(before.demandSource).toMatchObject({ kind: 'moving_average', runId: null });
    expect(before.demandSource.description).toMatch(/No completed forecast run/);
    expect(before.demandSource.channels).toContainEqual({ channel: 'SHOPIFY_UK', source: 'moving_average', daysFromRun: 0 });
    // 28 days of exactly 1,000 a day: no spread, so both bands sit on the line.
    expect(before.days.at(-1)).toMatchObject({ low: before.days.at(-1).closing, high95: before.days.at(-1).closing });

    // A weekly run trained to Sunday 29 March forecasting SHOPIFY_UK from Monday 30 March: 1,260 units a week
    // (180 a day, twice March's 90), 80 %: 630–1,890, 95 %: 315–2,205. March sold 2,520 units for 28,000 in the
    // last 28 days → 11.11 a unit, so the run's days are 180 × 11.11 = 2,000 (80 %: 1,000–3,000; 95 %: 500–3,500).
    const [run] = await t.db.db.insert(forecastRuns).values({ status: 'SUCCEEDED', model: 'ensemble', horizonDays: 35, trainingEnd: '2026-03-29', params: { granularity: 'week', horizon: 5 }, seriesCount: 1, finishedAt: new Date('2026-03-30T06:00:00Z') }).returning();
    await t.db.db.insert(forecastSeriesResults).values({ runId: run!.id, seriesKey: '*|*|SHOPIFY_UK', granularity: 'week', model: 'ets', method: 'test', historyLength: 4 });
    const weeks = ['2026-03-30', '2026-04-06', '2026-04-13', '2026-04-20', '2026-04-27'];
    await t.db.db.insert(forecastValues).values(weeks.map((w) => ({ runId: run!.id, seriesKey: '*|*|SHOPIFY_UK', channelCode: 'SHOPIFY_UK' as const, model: 'ets', forecastDate: w, mean: '1260', lower80: '630', upper80: '1890', lower95: '315', upper95: '2205' })));
    try {
      const res = await get('/api/working-capital/cash-runway?horizonDays=30');
      expect(res.statusCode, res.body).toBe(200);
      const after = res.json();
      expect(after.demandSource).toMatchObject({ kind: 'forecast_run', runId: run!.id, trainingEnd: '2026-03-29', granularity: 'week' });
      expect(after.demandSource.channels).toContainEqual({ channel: 'SHOPIFY_UK', source: 'forecast_run', daysFromRun: 30 });
      expect(after.assumptions.join(' ')).toMatch(/Forecast run/);
      // Payouts are linear in sales: the run's mean (2,000) is 1,000 above the moving average and 1,000 inside each
      // 80 % bound, and its 95 % bounds 1,500 away. So, day by day: closing − moving-average closing = high − closing =
      // closing − low, and high95 − closing = 1.5 × (high − closing).
      const n = (v: string) => Number(v);
      for (const [i, d] of (after.days as { closing: string; low: string; high: string; low95: string; high95: string }[]).entries()) {
        const up = n(d.high) - n(d.closing);
        expect(n(d.closing) - n(before.days[i].closing)).toBeCloseTo(up, 2);
        expect(n(d.closing) - n(d.low)).toBeCloseTo(up, 2);
        expect(n(d.high95) - n(d.closing)).toBeCloseTo(1.5 * up, 2);
      }
      const last = after.days.at(-1);
      expect(n(last.high) - n(last.closing)).toBeGreaterThan(10_000);
      expect(after.fan.map((f: { level: number }) => f.level)).toEqual([80, 95]);
      expect(after.fan[0]).toMatchObject({ low: { endingBalance: last.low, zeroCrossingDate: null, runwayDays: null }, high: { endingBalance: last.high } });
      expect(after.fan[1].low.endingBalance).toBe(last.low95);
    } finally {
      await t.db.db.delete(forecastRuns).where(eq(forecastRuns.id, run!.id));
    }
  });

  it('when the latest run ends before today, then it is not used and the response says why', async () => {
    const [run] = await t.db.db.insert(forecastRuns).values({ status: 'SUCCEEDED', model: 'ensemble', horizonDays: 7, trainingEnd: '2026-02-22', params: { granularity: 'week', horizon: 1 }, seriesCount: 1, finishedAt: new Date('2026-02-23T06:00:00Z') }).returning();
    await t.db.db.insert(forecastSeriesResults).values({ runId: run!.id, seriesKey: '*|*|SHOPIFY_UK', granularity: 'week', model: 'ets', method: 'test', historyLength: 4 });
    await t.db.db.insert(forecastValues).values({ runId: run!.id, seriesKey: '*|*|SHOPIFY_UK', channelCode: 'SHOPIFY_UK', model: 'ets', forecastDate: '2026-02-23', mean: '9999' });
    try {
      const body = (await get('/api/working-capital/cash-runway?horizonDays=30')).json();
      expect(body.demandSource.kind).toBe('moving_average');
      expect(body.demandSource.description).toMatch(/does not cover today/);
    } finally {
      await t.db.db.delete(forecastRuns).where(eq(forecastRuns.id, run!.id));
    }
  });
});
