import { describe, expect, it } from 'vitest';
import { fillRateSafetyFactor, normalLoss } from './fill-rate-safety-factor.ts';

describe('normalLoss', () => {
  it('when compared with the printed table of G(k), then it agrees to 4 decimals', () => {
    // Silver, Pyke & Thomas, appendix II: G(0) = 0.3989, G(0.5) = 0.1978, G(1) = 0.0833, G(2) = 0.0085, G(−1) = 1.0833.
    expect(normalLoss(0)).toBeCloseTo(0.3989, 4);
    expect(normalLoss(0.5)).toBeCloseTo(0.1978, 4);
    expect(normalLoss(1)).toBeCloseTo(0.0833, 4);
    expect(normalLoss(2)).toBeCloseTo(0.0085, 4);
    expect(normalLoss(-1)).toBeCloseTo(1.0833, 4);
  });
});

describe('fillRateSafetyFactor', () => {
  it('when Q = 100, σ_L = 50 and the target fill rate is 99 %, then G(k) = 0.02 and k ≈ 1.66', () => {
    // 100 × 0.01 / 50 = 0.02; G(1.65) = 0.0205, G(1.66) = 0.0200 (table) → k = 1.66.
    const k = fillRateSafetyFactor({ fillRate: 0.99, orderQuantity: 100, protectionStdDev: 50 });
    expect(k).toBeCloseTo(1.66, 2);
    expect(normalLoss(k)).toBeCloseTo(0.02, 8);
  });

  it('when the order quantity alone meets the target, then no safety stock (k = 0), and σ = 0 needs none', () => {
    // 1000 × 0.05 / 50 = 1 ≥ G(0) = 0.3989.
    expect(fillRateSafetyFactor({ fillRate: 0.95, orderQuantity: 1000, protectionStdDev: 50 })).toBe(0);
    expect(fillRateSafetyFactor({ fillRate: 0.95, orderQuantity: 10, protectionStdDev: 0 })).toBe(0);
  });

  it('when the fill rate is out of range, then a DomainError names it', () => {
    expect(() => fillRateSafetyFactor({ fillRate: 1, orderQuantity: 1, protectionStdDev: 1 })).toThrow(expect.objectContaining({ field: 'fillRate' }));
  });
});
