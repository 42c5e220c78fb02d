import { requireInput, requireNonNegative } from '../domain-error.ts';

/** Standard normal density. */
function phi(k: number): number {
  return Math.exp(-0.5 * k * k) / Math.sqrt(2 * Math.PI);
}

/** Standard normal upper tail 1 − Φ(k), from the complementary error function (Numerical Recipes `erfcc`, |ε| < 1.2e-7). */
function upperTail(k: number): number {
  const x = Math.abs(k) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return k >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Standard normal loss function G(k) = φ(k) − k·(1 − Φ(k)): expected shortage per unit of σ when stock is k σ above the mean. */
export function normalLoss(k: number): number {
  return phi(k) - k * upperTail(k);
}

/**
 * Safety factor k for a target fill rate P2 (share of demand served from stock) under continuous review with order
 * quantity Q and σ of demand over the lead time: the k with G(k) = Q·(1 − P2) / σ (Silver, Pyke & Thomas, 4th ed.,
 * §7.3.3). Safety stock = k·σ. A large Q already serves most demand between orders, so k can be far lower than the
 * z of the same cycle service level; it is not taken below 0 (no negative safety stock).
 */
export function fillRateSafetyFactor(input: { fillRate: number; orderQuantity: number; protectionStdDev: number }): number {
  const { fillRate, orderQuantity, protectionStdDev } = input;
  requireInput(Number.isFinite(fillRate) && fillRate > 0 && fillRate < 1, 'fillRate', 'fillRate must be strictly between 0 and 1');
  requireNonNegative(orderQuantity, 'orderQuantity');
  requireNonNegative(protectionStdDev, 'protectionStdDev');
  if (protectionStdDev === 0) return 0;
  const target = (orderQuantity * (1 - fillRate)) / protectionStdDev;
  if (target >= normalLoss(0)) return 0;
  let lo = 0;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalLoss(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
