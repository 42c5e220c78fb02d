import { ForecastError, type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { reseasonalise, seasonalIndexAt, type SeasonalProfile } from '../features/classical-decomposition.ts';
import { calibrateResiduals, calibratedQuantile, noiseScale, type ResidualCalibration } from '../features/residual-calibration.ts';
import { seededRandom } from '../features/seeded-random.ts';
import {
  defaultHorizon,
  defaultWindowLength,
  normalisedWindow,
  prepareSeries,
  trainUsable,
  type FailedSeriesState,
  trainingOrigins,
  windowFeatureCount,
  windowFeatures,
  type PreparedSeries,
} from '../features/series-windows.ts';
import { growForest, predictForest, type SerialisedForest } from './random-forest/multi-output-forest.ts';

/** Per-series state, or the typed error of a series that could not be used in a batch. */
export type RandomForestState = RandomForestSeriesState | FailedSeriesState;

function trainGlobal(seriesList: readonly Series[], options: FitOptions | undefined, single: boolean): Fitted<RandomForestState>[] {
  return trainUsable('rf', seriesList, single, (usable) => trainValid(usable.map((i) => seriesList[i]!), options));
}

/** Tuning knobs, passed as `options.rf` to `fit`/`fitMany`. */
export interface RandomForestOptions {
  /** Trees (default 40). */
  readonly trees?: number;
  /** Smallest leaf (default 40 rows; 20 was no more accurate on M3 monthly and doubles the state). */
  readonly minLeaf?: number;
  readonly maxDepth?: number;
  /** Rows drawn with replacement per tree (default min(rows, 20 000)). */
  readonly sampleSize?: number;
  /** Features tried per split (default a third). */
  readonly mtry?: number;
  /** Input window length (default max(2m, 1.25h, 8), at most 60). */
  readonly window?: number;
  /** Most recent training windows kept per series (default 60). */
  readonly maxOriginsPerSeries?: number;
}

/** The forest and its calibration, shared by reference by every series' state. */
export interface ForestModelState {
  readonly window: number;
  readonly horizon: number;
  readonly period: number;
  readonly forest: SerialisedForest;
  readonly calibration: ResidualCalibration;
}

export interface RandomForestSeriesState {
  readonly model: ForestModelState;
  readonly n: number;
  readonly profile: SeasonalProfile;
  readonly nonNegative: boolean;
  /** Seasonally adjusted tail (the last `window` values) the next forecast starts from. */
  readonly tail: number[];
  readonly noise: number;
}

/** Fitted values are computed for at most this many most recent observations (earlier ones equal the actuals). */
const FITTED_TAIL = 500;

function predictAdjusted(m: ForestModelState, adjusted: readonly number[], end: number, position: number, row: Float64Array, out: Float64Array): number[] {
  const w = normalisedWindow(adjusted, end, m.window);
  windowFeatures(w.z, m.period, position, row);
  predictForest(m.forest, row, out);
  return Array.from(out, (z) => w.centre + w.scale * z);
}

function trainValid(seriesList: readonly Series[], options: FitOptions | undefined): Fitted<RandomForestSeriesState>[] {
  if (seriesList.length === 0) return [];
  const o = (options?.rf ?? {}) as RandomForestOptions;
  const period = seriesList[0]!.period;
  const horizonOpt = options?.horizon;
  const Hz = typeof horizonOpt === 'number' && horizonOpt >= 1 ? Math.round(horizonOpt) : defaultHorizon(period);
  const L = o.window ?? defaultWindowLength(period, Hz);
  const rng = seededRandom(typeof options?.seed === 'number' ? options.seed : 1);
  const prepared: PreparedSeries[] = seriesList.map((s) => prepareSeries(s.values, s.period));
  const minObserved = Math.max(3, Math.ceil(L / 4));
  const validationEnds = prepared.map((p) => (p.adjusted.length - Hz >= minObserved + 1 ? p.adjusted.length - Hz : -1));
  const F = windowFeatureCount(L, period);

  const rowsX: number[] = [];
  const rowsY: number[] = [];
  const feat = new Float64Array(F);
  prepared.forEach((p, i) => {
    const usable = validationEnds[i]! > 0 ? validationEnds[i]! : p.adjusted.length;
    for (const end of trainingOrigins(usable, Hz, Math.min(minObserved, usable - 1), o.maxOriginsPerSeries ?? 60)) {
      const w = normalisedWindow(p.adjusted, end, L);
      windowFeatures(w.z, period, end, feat);
      for (let k = 0; k < F; k++) rowsX.push(feat[k]!);
      for (let k = 0; k < Hz; k++) rowsY.push((p.adjusted[end + k]! - w.centre) / w.scale);
    }
  });
  const rows = rowsY.length / Hz;
  const forest: SerialisedForest =
    rows > 0
      ? growForest(Float64Array.from(rowsX), Float64Array.from(rowsY), rows, F, Hz, {
          trees: o.trees ?? 40,
          minLeaf: o.minLeaf ?? 40,
          maxDepth: o.maxDepth ?? 14,
          sampleSize: o.sampleSize ?? Math.min(rows, 20_000),
          mtry: o.mtry ?? Math.max(1, Math.ceil(F / 3)),
          bins: 32,
        }, rng)
      : { features: F, outputs: Hz, trees: [{ feature: [-1], threshold: [0], left: [0], right: [-1], values: new Array<number>(Hz).fill(0) }] };

  const base: ForestModelState = { window: L, horizon: Hz, period, forest, calibration: { probabilities: [], quantiles: [] } };
  const out = new Float64Array(Hz);
  const errors: number[][] = Array.from({ length: Hz }, () => []);
  const trainNoise = prepared.map((p, i) => noiseScale(p.adjusted, validationEnds[i]! > 0 ? validationEnds[i]! : p.adjusted.length));
  prepared.forEach((p, i) => {
    const end = validationEnds[i]!;
    if (end <= 0 || !(trainNoise[i]! > 0)) return;
    const pred = predictAdjusted(base, p.adjusted, end, end, feat, out);
    for (let k = 0; k < Hz; k++) errors[k]!.push((p.adjusted[end + k]! - pred[k]!) / trainNoise[i]!);
  });
  const model: ForestModelState = { ...base, calibration: calibrateResiduals(errors, Hz) };

  return prepared.map((p, i) => {
    const values = seriesList[i]!.values;
    const n = values.length;
    const fitted = values.slice();
    for (let t = Math.max(1, n - FITTED_TAIL); t < n; t++) {
      const adj = predictAdjusted(model, p.adjusted, t, t, feat, out)[0]!;
      let y = p.profile.mode === 'multiplicative' ? adj * seasonalIndexAt(p.profile, t) : p.profile.mode === 'additive' ? adj + seasonalIndexAt(p.profile, t) : adj;
      if (p.nonNegative) y = Math.max(0, y);
      fitted[t] = Number.isFinite(y) ? y : values[t - 1]!;
    }
    const state: RandomForestSeriesState = {
      model,
      n,
      profile: p.profile,
      nonNegative: p.nonNegative,
      tail: p.adjusted.slice(Math.max(0, n - L)),
      noise: noiseScale(p.adjusted),
    };
    return { model: 'rf', state, fitted, residuals: values.map((v, t) => v - fitted[t]!) };
  });
}

function forecastForest(fitted: Fitted<RandomForestState>, options: ForecastOptions): Forecast {
  const { h } = options;
  if (!Number.isInteger(h) || h < 1) throw new ForecastError('fit_failed', `horizon must be a positive integer, got ${h}`);
  if ('error' in fitted.state) throw new ForecastError(fitted.state.error.code, fitted.state.error.message);
  const st = fitted.state;
  const m = st.model;
  const row = new Float64Array(m.forest.features);
  const out = new Float64Array(m.horizon);
  const history = st.tail.slice();
  const start = history.length;
  // positions continue the series' own calendar: observation index n + k
  const offset = st.n - start;
  while (history.length - start < h) {
    const step = predictAdjusted(m, history, history.length, history.length + offset, row, out);
    for (const v of step) history.push(Number.isFinite(v) ? v : history[history.length - 1]!);
  }
  const adjMean = history.slice(start, start + h);
  const toLevel = (adj: number[]): number[] => reseasonalise(adj, st.profile, st.n).map((v) => (st.nonNegative ? Math.max(0, v) : v));
  const mean = toLevel(adjMean);
  const intervals = (options.levels ?? []).map((level) => {
    const alpha = 1 - level / 100;
    const lower = toLevel(adjMean.map((v, k) => v + st.noise * calibratedQuantile(m.calibration, k, alpha / 2))).map((v, k) => Math.min(v, mean[k]!));
    const upper = toLevel(adjMean.map((v, k) => v + st.noise * calibratedQuantile(m.calibration, k, 1 - alpha / 2))).map((v, k) => Math.max(v, mean[k]!));
    return { level, lower, upper };
  });
  return { mean, intervals };
}

/**
 * Random forest (Breiman 2001) on lag, rolling-mean/std, slope and season-position features of deseasonalised,
 * window-normalised series, with multi-output trees forecasting the next `horizon` values directly (longer
 * forecasts continue recursively). A global model: `fitMany` grows one forest across all series, `fit` on one.
 * Intervals come from the errors on each series' held-out last `horizon` values (the forest is grown without them).
 *
 * State size: every series' state includes the shared forest by reference (in memory it is one object); serialised
 * alone, a state holds the whole forest (40 trees × up to a few hundred leaves × h outputs, leaves rounded to 1e-5 and
 * thresholds to six digits), about 1.3 MB of JSON per series on M3 monthly. Fit options: `seed`, `horizon`, `rf` ({@link RandomForestOptions}).
 */
export const randomForest: Model<RandomForestState> = {
  name: 'rf',
  minLength: () => 3,
  fit: (series, options) => trainGlobal([series], options, true)[0]!,
  fitMany: (series, options) => trainGlobal(series, options, false),
  forecast: forecastForest,
};
