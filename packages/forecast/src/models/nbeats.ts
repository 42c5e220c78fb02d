import { type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { seasonalProfile } from '../features/classical-decomposition.ts';
import { forecastFromTail, globalModel, recentFitted, seriesBase, type GlobalSeriesBase } from '../features/global-series-state.ts';
import { calibrateResiduals, noiseScale, type ResidualCalibration } from '../features/residual-calibration.ts';
import { seededRandom } from '../features/seeded-random.ts';
import {
  assertFiniteValues,
  defaultHorizon,
  prepareSeries,
  trainingOrigins,
  type FailedSeriesState,
  type PreparedSeries,
} from '../features/series-windows.ts';
import { adamState, adamUpdate } from './lstm/lstm-network.ts';
import { initialiseNbeats, nbeatsBatchBackward, nbeatsBatchForward, nbeatsBatchWorkspace, nbeatsForward, nbeatsWorkspace, type NbeatsShape } from './nbeats/nbeats-network.ts';
import { validateSeries } from '../math/validate-series.ts';

/** Per-series state, or the typed error of a series that could not be used in a batch. */
export type NbeatsState = NbeatsSeriesState | FailedSeriesState;

/** Tuning knobs, passed as `options.nbeats` to `fit`/`fitMany`. */
export interface NbeatsOptions {
  /** Input window lengths as multiples of the horizon, one network per entry (default [2, 3]: 2h and 3h). */
  readonly lookbacks?: readonly number[];
  /** Networks per lookback, with different seeds (default 1). */
  readonly seedsPerLookback?: number;
  /** Blocks of the generic stack (default 4). */
  readonly blocks?: number;
  /** Fully connected ReLU layers per block (default 2). */
  readonly layers?: number;
  /** Units per layer (default 64). */
  readonly width?: number;
  /** Training windows presented per network (default 4 passes over the windows, between 20 000 and 75 000; 150 000 until session 7). */
  readonly samples?: number;
  /** Windows per Adam step (default 64, rounded to a multiple of 4). */
  readonly batchSize?: number;
  /** Adam's learning rate, cosine-decayed to a tenth over the budget (default 1e-3). */
  readonly learningRate?: number;
  /** Most recent training windows per series, as a multiple of the horizon (the paper's L_H; default 1.5). */
  readonly historyLimit?: number;
  /** Training loss (default 'mase': the error over the series' in-sample mean absolute seasonal difference). */
  readonly loss?: 'smape' | 'mase' | 'mae';
  /** Several losses: one network per loss (and lookback and seed), as the paper's ensemble; overrides `loss`. */
  readonly losses?: ReadonlyArray<'smape' | 'mase' | 'mae'>;
  /** Deseasonalise as the other global models do (default false: the raw series, as in the paper). */
  readonly deseasonalise?: boolean;
  /** Also train on each series' last `horizon` observations (default false: they calibrate the intervals). */
  readonly trainOnAll?: boolean;
  /** How the networks' forecasts are combined (default 'median', as the paper). */
  readonly combine?: 'median' | 'mean';
}

export interface NbeatsNet {
  readonly shape: NbeatsShape;
  readonly params: number[];
}

/** The trained networks and their calibration, shared by reference by every series' state. */
export interface NbeatsEnsembleState {
  readonly nets: NbeatsNet[];
  readonly horizon: number;
  readonly window: number;
  readonly combine: 'median' | 'mean';
  readonly deseasonalise: boolean;
  readonly calibration: ResidualCalibration;
}

export interface NbeatsSeriesState extends GlobalSeriesBase {
  readonly network: NbeatsEnsembleState;
}

interface Runtime {
  shape: NbeatsShape;
  params: Float64Array;
  ws: ReturnType<typeof nbeatsWorkspace>;
  x: Float64Array;
}

const runtimes = new WeakMap<NbeatsEnsembleState, Runtime[]>();

function runtimeOf(net: NbeatsEnsembleState): Runtime[] {
  let r = runtimes.get(net);
  if (!r) {
    r = net.nets.map((n) => ({ shape: n.shape, params: Float64Array.from(n.params), ws: nbeatsWorkspace(n.shape), x: new Float64Array(n.shape.input) }));
    runtimes.set(net, r);
  }
  return r;
}

/** Fills `x` with the `L` values before `end` (left-padded with the first value) divided by their max |value|. */
function windowInput(series: readonly number[], end: number, x: Float64Array): number {
  const L = x.length;
  const first = series[0]!;
  let scale = 0;
  for (let i = 0; i < L; i++) {
    const idx = end - L + i;
    const v = idx >= 0 ? series[idx]! : first;
    x[i] = v;
    const a = Math.abs(v);
    if (a > scale) scale = a;
  }
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  for (let i = 0; i < L; i++) x[i] = x[i]! / scale;
  return scale;
}

function predictWith(net: NbeatsEnsembleState, rts: Runtime[], series: readonly number[], end: number): number[] {
  const H = net.horizon;
  const outs = rts.map((rt) => {
    const scale = windowInput(series, end, rt.x);
    const f = nbeatsForward(rt.shape, rt.params, rt.x, rt.ws);
    return Array.from(f, (v) => v * scale);
  });
  const res = new Array<number>(H);
  for (let k = 0; k < H; k++) {
    const vals = outs.map((o) => o[k]!);
    if (net.combine === 'mean' || vals.length < 3) res[k] = vals.reduce((a, b) => a + b, 0) / vals.length;
    else {
      vals.sort((a, b) => a - b);
      const m = vals.length >> 1;
      res[k] = vals.length % 2 ? vals[m]! : 0.5 * (vals[m - 1]! + vals[m]!);
    }
  }
  return res;
}

function prepare(s: Series, deseasonalise: boolean): PreparedSeries {
  if (deseasonalise) return prepareSeries(s.values, s.period);
  assertFiniteValues(s.values);
  validateSeries({ values: s.values, period: s.period }, 1);
  return { profile: seasonalProfile(s.values, 1), adjusted: s.values.slice(), nonNegative: s.values.every((v) => v >= 0) };
}

/** Mean absolute seasonal difference of the first `end` values (lag m, or 1 when too short): MASE's scale. */
function maseScale(values: readonly number[], end: number, period: number): number {
  let lag = Math.max(1, Math.round(period));
  if (end <= lag) lag = 1;
  let s = 0;
  let c = 0;
  for (let t = lag; t < end; t++) {
    s += Math.abs(values[t]! - values[t - lag]!);
    c++;
  }
  const v = c > 0 ? s / c : 0;
  return v > 0 ? v : 1;
}

function trainNet(
  shape: NbeatsShape,
  prepared: readonly PreparedSeries[],
  usableEnds: readonly number[],
  periods: readonly number[],
  cfg: { samples?: number; batchSize: number; learningRate: number; maxOrigins: number; loss: 'smape' | 'mase' | 'mae'; seed: number },
): Float64Array {
  const L = shape.input;
  const Hz = shape.output;
  const minObserved = Math.max(3, Math.ceil(L / 4));
  const inputs: number[] = [];
  const targets: number[] = [];
  const lossScale: number[] = [];
  const x = new Float64Array(L);
  prepared.forEach((p, i) => {
    const usable = usableEnds[i]!;
    const ms = cfg.loss === 'mase' ? maseScale(p.adjusted, usable, periods[i]!) : 1;
    for (const end of trainingOrigins(usable, Hz, Math.min(minObserved, usable - 1), cfg.maxOrigins)) {
      const scale = windowInput(p.adjusted, end, x);
      for (let k = 0; k < L; k++) inputs.push(x[k]!);
      for (let k = 0; k < Hz; k++) targets.push(Math.max(-20, Math.min(20, p.adjusted[end + k]! / scale)));
      lossScale.push(cfg.loss === 'mase' ? Math.max(1e-3, ms / scale) : 1);
    }
  });
  const count = lossScale.length;
  const rng = seededRandom(cfg.seed);
  const params = initialiseNbeats(shape, rng);
  if (count === 0) return params;
  const X = Float64Array.from(inputs);
  const Y = Float64Array.from(targets);
  const grad = new Float64Array(params.length);
  const adam = adamState(params.length);
  const B = Math.max(4, Math.round(cfg.batchSize / 4) * 4);
  const ws = nbeatsBatchWorkspace(shape, B);
  const Xb = new Float64Array(B * L);
  const picks = new Int32Array(B);
  const dOut = new Float64Array(B * Hz);
  const samples = cfg.samples ?? Math.min(75_000, Math.max(20_000, 4 * count));
  const steps = Math.max(30, Math.ceil(samples / B));
  const norm = 1 / (Hz * B);
  for (let step = 0; step < steps; step++) {
    grad.fill(0);
    const lr = cfg.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));
    for (let b = 0; b < B; b++) {
      const s = rng.int(count);
      picks[b] = s;
      Xb.set(X.subarray(s * L, (s + 1) * L), b * L);
    }
    const out = nbeatsBatchForward(shape, params, Xb, ws);
    for (let b = 0; b < B; b++) {
      const s = picks[b]!;
      for (let k = 0; k < Hz; k++) {
        const f = out[b * Hz + k]!;
        const y = Y[s * Hz + k]!;
        const e = f - y;
        const sg = e > 0 ? 1 : e < 0 ? -1 : 0;
        let d: number;
        if (cfg.loss === 'smape') {
          const den = Math.abs(y) + Math.abs(f);
          // sMAPE is flat (= 2) once f crosses zero away from y: there the denominator is held fixed, so the
          // gradient still points back towards y instead of dying
          if (f * y > 0) d = (2 * sg) / den - (2 * Math.abs(e) * (f > 0 ? 1 : -1)) / (den * den);
          else d = den > 1e-9 ? (2 * sg) / Math.max(den, 1e-3) : 0;
        } else d = sg / lossScale[s]!;
        dOut[b * Hz + k] = d * norm;
      }
    }
    nbeatsBatchBackward(shape, params, ws, dOut, grad);
    adamUpdate(params, grad, adam, lr, 1);
  }
  return params;
}

function trainValid(seriesList: readonly Series[], options: FitOptions | undefined): Fitted<NbeatsSeriesState>[] {
  if (seriesList.length === 0) return [];
  const o = (options?.nbeats ?? {}) as NbeatsOptions;
  const period = seriesList[0]!.period;
  const horizonOpt = options?.horizon;
  const Hz = typeof horizonOpt === 'number' && horizonOpt >= 1 ? Math.round(horizonOpt) : defaultHorizon(period);
  const deseasonalise = o.deseasonalise ?? false;
  const seed = typeof options?.seed === 'number' ? options.seed : 1;
  const lookbacks = o.lookbacks ?? [2, 3];
  const perLookback = o.seedsPerLookback ?? 1;
  const prepared = seriesList.map((s) => prepare(s, deseasonalise));
  const periods = seriesList.map((s) => s.period);
  const maxL = Math.max(...lookbacks.map((k) => Math.max(2, Math.round(k * Hz))));
  const validationEnds = prepared.map((p) => (p.adjusted.length - Hz >= 4 ? p.adjusted.length - Hz : -1));
  const usableEnds = prepared.map((p, i) => (o.trainOnAll || validationEnds[i]! <= 0 ? p.adjusted.length : validationEnds[i]!));
  const cfg = {
    samples: o.samples,
    batchSize: o.batchSize ?? 64,
    learningRate: o.learningRate ?? 1e-3,
    maxOrigins: Math.max(1, Math.round((o.historyLimit ?? 1.5) * Hz)),
    loss: o.loss ?? 'mase',
  };
  const nets: NbeatsNet[] = [];
  const losses = o.losses ?? [cfg.loss];
  lookbacks.forEach((k, li) => {
    losses.forEach((loss, lo) => {
      for (let r = 0; r < perLookback; r++) {
        const shape: NbeatsShape = { input: Math.max(2, Math.round(k * Hz)), output: Hz, blocks: o.blocks ?? 4, layers: o.layers ?? 2, width: o.width ?? 64 };
        const params = trainNet(shape, prepared, usableEnds, periods, { ...cfg, loss, seed: seed * 7919 + li * 101 + lo * 31 + r });
        nets.push({ shape, params: Array.from(params) });
      }
    });
  });

  const base: NbeatsEnsembleState = { nets, horizon: Hz, window: maxL, combine: o.combine ?? 'median', deseasonalise, calibration: { probabilities: [], quantiles: [] } };
  const rts = runtimeOf(base);
  const errors: number[][] = Array.from({ length: Hz }, () => []);
  prepared.forEach((p, i) => {
    const end = validationEnds[i]!;
    const noise = end > 0 ? noiseScale(p.adjusted, end) : 0;
    if (end <= 0 || !(noise > 0)) return;
    const pred = predictWith(base, rts, p.adjusted, end);
    for (let k = 0; k < Hz; k++) errors[k]!.push((p.adjusted[end + k]! - pred[k]!) / noise);
  });
  const network: NbeatsEnsembleState = { ...base, calibration: calibrateResiduals(errors, Hz) };
  return prepared.map((p, i) => anchor(network, p, seriesList[i]!));
}

/** One series' state on the trained networks: the tail the forecast starts from and recent fitted values. */
function anchor(network: NbeatsEnsembleState, p: PreparedSeries, series: Series): Fitted<NbeatsSeriesState> {
  const n = series.values.length;
  const rts = runtimeOf(network);
  const tailLength = Math.min(n - 1, Math.max(network.horizon, series.period, 12));
  const { fitted, residuals } = recentFitted(series.values, p, n - tailLength, (t) => predictWith(network, rts, p.adjusted, t)[0]!);
  return { model: 'nbeats', state: { network, ...seriesBase(p, network.window) }, fitted, residuals };
}

function forecastNbeats(state: NbeatsSeriesState, options: ForecastOptions): Forecast {
  const net = state.network;
  const rts = runtimeOf(net);
  return forecastFromTail(state, net.calibration, options, (history) => predictWith(net, rts, history, history.length));
}

/**
 * N-BEATS, generic architecture (Oreshkin, Carpov, Chapados & Bengio 2020, ICLR): a global multilayer perceptron
 * of doubly residual blocks (each block's fully connected ReLU layers emit a backcast, subtracted from its input,
 * and a forecast, summed over blocks), trained across all series on windows sampled from each series' recent history
 * (the paper's L_H = 1.5 h), inputs divided by the window's max |value|, loss MASE (sMAPE and MAE as options), Adam
 * with a cosine-decayed learning rate. As the paper, a few networks with
 * different input lengths (default 2h and 3h) are combined by their median (mean for two). The series are not
 * deseasonalised by default (the paper's setting; `nbeats.deseasonalise` does as the LSTM). Intervals from the
 * errors on each series' held-out last `horizon` observations, as the other global models. Fit options: `seed`,
 * `horizon`, `nbeats` ({@link NbeatsOptions}).
 */
export const nbeats: Model<NbeatsState> = globalModel({
  name: 'nbeats',
  train: trainValid,
  forecast: forecastNbeats,
  rebase: (state, series) => anchor(state.network, prepare(series, state.network.deseasonalise), series),
});
