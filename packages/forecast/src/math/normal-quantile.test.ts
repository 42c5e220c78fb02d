import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal-quantile.ts';

describe('normalCdf', () => {
  it('when evaluated at known points, then it gives Φ to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1.2815515655446004)).toBeCloseTo(0.1, 7);
    expect(normalCdf(-8)).toBeLessThan(1e-14);
    expect(normalCdf(8)).toBeCloseTo(1, 14);
  });

  it('when composed with normalQuantile, then it returns the probability', () => {
    for (const p of [0.001, 0.025, 0.1, 0.3, 0.5, 0.77, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it('when it grows, then it never decreases', () => {
    let prev = 0;
    for (let x = -6; x <= 6; x += 0.01) {
      const v = normalCdf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
});
