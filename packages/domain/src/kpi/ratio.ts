import { Decimal } from 'decimal.js';

/** Anything decimal.js accepts: a decimal string (preferred for money), a number (counts, minutes) or a Decimal. */
export type DecimalInput = Decimal.Value;

/**
 * numerator / denominator, or null when the denominator is zero: a KPI with no base (no sales, no planned time)
 * is "not available", never 0 % or Infinity.
 */
export function safeRatio(numerator: DecimalInput, denominator: DecimalInput): Decimal | null {
  const d = new Decimal(denominator);
  if (d.isZero()) return null;
  return new Decimal(numerator).div(d);
}

/** ratio × 100, or null. */
export function toPercent(ratio: Decimal | null): Decimal | null {
  return ratio === null ? null : ratio.times(100);
}

/** Relative change from `previous` to `current` in percent; null when either is missing or `previous` is zero. */
export function changePercent(current: DecimalInput | null, previous: DecimalInput | null): Decimal | null {
  if (current === null || previous === null) return null;
  const p = new Decimal(previous);
  if (p.isZero()) return null;
  return new Decimal(current).minus(p).div(p.abs()).times(100);
}
