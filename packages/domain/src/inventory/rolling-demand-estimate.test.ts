import { describe, expect, it } from 'vitest';
import { rollingDemandEstimate } from './rolling-demand-estimate.ts';

const days = (n: number, v: number): number[] => Array.from({ length: n }, () => v);

describe('rollingDemandEstimate', () => {
  it('when two whole weeks have a forecast, then σ is the RMS of their errors ÷ √7 and leading zeros are ignored', () => {
    // After the two leading zeros: weeks of 2, 2, 5 a day. Window 2 days, 2 error weeks.
    // Week 2 (days 7–13): forecast 7 × 2 = 14, actual 14 → 0. Week 3 (days 14–20): forecast 14, actual 35 → 21.
    // RMSE = √((0² + 21²) / 2) = 14.8492; ÷ √7 = 5.6125. Forecast now = mean of the last 2 days = 5.
    const e = rollingDemandEstimate([0, 0, ...days(14, 2), ...days(7, 5)], { windowDays: 2, errorWeeks: 2 });
    expect(e.averageDailyDemand).toBe(5);
    expect(e.errorWeeks).toBe(2);
    expect(e.dailyErrorStdDev).toBeCloseTo(Math.sqrt(441 / 2) / Math.sqrt(7), 10);
    expect(e.dailyErrorStdDev).toBeCloseTo(5.6125, 4);
  });

  it('when fewer than two weeks have a forecast, then σ falls back to weekly totals ÷ √7', () => {
    // Weeks of 2 and 4 a day: only the second week has a 2-day window before it. Totals 14 and 28: sd 9.8995 → 3.7417.
    const e = rollingDemandEstimate([...days(7, 2), ...days(7, 4)], { windowDays: 2, errorWeeks: 2 });
    expect(e).toMatchObject({ averageDailyDemand: 4, errorWeeks: 0 });
    expect(e.dailyErrorStdDev).toBeCloseTo(3.7417, 4);
  });

  it('when nothing was ever demanded, then zero; bad options name the field', () => {
    expect(rollingDemandEstimate(days(30, 0))).toEqual({ averageDailyDemand: 0, dailyErrorStdDev: 0, errorWeeks: 0 });
    expect(() => rollingDemandEstimate([1], { errorWeeks: 1 })).toThrow(expect.objectContaining({ field: 'errorWeeks' }));
  });
});
