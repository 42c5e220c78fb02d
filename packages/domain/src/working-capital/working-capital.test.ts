import { describe, expect, it } from 'vitest';
import { classifyCccBreach } from './classify-ccc-breach.ts';
import { computeWorkingCapital } from './compute-working-capital.ts';
import { rankCccMitigations } from './rank-ccc-mitigations.ts';
import { workingCapitalTrend } from './working-capital-trend.ts';

// Ross, Westerfield & Jordan, "Fundamentals of Corporate Finance", ch. 18 (Short-term finance), the Tradewinds
// Manufacturing example: inventory 200,000 → 300,000, receivables 160,000 → 200,000, payables 75,000 → 100,000,
// net sales 1,150,000, COGS 820,000. Published: inventory period 111.3 days (111.28), receivables period 57 days
// (57.13), payables period 39 days (38.95), cash cycle 129 days (129.46) on a 365-day year.
const tradewinds = {
  periodStart: '2023-01-01',
  periodEnd: '2023-12-31',
  netRevenue: '1150000',
  cogs: '820000',
  receivables: ['160000', '200000'],
  inventory: ['200000', '300000'],
  payables: ['75000', '100000'],
};

describe('computeWorkingCapital', () => {
  it('when given the Tradewinds example, then DSO, DIO, DPO and CCC match the textbook', () => {
    const r = computeWorkingCapital(tradewinds);
    expect(r.periodDays).toBe(365);
    expect(r.averageInventory.toString()).toBe('250000');
    expect(r.dio?.toFixed(2)).toBe('111.28');
    expect(r.dso?.toFixed(2)).toBe('57.13');
    expect(r.dpo?.toFixed(2)).toBe('38.95');
    expect(r.ccc?.toFixed(2)).toBe('129.46');
  });

  it('when the period is a leap year and dayCount is 360, then the fixed convention is used', () => {
    const leap = { ...tradewinds, periodStart: '2024-01-01', periodEnd: '2024-12-31' };
    expect(computeWorkingCapital(leap).periodDays).toBe(366);
    const r = computeWorkingCapital({ ...leap, dayCount: 360 });
    expect(r.periodDays).toBe(360);
    // 180,000 / 1,150,000 × 360 = 56.35
    expect(r.dso?.toFixed(2)).toBe('56.35');
  });

  it('when there were no sales, then DSO and CCC are null rather than infinite', () => {
    const r = computeWorkingCapital({ ...tradewinds, netRevenue: '0' });
    expect(r.dso).toBeNull();
    expect(r.ccc).toBeNull();
  });

  it('when a balance is negative or missing, then a DomainError names the field', () => {
    expect(() => computeWorkingCapital({ ...tradewinds, payables: [] })).toThrow(/payables/);
    expect(() => computeWorkingCapital({ ...tradewinds, inventory: ['-1'] })).toThrow(/inventory balances/);
    expect(() => computeWorkingCapital({ ...tradewinds, periodEnd: '2022-12-31' })).toThrow(/before its start/);
  });
});

describe('classifyCccBreach', () => {
  it.each([
    ['54.99', 'on_target', 'none'],
    ['55', 'yellow', 'none'],
    ['60', 'yellow', 'none'],
    ['60.5', 'yellow', 'manager'],
    ['65', 'yellow', 'manager'],
    ['65.01', 'red', 'manager'],
    ['70.01', 'red', 'director'],
    ['75', 'red', 'director'],
    ['75.5', 'critical', 'director'],
    ['80.01', 'critical', 'cfo'],
  ])('when CCC is %s days, then severity is %s and escalation %s (spec thresholds)', (ccc, severity, escalation) => {
    const r = classifyCccBreach(ccc);
    expect(r.severity).toBe(severity);
    expect(r.escalation).toBe(escalation);
    expect(r.isBreach).toBe(severity !== 'on_target');
  });

  it('when CCC is 129.46 (Tradewinds), then everyone up to the CFO is notified and the gap is 74.46 days', () => {
    const r = classifyCccBreach('129.46');
    expect(r.notify).toEqual(['manager', 'director', 'cfo']);
    expect(r.daysAboveTarget.toString()).toBe('74.46');
  });
});

describe('rankCccMitigations', () => {
  // Tradewinds again: revenue 1,150,000, COGS 820,000, 365 days, CCC 129.46.
  const base = { periodDays: 365, netRevenue: '1150000', cogs: '820000', ccc: '129.46' };

  it('when ranking a receivable, excess stock and a terms change, then each day effect is balance / flow × days', () => {
    const plan = rankCccMitigations(base, {
      receivables: [{ id: 'INV-1', customerId: 'C1', amount: '115000', daysOverdue: 40 }],
      excessStock: [{ sku: 'GABA-RED', warehouseId: 'UK', excessValue: '82000' }],
      supplierTerms: [{ supplierId: 'S1', purchases: '410000', currentDays: 30, proposedDays: 60 }],
      customerTerms: [{ customerId: 'C2', sales: '230000', currentDays: 60, proposedDays: 45 }],
    });
    const byKind = Object.fromEntries(plan.actions.map((a) => [a.kind, a]));
    // 115,000 / 1,150,000 × 365 = 36.5 days; cash 115,000.
    expect(byKind.collect_receivable?.cccDaysReduction.toString()).toBe('36.5');
    // 82,000 / 820,000 × 365 = 36.5 days.
    expect(byKind.reduce_stock?.cccDaysReduction.toString()).toBe('36.5');
    // 410,000 × 30 / 820,000 = 15 days; payables rise 410,000 × 30 / 365 = 33,698.63.
    expect(byKind.extend_supplier_terms?.cccDaysReduction.toString()).toBe('15');
    expect(byKind.extend_supplier_terms?.cashReleased.toFixed(2)).toBe('33698.63');
    // 230,000 × 15 / 1,150,000 = 3 days.
    expect(byKind.shorten_customer_terms?.cccDaysReduction.toString()).toBe('3');
    expect(plan.actions.map((a) => a.kind).slice(2)).toEqual(['extend_supplier_terms', 'shorten_customer_terms']);
    // 129.46 − 36.5 − 36.5 = 56.46 (still ≥ 55), − 15 = 41.46 < 55 → three actions reach the target.
    expect(plan.actions[1]?.cumulativeCcc.toString()).toBe('56.46');
    expect(plan.actionsToTarget).toBe(3);
  });

  it('when the candidates cannot reach the target, then actionsToTarget is null; terms that do not help are dropped', () => {
    const plan = rankCccMitigations(base, {
      supplierTerms: [{ supplierId: 'S1', purchases: '82000', currentDays: 30, proposedDays: 40 }, { supplierId: 'S2', purchases: '1', currentDays: 60, proposedDays: 30 }],
    });
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]?.cccDaysReduction.toString()).toBe('1');
    expect(plan.actionsToTarget).toBeNull();
  });
});

describe('workingCapitalTrend', () => {
  it('when two months are given, then each averages the previous close with its own over its calendar days', () => {
    const trend = workingCapitalTrend({ receivables: '100000', inventory: '150000', payables: '50000' }, [
      // Feb 2026 (28 days): AR (100k + 120k)/2 = 110k → DSO = 110,000 / 140,000 × 28 = 22; DIO = 160k / 80k × 28 = 56;
      // DPO = 56k / 80k × 28 = 19.6; CCC = 58.4 → yellow, manager not yet (≤ 60).
      { month: '2026-02', netRevenue: '140000', cogs: '80000', closingReceivables: '120000', closingInventory: '170000', closingPayables: '62000' },
      // Mar 2026 (31 days): AR 120k, inventory 170k, payables 62k → DSO 120/155 × 31 = 24; DIO 170/62 × 31 = 85; DPO 62/62 × 31 = 31; CCC 78 → critical.
      { month: '2026-03', netRevenue: '155000', cogs: '62000', closingReceivables: '120000', closingInventory: '170000', closingPayables: '62000' },
    ]);
    expect(trend.map((p) => [p.month, p.periodDays, p.ccc?.toString(), p.breach?.severity, p.breach?.escalation])).toEqual([
      ['2026-02', 28, '58.4', 'yellow', 'none'],
      ['2026-03', 31, '78', 'critical', 'director'],
    ]);
    expect(() => workingCapitalTrend({ receivables: 0, inventory: 0, payables: 0 }, [
      { month: '2026-01', netRevenue: 1, cogs: 1, closingReceivables: 0, closingInventory: 0, closingPayables: 0 },
      { month: '2026-03', netRevenue: 1, cogs: 1, closingReceivables: 0, closingInventory: 0, closingPayables: 0 },
    ])).toThrow(/consecutive/);
  });
});
