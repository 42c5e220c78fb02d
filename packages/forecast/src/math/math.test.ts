import { describe, expect, it } from 'vitest';
import { classicalDecomposition, movingAverageTrend } from './decompose.ts';
import { nelderMead } from './nelder-mead.ts';
import { normalQuantile, zForLevel } from './normal-quantile.ts';
import { createRng } from './prng.ts';
import { isSeasonal } from './seasonality.ts';
import { acf, linearTrend, quantile } from './stats.ts';

describe('math kernels', () => {
  it('when asked for normal quantiles, then the textbook values come back', () => {
    expect(zForLevel(95)).toBeCloseTo(1.959963984540054, 12);
    expect(zForLevel(80)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
  });
  it('when minimising the Rosenbrock function in a box, then Nelder–Mead finds (1, 1)', () => {
    const r = nelderMead((x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2, [-1.2, 1], { maxEval: 5000, tol: 1e-14, lower: [-2, -2], upper: [2, 2] });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });
  it('when the optimum lies outside the box, then the bound is returned', () => {
    const r = nelderMead((x) => (x[0]! - 5) ** 2, [0], { lower: [-1], upper: [1], maxEval: 500 });
    expect(r.x[0]).toBeCloseTo(1, 6);
  });
  it('when seeded twice alike, then the generator repeats and normals have unit variance', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 20000 }, () => a.normal());
    expect(Array.from({ length: 20000 }, () => b.normal())).toEqual(xs);
    const v = xs.reduce((s, x) => s + x * x, 0) / xs.length;
    expect(v).toBeGreaterThan(0.97);
    expect(v).toBeLessThan(1.03);
  });
  it('when computing a 2×4 centred moving average, then it matches the hand value', () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 8];
    const t = movingAverageTrend(y, 4);
    expect(t[2]).toBeCloseTo((0.5 * 1 + 2 + 3 + 4 + 0.5 * 5) / 4, 12);
    expect(Number.isNaN(t[0]!)).toBe(true);
  });
  it('when a series is an exact trend times a season, then the multiplicative indices are recovered', () => {
    const s = [0.8, 1.1, 1.3, 0.8];
    const y = Array.from({ length: 24 }, (_, t) => (100 + t) * s[t % 4]!);
    const d = classicalDecomposition(y, 4, 'multiplicative');
    d.indices.forEach((v, i) => expect(Math.abs(v - s[i]!)).toBeLessThan(0.01));
    expect(isSeasonal(y, 4)).toBe(true);
    expect(isSeasonal(Array.from({ length: 24 }, (_, t) => 100 + t), 4)).toBe(false);
  });
  it('when fitting a line and autocorrelations, then the closed forms hold', () => {
    const lt = linearTrend([3, 5, 7, 9]);
    expect(lt.slope).toBeCloseTo(2, 12);
    expect(lt.intercept).toBeCloseTo(1, 12);
    expect(acf([1, 2, 3, 4], 1)[0]).toBeCloseTo(0.25, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});
