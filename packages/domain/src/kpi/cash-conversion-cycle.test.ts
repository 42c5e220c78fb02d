import { describe, expect, it } from 'vitest';
import { cashConversionCycle, daysInventoryOutstanding, daysPayablesOutstanding, daysSalesOutstanding, periodDays } from './cash-conversion-cycle.ts';

// Hand-worked year (365 days): revenue 365,000 and average receivables 50,000 → DSO = 50,000 / 365,000 × 365 = 50;
// COGS 219,000, average inventory 30,000 → DIO = 30,000 / 219,000 × 365 = 50; average payables 18,000
// → DPO = 18,000 / 219,000 × 365 = 30; CCC = 50 + 50 − 30 = 70 days.
describe('cash conversion cycle', () => {
  it('when given the hand-worked year, then DSO 50, DIO 50, DPO 30 and CCC 70 days', () => {
    const dso = daysSalesOutstanding('50000', '365000', 365);
    const dio = daysInventoryOutstanding('30000', '219000', 365);
    const dpo = daysPayablesOutstanding('18000', '219000', 365);
    expect(dso?.toString()).toBe('50');
    expect(dio?.toString()).toBe('50');
    expect(dpo?.toString()).toBe('30');
    expect(cashConversionCycle(dso, dio, dpo)?.toString()).toBe('70');
  });

  it('when there were no sales, then DSO and CCC are null', () => {
    const dso = daysSalesOutstanding('100', '0', 30);
    expect(dso).toBeNull();
    expect(cashConversionCycle(dso, null, null)).toBeNull();
  });

  it('when the period is 1 Jan–31 Mar 2026, then it counts 90 days with both ends inclusive', () => {
    expect(periodDays('2026-01-01', '2026-03-31')).toBe(90);
    expect(periodDays('2026-02-01', '2026-02-01')).toBe(1);
    expect(periodDays('2024-01-01', '2024-12-31')).toBe(366);
  });
});
