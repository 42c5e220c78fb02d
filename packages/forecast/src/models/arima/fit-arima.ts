import {
  armaKalman,
  armaStructure,
  arFromUnconstrained,
  arToUnconstrained,
  cssGradient,
  cssSumOfSquares,
  factorGradient,
} from './arma-kernels.ts';
import { difference } from './differencing-tests.ts';
import { minimiseBfgs } from './minimise-bfgs.ts';
import { minRootModulus } from './polynomial-roots.ts';

/** ARIMA(p,d,q)(P,D,Q)_m order. */
export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  readonly m: number;
}

/** Estimation method, as R's `arima(method = …)`. */
export type ArimaMethod = 'CSS' | 'ML' | 'CSS-ML';

/** A fitted ARIMA (coefficients in R's sign conventions; `constant` is the mean of the differenced series). */
export interface ArimaFit {
  readonly order: ArimaOrder;
  readonly includeConstant: boolean;
  readonly phi: number[];
  readonly theta: number[];
  readonly seasonalPhi: number[];
  readonly seasonalTheta: number[];
  /**
   * Mean of the differenced series: the intercept (mean) when d + D = 0; with d + D = 1 it is the drift
   * per differencing lag (R's drift coefficient × m for a seasonal difference).
   */
  readonly constant: number;
  /** Innovation variance estimate of the method (ML: Σv²/F / n*, as R's `arima`). */
  readonly sigma2: number;
  /** R forecast's `auto.arima` variance used for intervals: Σ residual² / (n* − npar + 1). */
  readonly sigma2Forecast: number;
  readonly loglik: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  /** Number of estimated parameters incl. σ² (R's npar). */
  readonly npar: number;
  /** Observations after differencing. */
  readonly nUsed: number;
  readonly method: ArimaMethod;
  /** Smallest modulus of the AR and MA roots (≥ 1.01 for an admissible model). */
  readonly minRoot: number;
  /** One-step innovations of the differenced series (length nUsed). */
  readonly innovations: number[];
  /** ML fits: predicted Harvey state a_{n+1|n} of the demeaned differenced series; CSS fits: null. */
  readonly state: number[] | null;
}

const LOG_2PI = Math.log(2 * Math.PI);

interface Layout {
  readonly p: number;
  readonly q: number;
  readonly P: number;
  readonly Q: number;
  readonly constant: boolean;
}

function split(par: readonly number[], l: Layout, transform: boolean) {
  let i = 0;
  const take = (k: number): number[] => {
    const v = par.slice(i, i + k);
    i += k;
    return v;
  };
  let phi = take(l.p);
  const theta = take(l.q);
  let sPhi = take(l.P);
  const sTheta = take(l.Q);
  const mean = l.constant ? par[i]! : 0;
  if (transform) {
    phi = arFromUnconstrained(phi);
    sPhi = arFromUnconstrained(sPhi);
  }
  return { phi, theta, sPhi, sTheta, mean };
}

function isStationary(ar: readonly number[]): boolean {
  if (ar.length === 0) return true;
  return minRootModulus([1, ...ar.map((a) => -a)]) > 1;
}

/** Smallest root modulus of φ(B)Φ(B^m) and θ(B)Θ(B^m), through their factors (|z|^{1/m} for seasonal ones). */
function minimumRoot(phi: number[], theta: number[], sPhi: number[], sTheta: number[], m: number): number {
  let min = 2;
  if (phi.length) min = Math.min(min, minRootModulus([1, ...phi.map((a) => -a)]));
  if (sPhi.length) min = Math.min(min, minRootModulus([1, ...sPhi.map((a) => -a)]) ** (1 / m));
  if (theta.length) min = Math.min(min, minRootModulus([1, ...theta]));
  if (sTheta.length) min = Math.min(min, minRootModulus([1, ...sTheta]) ** (1 / m));
  return min;
}

/** Differences `y` by (1−B)^d (1−B^m)^D. */
export function differenceSeries(y: readonly number[], order: ArimaOrder): number[] {
  return difference(difference(y, 1, order.d), order.m, order.D);
}

/**
 * Fits an ARIMA(p,d,q)(P,D,Q)_m with or without a constant, as R's `arima`: the series is differenced,
 * the ARMA part is estimated by conditional sum of squares ("CSS"), by exact maximum likelihood through the
 * Kalman filter ("ML", Gardner, Harvey & Phillips 1980) or by CSS for starting values then ML ("CSS-ML").
 * With ML the AR factors are kept stationary by Jones' (1980) reparametrisation, as R does.
 *
 * `cssOffset` is R forecast's AIC offset for CSS fits (see {@link cssNullOffset}); when omitted the
 * CSS information criteria use the CSS log-likelihood directly.
 *
 * Returns null when no finite likelihood could be found.
 */
export function fitArima(
  y: readonly number[],
  order: ArimaOrder,
  includeConstant: boolean,
  method: ArimaMethod = 'CSS-ML',
  cssOffset?: number,
): ArimaFit | null {
  return estimate(y, order, includeConstant, method, cssOffset, null);
}

/**
 * Exact Gaussian likelihood (Kalman filter) of a model at the coefficients of another fit (typically CSS
 * estimates), without re-estimating: gives an exact log-likelihood and AICc comparable with ML fits, and an
 * exact filtered state for forecasting. Null when the AR part of those coefficients is not stationary.
 */
export function exactAt(y: readonly number[], fit: ArimaFit): ArimaFit | null {
  if (!isStationary(fit.phi) || !isStationary(fit.seasonalPhi)) return null;
  const at = estimate(y, fit.order, fit.includeConstant, 'ML', undefined, fit);
  return at ? { ...at, method: fit.method } : null;
}

function estimate(
  y: readonly number[],
  order: ArimaOrder,
  includeConstant: boolean,
  method: ArimaMethod,
  cssOffset: number | undefined,
  fixed: ArimaFit | null,
): ArimaFit | null {
  const w = differenceSeries(y, order);
  const nUsed = w.length;
  const layout: Layout = { p: order.p, q: order.q, P: order.P, Q: order.Q, constant: includeConstant };
  const nCoef = order.p + order.q + order.P + order.Q + (includeConstant ? 1 : 0);
  const npar = nCoef + 1;
  const ncond = order.p + order.P * order.m;
  if (nUsed <= ncond || nUsed < 1) return null;
  // Work on a centred, unit-scale copy so that one optimiser step size suits every series.
  let mean0 = 0;
  if (includeConstant) {
    for (const v of w) mean0 += v;
    mean0 /= nUsed;
  }
  let scale = 0;
  for (const v of w) scale += (v - mean0) ** 2;
  scale = Math.sqrt(scale / nUsed);
  if (!(scale > 0) || !Number.isFinite(scale)) scale = Math.max(1e-8, Math.abs(mean0));
  const ws = new Float64Array(nUsed);
  for (let t = 0; t < nUsed; t++) ws[t] = (w[t]! - mean0) / scale;
  const x = new Float64Array(nUsed);
  const demean = (mu: number): Float64Array => {
    for (let t = 0; t < nUsed; t++) x[t] = ws[t]! - mu;
    return x;
  };

  const struct = armaStructure(order.p, order.q, order.P, order.Q, order.m);
  const e = new Float64Array(nUsed);
  const cssObjective = (par: number[]): number => {
    const s = split(par, layout, false);
    struct.fill(s.phi, s.theta, s.sPhi, s.sTheta);
    const r = cssSumOfSquares(demean(s.mean), struct, e);
    if (r.nu <= 0) return Infinity;
    const v = 0.5 * Math.log(r.ssq / r.nu);
    return Number.isFinite(v) ? v : Infinity;
  };
  const lambda = new Float64Array(nUsed);
  const gPhi = new Float64Array(struct.phi.length);
  const gTheta = new Float64Array(struct.theta.length);
  const cssGradientOf = (par: number[]): number[] => {
    const s = split(par, layout, false);
    struct.fill(s.phi, s.theta, s.sPhi, s.sTheta);
    const xs = demean(s.mean);
    const r = cssSumOfSquares(xs, struct, e);
    const gMu = cssGradient(xs, struct, e, lambda, gPhi, gTheta);
    const ar = factorGradient(gPhi, s.phi, s.sPhi, order.m, -1);
    const ma = factorGradient(gTheta, s.theta, s.sTheta, order.m, 1);
    const k = 0.5 / r.ssq;
    return [...ar.nonSeasonal, ...ma.nonSeasonal, ...ar.seasonal, ...ma.seasonal, ...(includeConstant ? [gMu] : [])].map(
      (v) => v * k,
    );
  };
  const mlObjective = (par: number[]): number => {
    const s = split(par, layout, true);
    struct.fill(s.phi, s.theta, s.sPhi, s.sTheta);
    const k = armaKalman(demean(s.mean), struct.phi, struct.theta);
    if (!k || k.nu === 0 || !(k.ssq > 0)) return Infinity;
    return 0.5 * (Math.log(k.ssq / k.nu) + k.sumLog / k.nu);
  };

  let par = new Array<number>(nCoef).fill(0);
  let useMethod = method;
  if (fixed) {
    par = [
      ...arToUnconstrained(fixed.phi),
      ...fixed.theta,
      ...arToUnconstrained(fixed.seasonalPhi),
      ...fixed.seasonalTheta,
      ...(includeConstant ? [(fixed.constant - mean0) / scale] : []),
    ];
  } else if (method !== 'ML') {
    const css = minimiseBfgs(cssObjective, par, {}, cssGradientOf);
    if (!Number.isFinite(css.value) || css.value === Number.MAX_VALUE) return null;
    par = css.x;
    if (method === 'CSS-ML') {
      const s = split(par, layout, false);
      // R stops on a non-stationary CSS start; starting ML from zero instead keeps the candidate alive.
      const phiOk = isStationary(s.phi);
      const sPhiOk = isStationary(s.sPhi);
      par = [
        ...(phiOk ? arToUnconstrained(s.phi) : new Array<number>(order.p).fill(0)),
        ...s.theta,
        ...(sPhiOk ? arToUnconstrained(s.sPhi) : new Array<number>(order.P).fill(0)),
        ...s.sTheta,
        ...(includeConstant ? [s.mean] : []),
      ];
      useMethod = 'ML';
    }
  }
  if (useMethod === 'ML' && !fixed) {
    const ml = minimiseBfgs(mlObjective, par);
    if (!Number.isFinite(ml.value) || ml.value === Number.MAX_VALUE) return null;
    par = ml.x;
  }

  const isMl = useMethod === 'ML';
  const s = split(par, layout, isMl);
  struct.fill(s.phi, s.theta, s.sPhi, s.sTheta);
  const xs = demean(s.mean);
  let sigma2: number;
  let loglik: number;
  let innovations: number[];
  let rssStd: number;
  let state: number[] | null = null;
  if (isMl) {
    const kal = armaKalman(xs, struct.phi, struct.theta, true);
    if (!kal || !kal.innovations || !kal.state) return null;
    sigma2 = (kal.ssq / kal.nu) * scale * scale;
    loglik = -0.5 * (kal.nu * (LOG_2PI + Math.log(sigma2)) + kal.sumLog + kal.nu);
    innovations = kal.innovations.map((v) => v * scale);
    rssStd = kal.ssq * scale * scale;
    state = kal.state.map((v) => v * scale);
  } else {
    const css = cssSumOfSquares(xs, struct, e);
    sigma2 = (css.ssq / css.nu) * scale * scale;
    loglik = -0.5 * nUsed * (LOG_2PI + Math.log(sigma2) + 1);
    innovations = Array.from(e, (v) => v * scale);
    rssStd = css.ssq * scale * scale;
  }
  if (!Number.isFinite(loglik)) return null;
  const aic =
    !isMl && cssOffset !== undefined ? cssOffset + nUsed * Math.log(sigma2) + 2 * npar : -2 * loglik + 2 * npar;
  const denom = nUsed - npar - 1;
  const aicc = denom > 0 ? aic + (2 * npar * (npar + 1)) / denom : Infinity;
  const bic = aic + npar * (Math.log(nUsed) - 2);
  const dofForecast = nUsed - npar + 1;
  const sigma2Forecast = dofForecast > 0 ? rssStd / dofForecast : sigma2;
  const phiOut = s.phi;
  const sPhiOut = s.sPhi;
  const minRoot = minimumRoot(phiOut, s.theta, sPhiOut, s.sTheta, order.m);
  return {
    order,
    includeConstant,
    phi: phiOut,
    theta: s.theta,
    seasonalPhi: sPhiOut,
    seasonalTheta: s.sTheta,
    constant: includeConstant ? mean0 + scale * s.mean : 0,
    sigma2,
    sigma2Forecast,
    loglik,
    aic,
    aicc,
    bic,
    npar,
    nUsed,
    method: useMethod,
    minRoot,
    innovations,
    state,
  };
}

/**
 * R forecast's offset that puts CSS fits on the AIC scale of the exact likelihood (Hyndman & Khandakar 2008,
 * `auto.arima(approximation = TRUE)`): −2 log L of the CSS ARIMA(0,d,0)(0,D,0) minus n log σ², with n the
 * length of the undifferenced series.
 */
export function cssNullOffset(y: readonly number[], order: ArimaOrder): number {
  const null0 = fitArima(y, { ...order, p: 0, q: 0, P: 0, Q: 0 }, false, 'CSS');
  if (!null0 || !(null0.sigma2 > 0)) return 0;
  return -2 * null0.loglik - y.length * Math.log(null0.sigma2);
}
