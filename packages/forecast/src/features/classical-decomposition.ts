/**
 * Classical seasonal decomposition (centred moving average, averaged seasonal ratios or differences) with the
 * 90 % autocorrelation seasonality test used by the M4 Naive2 benchmark (Makridakis, Spiliotis & Assimakopoulos
 * 2018): seasonal when |r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n) and n ≥ 3m.
 */
export interface SeasonalProfile {
  /** 'none' when the test fails or the series is too short. */
  readonly mode: 'multiplicative' | 'additive' | 'none';
  readonly period: number;
  /** One index per season position; position p is the season of observation index p (0-based) modulo period. */
  readonly indices: number[];
}

/** Autocorrelation at lags 1..maxLag. */
export function autocorrelations(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let denom = 0;
  for (const v of values) denom += (v - mean) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let num = 0;
    for (let t = k; t < n; t++) num += (values[t]! - mean) * (values[t - k]! - mean);
    out.push(denom > 0 ? num / denom : 0);
  }
  return out;
}

/** The 90 % seasonality test on the lag-m autocorrelation. */
export function isSeasonal(values: readonly number[], period: number): boolean {
  const m = Math.round(period);
  if (m < 2 || values.length < 3 * m) return false;
  const r = autocorrelations(values, m);
  let s = 0;
  for (let k = 0; k < m - 1; k++) s += r[k]! ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * s) / values.length);
  return Math.abs(r[m - 1]!) > limit;
}

/**
 * Estimates the seasonal profile: multiplicative when every value is positive, additive otherwise, 'none' when
 * the seasonality test fails. `force` skips the test (still needs two full seasons).
 */
export function seasonalProfile(values: readonly number[], period: number, force = false): SeasonalProfile {
  const m = Math.round(period);
  const n = values.length;
  const none: SeasonalProfile = { mode: 'none', period: Math.max(1, m), indices: new Array<number>(Math.max(1, m)).fill(1) };
  if (m < 2 || n < 2 * m) return none;
  if (!force && !isSeasonal(values, m)) return none;
  const multiplicative = values.every((v) => v > 0);
  // centred moving average of order m (2×m for even m)
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let cma: number;
    if (m % 2 === 0) {
      let s = 0.5 * (values[t - half]! + values[t + half]!);
      for (let j = t - half + 1; j < t + half; j++) s += values[j]!;
      cma = s / m;
    } else {
      let s = 0;
      for (let j = t - half; j <= t + half; j++) s += values[j]!;
      cma = s / m;
    }
    if (multiplicative && !(cma > 0)) continue;
    sums[t % m]! += multiplicative ? values[t]! / cma : values[t]! - cma;
    counts[t % m]! += 1;
  }
  if (counts.some((c) => c === 0)) return none;
  const raw = sums.map((s, i) => s / counts[i]!);
  const avg = raw.reduce((a, b) => a + b, 0) / m;
  const indices = multiplicative ? raw.map((r) => r / avg) : raw.map((r) => r - avg);
  if (indices.some((x) => !Number.isFinite(x) || (multiplicative && x <= 0))) return none;
  return { mode: multiplicative ? 'multiplicative' : 'additive', period: m, indices };
}

/** Seasonal index for observation index t (0-based; t ≥ n continues the calendar into the future); 1 for 'none'. */
export function seasonalIndexAt(profile: SeasonalProfile, t: number): number {
  if (profile.mode === 'none') return 1;
  const m = profile.period;
  return profile.indices[((t % m) + m) % m]!;
}

/** Removes the seasonal component. */
export function deseasonalise(values: readonly number[], profile: SeasonalProfile, offset = 0): number[] {
  if (profile.mode === 'none') return values.slice();
  return values.map((v, i) =>
    profile.mode === 'multiplicative' ? v / seasonalIndexAt(profile, i + offset) : v - seasonalIndexAt(profile, i + offset),
  );
}

/** Puts the seasonal component back on values that start at observation index `offset`. */
export function reseasonalise(values: readonly number[], profile: SeasonalProfile, offset: number): number[] {
  if (profile.mode === 'none') return values.slice();
  return values.map((v, i) =>
    profile.mode === 'multiplicative' ? v * seasonalIndexAt(profile, i + offset) : v + seasonalIndexAt(profile, i + offset),
  );
}
