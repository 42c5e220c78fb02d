import { isSeasonal } from '../math/seasonality.ts';

/**
 * Seasonal adjustment for long (and fractional) seasons, which ETS (m ≤ 24), seasonal ARIMA (too slow at
 * m = 52) and the short backtests cannot handle themselves: the yearly cycle of weekly data, whose true
 * period is 365.25 / 7 = 52.18 weeks, so a 52-week index drifts by a week a year and is off by a season
 * after a decade of history.
 *
 * Method: classical multiplicative decomposition (as the M3/M4 Theta and Naive2 adjustment) with the period
 * split into `bins` = round(period) phase bins: the trend is the centred 2×round(period) moving average,
 * observation t belongs to bin ⌊(t mod period) / period · bins⌋, a bin's index is the mean ratio of the
 * observations in it to the trend, normalised to average 1. For an integer period this is exactly the
 * classical decomposition. Applied when the data are positive, n ≥ 3·period, and the M3/M4 90 % lag test
 * passes on the detrended ratios (testing the raw series would pass for any strong trend).
 */
export interface SeasonalAdjustment {
  readonly period: number;
  readonly indices: number[];
}

export const WEEKS_PER_YEAR = 365.25 / 7;

export function binOf(t: number, period: number, bins: number): number {
  const phase = t - Math.floor(t / period) * period;
  return Math.min(bins - 1, Math.floor((phase / period) * bins));
}

/** The factor for observation (or forecast step) t, counted from the first observation. */
export function factorAt(a: SeasonalAdjustment, t: number): number {
  return a.indices[binOf(t, a.period, a.indices.length)]!;
}

export function longSeasonAdjustment(y: readonly number[], period: number): SeasonalAdjustment | undefined {
  const n = y.length;
  const bins = Math.round(period);
  if (!(period > 1) || n < 3 * period || y.some((v) => !(v > 0))) return undefined;
  const half = Math.floor(bins / 2);
  const even = bins % 2 === 0;
  // centred moving average over round(period) points (2×m for even m), by prefix sums
  const prefix = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) prefix[t + 1] = prefix[t]! + y[t]!;
  const ratios: number[] = [];
  const ratioT: number[] = [];
  for (let t = half; t < n - half; t++) {
    const trend = even
      ? (prefix[t + half]! - prefix[t - half + 1]! + 0.5 * (y[t - half]! + y[t + half]!)) / bins
      : (prefix[t + half + 1]! - prefix[t - half]!) / bins;
    if (!(trend > 0)) return undefined;
    ratios.push(y[t]! / trend);
    ratioT.push(t);
  }
  if (!isSeasonal(ratios, bins)) return undefined;
  const sum = new Array<number>(bins).fill(0);
  const count = new Array<number>(bins).fill(0);
  ratios.forEach((r, k) => {
    const b = binOf(ratioT[k]!, period, bins);
    sum[b]! += r;
    count[b]!++;
  });
  if (count.some((c) => c === 0)) return undefined;
  const raw = sum.map((s, b) => s / count[b]!);
  const avg = raw.reduce((a, b) => a + b, 0) / bins;
  const indices = raw.map((v) => v / avg);
  if (indices.some((v) => !(v > 0) || !Number.isFinite(v))) return undefined;
  return { period, indices };
}
