import { type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { forecastFromTail, globalModel, recentFitted, seriesBase, type GlobalSeriesBase } from '../features/global-series-state.ts';
import { calibrateResiduals, noiseScale, type ResidualCalibration } from '../features/residual-calibration.ts';
import { seededRandom } from '../features/seeded-random.ts';
import {
  defaultHorizon,
  defaultWindowLength,
  normalisedWindow,
  prepareSeries,
  type FailedSeriesState,
  trainingOrigins,
  windowFeatureCount,
  windowFeatures,
  type PreparedSeries,
} from '../features/series-windows.ts';
import { growForest, predictForest, type SerialisedForest } from './random-forest/multi-output-forest.ts';

/** Per-series state, or the typed error of a series that could not be used in a batch. */
export type RandomForestState = RandomForestSeriesState | FailedSeriesState;

/** Tuning knobs, passed as `options.rf` to `fit`/`fitMany`. */
export interface RandomForestOptions {
  /** Trees (default 30; 40 until session 7). */
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

export interface RandomForestSeriesState extends GlobalSeriesBase {
  readonly model: ForestModelState;
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
          trees: o.trees ?? 30,
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

  return prepared.map((p, i) => anchorForest(model, p, seriesList[i]!.values));
}

/** One series' state on a grown forest: the season profile, the tail the forecast starts from, recent fitted values. */
function anchorForest(model: ForestModelState, p: PreparedSeries, values: readonly number[]): Fitted<RandomForestSeriesState> {
  const feat = new Float64Array(model.forest.features);
  const out = new Float64Array(model.horizon);
  const { fitted, residuals } = recentFitted(values, p, values.length - FITTED_TAIL, (t) => predictAdjusted(model, p.adjusted, t, t, feat, out)[0]!);
  return { model: 'rf', state: { model, ...seriesBase(p, model.window) }, fitted, residuals };
}

function forecastForest(st: RandomForestSeriesState, options: ForecastOptions): Forecast {
  const m = st.model;
  const row = new Float64Array(m.forest.features);
  const out = new Float64Array(m.horizon);
  // positions continue the series' own calendar: observation index n + k
  const offset = st.n - st.tail.length;
  return forecastFromTail(st, m.calibration, options, (history) => predictAdjusted(m, history, history.length, history.length + offset, row, out));
}

/**
 * Random forest (Breiman 2001) on lag, rolling-mean/std, slope and season-position features of deseasonalised,
 * window-normalised series, with multi-output trees forecasting the next `horizon` values directly (longer
 * forecasts continue recursively). A global model: `fitMany` grows one forest across all series, `fit` on one.
 * Intervals come from the errors on each series' held-out last `horizon` values (the forest is grown without them).
 *
 * State size: every series' state includes the shared forest by reference (in memory it is one object); serialised
 * alone, a state holds the whole forest (30 trees × up to a few hundred leaves × h outputs, leaves rounded to 1e-5 and
 * thresholds to six digits), about 1 MB of JSON per series on M3 monthly. Fit options: `seed`, `horizon`, `rf` ({@link RandomForestOptions}).
 */
export const randomForest: Model<RandomForestState> = globalModel({
  name: 'rf',
  train: trainValid,
  forecast: forecastForest,
  rebase: (state, series) => anchorForest(state.model, prepareSeries(series.values, series.period), series.values),
});
