import { DomainError } from '../domain-error.ts';

export type XyzClass = 'X' | 'Y' | 'Z';

export interface XyzItem {
  readonly id: string;
  /** Demand per period (e.g. weekly or monthly buckets), oldest first; at least two periods. */
  readonly demand: readonly number[];
}

export interface XyzResult {
  readonly id: string;
  readonly class: XyzClass;
  readonly mean: number;
  readonly standardDeviation: number;
  /** σ / μ, Infinity when mean demand is zero. */
  readonly coefficientOfVariation: number;
}

/** CV cut-offs: X up to `x` (default 0.5), Y up to `y` (default 1.0), Z above. */
export interface XyzThresholds {
  readonly x: number;
  readonly y: number;
}

/**
 * XYZ classification by demand variability: coefficient of variation CV = σ / μ of periodic demand, with the
 * population standard deviation (the series is the whole observed history, not a sample of it). X: CV ≤ 0.5
 * (steady), Y: ≤ 1.0 (fluctuating), Z: > 1.0 or no demand (erratic / intermittent).
 */
export function classifyXyz(items: readonly XyzItem[], thresholds: XyzThresholds = { x: 0.5, y: 1.0 }): XyzResult[] {
  if (!(thresholds.x > 0 && thresholds.x < thresholds.y)) throw new DomainError('invalid_input', 'XYZ thresholds need 0 < x < y', 'thresholds');
  return items.map((item) => {
    const n = item.demand.length;
    if (n < 2) throw new DomainError('invalid_input', `demand of ${item.id} needs at least two periods`, 'demand');
    let sum = 0;
    for (const d of item.demand) {
      if (!Number.isFinite(d) || d < 0) throw new DomainError('invalid_input', `demand of ${item.id} must be ≥ 0`, 'demand');
      sum += d;
    }
    const mean = sum / n;
    let squares = 0;
    for (const d of item.demand) squares += (d - mean) ** 2;
    const standardDeviation = Math.sqrt(squares / n);
    const cv = mean === 0 ? Infinity : standardDeviation / mean;
    // Round before comparing so 0.5 computed as 0.5000000000000001 still counts as X.
    const rounded = Math.round(cv * 1e9) / 1e9;
    const cls: XyzClass = rounded <= thresholds.x ? 'X' : rounded <= thresholds.y ? 'Y' : 'Z';
    return { id: item.id, class: cls, mean, standardDeviation, coefficientOfVariation: cv };
  });
}
