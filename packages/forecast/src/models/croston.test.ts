import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { ForecastError } from '../model.ts';
import { croston, sba, tsb } from './croston.ts';
import { classifyDemand, isIntermittent } from './croston/classify-demand.ts';

runModelContract(croston);
runModelContract(sba);
runModelContract(tsb);

const demand = [0, 0, 3, 0, 0, 0, 5, 0, 2, 0];

describe('Croston and SBA on hand-computed values', () => {
  it('when smoothing sizes and intervals with α = 0.1, then the forecast is z/p from the recursions', () => {
    // first demand 3 after 3 periods: z = 3, p = 3; demand 5 after 4: z = 3.2, p = 3.1; demand 2 after 2: z = 3.08, p = 2.99
    const fc = croston.forecast(croston.fit({ values: demand, period: 1 }), { h: 3, levels: [80] });
    expect(fc.mean).toHaveLength(3);
    fc.mean.forEach((v) => expect(v).toBeCloseTo(3.08 / 2.99, 12));
  });

  it('when applying the Syntetos–Boylan correction, then the forecast is (1 − α/2) times Croston', () => {
    const c = croston.forecast(croston.fit({ values: demand, period: 1 }), { h: 1 }).mean[0]!;
    const s = sba.forecast(sba.fit({ values: demand, period: 1 }), { h: 1 }).mean[0]!;
    expect(s).toBeCloseTo(0.95 * c, 12);
  });

  it('when fitted, then one-step fitted values before each period are the previous estimates', () => {
    const f = croston.fit({ values: demand, period: 1 });
    expect(f.fitted.slice(0, 3)).toEqual([0, 0, 3]); // before the first demand the actuals are kept
    expect(f.fitted[3]).toBeCloseTo(1, 12); // 3 / 3
    expect(f.fitted[7]).toBeCloseTo(3.2 / 3.1, 12);
  });
});

describe('TSB', () => {
  it('when demand stops (obsolescence), then TSB decays towards zero while Croston stays at the last rate', () => {
    const y = [...Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 4 : 0)), ...new Array<number>(20).fill(0)];
    const c = croston.forecast(croston.fit({ values: y, period: 1 }), { h: 1 }).mean[0]!;
    const t = tsb.forecast(tsb.fit({ values: y, period: 1 }), { h: 1 }).mean[0]!;
    // p starts at 1 (first demand in period 1) and is smoothed towards 2 over 19 further demands; z stays 4.
    expect(c).toBeCloseTo(4 / (2 - 0.9 ** 19), 10);
    expect(t).toBeLessThan(0.5 * c);
  });

  it('when fitted, then the forecast equals demand probability times size from its own chosen constants', () => {
    const y = [0, 2, 0, 0, 3, 0, 1, 0, 0, 4, 0, 2];
    const f = tsb.fit({ values: y, period: 1 });
    const { alpha, beta } = f.state;
    let z = 2;
    let d = y.filter((v) => v > 0).length / y.length;
    for (let t = 2; t < y.length; t++) {
      if (y[t]! > 0) {
        d += beta * (1 - d);
        z += alpha * (y[t]! - z);
      } else d -= beta * d;
    }
    expect(tsb.forecast(f, { h: 1 }).mean[0]).toBeCloseTo(d * z, 12);
    expect(alpha).toBeGreaterThanOrEqual(0.02);
    expect(beta).toBeLessThanOrEqual(0.5);
  });
});

describe('empirical intervals', () => {
  it('when intervals are requested, then they are non-negative, contain the mean and 95 % contains 80 %', () => {
    const y = Array.from({ length: 60 }, (_, t) => (t % 3 === 0 ? 2 + (t % 5) : 0));
    for (const model of [croston, sba, tsb]) {
      const fc = model.forecast(model.fit({ values: y, period: 12 }), { h: 6, levels: [80, 95] });
      const [i80, i95] = fc.intervals;
      for (let k = 0; k < 6; k++) {
        expect(i95!.lower[k]!).toBeGreaterThanOrEqual(0);
        expect(i95!.lower[k]!).toBeLessThanOrEqual(i80!.lower[k]!);
        expect(i80!.lower[k]!).toBeLessThanOrEqual(fc.mean[k]!);
        expect(i80!.upper[k]!).toBeGreaterThanOrEqual(fc.mean[k]!);
        expect(i95!.upper[k]!).toBeGreaterThanOrEqual(i80!.upper[k]!);
      }
      expect(i95!.upper[0]!).toBeGreaterThan(fc.mean[0]!);
    }
  });

  it('when demand is negative, then a typed invalid_values error is thrown', () => {
    expect(() => croston.fit({ values: [1, -2, 0, 3], period: 1 })).toThrow(ForecastError);
  });
});

describe('demand classification (Syntetos, Boylan & Croston 2005)', () => {
  it('when demand is in every period with little variation, then it is smooth and not intermittent', () => {
    const c = classifyDemand([10, 11, 9, 10, 12, 10]);
    expect(c.category).toBe('smooth');
    expect(isIntermittent([10, 11, 9, 10, 12, 10])).toBe(false);
  });

  it('when demand occurs every other period with stable sizes, then ADI = 2 and it is intermittent', () => {
    const y = [5, 0, 5, 0, 6, 0, 5, 0];
    const c = classifyDemand(y);
    expect(c.adi).toBe(2);
    expect(c.category).toBe('intermittent');
    expect(isIntermittent(y)).toBe(true);
  });

  it('when sparse demand sizes vary a lot, then it is lumpy; frequent variable demand is erratic', () => {
    expect(classifyDemand([1, 0, 0, 30, 0, 0, 2, 0, 0, 50]).category).toBe('lumpy');
    expect(classifyDemand([1, 30, 2, 50, 1, 40]).category).toBe('erratic');
  });

  it('when the ADI is exactly at the cut-off 1.32, then the series is not intermittent', () => {
    // 33 periods with 25 demands: ADI = 1.32
    const y = Array.from({ length: 33 }, (_, t) => (t % 4 === 3 && t < 32 ? 0 : 1));
    expect(classifyDemand(y).adi).toBeCloseTo(1.32, 12);
    expect(isIntermittent(y)).toBe(false);
  });
});
