import { ForecastError, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { seasonalIndicesM } from '../math/decompose.ts';
import { checkHorizon, checkLevels, normalIntervals } from '../math/intervals.ts';
import { nelderMead } from '../math/nelder-mead.ts';
import { isSeasonal } from '../math/seasonality.ts';
import { linearTrend, mean } from '../math/stats.ts';
import { validateSeries } from '../math/validate-series.ts';
import { thetaPoint, thetaRun, type ThetaParams, type ThetaRun } from './theta/theta-core.ts';

/**
 * Theta forecasts with the M3 seasonal adjustment: when the 90 % lag-m autocorrelation test passes
 * (n ≥ 3m, positive data), the series is divided by classical multiplicative seasonal indices, the
 * model is fitted to the adjusted data, and the forecasts are multiplied back (Assimakopoulos &
 * Nikolopoulos 2000, as run in M3).
 * - `theta`: the standard Theta method (θ = 2) in Hyndman & Billah's (2003) form, as R forecast's `thetaf`:
 *   simple exponential smoothing (α, ℓ₀ by least squares) plus half the least-squares slope b as drift,
 *   ŷ_{n+h} = ℓ_n + (b/2)[(h − 1) + (1 − (1−α)^n)/α];
 * - `otm`: optimised Theta model (θ ≥ 1 estimated too), Fiorucci et al. (2016);
 * - `dotm`: dynamic optimised Theta model (A_t, B_t updated each period), Fiorucci et al. (2016).
 * Intervals: the models are SES with a deterministic drift, so the h-step variance is σ²[1 + (h−1)α²]
 * (Hyndman & Billah 2003), σ² the one-step mean squared error; scaled by the seasonal index.
 */
export interface ThetaState {
  readonly variant: 'stm' | 'otm' | 'dotm';
  readonly alpha: number;
  readonly theta: number;
  readonly level0: number;
  readonly level: number;
  readonly a: number;
  readonly b: number;
  readonly n: number;
  readonly sigma2: number;
  readonly period: number;
  /** Seasonal indices by position t % m (absent when the series is not seasonal). */
  readonly indices?: number[];
}

const ALPHA_LO = 0.1;
const ALPHA_HI = 0.99;
const THETA_LO = 1;
const THETA_HI = 10;

/**
 * Classic Theta in Hyndman & Billah's form: SES for the level (its one-step MSE is the interval variance,
 * as in `thetaf`), plus the half-slope drift b/2 (b the least-squares slope) in the fitted values;
 * `b` is stored for the forecasts.
 */
function classicRun(x: readonly number[], p: ThetaParams): ThetaRun {
  const ses = thetaRun(x, { ...p, theta: 1 }, false, true);
  const { slope } = linearTrend(x);
  const fitted = ses.fitted!.map((v, t) => v + (slope / 2) * ((1 - Math.pow(1 - p.alpha, t)) / p.alpha));
  return { mse: ses.mse, fitted, level: ses.level, a: 0, b: slope, n: x.length };
}

function fitTheta(name: string, variant: ThetaState['variant'], series: Series): Fitted<ThetaState> {
  const y = validateSeries(series, 3);
  const m = series.period;
  const n = y.length;
  const indices = seasonalIndicesM(y, m, isSeasonal(y, m));
  const idx = (t: number): number => (indices ? indices[t % m]! : 1);
  const x = y.map((v, t) => v / idx(t));
  const dynamic = variant === 'dotm';
  const optTheta = variant !== 'stm';
  const scale = Math.max(1e-300, mean(x.map(Math.abs)));
  const xs = x.map((v) => v / scale);
  // classic Theta: α and ℓ₀ are those of SES alone (θ = 1 in the recursion); θ = 2 only adds the drift
  const obj = (v: number[]): number => {
    const p: ThetaParams = { alpha: v[0]!, level0: v[1]!, theta: optTheta ? v[2]! : variant === 'stm' ? 1 : 2 };
    return thetaRun(xs, p, dynamic).mse;
  };
  const x0 = optTheta ? [0.5, xs[0]! / 2, 2] : [0.5, xs[0]! / 2];
  const lower = optTheta ? [ALPHA_LO, -Infinity, THETA_LO] : [ALPHA_LO, -Infinity];
  const upper = optTheta ? [ALPHA_HI, Infinity, THETA_HI] : [ALPHA_HI, Infinity];
  const step = optTheta ? [0.1, 0.2, 0.5] : [0.1, 0.2];
  const res = nelderMead(obj, x0, { lower, upper, step, maxEval: 400, tol: 1e-9 });
  const p: ThetaParams = { alpha: res.x[0]!, level0: res.x[1]! * scale, theta: optTheta ? res.x[2]! : 2 };
  const run = variant === 'stm' ? classicRun(x, p) : thetaRun(x, p, dynamic, true);
  if (!Number.isFinite(run.level) || !Number.isFinite(run.mse)) throw new ForecastError('fit_failed', 'theta recursion diverged');
  const fitted = run.fitted!.map((v, t) => v * idx(t));
  const state: ThetaState = {
    variant,
    alpha: p.alpha,
    theta: p.theta,
    level0: p.level0,
    level: run.level,
    a: run.a,
    b: run.b,
    n,
    sigma2: run.mse,
    period: m,
  };
  return { model: name, state: indices ? { ...state, indices } : state, fitted, residuals: y.map((v, t) => v - fitted[t]!) };
}

function forecastTheta(fitted: Fitted<ThetaState>, options: ForecastOptions): Forecast {
  checkHorizon(options.h);
  const levels = checkLevels(options.levels);
  const s = fitted.state;
  const p: ThetaParams = { alpha: s.alpha, theta: s.theta, level0: s.level0 };
  const base =
    s.variant === 'stm'
      ? Array.from({ length: options.h }, (_, i) => s.level + (s.b / 2) * (i + (1 - Math.pow(1 - s.alpha, s.n)) / s.alpha))
      : thetaPoint({ mse: s.sigma2, fitted: undefined, level: s.level, a: s.a, b: s.b, n: s.n }, p, options.h);
  const idx = (i: number): number => (s.indices ? s.indices[(s.n + i) % s.period]! : 1);
  const meanF = base.map((v, i) => v * idx(i));
  const sd = meanF.map((_, i) => Math.sqrt(s.sigma2 * (1 + i * s.alpha * s.alpha)) * idx(i));
  return { mean: meanF, intervals: normalIntervals(meanF, sd, levels) };
}

function thetaModel(name: string, variant: ThetaState['variant']): Model<ThetaState> {
  return { name, minLength: () => 3, fit: (series) => fitTheta(name, variant, series), forecast: forecastTheta };
}

/** Standard Theta method (θ = 2, SES with drift), name "theta". */
export const theta = thetaModel('theta', 'stm');
/** Optimised Theta model, name "otm". */
export const optimisedTheta = thetaModel('otm', 'otm');
/** Dynamic optimised Theta model, name "dotm". */
export const dynamicOptimisedTheta = thetaModel('dotm', 'dotm');
