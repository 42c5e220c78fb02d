/**
 * Classical decomposition by moving averages (as R's `decompose`): a centred 2×m moving average
 * for the trend (m-term when m is odd), seasonal indices from the mean detrended value per
 * position, normalised to average 1 (multiplicative) or 0 (additive).
 */
export interface Decomposition {
  /** Trend (NaN for the first and last m/2 points, where the centred average is undefined). */
  readonly trend: number[];
  /** The m seasonal indices, index 0 for the first observation's position. */
  readonly indices: number[];
  /** Seasonal component aligned with the series. */
  readonly seasonal: number[];
}

export function movingAverageTrend(y: readonly number[], m: number): number[] {
  const n = y.length;
  const trend = new Array<number>(n).fill(NaN);
  const even = m % 2 === 0;
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (even) {
      s += 0.5 * y[t - half]! + 0.5 * y[t + half]!;
      for (let k = t - half + 1; k <= t + half - 1; k++) s += y[k]!;
    } else {
      for (let k = t - half; k <= t + half; k++) s += y[k]!;
    }
    trend[t] = s / m;
  }
  return trend;
}

export function classicalDecomposition(
  y: readonly number[],
  m: number,
  type: 'multiplicative' | 'additive',
): Decomposition {
  const n = y.length;
  if (m < 2 || n < 2 * m) throw new RangeError(`classicalDecomposition needs at least two full periods (n=${n}, m=${m})`);
  const trend = movingAverageTrend(y, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < n; t++) {
    const tr = trend[t]!;
    if (Number.isNaN(tr)) continue;
    const d = type === 'multiplicative' ? y[t]! / tr : y[t]! - tr;
    if (!Number.isFinite(d)) continue;
    sums[t % m]! += d;
    counts[t % m]! += 1;
  }
  const raw = sums.map((s, i) => (counts[i]! > 0 ? s / counts[i]! : type === 'multiplicative' ? 1 : 0));
  const avg = raw.reduce((a, b) => a + b, 0) / m;
  const indices = raw.map((v) => (type === 'multiplicative' ? v / avg : v - avg));
  const seasonal = Array.from({ length: n }, (_, t) => indices[t % m]!);
  return { trend, indices, seasonal };
}

/**
 * The M-competition seasonal adjustment: if the 90 % seasonality test passes, multiplicative
 * classical indices; otherwise all ones. Returns indices aligned with position `t % m`.
 */
export function seasonalIndicesM(
  y: readonly number[],
  m: number,
  seasonal: boolean,
): number[] | undefined {
  if (!seasonal || m <= 1) return undefined;
  if (y.some((v) => v <= 0)) return undefined;
  const d = classicalDecomposition(y, m, 'multiplicative');
  if (d.indices.some((v) => !(v > 0) || !Number.isFinite(v))) return undefined;
  return d.indices;
}
