import { describe, expect, it } from 'vitest';
import { Dec } from '../money/money.ts';
import { dailySalesFromForecast, type DailySales } from './daily-sales-from-forecast.ts';

const flat = (n: number, v: string): DailySales => ({
  mean: Array.from({ length: n }, () => new Dec(v)),
  intervals: [80, 95].map((level) => ({ level: level as 80 | 95, lower: Array.from({ length: n }, () => new Dec(v)), upper: Array.from({ length: n }, () => new Dec(v)) })),
});

describe('dailySalesFromForecast', () => {
  it('when a weekly run covers part of the horizon, then each day gets a seventh of its week at the price and the rest the fallback', () => {
    // Start Wednesday 2026-04-01, 12 days. Week of Mon 30 March: 70 units (80 %: 56–84, 95 %: 42–98) → 10 a day × 2.50
    // = 25 (80 %: 20–30; 95 %: 15–35) on 1–5 April (days 0–4). Week of 6 April: 140 units, no bounds → 50 a day with
    // zero width on 6–12 April (days 5–11). Every day is covered, so the fallback (7) is never used.
    const r = dailySalesFromForecast({
      startDate: '2026-04-01',
      horizonDays: 12,
      granularity: 'week',
      pricePerUnit: '2.50',
      periods: [
        { period: '2026-03-30', mean: '70', lower80: '56', upper80: '84', lower95: '42', upper95: '98' },
        { period: '2026-04-06', mean: '140' },
      ],
      fallback: flat(12, '7'),
    });
    expect(r.mean.map(String)).toEqual(['25', '25', '25', '25', '25', '50', '50', '50', '50', '50', '50', '50']);
    expect(r.coveredDays).toBe(12);
    const i80 = r.intervals.find((iv) => iv.level === 80)!;
    const i95 = r.intervals.find((iv) => iv.level === 95)!;
    expect([i80.lower[0]!.toString(), i80.upper[0]!.toString(), i95.lower[4]!.toString(), i95.upper[4]!.toString()]).toEqual(['20', '30', '15', '35']);
    expect([i80.lower[5]!.toString(), i80.upper[5]!.toString()]).toEqual(['50', '50']);
  });

  it('when the run ends inside the horizon, then later days keep the fallback and only covered days are counted', () => {
    // Month of April 2026 (30 days): 300 units → 10 a day × 1 = 10; 1 May onwards is the fallback 7.
    const r = dailySalesFromForecast({ startDate: '2026-04-28', horizonDays: 5, granularity: 'month', pricePerUnit: 1, periods: [{ period: '2026-04-01', mean: '300', lower80: '240', upper80: '390' }], fallback: flat(5, '7') });
    expect(r.mean.map(String)).toEqual(['10', '10', '10', '7', '7']);
    expect(r.coveredDays).toBe(3);
    const i80 = r.intervals.find((iv) => iv.level === 80)!;
    expect(i80.lower.map(String)).toEqual(['8', '8', '8', '7', '7']);
    expect(i80.upper.map(String)).toEqual(['13', '13', '13', '7', '7']);
    // No 95 % bounds stored: the mean, not an invented width.
    expect(r.intervals.find((iv) => iv.level === 95)!.upper.map(String)).toEqual(['10', '10', '10', '7', '7']);
  });

  it('when the fallback is shorter than the horizon or the price is negative, then a DomainError names the field', () => {
    expect(() => dailySalesFromForecast({ startDate: '2026-04-01', horizonDays: 3, granularity: 'week', pricePerUnit: 1, periods: [], fallback: flat(2, '1') })).toThrow(expect.objectContaining({ field: 'fallback.mean' }));
    expect(() => dailySalesFromForecast({ startDate: '2026-04-01', horizonDays: 2, granularity: 'week', pricePerUnit: -1, periods: [], fallback: flat(2, '1') })).toThrow(expect.objectContaining({ field: 'pricePerUnit' }));
  });
});
