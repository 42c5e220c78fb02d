import { correlation, linearTrend } from '../math/stats.ts';

/**
 * Seasonal indices for a short seasonal history (at least two but fewer than three full seasons), where the
 * M3/M4 lag-m autocorrelation test does not apply (it needs n ≥ 3m: with two seasons the lag-m ACF has only m
 * pairs and stays below its limit even for a strong Christmas peak), the ensemble's backtest has no origin,
 * and AICc rejects a seasonal ETS with m − 1 more states. Without this rule such series get flat forecasts.
 *
 * Test: the last two full seasons are detrended by their least-squares line (ratio to the line, so the
 * pattern is multiplicative as in the M3 Theta adjustment); the season is accepted when the two seasons'
 * profiles correlate with r ≥ `minCorrelation` (default 0.5: the one-sided 5 % level of a Pearson correlation
 * of 12 pairs is 0.497 — a pattern that repeats, not noise). Indices: the mean of the two ratios per position,
 * normalised to average 1, aligned so that `indices[t % m]` applies to observation t of the whole series.
 * Returns undefined (no adjustment) for m ≤ 1, n outside [2m, 3m), non-positive data or no repeat.
 */
export function shortSeasonIndices(y: readonly number[], m: number, minCorrelation = 0.5): number[] | undefined {
  const n = y.length;
  if (m <= 1 || n < 2 * m || n >= 3 * m) return undefined;
  if (y.some((v) => !(v > 0))) return undefined;
  const start = n - 2 * m;
  const last = y.slice(start);
  const { intercept, slope } = linearTrend(last);
  const ratios = last.map((v, i) => v / (intercept + slope * (i + 1)));
  if (ratios.some((r) => !(r > 0) || !Number.isFinite(r))) return undefined;
  const a = ratios.slice(0, m);
  const b = ratios.slice(m);
  if (!(correlation(a, b) >= minCorrelation)) return undefined;
  const profile = a.map((v, i) => (v + b[i]!) / 2);
  const avg = profile.reduce((s, v) => s + v, 0) / m;
  // profile[i] belongs to observation start + i, i.e. position (start + i) % m
  const indices = new Array<number>(m);
  for (let i = 0; i < m; i++) indices[(start + i) % m] = profile[i]! / avg;
  return indices;
}
