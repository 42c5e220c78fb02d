/**
 * The ETS state-space recursions in error-correction form (Hyndman, Koehler, Snyder & Grose 2002;
 * Hyndman, Koehler, Ord & Snyder 2008, "Forecasting with Exponential Smoothing", ch. 2 and 5),
 * written, as in R forecast's `etscalc`, so that the state updates are the same for additive and
 * multiplicative errors and only the likelihood differs.
 */

export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly damped: boolean;
  readonly season: SeasonType;
}

export interface EtsParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

/** States at time 0: level, slope, and the m seasonal states in position order (index t % m is used at time t). */
export interface EtsInit {
  readonly level: number;
  readonly slope: number;
  readonly season: readonly number[];
}

export interface EtsRun {
  /** −2 log-likelihood up to a constant: n log Σe² (+ 2 Σ log|ŷ| for multiplicative errors). */
  readonly lik: number;
  /** Sum of squared errors in the model's own sense (relative errors for M). */
  readonly sse: number;
  readonly level: number;
  readonly slope: number;
  /** Final seasonal ring (position order; index (n + i) % m is used at step n + i). */
  readonly season: number[];
}

export interface EtsTrace {
  readonly fitted: Float64Array;
  readonly level: Float64Array;
  readonly slope: Float64Array;
  readonly season: Float64Array;
}

const TOL = 1e-10;
export const HUGE = 1e10;

export function specName(s: EtsSpec): string {
  return `${s.error}${s.trend}${s.damped ? 'd' : ''}${s.season}`;
}

/**
 * Runs the recursions over y. Returns `lik = HUGE` when a one-step forecast collapses to ~0 under
 * multiplicative errors (the likelihood is undefined there), as R does.
 */
export function etsRun(
  y: ArrayLike<number>,
  spec: EtsSpec,
  p: EtsParams,
  init: EtsInit,
  m: number,
  trace?: EtsTrace,
): EtsRun {
  const n = y.length;
  const seasonal = spec.season !== 'N';
  const trended = spec.trend !== 'N';
  const mult = spec.error === 'M';
  const sm = spec.season === 'M';
  const phi = spec.damped ? p.phi : 1;
  const { alpha, beta, gamma } = p;
  const ring = seasonal ? Float64Array.from(init.season) : new Float64Array(0);
  let l = init.level;
  let b = trended ? init.slope : 0;
  let sse = 0;
  let logs = 0;
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    const phib = trended ? phi * b : 0;
    const q = l + phib;
    const so = seasonal ? ring[pos]! : 0;
    const f = !seasonal ? q : sm ? q * so : q + so;
    if (trace) trace.fitted[t] = f;
    if (mult) {
      if (Math.abs(f) < TOL) return { lik: HUGE, sse: HUGE, level: l, slope: b, season: Array.from(ring) };
      const e = (yt - f) / f;
      sse += e * e;
      logs += Math.log(Math.abs(f));
    } else {
      const e = yt - f;
      sse += e * e;
    }
    let pl: number;
    if (!seasonal) pl = yt;
    else if (sm) pl = Math.abs(so) < TOL ? HUGE : yt / so;
    else pl = yt - so;
    const ln = q + alpha * (pl - q);
    if (trended) b = phib + (beta / alpha) * (ln - l - phib);
    if (seasonal) {
      let ts: number;
      if (sm) ts = Math.abs(q) < TOL ? HUGE : yt / q;
      else ts = yt - q;
      ring[pos] = so + gamma * (ts - so);
      if (trace) trace.season[t] = ring[pos]!;
      pos = pos + 1 === m ? 0 : pos + 1;
    }
    l = ln;
    if (trace) {
      trace.level[t] = l;
      trace.slope[t] = b;
    }
  }
  if (!Number.isFinite(sse)) return { lik: HUGE, sse: HUGE, level: l, slope: b, season: Array.from(ring) };
  const lik = n * Math.log(Math.max(sse, 1e-300)) + (mult ? 2 * logs : 0);
  // the ring is rotated so that index 0 is the state used at time n
  const season = seasonal ? Array.from({ length: m }, (_, i) => ring[(pos + i) % m]!) : [];
  return { lik, sse, level: l, slope: b, season };
}

/** Point forecasts: the recursions run forward with zero errors. `season[i % m]` is used at step i. */
export function etsPointForecast(spec: EtsSpec, p: EtsParams, level: number, slope: number, season: readonly number[], h: number): number[] {
  const m = season.length;
  const out: number[] = [];
  let damp = 0;
  let pw = 1;
  for (let i = 1; i <= h; i++) {
    if (spec.trend !== 'N') {
      pw *= spec.damped ? p.phi : 1;
      damp += pw;
    }
    const q = level + damp * slope;
    const s = spec.season === 'N' ? 0 : season[(i - 1) % m]!;
    out.push(spec.season === 'M' ? q * s : q + s);
  }
  return out;
}

/**
 * Coefficients c_j (j = 1..h−1) of the linear innovations form, for the analytic variances of
 * classes 1 and 2 (Hyndman et al. 2008, ch. 6): c_j = α + β Σ_{i=1..j} φ^i + γ·1{j mod m = 0}.
 */
export function innovationCoefficients(spec: EtsSpec, p: EtsParams, m: number, h: number): number[] {
  const c: number[] = [];
  let damp = 0;
  let pw = 1;
  for (let j = 1; j < h; j++) {
    if (spec.trend !== 'N') {
      pw *= spec.damped ? p.phi : 1;
      damp += pw;
    }
    c.push(p.alpha + (spec.trend !== 'N' ? p.beta * damp : 0) + (spec.season !== 'N' && j % m === 0 ? p.gamma : 0));
  }
  return c;
}
