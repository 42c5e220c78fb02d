import { deseasonalise, seasonalProfile, type SeasonalProfile } from './classical-decomposition.ts';
import { ForecastError } from '../model.ts';
import { validateSeries } from '../math/validate-series.ts';

/**
 * Window preparation shared by the global models (LSTM, random forest): each series is deseasonalised by a
 * classical decomposition when the 90 % seasonality test passes, and every input window is normalised by its own
 * last value (centre) and mean absolute level (scale), so that one model can learn across series of any size and
 * sign (Hewamalage, Bergmeir & Bandara 2021; Smyl 2020 normalise windows the same way).
 */
export interface PreparedSeries {
  readonly profile: SeasonalProfile;
  /** Seasonally adjusted values. */
  readonly adjusted: number[];
  /** True when every observed value is ≥ 0, so forecasts are clipped at 0. */
  readonly nonNegative: boolean;
}

/** Throws a typed error for empty input or non-finite values. */
export function assertFiniteValues(values: readonly number[]): void {
  if (values.length === 0) throw new ForecastError('too_short', 'series has no observations');
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ForecastError('invalid_values', `value at index ${i} is not a finite number`);
    }
  }
}

/** Deseasonalises a series for a global model; throws a typed `ForecastError` for unusable input. */
export function prepareSeries(values: readonly number[], period: number): PreparedSeries {
  assertFiniteValues(values);
  validateSeries({ values, period }, 1);
  const profile = seasonalProfile(values, period);
  return { profile, adjusted: deseasonalise(values, profile), nonNegative: values.every((v) => v >= 0) };
}

/** A normalised input window: z_i = (x_i − centre) / scale. */
export interface NormalisedWindow {
  readonly z: Float64Array;
  readonly centre: number;
  readonly scale: number;
}

/**
 * The `length` values ending just before index `end` (exclusive), left-padded with the first value when the
 * series is shorter, normalised by the window's last value and mean absolute value.
 */
export function normalisedWindow(adjusted: readonly number[], end: number, length: number): NormalisedWindow {
  const z = new Float64Array(length);
  const first = adjusted[0]!;
  let absSum = 0;
  for (let i = 0; i < length; i++) {
    const idx = end - length + i;
    const v = idx >= 0 ? adjusted[idx]! : first;
    z[i] = v;
    absSum += Math.abs(v);
  }
  const centre = z[length - 1]!;
  let scale = absSum / length;
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  for (let i = 0; i < length; i++) z[i] = (z[i]! - centre) / scale;
  return { z, centre, scale };
}

/** Normalises future values with a window's centre and scale. */
export function normaliseTargets(adjusted: readonly number[], end: number, horizon: number, w: NormalisedWindow): Float64Array {
  const out = new Float64Array(horizon);
  for (let k = 0; k < horizon; k++) out[k] = (adjusted[end + k]! - w.centre) / w.scale;
  return out;
}

/**
 * Training origins of one series: window ends `end` such that `end + horizon ≤ n` and at least `minObserved`
 * real (unpadded) inputs exist, the most recent `maxOrigins` of them.
 */
export function trainingOrigins(n: number, horizon: number, minObserved: number, maxOrigins: number): number[] {
  const out: number[] = [];
  const last = n - horizon;
  const first = Math.max(minObserved, 1);
  for (let end = last; end >= first && out.length < maxOrigins; end--) out.push(end);
  return out.reverse();
}

/** Number of tabular features `windowFeatures` produces for a window length and period. */
export function windowFeatureCount(length: number, period: number): number {
  return length + rollingSpans(length, period).length * 2 + 1 + (period > 1 ? 3 : 0);
}

function rollingSpans(length: number, period: number): number[] {
  const spans = new Set<number>();
  for (const s of [3, 6, Math.round(period), length]) if (s >= 2 && s <= length) spans.add(s);
  return [...spans].sort((a, b) => a - b);
}

/**
 * Lag, rolling and calendar features of a normalised window (the random forest's inputs): every lag, rolling mean
 * and standard deviation over 3, 6, m and the whole window, the least-squares slope of the window, and the season
 * position of the first forecast step (position / m and its sine and cosine) when the series is seasonal by period.
 */
export function windowFeatures(z: Float64Array, period: number, nextPosition: number, out: Float64Array, offset = 0): void {
  const length = z.length;
  let o = offset;
  for (let i = 0; i < length; i++) out[o++] = z[i]!;
  for (const span of rollingSpans(length, period)) {
    let s = 0;
    let s2 = 0;
    for (let i = length - span; i < length; i++) {
      s += z[i]!;
      s2 += z[i]! * z[i]!;
    }
    const mean = s / span;
    out[o++] = mean;
    out[o++] = Math.sqrt(Math.max(0, s2 / span - mean * mean));
  }
  const tMean = (length - 1) / 2;
  let num = 0;
  let den = 0;
  for (let i = 0; i < length; i++) {
    num += (i - tMean) * z[i]!;
    den += (i - tMean) ** 2;
  }
  out[o++] = den > 0 ? num / den : 0;
  if (period > 1) {
    const m = Math.round(period);
    const pos = ((nextPosition % m) + m) % m;
    out[o++] = pos / m;
    out[o++] = Math.sin((2 * Math.PI * pos) / m);
    out[o++] = Math.cos((2 * Math.PI * pos) / m);
  }
}

/** Default input window length for a period and horizon. */
export function defaultWindowLength(period: number, horizon: number): number {
  const m = Math.max(1, Math.round(period));
  return Math.min(60, Math.max(2 * m, Math.ceil(1.25 * horizon), 8));
}

/** Default training horizon when the caller does not say: what the M competitions use per period. */
export function defaultHorizon(period: number): number {
  const m = Math.round(period);
  if (m === 12) return 18;
  if (m === 4) return 8;
  if (m === 52 || m === 53) return 13;
  if (m === 7) return 14;
  if (m === 24) return 48;
  return 6;
}

/** A series a global model could not use, kept in the batch so the other series still train together. */
export interface SeriesError {
  readonly code: ForecastError['code'];
  readonly message: string;
}

/** Prepares every series of a batch, turning typed input errors into per-series errors. */
export function prepareBatch(values: readonly (readonly number[])[], periods: readonly number[]): Array<PreparedSeries | SeriesError> {
  return values.map((v, i) => {
    try {
      return prepareSeries(v, periods[i]!);
    } catch (e) {
      if (e instanceof ForecastError) return { code: e.code, message: e.message };
      throw e;
    }
  });
}

export const isSeriesError = (x: PreparedSeries | SeriesError): x is SeriesError => 'code' in x;

/** The state a global model returns for a series it could not use; forecasting it throws the typed error. */
export interface FailedSeriesState {
  readonly error: SeriesError;
}

/** A placeholder fit for an unusable series inside a batch (finite fitted values, zero residuals). */
export function failedFit(model: string, values: readonly unknown[], error: SeriesError): { model: string; state: FailedSeriesState; fitted: number[]; residuals: number[] } {
  const fitted = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0));
  return { model, state: { error }, fitted, residuals: fitted.map(() => 0) };
}

/**
 * Runs a global trainer on the usable series of a batch and slots a failed fit in for each unusable one; a
 * single-series call (`fit`) throws the typed error instead.
 */
export function trainUsable<F>(
  model: string,
  series: readonly { readonly values: readonly number[]; readonly period: number }[],
  single: boolean,
  train: (usable: number[]) => F[],
): Array<F | ReturnType<typeof failedFit>> {
  const checks = prepareBatch(series.map((s) => s.values), series.map((s) => s.period));
  const usable: number[] = [];
  checks.forEach((c, i) => {
    if (!isSeriesError(c)) usable.push(i);
    else if (single) throw new ForecastError(c.code, c.message);
  });
  const fits = usable.length > 0 ? train(usable) : [];
  const out: Array<F | ReturnType<typeof failedFit>> = [];
  let next = 0;
  checks.forEach((c, i) => {
    out.push(isSeriesError(c) ? failedFit(model, series[i]!.values, c) : fits[next++]!);
  });
  return out;
}
