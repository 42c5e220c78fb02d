import { ForecastError, type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { reseasonalise, seasonalIndexAt, type SeasonalProfile } from './classical-decomposition.ts';
import { calibratedQuantile, noiseScale, type ResidualCalibration } from './residual-calibration.ts';
import { trainUsable, type FailedSeriesState, type PreparedSeries } from './series-windows.ts';

/**
 * What every global model (LSTM, random forest, global linear, N-BEATS) keeps per series next to its shared parameters: the
 * season profile, the seasonally adjusted tail the next forecast starts from, and the noise scale its calibrated
 * intervals are expressed in. Building it from a prepared series is also how a trained global model is anchored on
 * another history of the series (`Model.rebase`).
 */
export interface GlobalSeriesBase {
  readonly n: number;
  readonly profile: SeasonalProfile;
  readonly nonNegative: boolean;
  /** Seasonally adjusted tail (the last `window` values) the next forecast starts from. */
  readonly tail: number[];
  /** Standardisation scale of the hold-out errors for this series (mean absolute one-step change). */
  readonly noise: number;
}

export function seriesBase(p: PreparedSeries, window: number): GlobalSeriesBase {
  const n = p.adjusted.length;
  return { n, profile: p.profile, nonNegative: p.nonNegative, tail: p.adjusted.slice(Math.max(0, n - window)), noise: noiseScale(p.adjusted) };
}

/**
 * One-step-ahead fitted values from `from` on (earlier values equal the actuals, as the model contract allows), from
 * a predictor of the seasonally adjusted value at t given the adjusted history before t.
 */
export function recentFitted(values: readonly number[], p: PreparedSeries, from: number, predictAdjustedAt: (t: number) => number): { fitted: number[]; residuals: number[] } {
  const fitted = values.slice();
  for (let t = Math.max(1, from); t < values.length; t++) {
    const adj = predictAdjustedAt(t);
    let y = p.profile.mode === 'multiplicative' ? adj * seasonalIndexAt(p.profile, t) : p.profile.mode === 'additive' ? adj + seasonalIndexAt(p.profile, t) : adj;
    if (p.nonNegative) y = Math.max(0, y);
    fitted[t] = Number.isFinite(y) ? y : values[t - 1]!;
  }
  return { fitted, residuals: values.map((v, t) => v - fitted[t]!) };
}

/**
 * A global model's forecast: direct multi-output steps from the tail (`predict` maps the adjusted history to the
 * next block of adjusted values), continued recursively past the trained horizon, put back on the series' level
 * and season; intervals from the calibrated standardised hold-out errors times the series' noise scale.
 */
export function forecastFromTail(st: GlobalSeriesBase, calibration: ResidualCalibration, options: ForecastOptions, predict: (history: readonly number[]) => number[]): Forecast {
  const { h } = options;
  if (!Number.isInteger(h) || h < 1) throw new ForecastError('fit_failed', `horizon must be a positive integer, got ${h}`);
  const history = st.tail.slice();
  const start = history.length;
  while (history.length - start < h) {
    for (const v of predict(history)) history.push(Number.isFinite(v) ? v : history[history.length - 1]!);
  }
  const adjMean = history.slice(start, start + h);
  const toLevel = (adj: number[]): number[] => reseasonalise(adj, st.profile, st.n).map((v) => (st.nonNegative ? Math.max(0, v) : v));
  const mean = toLevel(adjMean);
  const intervals = (options.levels ?? []).map((level) => {
    const alpha = 1 - level / 100;
    const lower = toLevel(adjMean.map((v, k) => v + st.noise * calibratedQuantile(calibration, k, alpha / 2))).map((v, k) => Math.min(v, mean[k]!));
    const upper = toLevel(adjMean.map((v, k) => v + st.noise * calibratedQuantile(calibration, k, 1 - alpha / 2))).map((v, k) => Math.max(v, mean[k]!));
    return { level, lower, upper };
  });
  return { mean, intervals };
}

/**
 * The `Model` object of a global model: `fit` trains on the one series alone (its typed error thrown when it cannot
 * be used), `fitMany` trains one model across the usable series of a batch and gives each unusable one a failed state
 * with its typed error; `forecast` and `rebase` act on a usable series' state and throw a failed state's error.
 */
export function globalModel<S extends object>(spec: {
  readonly name: string;
  /** Trains one model across series that all passed the window checks. */
  readonly train: (series: readonly Series[], options: FitOptions | undefined) => Fitted<S>[];
  readonly forecast: (state: S, options: ForecastOptions) => Forecast;
  /** The trained model of `state` anchored on another history of the series (no training). */
  readonly rebase: (state: S, series: Series) => Fitted<S>;
}): Model<S | FailedSeriesState> {
  const usable = (fitted: Fitted<S | FailedSeriesState>): S => {
    const st = fitted.state;
    if ('error' in st) throw new ForecastError(st.error.code, st.error.message);
    return st;
  };
  const trainBatch = (series: readonly Series[], options: FitOptions | undefined, single: boolean): Fitted<S | FailedSeriesState>[] =>
    trainUsable(spec.name, series, single, (ok) => spec.train(ok.map((i) => series[i]!), options));
  return {
    name: spec.name,
    minLength: () => 3,
    fit: (series, options) => trainBatch([series], options, true)[0]!,
    fitMany: (series, options) => trainBatch(series, options, false),
    forecast: (fitted, options) => spec.forecast(usable(fitted), options),
    rebase: (fitted, series) => spec.rebase(usable(fitted), series),
  };
}
