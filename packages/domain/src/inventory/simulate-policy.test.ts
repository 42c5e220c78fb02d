import { createRng } from '@sentia/forecast/math/prng';
import { describe, expect, it } from 'vitest';
import { computeInventoryPolicy } from './compute-inventory-policy.ts';
import { comparePolicies, simulatePolicy } from './simulate-policy.ts';

const constant = (n: number, v: number): number[] => Array.from({ length: n }, () => v);

describe('simulatePolicy', () => {
  it('when demand is 10 a day with s = 50, S = 100 and a fixed 5-day lead time, then the hand-worked path holds', () => {
    // Day 4 ends at 50 → order 50, arrives day 9; the cycle 40, 30, 20, 10, 50 then repeats; nothing is lost.
    const r = simulatePolicy({
      demand: constant(20, 10), initialOnHand: 100, unitCost: '2.00', carryingCostRate: '0.365',
      leadTime: { meanDays: 5 }, policy: { kind: 'reorder_point', reorderPoint: 50, orderUpTo: 100 },
    });
    expect(r.endOfDayOnHand).toEqual([90, 80, 70, 60, 50, 40, 30, 20, 10, 50, 40, 30, 20, 10, 50, 40, 30, 20, 10, 50]);
    expect(r.fillRate).toBe(1);
    expect(r.ordersPlaced).toBe(4);
    // Σ end-of-day units = 800 → average 40 units = 80.00; carrying = 800 × 2.00 × 0.365 / 365 = 1.60.
    expect(r.averageOnHand).toBe(40);
    expect(r.averageInventoryValue.toString()).toBe('80');
    expect(r.carryingCost.toString()).toBe('1.6');
  });

  it('when the lead time is 7 days instead, then day 10 runs dry and the fill rate is 110/120', () => {
    // Order on day 4 arrives day 11. Day 9 serves its last 10 units; day 10 loses 10.
    const r = simulatePolicy({
      demand: constant(12, 10), initialOnHand: 100, unitCost: '1', carryingCostRate: '0.2',
      leadTime: { meanDays: 7 }, policy: { kind: 'reorder_point', reorderPoint: 50, orderUpTo: 100 },
    });
    expect(r.endOfDayOnHand.slice(8)).toEqual([10, 0, 0, 40]);
    expect(r.stockoutDays).toBe(1);
    expect(r.unitsLost).toBe(10);
    expect(r.fillRate).toBeCloseTo(110 / 120, 12);
    expect(r.daysFullyServedShare).toBeCloseTo(11 / 12, 12);
  });

  it('when the baseline reviews monthly to 8 weeks of cover, then it orders only on review days', () => {
    const r = simulatePolicy({
      demand: constant(90, 10), initialOnHand: 0, unitCost: '1', carryingCostRate: '0.2',
      leadTime: { meanDays: 3 }, policy: { kind: 'weeks_of_cover', weeks: 8, averageDailyDemand: 10, reviewDays: 30 },
    });
    // Day 0: order 560 arrives day 3 (days 0–2 lost). Day 30: position 560 − 280 = 280 → order 280, and so on.
    expect(r.ordersPlaced).toBe(3);
    expect(r.unitsLost).toBe(30);
    expect(r.endOfDayOnHand[3]).toBe(550);
  });

  it('when the policy is re-estimated every 7 days from the demand seen so far, then each revision holds until the next', () => {
    // Demand 10 a day, lead time 5. Days 0–6: s = 50, S = 100 (day 4 ends at 50 → order 50, arrives day 9).
    // Day 7 re-estimates to s = 20, S = 60: day 12 ends at 20 → order 40 (arrives day 17); days 15–16 run dry
    // (20 lost); day 17 ends at 30, day 18 at 20 → order 40. policyFor sees demand up to that day, never later.
    const seen: number[] = [];
    const r = simulatePolicy({
      demand: constant(20, 10), initialOnHand: 100, unitCost: '1', carryingCostRate: '0.2', leadTime: { meanDays: 5 },
      policy: { kind: 'reorder_point', reorderPoint: 0, orderUpTo: 0 },
      revise: {
        everyDays: 7,
        history: [3, 3],
        policyFor: (observed) => {
          seen.push(observed.length);
          return observed.length < 10 ? { kind: 'reorder_point', reorderPoint: 50, orderUpTo: 100 } : { kind: 'reorder_point', reorderPoint: 20, orderUpTo: 60 };
        },
      },
    });
    expect(seen).toEqual([3, 10, 17]);
    expect(r.endOfDayOnHand).toEqual([90, 80, 70, 60, 50, 40, 30, 20, 10, 50, 40, 30, 20, 10, 0, 0, 0, 30, 20, 10]);
    expect(r.ordersPlaced).toBe(3);
    expect(r.unitsLost).toBe(20);
    expect(r.stockoutDays).toBe(2);
  });

  it('when comparing with a revision, then only the recommended policy is revised', () => {
    const base = { demand: constant(10, 10), initialOnHand: 50, unitCost: '1', carryingCostRate: '0.2', leadTime: { meanDays: 2 } };
    const calls: number[] = [];
    const cmp = comparePolicies(base, { kind: 'reorder_point', reorderPoint: 0, orderUpTo: 0 }, { kind: 'weeks_of_cover', weeks: 1, averageDailyDemand: 10, reviewDays: 5 }, {
      everyDays: 5,
      history: [],
      policyFor: (o) => (calls.push(o.length), { kind: 'reorder_point', reorderPoint: 30, orderUpTo: 60 }),
    });
    expect(calls).toEqual([1, 6]);
    expect(cmp.baseline.endOfDayOnHand).toEqual(simulatePolicy({ ...base, policy: { kind: 'weeks_of_cover', weeks: 1, averageDailyDemand: 10, reviewDays: 5 } }).endOfDayOnHand);
    expect(cmp.recommended.ordersPlaced).toBeGreaterThan(0);
  });

  it('when the baseline re-reads its demand rate at each monthly review, then its order-up-to level follows the demand and the frozen one does not', () => {
    // Demand 10 a day for 5 days, then 20. 1 week of cover reviewed every 5 days, lead time 2 days, 50 on hand.
    // Day 0: 50 − 10 = 40; the rate read is 10 → up to 70, order 30 (arrives day 2). Days 1–4: 30, 50, 40, 30.
    // Day 5: 30 − 20 = 10. Re-read: mean of the last 5 days (10, 10, 10, 10, 20) = 12 → up to 84, order 74; frozen:
    // up to 70, order 60 (both arrive day 7). Day 6: 10 served, 10 lost. Day 7: +74 − 20 = 54 (frozen 40), then 34, 14
    // (frozen 20, 0).
    const demand = [10, 10, 10, 10, 10, 20, 20, 20, 20, 20];
    const base = { demand, initialOnHand: 50, unitCost: '1', carryingCostRate: '0.2', leadTime: { meanDays: 2 } };
    const cover = { kind: 'weeks_of_cover' as const, weeks: 1, averageDailyDemand: 10, reviewDays: 5 };
    const cmp = comparePolicies(base, cover, cover, undefined, {
      everyDays: 5,
      history: [],
      policyFor: (observed) => ({ ...cover, averageDailyDemand: observed.slice(-5).reduce((s, v) => s + v, 0) / Math.min(5, observed.length) }),
    });
    expect(cmp.baseline.endOfDayOnHand).toEqual([40, 30, 50, 40, 30, 10, 0, 54, 34, 14]);
    expect(cmp.recommended.endOfDayOnHand).toEqual([40, 30, 50, 40, 30, 10, 0, 40, 20, 0]);
    expect([cmp.baseline.unitsLost, cmp.recommended.unitsLost]).toEqual([10, 10]);
    expect(cmp.baseline.ordersPlaced).toBe(2);
  });

  it('when the same seed is used, then lead times are reproducible and differ with another seed', () => {
    const run = (seed: number) => simulatePolicy({
      demand: constant(200, 10), initialOnHand: 100, unitCost: '1', carryingCostRate: '0.2', seed,
      leadTime: { meanDays: 7, stdDevDays: 3 }, policy: { kind: 'reorder_point', reorderPoint: 90, orderUpTo: 200 },
    }).endOfDayOnHand;
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('when the recommended (s, S) policy replays held-out demand against 8 weeks of cover, then it carries less stock at ≥ 95 % fill', () => {
    // Demand ~ N(20, 6) a day: 365 training days fix the policy, the next 180 are replayed. Lead time 14 ± 3 days.
    const rng = createRng(2026);
    const series = Array.from({ length: 545 }, () => Math.max(0, Math.round(20 + 6 * rng.normal())));
    const train = series.slice(0, 365);
    const heldOut = series.slice(365);
    const mean = train.reduce((s, v) => s + v, 0) / train.length;
    const sd = Math.sqrt(train.reduce((s, v) => s + (v - mean) ** 2, 0) / (train.length - 1));
    const policy = computeInventoryPolicy({ serviceLevel: 0.95, averageDailyDemand: mean, dailyDemandStdDev: sd, leadTimeDays: 14, leadTimeStdDevDays: 3, unitCost: '4.00', orderingCost: '40', holdingRate: '0.25' });
    const result = comparePolicies(
      { demand: heldOut, initialOnHand: Math.round(mean * 28), unitCost: '4.00', carryingCostRate: '0.25', leadTime: { meanDays: 14, stdDevDays: 3 }, seed: 11 },
      { kind: 'reorder_point', reorderPoint: policy.reorderPoint, orderUpTo: policy.max },
      { kind: 'weeks_of_cover', weeks: 8, averageDailyDemand: mean, reviewDays: 30 },
    );
    expect(result.recommended.fillRate).toBeGreaterThanOrEqual(0.95);
    expect(result.recommended.carryingCost.lessThan(result.baseline.carryingCost)).toBe(true);
    expect(result.carryingCostChangePct).toBeLessThan(0);
    expect(result.recommended.fillRate).toBeGreaterThanOrEqual(result.baseline.fillRate - 0.01);
  });

  it('when inputs are invalid, then a DomainError names the field', () => {
    const ok = { demand: [1], initialOnHand: 0, unitCost: '1', carryingCostRate: '0.2', leadTime: { meanDays: 2 }, policy: { kind: 'reorder_point' as const, reorderPoint: 1, orderUpTo: 2 } };
    expect(() => simulatePolicy({ ...ok, leadTime: { meanDays: 0 } })).toThrow(expect.objectContaining({ field: 'leadTime.meanDays' }));
    expect(() => simulatePolicy({ ...ok, demand: [-1] })).toThrow(expect.objectContaining({ field: 'demand' }));
    expect(() => simulatePolicy({ ...ok, policy: { kind: 'reorder_point', reorderPoint: 5, orderUpTo: 2 } })).toThrow(expect.objectContaining({ field: 'reorderPoint' }));
  });
});
