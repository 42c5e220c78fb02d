import { type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { forecastFromTail, globalModel, recentFitted, seriesBase, type GlobalSeriesBase } from '../features/global-series-state.ts';
import { calibrateResiduals, noiseScale, type ResidualCalibration } from '../features/residual-calibration.ts';
import {
  defaultHorizon,
  defaultWindowLength,
  normalisedWindow,
  prepareSeries,
  trainingOrigins,
  type FailedSeriesState,
  type PreparedSeries,
} from '../features/series-windows.ts';
import { ridgeSolve } from './prophet/ridge-solve.ts';

/** Per-series state, or the typed error of a series that could not be used in a batch. */
export type GlobalLinearState = GlobalLinearSeriesState | FailedSeriesState;

/** Tuning knobs, passed as `options.globalLinear` to `fit`/`fitMany`. */
export interface GlobalLinearOptions {
  /** Input window length (default max(2m, 1.25h, 8), at most 60). */
  readonly window?: number;
  /** Most recent training windows kept per series (default 60). */
  readonly maxOriginsPerSeries?: number;
  /** Ridge penalty per training window (default 1e-3). */
  readonly ridge?: number;
}

/** The pooled coefficients and their calibration, shared by reference by every series' state. */
export interface GlobalLinearModelState {
  readonly window: number;
  readonly horizon: number;
  /** coefficients[k]: intercept then one weight per window position, for step k + 1. */
  readonly coefficients: number[][];
  readonly calibration: ResidualCalibration;
}

export interface GlobalLinearSeriesState extends GlobalSeriesBase {
  readonly model: GlobalLinearModelState;
}

/** Normalised targets beyond this many window scales are clipped in training (one bad series cannot tilt the fit). */
const TARGET_CLIP = 10;

function predictAdjusted(m: GlobalLinearModelState, adjusted: readonly number[], end: number): number[] {
  const w = normalisedWindow(adjusted, end, m.window);
  return m.coefficients.map((c) => {
    let z = c[0]!;
    for (let i = 0; i < m.window; i++) z += c[i + 1]! * w.z[i]!;
    return w.centre + w.scale * z;
  });
}

function trainValid(seriesList: readonly Series[], options: FitOptions | undefined): Fitted<GlobalLinearSeriesState>[] {
  const o = (options?.globalLinear ?? {}) as GlobalLinearOptions;
  const period = seriesList[0]!.period;
  const horizonOpt = options?.horizon;
  const Hz = typeof horizonOpt === 'number' && horizonOpt >= 1 ? Math.round(horizonOpt) : defaultHorizon(period);
  const L = o.window ?? defaultWindowLength(period, Hz);
  const P = L + 1;
  const prepared: PreparedSeries[] = seriesList.map((s) => prepareSeries(s.values, s.period));
  const minObserved = Math.max(3, Math.ceil(L / 4));
  const validationEnds = prepared.map((p) => (p.adjusted.length - Hz >= minObserved + 1 ? p.adjusted.length - Hz : -1));

  // normal equations of the multi-output least squares, accumulated window by window
  const G = new Float64Array(P * P);
  const B: Float64Array[] = Array.from({ length: Hz }, () => new Float64Array(P));
  const x = new Float64Array(P);
  let rows = 0;
  prepared.forEach((p, i) => {
    const usable = validationEnds[i]! > 0 ? validationEnds[i]! : p.adjusted.length;
    for (const end of trainingOrigins(usable, Hz, Math.min(minObserved, usable - 1), o.maxOriginsPerSeries ?? 60)) {
      const w = normalisedWindow(p.adjusted, end, L);
      x[0] = 1;
      for (let k = 0; k < L; k++) x[k + 1] = w.z[k]!;
      for (let a = 0; a < P; a++) for (let c = 0; c < P; c++) G[a * P + c]! += x[a]! * x[c]!;
      for (let k = 0; k < Hz; k++) {
        const y = Math.max(-TARGET_CLIP, Math.min(TARGET_CLIP, (p.adjusted[end + k]! - w.centre) / w.scale));
        const b = B[k]!;
        for (let a = 0; a < P; a++) b[a]! += x[a]! * y;
      }
      rows++;
    }
  });
  const penalty = new Float64Array(P).fill((o.ridge ?? 1e-6) * Math.max(1, rows));
  penalty[0] = 1e-9;
  const coefficients = B.map((b) => (rows > 0 ? Array.from(ridgeSolve(G, b, penalty, P)) : new Array<number>(P).fill(0)));
  const base: GlobalLinearModelState = { window: L, horizon: Hz, coefficients, calibration: { probabilities: [], quantiles: [] } };

  const errors: number[][] = Array.from({ length: Hz }, () => []);
  prepared.forEach((p, i) => {
    const end = validationEnds[i]!;
    const noise = end > 0 ? noiseScale(p.adjusted, end) : 0;
    if (!(noise > 0)) return;
    const pred = predictAdjusted(base, p.adjusted, end);
    for (let k = 0; k < Hz; k++) errors[k]!.push((p.adjusted[end + k]! - pred[k]!) / noise);
  });
  const model: GlobalLinearModelState = { ...base, calibration: calibrateResiduals(errors, Hz) };
  return prepared.map((p, i) => anchor(model, p, seriesList[i]!.values));
}

/** One series' state on the pooled model: the season profile, the tail the forecast starts from, fitted values. */
function anchor(model: GlobalLinearModelState, p: PreparedSeries, values: readonly number[]): Fitted<GlobalLinearSeriesState> {
  const { fitted, residuals } = recentFitted(values, p, 1, (t) => predictAdjusted(model, p.adjusted, t)[0]!);
  return { model: 'global_linear', state: { model, ...seriesBase(p, model.window) }, fitted, residuals };
}

function forecastGlobalLinear(state: GlobalLinearSeriesState, options: ForecastOptions): Forecast {
  const m = state.model;
  return forecastFromTail(state, m.calibration, options, (history) => predictAdjusted(m, history, history.length));
}

/**
 * Global linear autoregression (a pooled AR model; Montero-Manso & Hyndman 2021, "Principles and algorithms for
 * forecasting groups of time series: locality and globality", show one linear model fitted across all series
 * competes with per-series ETS/ARIMA on M3 and M4): every series is deseasonalised and cut into windows normalised
 * by their last value and mean absolute level (as the LSTM and random forest), and one ridge least-squares fit per
 * horizon step maps the window to the next `horizon` values (direct multi-output; longer forecasts continue
 * recursively). Intervals from the errors on each series' held-out last `horizon` values, as the other global
 * models. Training is one pass over the windows plus a (window + 1)² solve per step: milliseconds per series.
 * Fit options: `seed` (unused: deterministic), `horizon`, `globalLinear` ({@link GlobalLinearOptions}).
 */
export const globalLinear: Model<GlobalLinearState> = globalModel({
  name: 'global_linear',
  train: trainValid,
  forecast: forecastGlobalLinear,
  rebase: (state, series) => anchor(state.model, prepareSeries(series.values, series.period), series.values),
});
