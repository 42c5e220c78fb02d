import { acf } from './stats.ts';

/**
 * The seasonality test used in the M3/M4 benchmarks (Makridakis et al. 2018, Naive2 and Theta):
 * the lag-m autocorrelation is significant at the two-sided 90 % level, with Bartlett's standard
 * error `sqrt((1 + 2 Σ_{k<m} r_k²) / n)`. Applied only when m > 1 and n ≥ 3m.
 */
export function isSeasonal(y: readonly number[], m: number, z = 1.645): boolean {
  if (m <= 1 || y.length < 3 * m) return false;
  const r = acf(y, m);
  let s = 0;
  for (let k = 0; k < m - 1; k++) s += r[k]! * r[k]!;
  const limit = z * Math.sqrt((1 + 2 * s) / y.length);
  return Math.abs(r[m - 1]!) > limit;
}
