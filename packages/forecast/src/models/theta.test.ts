import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { linearTrend } from '../math/stats.ts';
import { dynamicOptimisedTheta, optimisedTheta, theta } from './theta.ts';
import { thetaPoint, thetaRun } from './theta/theta-core.ts';

runModelContract(theta);
runModelContract(optimisedTheta);
runModelContract(dynamicOptimisedTheta);

describe('theta models against closed forms', () => {
  const y = [12, 15, 14, 18, 21, 19, 24, 26, 25, 29, 33, 31, 36];
  it('when the dynamic recursion runs, then A_t and B_t equal the least-squares line on y_1..y_t', () => {
    for (const t of [2, 5, 9, 13]) {
      const run = thetaRun(y.slice(0, t), { alpha: 0.4, theta: 2, level0: 10 }, true);
      const lt = linearTrend(y.slice(0, t));
      expect(run.b).toBeCloseTo(lt.slope, 10);
      expect(run.a).toBeCloseTo(lt.intercept, 10);
    }
  });
  it('when θ = 2, then the forecast is SES plus half the OLS slope with the Hyndman–Billah drift term', () => {
    const alpha = 0.3;
    const level0 = 11;
    const run = thetaRun(y, { alpha, theta: 2, level0 }, false);
    let ses = level0;
    for (const v of y) ses = alpha * v + (1 - alpha) * ses;
    const { intercept: a, slope: b } = linearTrend(y);
    const n = y.length;
    const fc = thetaPoint(run, { alpha, theta: 2, level0 }, 3);
    for (let h = 1; h <= 3; h++) {
      const expected = ses + 0.5 * ((1 - alpha) ** n * a + (h - 1 + (1 - (1 - alpha) ** (n + 1)) / alpha) * b);
      expect(fc[h - 1]).toBeCloseTo(expected, 10);
    }
  });
  it('when θ = 1, then the forecast is plain SES (flat)', () => {
    const run = thetaRun(y, { alpha: 0.5, theta: 1, level0: 12 }, false);
    const fc = thetaPoint(run, { alpha: 0.5, theta: 1, level0: 12 }, 4);
    expect(new Set(fc.map((v) => v.toFixed(10))).size).toBe(1);
  });
  it('when the series is a straight line, then OTM follows it up to the 1/θ shrinkage of the drift (θ ≤ 10)', () => {
    const line = Array.from({ length: 40 }, (_, t) => 100 + 3 * t);
    const fc = optimisedTheta.forecast(optimisedTheta.fit({ values: line, period: 1 }), { h: 5 });
    fc.mean.forEach((v, i) => expect(Math.abs(v - (100 + 3 * (40 + i)))).toBeLessThan(0.1 * 3 * (i + 1) + 1));
  });
  it('when the classic Theta method forecasts, then it equals R thetaf: SES level plus half the OLS slope times (h−1) + (1−(1−α)^n)/α', () => {
    const f = theta.fit({ values: y, period: 1 });
    const { alpha, level0 } = f.state;
    let ses = level0;
    for (const v of y) ses = alpha * v + (1 - alpha) * ses;
    const b = linearTrend(y).slope;
    const n = y.length;
    const fc = theta.forecast(f, { h: 4, levels: [95] });
    for (let h = 1; h <= 4; h++) expect(fc.mean[h - 1]).toBeCloseTo(ses + (b / 2) * (h - 1 + (1 - (1 - alpha) ** n) / alpha), 9);
    // SES interval: σ²[1 + (h − 1)α²]
    const hw = fc.intervals[0]!.upper[3]! - fc.mean[3]!;
    expect(hw).toBeCloseTo(1.959963984540054 * Math.sqrt(f.state.sigma2 * (1 + 3 * alpha * alpha)), 9);
  });
});
