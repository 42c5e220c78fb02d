import { checkHorizon, checkLevels } from '../math/intervals.ts';
import { quantile } from '../math/stats.ts';
import { validateSeries } from '../math/validate-series.ts';
import { ForecastError, type Fitted, type FitOptions, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';

/** Stored state of an intermittent-demand fit. */
export interface CrostonState {
  readonly method: 'croston' | 'sba' | 'tsb';
  /** Flat point forecast (demand per period). */
  readonly forecast: number;
  /** Smoothing constant of the demand size. */
  readonly alpha: number;
  /** Smoothing constant of the inter-demand interval (Croston, SBA) or of the demand probability (TSB). */
  readonly beta: number;
  /** In-sample one-step errors the empirical intervals are drawn from. */
  readonly errors: number[];
}

interface Pass {
  readonly fitted: number[];
  readonly forecast: number;
  /** Index from which fitted values are genuine forecasts (before it they equal the actuals). */
  readonly start: number;
}

/**
 * Croston's (1972) method: simple exponential smoothing of the non-zero demand sizes z and of the intervals
 * p between them, both updated only when demand occurs, forecast z/p. Initialised with the first demand and
 * its interval from the start of the series (as statsforecast and tsintermittent do).
 */
function crostonPass(y: readonly number[], alpha: number, beta: number, factor: number): Pass {
  const n = y.length;
  const first = y.findIndex((v) => v !== 0);
  if (first < 0) return { fitted: y.slice(), forecast: 0, start: n };
  let z = y[first]!;
  let p = first + 1;
  let last = first;
  const fitted = y.slice();
  for (let t = first + 1; t < n; t++) {
    fitted[t] = (factor * z) / p;
    if (y[t] !== 0) {
      z += alpha * (y[t]! - z);
      p += beta * (t - last - p);
      last = t;
    }
  }
  return { fitted, forecast: (factor * z) / p, start: first + 1 };
}

/**
 * Teunter, Syntetos & Babai (2011) "Intermittent demand: linking forecasting to inventory obsolescence",
 * *EJOR* 214(3), 606–615: the demand probability d is smoothed every period (towards 1 on demand, 0 otherwise),
 * the size z only on demand; forecast d·z. Initialised with the first demand size and the overall demand rate.
 */
function tsbPass(y: readonly number[], alpha: number, beta: number): Pass {
  const n = y.length;
  const first = y.findIndex((v) => v !== 0);
  if (first < 0) return { fitted: y.slice(), forecast: 0, start: n };
  let z = y[first]!;
  let d = y.filter((v) => v !== 0).length / n;
  const fitted = y.slice();
  for (let t = first + 1; t < n; t++) {
    fitted[t] = d * z;
    if (y[t] !== 0) {
      d += beta * (1 - d);
      z += alpha * (y[t]! - z);
    } else {
      d -= beta * d;
    }
  }
  return { fitted, forecast: d * z, start: first + 1 };
}

function mse(y: readonly number[], pass: Pass): number {
  let s = 0;
  let k = 0;
  for (let t = pass.start; t < y.length; t++) {
    s += (y[t]! - pass.fitted[t]!) ** 2;
    k++;
  }
  return k > 0 ? s / k : 0;
}

function makeFitted(series: Series, method: CrostonState['method']): Fitted<CrostonState> {
  const y = validateSeries(series, 2);
  if (y.some((v) => v < 0)) throw new ForecastError('invalid_values', `${method}: demand must be non-negative`);
  let alpha = 0.1;
  let beta = 0.1;
  let pass: Pass;
  if (method === 'tsb') {
    // TSB has no standard constants: choose both on a grid by in-sample one-step MSE (Teunter et al. 2011, §4).
    let best = Infinity;
    pass = tsbPass(y, alpha, beta);
    for (let a = 0.02; a <= 0.5 + 1e-9; a += 0.02) {
      for (let b = 0.02; b <= 0.5 + 1e-9; b += 0.02) {
        const cand = tsbPass(y, a, b);
        const v = mse(y, cand);
        if (v < best - 1e-12) {
          best = v;
          pass = cand;
          alpha = +a.toFixed(2);
          beta = +b.toFixed(2);
        }
      }
    }
  } else {
    // α = 0.1 for both components: Croston's (1972) recommendation and the setting of Syntetos & Boylan (2005).
    pass = crostonPass(y, alpha, beta, method === 'sba' ? 1 - beta / 2 : 1);
  }
  const errors: number[] = [];
  for (let t = pass.start; t < y.length; t++) errors.push(y[t]! - pass.fitted[t]!);
  const residuals = y.map((v, t) => v - pass.fitted[t]!);
  return {
    model: method,
    state: { method, forecast: pass.forecast, alpha, beta, errors },
    fitted: pass.fitted,
    residuals,
  };
}

/**
 * Flat forecast with empirical intervals: the central level-% interval of the in-sample one-step errors added
 * to the point forecast and clamped at 0 for demand. Croston-type methods have no consistent stochastic model
 * (Shenstone & Hyndman 2005), so the intervals come from the errors, not from a distribution; with fewer than
 * 5 errors they fall back to the spread of the demand around its mean.
 */
function forecastFlat(fitted: Fitted<CrostonState>, options: ForecastOptions): Forecast {
  checkHorizon(options.h);
  const levels = checkLevels(options.levels);
  const s = fitted.state;
  const f = s.forecast;
  const pool = s.errors.length >= 5 ? s.errors : fitted.fitted.map((_, t) => fitted.residuals[t]! + fitted.fitted[t]! - f);
  const mean = new Array<number>(options.h).fill(f);
  const intervals = levels.map((level) => {
    const lo = pool.length ? quantile(pool, (1 - level / 100) / 2) : 0;
    const hi = pool.length ? quantile(pool, (1 + level / 100) / 2) : 0;
    const lower = Math.max(0, Math.min(f, f + lo));
    const upper = Math.max(f, f + hi);
    return { level, lower: new Array<number>(options.h).fill(lower), upper: new Array<number>(options.h).fill(upper) };
  });
  return { mean, intervals };
}

function crostonModel(method: CrostonState['method']): Model<CrostonState> {
  return {
    name: method,
    minLength: () => 2,
    fit: (series: Series, _options?: FitOptions) => makeFitted(series, method),
    forecast: forecastFlat,
  };
}

/** Croston (1972), "Forecasting and stock control for intermittent demands", *Oper. Res. Q.* 23(3), 289–303; α = 0.1. */
export const croston: Model<CrostonState> = crostonModel('croston');

/**
 * Syntetos–Boylan approximation (Syntetos & Boylan 2005, "The accuracy of intermittent demand estimates",
 * *Int. J. Forecast.* 21(2), 303–314): Croston's forecast times (1 − β/2) to remove its bias; α = β = 0.1.
 */
export const sba: Model<CrostonState> = crostonModel('sba');

/** Teunter, Syntetos & Babai (2011) with α, β chosen by in-sample MSE on a 0.02 grid in [0.02, 0.5]. */
export const tsb: Model<CrostonState> = crostonModel('tsb');
