import { ForecastError, type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { validateSeries } from '../math/validate-series.ts';
import { seededRandom } from '../features/seeded-random.ts';
import {
  changepointTimes,
  fourierRow,
  piecewiseTrend,
  seasonalitiesFor,
  type SeasonalityOrders,
  type SeasonalityTerm,
} from './prophet/prophet-design.ts';
import { mapFit, type CoefficientPrior } from './prophet/map-fit.ts';

/** Tuning knobs, passed as `options.prophet`; defaults are Prophet's. */
export interface ProphetOptions {
  /** Potential changepoints (default 25). */
  readonly changepoints?: number;
  /** Fraction of the history in which changepoints may sit (default 0.8). */
  readonly changepointRange?: number;
  /**
   * Scale τ of the Laplace prior on rate changes; 'auto' (default) picks it per series from 0.01, 0.05, 0.2, 0.5
   * on a hold-out of the last `horizon` observations (Prophet's default is 0.05).
   */
  readonly changepointPriorScale?: number | 'auto';
  /** Candidates for 'auto' τ (default 0.01, 0.05, 0.2, 0.5). */
  readonly changepointPriorScaleGrid?: readonly number[];
  /**
   * 'linear' (default; piecewise-linear trend), 'flat' (Prophet ≥ 1.1's constant trend) or 'auto': flat growth
   * competes with the τ candidates in the hold-out selection (on M3 monthly it did not help: 17.24 vs 17.20 sMAPE).
   */
  readonly growth?: 'linear' | 'flat' | 'auto';
  /** Most recent observations fitted (default max(260, 5 cycles of the longest seasonality)). */
  readonly maxHistory?: number;
  /** Hold-out folds for 'auto' τ (default 1: the most recent hold-out; see the selectTau note). */
  readonly selectionFolds?: number;
  /** Scale of the normal prior on Fourier coefficients (default 10). */
  readonly seasonalityPriorScale?: number;
  /** Scale of the normal prior on holiday/promotion regressor coefficients (default 10). */
  readonly regressorPriorScale?: number;
  /** Fourier orders (defaults yearly 10, weekly 3, daily 4; capped at period / 2). */
  readonly orders?: SeasonalityOrders;
  /**
   * 'additive' (Prophet's default): y = g + s; 'multiplicative': y = g·(1 + s), regressors stay additive;
   * 'auto' (default here): multiplicative when every value is positive, additive otherwise.
   */
  readonly seasonalityMode?: 'additive' | 'multiplicative' | 'auto';
  /** Simulated paths for the intervals (default 1000). */
  readonly intervalSamples?: number;
}

/**
 * One external regressor's fitted effect. Binary regressors (holiday, promotion flags) are used unscaled; non-negative ones
 * with zeros (the share of each period an event covers) are divided by their maximum, not centred, so that a period
 * without the event gets no contribution; others are standardised.
 */
export interface ProphetRegressor {
  readonly name: string;
  readonly mean: number;
  readonly std: number;
  /** Coefficient in scaled units (per standardised regressor unit, per unit of yScale). */
  readonly beta: number;
}

/** Additive decomposition of a fit or a forecast, in the series' units: value = trend + Σ seasonal + Σ regressors. */
export interface ProphetComponents {
  readonly trend: number[];
  /** One entry per seasonality (e.g. `yearly`, `weekly`). */
  readonly seasonal: Record<string, number[]>;
  /** One entry per regressor (e.g. `promotion`, `holiday`). */
  readonly regressors: Record<string, number[]>;
}

export interface ProphetState {
  /** Observations the model was fitted on: the most recent window of the history. */
  readonly n: number;
  /** Observations before the fitted window (their fitted values equal the actuals); components start after them. */
  readonly historyOffset: number;
  readonly mode: 'additive' | 'multiplicative';
  readonly yScale: number;
  /** Trend growth rate and offset in scaled units (time scaled to [0, 1] over the history). */
  readonly k: number;
  readonly m: number;
  readonly changepoints: number[];
  readonly deltas: number[];
  readonly seasonalities: SeasonalityTerm[];
  /** Fourier coefficients, sin/cos pairs per seasonality in order. */
  readonly seasonalBetas: number[];
  readonly regressors: ProphetRegressor[];
  /** The Laplace prior scale τ used. */
  readonly changepointPriorScale: number;
  /** 'flat' when the hold-out chose Prophet's flat growth (constant trend), else 'linear'. */
  readonly growth: 'linear' | 'flat';
  /** Residual standard deviation (MAP, scaled units). */
  readonly sigma: number;
  readonly intervalSamples: number;
  readonly seed: number;
  /** The in-sample decomposition, for explanations. */
  readonly components: ProphetComponents;
}

const isBinary = (xs: readonly number[]): boolean => xs.every((x) => x === 0 || x === 1);

function seasonalRow(terms: readonly SeasonalityTerm[], t: number): number[] {
  const row: number[] = [];
  for (const term of terms) fourierRow(term, t, row);
  return row;
}

/** Candidates for the changepoint prior scale, the range Prophet's documentation suggests tuning over. */
const TAU_GRID = [0.01, 0.05, 0.2, 0.5];

/**
 * Picks τ by Prophet's recommended procedure (tune changepoint_prior_scale by cross-validation), here with one
 * hold-out of the last `horizon` observations (at most a quarter of the history): the τ with the least absolute
 * hold-out error wins; ties and too-short series keep Prophet's default 0.05. One fold by default: on an in-sample
 * hold-out of all 1428 M3 monthly series (last 18 training points held out) one fold scored 18.07 sMAPE at 37 s CPU,
 * two folds 18.50 at 54 s, a fixed τ = 0.05 18.62 at 20 s (the most recent hold-out is the better guide).
 */
function selectTau(series: Series, y: readonly number[], options: FitOptions | undefined, o: ProphetOptions): number {
  const n = y.length;
  const horizonOpt = options?.horizon;
  const horizon = typeof horizonOpt === 'number' && horizonOpt >= 1 ? Math.round(horizonOpt) : Math.max(1, Math.round(series.period));
  const hold = Math.min(horizon, Math.floor(n / 4));
  const minTrain = 2 * Math.max(2, Math.round(series.period));
  // τ = 0 stands for flat growth
  const growth = o.growth ?? 'linear';
  const grid = growth === 'flat' ? [0] : [...(growth === 'auto' ? [0] : []), ...(o.changepointPriorScaleGrid ?? TAU_GRID)];
  const errors = new Array<number>(grid.length).fill(0);
  let folds = 0;
  // cutoffs n − hold, n − 2·hold, … (Prophet's cross_validation spaces cutoffs by period = horizon / 2; a full
  // horizon apart keeps the folds disjoint and the cost at one fit per fold and candidate)
  for (let f = 0; f < (o.selectionFolds ?? 1); f++) {
    const cutoff = n - (f + 1) * hold;
    if (hold < 1 || cutoff < minTrain) break;
    const trainRegs: Record<string, number[]> = {};
    const futureRegs: Record<string, number[]> = {};
    for (const [name, xs] of Object.entries(series.regressors ?? {})) {
      trainRegs[name] = xs.slice(0, cutoff);
      futureRegs[name] = xs.slice(cutoff, cutoff + hold);
    }
    const train: Series = { values: y.slice(0, cutoff), period: series.period, regressors: trainRegs };
    let scale = 0;
    for (let k = 0; k < hold; k++) scale += Math.abs(y[cutoff + k]!);
    grid.forEach((tau, g) => {
      const fc = forecastProphet(fitWithTau(train, train.values, options, o, tau), { h: hold, futureRegressors: futureRegs });
      let err = 0;
      for (let k = 0; k < hold; k++) err += Math.abs(y[cutoff + k]! - fc.mean[k]!);
      // relative to the fold's level so that a fold at a higher level does not dominate the choice
      errors[g]! += scale > 0 ? err / scale : err;
    });
    folds++;
  }
  if (folds === 0) return growth === 'flat' ? 0 : 0.05;
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (errors[g]! < errors[best]!) best = g;
  return grid[best]!;
}

/** Default window: at least 260 observations and five cycles of the longest seasonality (five years of weeks). */
function defaultMaxHistory(period: number, orders: SeasonalityOrders | undefined): number {
  const longest = seasonalitiesFor(period, Number.MAX_SAFE_INTEGER, orders).reduce((a, s) => Math.max(a, s.period), 1);
  return Math.max(260, Math.ceil(5 * longest));
}

function fitProphet(series: Series, options: FitOptions | undefined): Fitted<ProphetState> {
  const full = validateSeries(series, 1);
  const o = (options?.prophet ?? {}) as ProphetOptions;
  // Changepoints live in the first 80 % of the history, so on a very long history (e.g. 40 years of weeks) the
  // trend cannot follow the last decade; like common Prophet practice, fit only the most recent window.
  const skip = Math.max(0, full.length - Math.max(2, Math.round(o.maxHistory ?? defaultMaxHistory(series.period, o.orders))));
  const y = full.slice(skip);
  let recent: Series = series;
  if (skip > 0) {
    const regressors: Record<string, readonly number[]> = {};
    for (const [name, xs] of Object.entries(series.regressors ?? {})) regressors[name] = xs.slice(skip);
    recent = { ...series, values: y, regressors };
  }
  const tauOpt = o.changepointPriorScale ?? 'auto';
  const tau = o.growth === 'flat' ? 0 : tauOpt === 'auto' ? selectTau(recent, y, options, o) : tauOpt;
  const fit = fitWithTau(recent, y, options, o, tau);
  if (skip === 0) return fit;
  return {
    model: 'prophet',
    state: { ...fit.state, historyOffset: skip },
    fitted: [...full.slice(0, skip), ...fit.fitted],
    residuals: [...new Array<number>(skip).fill(0), ...fit.residuals],
  };
}

function fitWithTau(series: Series, y: readonly number[], options: FitOptions | undefined, o: ProphetOptions, tau: number): Fitted<ProphetState> {
  const n = y.length;
  const seasonScale = o.seasonalityPriorScale ?? 10;
  const regScale = o.regressorPriorScale ?? 10;
  let yScale = 0;
  for (const v of y) yScale = Math.max(yScale, Math.abs(v));
  if (!(yScale > 0)) yScale = 1;
  const ys = y.map((v) => v / yScale);
  const tOf = (i: number): number => (n > 1 ? i / (n - 1) : 0);
  const modeOpt = o.seasonalityMode ?? 'auto';
  const multiplicative = modeOpt === 'multiplicative' || (modeOpt === 'auto' && y.every((v) => v > 0));

  const flat = tau === 0;
  const changepoints = n >= 3 && !flat ? changepointTimes(n, o.changepoints ?? 25, o.changepointRange ?? 0.8) : [];
  const seasonalities = seasonalitiesFor(series.period, n, o.orders);
  const regressors: { name: string; mean: number; std: number; values: readonly number[] }[] = [];
  for (const [name, xs] of Object.entries(series.regressors ?? {})) {
    if (xs.length !== n) throw new ForecastError('invalid_values', `regressor "${name}" has ${xs.length} values, the series has ${n}`);
    if (xs.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new ForecastError('invalid_values', `regressor "${name}" has a non-finite value`);
    const mu = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, n - 1));
    // a constant regressor is not identifiable next to the trend offset: keep it with a zero effect
    if (!(sd > 0)) regressors.push({ name, mean: 0, std: 0, values: xs });
    else if (isBinary(xs)) regressors.push({ name, mean: 0, std: 1, values: xs });
    // an event's share of each period (0 when absent): scaled to [0, 1], not centred, so an absent event adds nothing
    else if (xs.every((x) => x >= 0) && xs.includes(0)) regressors.push({ name, mean: 0, std: Math.max(...xs), values: xs });
    else regressors.push({ name, mean: mu, std: sd, values: xs });
  }

  const S = changepoints.length;
  const F = seasonalities.reduce((a, s) => a + 2 * s.order, 0);
  const trendRows: Float64Array[] = [];
  const seasonRows: Float64Array[] = [];
  const regRows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const t = tOf(i);
    const tr = new Float64Array(2 + S);
    tr[0] = 1;
    tr[1] = t;
    for (let j = 0; j < S; j++) tr[2 + j] = t >= changepoints[j]! ? t - changepoints[j]! : 0;
    trendRows.push(tr);
    seasonRows.push(Float64Array.from(seasonalRow(seasonalities, i)));
    regRows.push(Float64Array.from(regressors, (r) => (r.std > 0 ? (r.values[i]! - r.mean) / r.std : 0)));
  }
  // Prophet's priors: k, m ~ normal(0, 5); δ ~ Laplace(0, τ); Fourier β ~ normal(0, σ_s); regressor β ~ normal(0, σ_h)
  const trendPriors: CoefficientPrior[] = [
    { kind: 'normal', scale: 5 },
    { kind: 'normal', scale: flat ? 1e-9 : 5 },
    ...changepoints.map((): CoefficientPrior => ({ kind: 'laplace', scale: tau })),
  ];
  const seasonPriors = Array.from({ length: F }, (): CoefficientPrior => ({ kind: 'normal', scale: seasonScale }));
  const regPriors = regressors.map((r): CoefficientPrior => ({ kind: 'normal', scale: r.std > 0 ? regScale : 1e-6 }));
  const concat = (...parts: Float64Array[]): Float64Array => {
    const out = new Float64Array(parts.reduce((a, q) => a + q.length, 0));
    let o2 = 0;
    for (const q of parts) {
      out.set(q, o2);
      o2 += q.length;
    }
    return out;
  };
  // additive fit: one penalised least-squares problem
  const additive = mapFit(
    trendRows.map((tr, i) => concat(tr, seasonRows[i]!, regRows[i]!)),
    ys,
    [...trendPriors, ...seasonPriors, ...regPriors],
  );
  let w = additive.weights;
  let sigma2 = additive.sigma2;
  if (multiplicative && F > 0) {
    // y = g(t)·(1 + s(t)) + X β: alternate the seasonal fit given the trend and the trend + regressor fit given
    // the seasonal multiplier (each a penalised least-squares problem), starting from the additive solution
    let theta: Float64Array = w.slice(0, 2 + S);
    let beta: Float64Array = new Float64Array(F);
    let gamma: Float64Array = w.slice(2 + S + F);
    let sig = sigma2;
    for (let round = 0; round < 4; round++) {
      const g = trendRows.map((tr) => tr.reduce((a, v, j) => a + v * theta[j]!, 0));
      const reg = regRows.map((rr) => rr.reduce((a, v, j) => a + v * gamma[j]!, 0));
      const seasonFit = mapFit(seasonRows.map((sr, i) => sr.map((v) => v * g[i]!)), ys.map((v, i) => v - g[i]! - reg[i]!), seasonPriors, round === 0 ? undefined : { weights: beta, sigma2: sig }, 20);
      beta = seasonFit.weights;
      const mult = seasonRows.map((sr) => 1 + sr.reduce((a, v, j) => a + v * beta[j]!, 0));
      const trendFit = mapFit(
        trendRows.map((tr, i) => concat(tr.map((v) => v * mult[i]!), regRows[i]!)),
        ys,
        [...trendPriors, ...regPriors],
        { weights: concat(theta, gamma), sigma2: seasonFit.sigma2 },
        20,
      );
      theta = trendFit.weights.slice(0, 2 + S);
      gamma = trendFit.weights.slice(2 + S);
      sig = trendFit.sigma2;
    }
    w = concat(theta, beta, gamma);
    sigma2 = sig;
  }
  const deltas = Array.from(w.slice(2, 2 + S), (d) => (Math.abs(d) < 1e-7 ? 0 : d));
  const seasonalBetas = Array.from(w.slice(2 + S, 2 + S + F));
  const fittedRegressors: ProphetRegressor[] = regressors.map((r, j) => ({ name: r.name, mean: r.mean, std: r.std, beta: r.std > 0 ? w[2 + S + F + j]! : 0 }));
  const base = {
    n,
    historyOffset: 0,
    mode: multiplicative && F > 0 ? ('multiplicative' as const) : ('additive' as const),
    yScale,
    k: w[1]!,
    m: w[0]!,
    changepoints,
    deltas,
    seasonalities,
    seasonalBetas,
    regressors: fittedRegressors,
    changepointPriorScale: tau,
    growth: flat ? ('flat' as const) : ('linear' as const),
    sigma: Math.sqrt(Math.max(sigma2, 0)),
    intervalSamples: Math.max(10, Math.round(o.intervalSamples ?? 1000)),
    seed: typeof options?.seed === 'number' ? options.seed : 1,
  };
  const regressorHistory: Record<string, readonly number[]> = {};
  for (const r of regressors) regressorHistory[r.name] = r.values;
  const components = componentsAt(base, Array.from({ length: n }, (_, i) => i), regressorHistory);
  const fitted = sumComponents(components, n);
  const state: ProphetState = { ...base, components };
  return { model: 'prophet', state, fitted, residuals: y.map((v, i) => v - fitted[i]!) };
}

type ProphetParams = Omit<ProphetState, 'components'>;

/** Components at observation indices `ts` (0-based; ≥ n is the future), regressor values aligned with `ts`. */
function componentsAt(st: ProphetParams, ts: readonly number[], regressorValues: Readonly<Record<string, readonly number[]>>): ProphetComponents {
  const tOf = (i: number): number => (st.n > 1 ? i / (st.n - 1) : 0);
  const trend = ts.map((i) => piecewiseTrend(tOf(i), st.k, st.m, st.changepoints, st.deltas) * st.yScale);
  const seasonal: Record<string, number[]> = {};
  let offset = 0;
  for (const term of st.seasonalities) {
    const betas = st.seasonalBetas.slice(offset, offset + 2 * term.order);
    offset += 2 * term.order;
    seasonal[term.name] = ts.map((i) => {
      const row: number[] = [];
      fourierRow(term, i, row);
      let s = 0;
      for (let j = 0; j < row.length; j++) s += row[j]! * betas[j]!;
      return s * st.yScale;
    });
    if (st.mode === 'multiplicative') {
      const values = seasonal[term.name]!;
      for (let j = 0; j < values.length; j++) values[j] = (values[j]! / st.yScale) * trend[j]!;
    }
  }
  const regressors: Record<string, number[]> = {};
  for (const r of st.regressors) {
    const xs = regressorValues[r.name];
    regressors[r.name] = ts.map((_, j) => (r.std > 0 && xs ? ((xs[j]! - r.mean) / r.std) * r.beta * st.yScale : 0));
  }
  return { trend, seasonal, regressors };
}

function sumComponents(c: ProphetComponents, len: number): number[] {
  const out = c.trend.slice(0, len);
  for (const s of Object.values(c.seasonal)) for (let i = 0; i < len; i++) out[i]! += s[i]!;
  for (const s of Object.values(c.regressors)) for (let i = 0; i < len; i++) out[i]! += s[i]!;
  return out;
}

function futureRegressorValues(st: ProphetState, options: ForecastOptions): Record<string, readonly number[]> {
  const out: Record<string, readonly number[]> = {};
  for (const r of st.regressors) {
    if (!(r.std > 0)) continue;
    const xs = options.futureRegressors?.[r.name];
    if (!xs || xs.length < options.h) {
      throw new ForecastError('invalid_values', `regressor "${r.name}" needs ${options.h} future values in futureRegressors`);
    }
    if (xs.some((x) => !Number.isFinite(x))) throw new ForecastError('invalid_values', `future values of regressor "${r.name}" must be finite`);
    out[r.name] = xs;
  }
  return out;
}

/**
 * The decomposition of a Prophet forecast (trend, each seasonality, each regressor), in the series' units, so a
 * product can explain the forecast; the components sum to the forecast mean.
 */
export function prophetComponents(fitted: Fitted<ProphetState>, options: ForecastOptions): ProphetComponents {
  const st = fitted.state;
  const ts = Array.from({ length: options.h }, (_, k) => st.n + k);
  return componentsAt(st, ts, futureRegressorValues(st, options));
}

function forecastProphet(fitted: Fitted<ProphetState>, options: ForecastOptions): Forecast {
  const { h } = options;
  if (!Number.isInteger(h) || h < 1) throw new ForecastError('fit_failed', `horizon must be a positive integer, got ${h}`);
  const st = fitted.state;
  const comps = prophetComponents(fitted, options);
  const mean = sumComponents(comps, h);
  const levels = options.levels ?? [];
  if (levels.length === 0) return { mean, intervals: [] };

  // Prophet's trend uncertainty: future changepoints at the historical rate, with Laplace rate changes whose scale
  // is the mean absolute fitted change; plus Gaussian observation noise.
  const rng = seededRandom(st.seed);
  const N = st.intervalSamples;
  const tOf = (i: number): number => (st.n > 1 ? i / (st.n - 1) : 0);
  const dt = st.n > 1 ? 1 / (st.n - 1) : 1;
  const S = st.changepoints.length;
  const tEnd = tOf(st.n - 1 + h);
  const slots = Math.max(1, Math.ceil((tEnd - 1) / dt));
  const probChange = Math.min(1, (S * (tEnd - 1)) / slots);
  let lambda = 1e-8;
  for (const d of st.deltas) lambda += Math.abs(d) / Math.max(1, S);
  const samples: Float64Array[] = Array.from({ length: h }, () => new Float64Array(N));
  const baseTrend = comps.trend.map((v) => v / st.yScale);
  for (let s = 0; s < N; s++) {
    const newCps: number[] = [];
    const newDeltas: number[] = [];
    for (let slot = 0; slot < slots; slot++) {
      if (rng.next() < probChange) {
        newCps.push(1 + rng.next() * (tEnd - 1));
        newDeltas.push(rng.laplace(lambda));
      }
    }
    for (let k = 0; k < h; k++) {
      const t = tOf(st.n + k);
      let extra = 0;
      for (let j = 0; j < newCps.length; j++) if (t >= newCps[j]!) extra += newDeltas[j]! * (t - newCps[j]!);
      samples[k]![s] = (baseTrend[k]! + extra + st.sigma * rng.normal()) * st.yScale + (mean[k]! - comps.trend[k]!);
    }
  }
  for (const col of samples) col.sort();
  const q = (col: Float64Array, p: number): number => {
    const pos = p * (col.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(col.length - 1, lo + 1);
    return col[lo]! + (col[hi]! - col[lo]!) * (pos - lo);
  };
  const intervals = levels.map((level) => {
    const alpha = 1 - level / 100;
    return {
      level,
      lower: samples.map((col, k) => Math.min(mean[k]!, q(col, alpha / 2))),
      upper: samples.map((col, k) => Math.max(mean[k]!, q(col, 1 - alpha / 2))),
    };
  });
  return { mean, intervals };
}

/**
 * Prophet-style additive model (Taylor & Letham 2018, "Forecasting at scale"): y(t) = g(t) + s(t) + X(t)β + ε with a
 * piecewise-linear trend g whose rate changes at 25 potential changepoints in the first 80 % of the history under a
 * Laplace(0, 0.05) prior, Fourier seasonalities chosen from the period (normal(0, 10) prior), and holiday/promotion
 * regressors from `Series.regressors` (future values in `ForecastOptions.futureRegressors`). Fitted by MAP on the
 * scaled series (penalised least squares; no Stan), intervals by simulating future trend changes plus noise with a
 * seeded generator, as Prophet does. `state.components` and {@link prophetComponents} give the decomposition.
 * Fit options: `seed`, `horizon` (hold-out length for the τ selection; default one period) and `prophet`
 * ({@link ProphetOptions}). `refitOptions` keeps the selected τ and growth, so backtests skip the τ search.
 */
export const prophet: Model<ProphetState> = {
  name: 'prophet',
  minLength: () => 2,
  fit: fitProphet,
  forecast: forecastProphet,
  decompose: prophetComponents,
  // backtests refit with the selected τ and growth (one fit instead of the 2 × 4 hold-out fits of the τ search)
  refitOptions: (fitted) => ({
    seed: fitted.state.seed,
    prophet: { changepointPriorScale: fitted.state.growth === 'flat' ? 0.05 : fitted.state.changepointPriorScale, growth: fitted.state.growth },
  }),
};
