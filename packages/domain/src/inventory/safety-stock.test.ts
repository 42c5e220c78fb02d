import { describe, expect, it } from 'vitest';
import { computeInventoryPolicy } from './compute-inventory-policy.ts';
import { economicOrderQuantity } from './economic-order-quantity.ts';
import { movingAverageForecast } from './moving-average-forecast.ts';
import { daysOfCover, projectStockout } from './project-stockout.ts';
import { safetyStock, safetyStockFromForecastErrors, serviceLevelZ } from './safety-stock.ts';

describe('economicOrderQuantity', () => {
  // Heizer, Render & Munson, "Operations Management", ch. 12, Examples 3–5 (Sharp, Inc. needles): D = 1,000
  // units/yr, S = $10/order, H = $0.50/unit/yr → Q* = 200, N = 5 orders, T = 250/5 = 50 days, TC = $100.
  it('when given the Sharp, Inc. example, then Q* = 200, 5 orders, 50 days between orders and $100 a year', () => {
    const r = economicOrderQuantity({ annualDemand: 1000, orderingCost: '10', holdingCostPerUnit: '0.50' });
    expect(r.quantity).toBe(200);
    expect(r.ordersPerYear).toBe(5);
    expect(r.cycleDays).toBe(50);
    expect(r.annualOrderingCost.toString()).toBe('50');
    expect(r.annualHoldingCost.toString()).toBe('50');
    expect(r.totalAnnualCost.toString()).toBe('100');
  });

  it('when H is given as a rate of unit cost, then H = rate × cost', () => {
    expect(economicOrderQuantity({ annualDemand: 1000, orderingCost: '10', unitCost: '2.00', holdingRate: '0.25' }).quantity).toBe(200);
    expect(() => economicOrderQuantity({ annualDemand: 1000, orderingCost: '10' })).toThrow(expect.objectContaining({ field: 'holdingCostPerUnit' }));
    expect(() => economicOrderQuantity({ annualDemand: -1, orderingCost: '10', holdingCostPerUnit: '1' })).toThrow(expect.objectContaining({ field: 'annualDemand' }));
  });
});

describe('safetyStock', () => {
  // Heizer, Render & Munson, ch. 12, probabilistic reorder-point examples (the book rounds z to 2–3 digits).
  it('when only demand varies (d 15, σd 5, L 2 days, 90 %), then SS = z·σd·√L ≈ 9.06 and ROP ≈ 39', () => {
    const r = safetyStock({ serviceLevel: 0.9, averageDailyDemand: 15, dailyDemandStdDev: 5, leadTimeDays: 2 });
    expect(r.z).toBeCloseTo(1.28155, 4);
    expect(r.safetyStock).toBeCloseTo(1.28155 * 5 * Math.SQRT2, 3); // book: 1.28 × 7.07 = 9.02
    expect(30 + r.safetyStock).toBeCloseTo(39.06, 2);
  });

  it('when only lead time varies (d 3, L 6 ± 1 days, 98 %), then SS = z·d·σL ≈ 6.16 and ROP ≈ 24.2', () => {
    const r = safetyStock({ serviceLevel: 0.98, averageDailyDemand: 3, dailyDemandStdDev: 0, leadTimeDays: 6, leadTimeStdDevDays: 1 });
    expect(r.protectionStdDev).toBe(3);
    expect(18 + r.safetyStock).toBeCloseTo(24.16, 2); // book: 18 + 2.055 × 3 = 24.165
  });

  it('when both vary (d 150 ± 16, L 5 ± 1 days, 95 %), then σ = √23,780 = 154.2 and ROP rounds up to 1,004', () => {
    const r = safetyStock({ serviceLevel: 0.95, averageDailyDemand: 150, dailyDemandStdDev: 16, leadTimeDays: 5, leadTimeStdDevDays: 1 });
    expect(r.protectionStdDev).toBeCloseTo(Math.sqrt(23780), 10);
    expect(r.safetyStock).toBeCloseTo(253.65, 2);
    const policy = computeInventoryPolicy({ serviceLevel: 0.95, averageDailyDemand: 150, dailyDemandStdDev: 16, leadTimeDays: 5, leadTimeStdDevDays: 1, unitCost: '1', orderingCost: '1', holdingRate: '0.2' });
    expect(policy.reorderPoint).toBe(1004); // book: 750 + 1.65 × 154 = 1,004
  });

  it('when the service level is 1.0 or more, zero, or the lead time is zero, then a DomainError names the field', () => {
    expect(() => serviceLevelZ(1)).toThrow(expect.objectContaining({ field: 'serviceLevel', code: 'invalid_input' }));
    expect(() => serviceLevelZ(1.2)).toThrow(expect.objectContaining({ field: 'serviceLevel' }));
    expect(() => serviceLevelZ(0)).toThrow(expect.objectContaining({ field: 'serviceLevel' }));
    expect(() => safetyStock({ serviceLevel: 0.95, averageDailyDemand: 1, dailyDemandStdDev: 1, leadTimeDays: 0 })).toThrow(expect.objectContaining({ field: 'leadTimeDays' }));
    expect(() => safetyStock({ serviceLevel: 0.95, averageDailyDemand: -1, dailyDemandStdDev: 1, leadTimeDays: 3 })).toThrow(expect.objectContaining({ field: 'averageDailyDemand' }));
  });

  it('when safety stock comes from forecast errors, then normal uses RMSE·√L and empirical the quantile of window sums', () => {
    const residuals = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 2 : -2));
    const normal = safetyStockFromForecastErrors({ serviceLevel: 0.95, residuals, leadTimeDays: 4 });
    expect(normal.protectionStdDev).toBe(4); // RMSE 2 × √4
    expect(normal.safetyStock).toBeCloseTo(1.644854 * 4, 5);
    // Alternating errors cancel over any even window: the empirical method sees no risk, the normal one does.
    expect(safetyStockFromForecastErrors({ serviceLevel: 0.95, residuals, leadTimeDays: 4, method: 'empirical' }).safetyStock).toBe(0);
    // Over one day the errors are ±2 half the time each: the 95 % quantile is 2.
    expect(safetyStockFromForecastErrors({ serviceLevel: 0.95, residuals, leadTimeDays: 1, method: 'empirical' }).safetyStock).toBe(2);
    expect(() => safetyStockFromForecastErrors({ serviceLevel: 0.95, residuals: residuals.slice(0, 10), leadTimeDays: 1, method: 'empirical' })).toThrow(/30 windows/);
  });
});

describe('projectStockout and days of cover', () => {
  it('when 100 units face 30 a day, then stock runs out on day 4 after 3⅓ days of cover', () => {
    const r = projectStockout({ available: 100, startDate: '2026-12-01', dailyForecast: [30, 30, 30, 30] });
    expect(r.stockoutDate).toBe('2026-12-04');
    expect(r.daysOfCover).toBeCloseTo(3 + 10 / 30, 10);
    expect(r.projectedStock).toEqual([70, 40, 10, -20]);
    expect(daysOfCover(100, 30)).toBeCloseTo(3.3333, 4);
    expect(daysOfCover(100, 0)).toBeNull();
  });

  it('when a receipt of 50 lands on day 3, then the stock lasts the forecast', () => {
    const r = projectStockout({ available: 100, startDate: '2026-12-01', dailyForecast: [30, 30, 30, 30], receipts: [{ date: '2026-12-03', quantity: 50 }] });
    expect(r.stockoutDate).toBeNull();
    expect(r.projectedStock.at(-1)).toBe(30);
  });
});

describe('computeInventoryPolicy', () => {
  it('when demand is 10 ± 3 a day, L 7 days, review 7, 95 %, then every figure follows from the formulas', () => {
    const p = computeInventoryPolicy({
      serviceLevel: 0.95, averageDailyDemand: 10, dailyDemandStdDev: 3, leadTimeDays: 7, reviewPeriodDays: 7,
      unitCost: '4', orderingCost: '50', holdingRate: '0.25', onHand: 130, allocated: 10, startDate: '2026-12-01',
    });
    // SS = 1.6449 × 3 × √7 = 13.06 → 14; ROP = 70 + 14 = 84; EOQ = √(2 × 3,650 × 50 / 1) = 604.2 → 604.
    expect(p.safetyStock).toBe(14);
    expect(p.reorderPoint).toBe(84);
    expect(p.economicOrderQuantity).toBe(604);
    expect(p.max).toBe(688);
    // Periodic: SS over 14 days = 1.6449 × 3 × √14 = 18.46 → 19; S = 140 + 19 = 159.
    expect(p.orderUpTo).toBe(159);
    // 120 available / 10 a day = 12 days → runs out on 13 Dec.
    expect(p.daysOfCover).toBe(12);
    expect(p.stockoutDate).toBe('2026-12-13');
    expect(p.safetyStockMethod).toBe('demand_and_lead_time');
  });

  it('when the service level is read as a fill rate, then safety stock uses G(k) = Q(1 − P2)/σ instead of z', () => {
    // d = 10 ± 10 a day, L = 25 → σ_L = 50; EOQ = √(2 × 3,650 × 2.5 / (0.25 × 7.3)) = 100.
    // Fill rate 99 %: G(k) = 100 × 0.01 / 50 = 0.02 → k = 1.660 → SS = 83.0 → 84 (cycle 99 %: 2.326 × 50 = 116.3 → 117).
    // Periodic, R = 7: Q = d·R = 70, σ = 10√32 = 56.57, G(k) = 0.01237 → k = 1.87 → SS 105.8 → 106; S = 320 + 106 = 426.
    const args = { serviceLevel: 0.99, averageDailyDemand: 10, dailyDemandStdDev: 10, leadTimeDays: 25, reviewPeriodDays: 7, unitCost: '7.3', orderingCost: '2.5', holdingRate: '0.25' };
    const fill = computeInventoryPolicy({ ...args, serviceMeasure: 'fill_rate' });
    expect(fill).toMatchObject({ economicOrderQuantity: 100, safetyStock: 84, reorderPoint: 334, max: 434, orderUpTo: 426 });
    expect(computeInventoryPolicy(args)).toMatchObject({ safetyStock: 117, reorderPoint: 367 });
  });
});

describe('movingAverageForecast', () => {
  it('when history is 28 days, then the forecast is their mean with ±z·s intervals clipped at zero', () => {
    const history = Array.from({ length: 60 }, (_, i) => (i < 32 ? 100 : i % 2 === 0 ? 8 : 12));
    const f = movingAverageForecast(history, { h: 3, levels: [95] });
    expect(f.mean).toEqual([10, 10, 10]);
    // Sample sd of 14 eights and 14 twelves = √(28 × 4 / 27) = 2.0367.
    const sd = Math.sqrt((28 * 4) / 27);
    expect(f.intervals[0]?.upper[0]).toBeCloseTo(10 + 1.959964 * sd, 5);
    expect(movingAverageForecast([1, 0, 0, 0], { h: 1, window: 4, levels: [95] }).intervals[0]?.lower[0]).toBe(0);
  });
});
