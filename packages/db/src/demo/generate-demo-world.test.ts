import { describe, expect, it } from 'vitest';
import { generateDemoWorld } from './generate-demo-world.ts';

const sumCents = (values: Array<string | null | undefined>) => values.reduce((a, v) => a + Math.round(Number(v ?? 0) * 100), 0);

describe('generateDemoWorld', () => {
  const world = generateDemoWorld({ seed: 7, endDate: '2026-06-30' });

  it('when generated twice with the same seed, then every row is identical; with another seed, then sales differ', () => {
    const again = generateDemoWorld({ seed: 7, endDate: '2026-06-30' });
    expect(again.tables.orders.length).toBe(world.tables.orders.length);
    expect(sumCents(again.tables.orders.map((o) => o.total))).toBe(sumCents(world.tables.orders.map((o) => o.total)));
    expect(JSON.stringify(again.tables)).toBe(JSON.stringify(world.tables));
    const other = generateDemoWorld({ seed: 8, endDate: '2026-06-30' });
    expect(sumCents(other.tables.orders.map((o) => o.total))).not.toBe(sumCents(world.tables.orders.map((o) => o.total)));
  }, 180_000);

  it('when generated, then it covers more than two years of daily orders ending at the end date', () => {
    const dates = new Set(world.tables.dailySales.map((d) => d.salesDate));
    expect(world.startDate <= '2024-06-30').toBe(true);
    expect(dates.size).toBeGreaterThanOrEqual(730);
    expect([...dates].sort().at(-1)).toBe('2026-06-30');
    expect(world.tables.orders.every((o) => (o.orderedAt as Date).toISOString() < '2026-07-01')).toBe(true);
  });

  it('when generated, then the demand calendar holds every special day and promotion over the history and the year after it', () => {
    const ev = world.tables.demandEvents;
    const prime = ev.filter((e) => e.name === 'Amazon Prime Day').map((e) => [e.startsOn, e.endsOn]);
    // history from mid-2024 (more than two years back) to 2026-06-30, and the planned Prime Day of 2026 and 2027's January
    expect(prime).toContainEqual(['2025-07-09', '2025-07-10']);
    expect(prime).toContainEqual(['2026-07-09', '2026-07-10']);
    expect(ev.find((e) => e.name === 'Amazon Prime Day')!.channels).toEqual(['AMAZON_UK', 'AMAZON_EU', 'AMAZON_US']);
    expect(ev.filter((e) => e.name === 'Black Friday').map((e) => e.startsOn)).toEqual(expect.arrayContaining(['2024-11-29', '2025-11-28', '2026-11-27']));
    expect(ev.some((e) => e.name === 'Dry January' && e.startsOn === '2027-01-01' && e.skus?.[0] === 'SEN-ZERO-70')).toBe(true);
    expect(ev.every((e) => e.startsOn <= '2027-06-30' && e.endsOn >= world.startDate)).toBe(true);
  });

  it('when daily sales are summed, then they equal the non-cancelled order lines exactly', () => {
    const cancelled = new Set(world.tables.orders.filter((o) => o.status === 'CANCELLED').map((o) => o.id));
    const lines = world.tables.orderLines.filter((l) => !cancelled.has(l.orderId));
    expect(sumCents(world.tables.dailySales.map((d) => d.revenue))).toBe(sumCents(lines.map((l) => l.lineTotal)));
    expect(world.tables.dailySales.reduce((a, d) => a + d.units, 0)).toBe(lines.reduce((a, l) => a + l.quantity, 0));
  });

  it('when generated, then all 9 SKUs × 3 regions × 5 channels appear and some cells are intermittent', () => {
    const perCell = new Map<string, number>();
    for (const d of world.tables.dailySales) perCell.set(`${d.sku}|${d.regionCode}|${d.channelCode}`, (perCell.get(`${d.sku}|${d.regionCode}|${d.channelCode}`) ?? 0) + 1);
    expect(perCell.size).toBe(135);
    const sparse = [...perCell.values()].filter((days) => days < 760 * 0.3);
    expect(sparse.length).toBeGreaterThan(20);
    expect(Math.max(...perCell.values())).toBeGreaterThan(700);
  });

  it('when generated, then Q4 outsells Q1, the new product launches inside the history and the stock-out cell is empty', () => {
    const byMonth = new Map<string, number>();
    for (const d of world.tables.dailySales) byMonth.set(d.salesDate.slice(0, 7), (byMonth.get(d.salesDate.slice(0, 7)) ?? 0) + d.units);
    expect((byMonth.get('2025-12') ?? 0) / (byMonth.get('2025-02') ?? 1)).toBeGreaterThan(1.8);
    const zero = world.tables.dailySales.filter((d) => d.sku === 'SEN-ZERO-70').map((d) => d.salesDate).sort();
    expect(zero[0]! > world.startDate).toBe(true);
    expect(zero[0]! >= '2026-01-01').toBe(true);
    // PINK on AMAZON_UK is out of stock for 19 days starting 330 days before the end date.
    const outFrom = new Date(Date.UTC(2026, 5, 30) - 330 * 86_400_000).toISOString().slice(0, 10);
    const outTo = new Date(Date.UTC(2026, 5, 30) - 312 * 86_400_000).toISOString().slice(0, 10);
    const during = world.tables.dailySales.filter((d) => d.sku === 'SEN-PINK-70' && d.channelCode === 'AMAZON_UK' && d.salesDate >= outFrom && d.salesDate <= outTo);
    expect(during).toHaveLength(0);
  });

  it('when generated, then stock never goes negative and production, receivables and payables are populated', () => {
    expect(world.tables.inventory.every((row) => (row.quantityOnHand ?? 0) >= 0)).toBe(true);
    const completed = world.tables.productionOrders.filter((p) => p.status === 'COMPLETED');
    expect(completed.length).toBeGreaterThan(100);
    expect(world.tables.productionOrders.some((p) => p.status === 'RELEASED' || p.status === 'PLANNED')).toBe(true);
    expect(world.tables.downtimeEvents.some((d) => d.kind === 'UNPLANNED')).toBe(true);
    expect(world.tables.outputCounts.reduce((a, o) => a + (o.scrapUnits ?? 0), 0)).toBeGreaterThan(0);
    expect(world.tables.arInvoices.some((i) => i.status === 'OPEN' && i.dueDate < '2026-06-30')).toBe(true);
    expect(world.tables.apBills.some((b) => b.status === 'PAID')).toBe(true);
    expect(new Set(world.tables.cashBalances.map((c) => c.currency))).toEqual(new Set(['GBP', 'EUR', 'USD']));
  });

  it('when generated, then every SKU has a three-step routing and the open order book holds weeks of released and planned orders, rush ones due within days', () => {
    const routings = world.tables.productRoutings;
    for (const sku of new Set(world.tables.products.map((p) => p.sku))) expect(routings.filter((r) => r.sku === sku).map((r) => r.workCentreCode)).toEqual(['BLEND', expect.stringMatching(/^BOTTLING-/), 'PACK']);
    const open = world.tables.productionOrders.filter((p) => p.status === 'RELEASED' || p.status === 'PLANNED' || p.status === 'IN_PROGRESS');
    expect(open.length).toBeGreaterThanOrEqual(20);
    expect(open.some((p) => p.status === 'RELEASED') && open.some((p) => p.status === 'PLANNED')).toBe(true);
    const end = Date.parse('2026-06-30T00:00:00Z');
    expect(open.filter((p) => (p.priority ?? 5) <= 2 && (p.scheduledEnd as Date).getTime() - end < 5 * 86_400_000).length).toBeGreaterThanOrEqual(2);
  });

  it('when the end date is today, then nothing is dated after the cutoff instant', () => {
    const cutoff = new Date('2026-03-31T11:30:00Z');
    const today = generateDemoWorld({ seed: 7, endDate: '2026-03-31', cutoff });
    const instants = [
      ...today.tables.orders.flatMap((o) => [o.orderedAt, o.ingestedAt]),
      ...today.tables.refunds.map((r) => r.refundedAt),
      ...today.tables.stockMovements.map((m) => m.occurredAt),
      ...today.tables.productionOrders.flatMap((p) => [p.actualStart, p.actualEnd]),
      ...today.tables.outputCounts.map((o) => o.recordedAt),
      ...today.tables.downtimeEvents.map((d) => d.startedAt),
      ...today.tables.qualityChecks.map((q) => q.checkedAt),
    ].filter((d): d is Date => d instanceof Date);
    expect(instants.length).toBeGreaterThan(50_000);
    expect(instants.reduce((latest, d) => Math.max(latest, d.getTime()), 0)).toBeLessThanOrEqual(cutoff.getTime());
    expect(today.tables.orders.some((o) => o.status === 'PENDING')).toBe(true);
  }, 120_000);
});
