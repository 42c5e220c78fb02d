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
  type PreparedSeries,
} from '../features/series-windows.ts';
import {
  adamState,
  adamUpdate,
  initialiseLstm,
  lstmBackward,
  lstmForward,
  lstmWorkspace,
  type LstmShape,
} from './lstm/lstm-network.ts';

/** Per-series state, or the typed error of a series that could not be used in a batch. */
export type LstmState = LstmSeriesState | FailedSeriesState;

/** Tuning knobs, passed as `options.lstm` to `fit`/`fitMany`. */
export interface LstmOptions {
  /** Hidden units (default 16). */
  readonly hidden?: number;
  /** Input window length (default from period and horizon: max(2m, 1.25h, 8), at most 60). */
  readonly window?: number;
  /**
   * Training windows presented in total (default 40 passes over the windows, between 4 000 and 40 000: about 8 s
   * on one core at the default size; 80 000 until session 7, halved to keep the full ensemble inside its time budget).
   */
  readonly samples?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** Most recent training windows kept per series (default 60). */
  readonly maxOriginsPerSeries?: number;
  /** Global gradient-norm clip (default 1). */
  readonly clipNorm?: number;
}

/** The trained network and its calibration, shared by reference by every series' state. */
export interface LstmNetworkState {
  readonly shape: LstmShape;
  readonly window: number;
  readonly horizon: number;
  readonly params: number[];
  readonly calibration: ResidualCalibration;
}

export interface LstmSeriesState extends GlobalSeriesBase {
  readonly network: LstmNetworkState;
}

interface Resolved {
  hidden: number;
  window: number;
  horizon: number;
  samples: number | undefined;
  batchSize: number;
  learningRate: number;
  maxOrigins: number;
  clipNorm: number;
  seed: number;
}

function resolve(series: readonly Series[], options: FitOptions | undefined): Resolved {
  const o = (options?.lstm ?? {}) as LstmOptions;
  const period = series[0]?.period ?? 1;
  const horizonOpt = options?.horizon;
  const horizon = typeof horizonOpt === 'number' && horizonOpt >= 1 ? Math.round(horizonOpt) : defaultHorizon(period);
  return {
    hidden: o.hidden ?? 16,
    window: o.window ?? defaultWindowLength(period, horizon),
    horizon,
    batchSize: o.batchSize ?? 32,
    learningRate: o.learningRate ?? 3e-3,
    maxOrigins: o.maxOriginsPerSeries ?? 60,
    clipNorm: o.clipNorm ?? 1,
    samples: o.samples,
    seed: typeof options?.seed === 'number' ? options.seed : 1,
  };
}

function predictAdjusted(
  net: LstmNetworkState,
  params: Float64Array,
  adjusted: readonly number[],
  end: number,
  ws: ReturnType<typeof lstmWorkspace>,
): number[] {
  const w = normalisedWindow(adjusted, end, net.window);
  const out = lstmForward(net.shape, params, w.z, ws);
  return Array.from(out, (z) => w.centre + w.scale * z);
}

/**
 * Trains one network across all series (a global model, as in Smyl 2020 and Hewamalage et al. 2021): each
 * series is deseasonalised, windows are normalised, the network maps a window to the next `horizon` values
 * directly (multi-output), trained by BPTT with Adam on mean absolute error. The last `horizon` observations of
 * every long-enough series are held out to calibrate the intervals.
 */
function trainValid(seriesList: readonly Series[], options: FitOptions | undefined): Fitted<LstmSeriesState>[] {
  if (seriesList.length === 0) return [];
  const cfg = resolve(seriesList, options);
  const prepared: PreparedSeries[] = seriesList.map((s) => prepareSeries(s.values, s.period));
  const L = cfg.window;
  const Hz = cfg.horizon;
  const minObserved = Math.max(3, Math.ceil(L / 4));
  const validationEnds = prepared.map((p) => (p.adjusted.length - Hz >= minObserved + 1 ? p.adjusted.length - Hz : -1));

  // windows whose targets end before each series' hold-out
  const inputs: number[] = [];
  const targets: number[] = [];
  prepared.forEach((p, i) => {
    const usable = validationEnds[i]! > 0 ? validationEnds[i]! : p.adjusted.length;
    for (const end of trainingOrigins(usable, Hz, Math.min(minObserved, usable - 1), cfg.maxOrigins)) {
      const w = normalisedWindow(p.adjusted, end, L);
      for (let k = 0; k < L; k++) inputs.push(w.z[k]!);
      for (let k = 0; k < Hz; k++) targets.push((p.adjusted[end + k]! - w.centre) / w.scale);
    }
  });
  const count = targets.length / Hz;
  const shape: LstmShape = { input: 1, hidden: cfg.hidden, output: Hz };
  const rng = seededRandom(cfg.seed);
  const params = initialiseLstm(shape, rng);
  const X = Float64Array.from(inputs);
  const Y = Float64Array.from(targets);
  if (count > 0) {
    const grad = new Float64Array(params.length);
    const adam = adamState(params.length);
    const ws = lstmWorkspace(shape, L);
    const dOut = new Float64Array(Hz);
    const samples = cfg.samples ?? Math.min(40_000, Math.max(4_000, 40 * count));
    const steps = Math.max(30, Math.ceil(samples / cfg.batchSize));
    for (let step = 0; step < steps; step++) {
      grad.fill(0);
      // cosine decay to a tenth of the learning rate over the budget
      const lr = cfg.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));
      for (let b = 0; b < cfg.batchSize; b++) {
        const s = rng.int(count);
        const x = X.subarray(s * L, (s + 1) * L);
        const out = lstmForward(shape, params, x, ws);
        for (let k = 0; k < Hz; k++) {
          const e = out[k]! - Y[s * Hz + k]!;
          dOut[k] = (e > 0 ? 1 : e < 0 ? -1 : 0) / (Hz * cfg.batchSize);
        }
        lstmBackward(shape, params, x, ws, dOut, grad);
      }
      adamUpdate(params, grad, adam, lr, cfg.clipNorm);
    }
  }

  const netNoCal = { shape, window: L, horizon: Hz, params: [] as number[], calibration: { probabilities: [], quantiles: [] } };
  const ws = lstmWorkspace(shape, L);
  const errors: number[][] = Array.from({ length: Hz }, () => []);
  const noises = prepared.map((p, i) => noiseScale(p.adjusted, validationEnds[i]! > 0 ? validationEnds[i]! : p.adjusted.length));
  prepared.forEach((p, i) => {
    const end = validationEnds[i]!;
    if (end <= 0 || !(noises[i]! > 0)) return;
    const pred = predictAdjusted(netNoCal, params, p.adjusted, end, ws);
    for (let k = 0; k < Hz; k++) errors[k]!.push((p.adjusted[end + k]! - pred[k]!) / noises[i]!);
  });
  const network: LstmNetworkState = { shape, window: L, horizon: Hz, params: Array.from(params), calibration: calibrateResiduals(errors, Hz) };

  return prepared.map((p, i) => anchorLstm(network, params, p, seriesList[i]!, ws));
}

/** One series' state on a trained network: the season profile, the tail the forecast starts from, recent fitted values. */
function anchorLstm(network: LstmNetworkState, params: Float64Array, p: PreparedSeries, series: Series, ws: ReturnType<typeof lstmWorkspace>): Fitted<LstmSeriesState> {
  const n = series.values.length;
  // one-step-ahead fitted values over the most recent stretch only: a forward pass per observation would dominate
  // the training budget
  const tailLength = Math.min(n - 1, Math.max(network.horizon, series.period, 12));
  const { fitted, residuals } = recentFitted(series.values, p, n - tailLength, (t) => predictAdjusted(network, params, p.adjusted, t, ws)[0]!);
  return { model: 'lstm', state: { network, ...seriesBase(p, network.window) }, fitted, residuals };
}

/** The trained network of `state` anchored on another history of the series (no training). */
function rebaseLstm(state: LstmSeriesState, series: Series): Fitted<LstmSeriesState> {
  const net = state.network;
  return anchorLstm(net, Float64Array.from(net.params), prepareSeries(series.values, series.period), series, lstmWorkspace(net.shape, net.window));
}

function forecastLstm(state: LstmSeriesState, options: ForecastOptions): Forecast {
  const net = state.network;
  const params = Float64Array.from(net.params);
  const ws = lstmWorkspace(net.shape, net.window);
  return forecastFromTail(state, net.calibration, options, (history) => predictAdjusted(net, params, history, history.length, ws));
}

/**
 * LSTM sequence model (Hochreiter & Schmidhuber 1997) trained by backpropagation through time with Adam
 * (Kingma & Ba 2015), as a global model across series (Smyl 2020; Hewamalage, Bergmeir & Bandara 2021, who show
 * deseasonalised, per-window normalised inputs and multi-output heads work best). `fitMany` trains one network for a
 * batch of series; `fit` trains on the single series alone. Fit options: `seed`, `horizon` (the direct multi-output
 * horizon; longer forecasts continue recursively) and `lstm` ({@link LstmOptions}). Each state carries the shared
 * network (about 1 500 parameters at the defaults) by reference.
 */
export const lstm: Model<LstmState> = globalModel({ name: 'lstm', train: trainValid, forecast: forecastLstm, rebase: rebaseLstm });
