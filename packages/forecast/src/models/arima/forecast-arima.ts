import { zForLevel } from '../../math/normal-quantile.ts';
import type { Forecast } from '../../model.ts';
import { expandSeasonal, psiWeights } from './arma-kernels.ts';
import type { ArimaFit, ArimaOrder } from './fit-arima.ts';

/** Everything needed to forecast an ARIMA fit later (plain JSON). */
export interface ArimaForecastState {
  readonly order: ArimaOrder;
  readonly includeConstant: boolean;
  readonly phi: number[];
  readonly theta: number[];
  readonly seasonalPhi: number[];
  readonly seasonalTheta: number[];
  readonly constant: number;
  /** Innovation variance used for the intervals. */
  readonly sigma2: number;
  /** ML: predicted Harvey state a_{n+1|n} of the demeaned differenced series; CSS: null (the recursion uses the tails). */
  readonly filteredState: number[] | null;
  /** Last values of the demeaned differenced series (as many as the expanded AR order). */
  readonly tailX: number[];
  /** Last innovations (as many as the expanded MA order). */
  readonly tailE: number[];
  /** Last d + D·m values of the original series, for undifferencing. */
  readonly tailY: number[];
}

/** Coefficients of (1−B)^d (1−B^m)^D, ascending, c₀ = 1. */
export function differencingPolynomial(d: number, D: number, m: number): number[] {
  let poly = [1];
  const mul = (other: number[]): void => {
    const out = new Array<number>(poly.length + other.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++) for (let j = 0; j < other.length; j++) out[i + j]! += poly[i]! * other[j]!;
    poly = out;
  };
  for (let k = 0; k < d; k++) mul([1, -1]);
  const seasonal = new Array<number>(m + 1).fill(0);
  seasonal[0] = 1;
  seasonal[m] = -1;
  for (let k = 0; k < D; k++) mul(seasonal);
  return poly;
}

/** Packs a fit and the tail of its series into a forecast state. */
export function toForecastState(fit: ArimaFit, y: readonly number[], differenced: readonly number[]): ArimaForecastState {
  const full = expandSeasonal(fit.phi, fit.theta, fit.seasonalPhi, fit.seasonalTheta, fit.order.m);
  const nDiff = fit.order.d + fit.order.D * fit.order.m;
  const x = differenced.map((v) => v - fit.constant);
  return {
    order: fit.order,
    includeConstant: fit.includeConstant,
    phi: fit.phi,
    theta: fit.theta,
    seasonalPhi: fit.seasonalPhi,
    seasonalTheta: fit.seasonalTheta,
    constant: fit.constant,
    sigma2: fit.sigma2Forecast,
    filteredState: fit.state,
    tailX: x.slice(Math.max(0, x.length - full.phi.length)),
    tailE: fit.innovations.slice(Math.max(0, fit.innovations.length - full.theta.length)),
    tailY: y.slice(y.length - nDiff),
  };
}

/**
 * Point forecasts and analytic prediction intervals of an ARIMA: the differenced series is forecast from the
 * predicted state of the Kalman filter (ML) or the ARMA recursion (CSS), then integrated back; the forecast variance is
 * σ² Σ_{j<h} ψ_j² with ψ the weights of the integrated model φ(B)Φ(B^m)(1−B)^d(1−B^m)^D
 * (Box, Jenkins & Reinsel 2008, §5.2).
 */
export function forecastArima(s: ArimaForecastState, h: number, levels: readonly number[]): Forecast {
  const { m } = s.order;
  const full = expandSeasonal(s.phi, s.theta, s.seasonalPhi, s.seasonalTheta, m);
  const p = full.phi.length;
  const q = full.theta.length;
  const xHat: number[] = [];
  if (s.filteredState) {
    const r = s.filteredState.length;
    let a = s.filteredState.slice();
    for (let k = 0; k < h; k++) {
      xHat.push(a[0]!);
      const a0 = a[0]!;
      const next = new Array<number>(r);
      for (let i = 0; i < r; i++) next[i] = (i < r - 1 ? a[i + 1]! : 0) + (i < p ? full.phi[i]! * a0 : 0);
      a = next;
    }
  } else {
    const xs = s.tailX.slice();
    const es = s.tailE.slice();
    for (let k = 0; k < h; k++) {
      let v = 0;
      for (let i = 0; i < p; i++) {
        const idx = xs.length - 1 - i;
        if (idx >= 0) v += full.phi[i]! * xs[idx]!;
      }
      for (let i = 0; i < q; i++) {
        const idx = es.length - 1 - i;
        if (idx >= 0) v += full.theta[i]! * es[idx]!;
      }
      xs.push(v);
      es.push(0);
      xHat.push(v);
    }
  }
  const delta = differencingPolynomial(s.order.d, s.order.D, m);
  const ys = s.tailY.slice();
  const mean: number[] = [];
  for (let k = 0; k < h; k++) {
    let v = xHat[k]! + s.constant;
    for (let j = 1; j < delta.length; j++) v -= delta[j]! * ys[ys.length - j]!;
    ys.push(v);
    mean.push(v);
  }
  // AR side of the integrated model: (1 − Σ φ_k B^k) δ(B) = 1 − Σ a_k B^k.
  const arPoly = [1, ...full.phi.map((v) => -v)];
  const prod = new Array<number>(arPoly.length + delta.length - 1).fill(0);
  for (let i = 0; i < arPoly.length; i++) for (let j = 0; j < delta.length; j++) prod[i + j]! += arPoly[i]! * delta[j]!;
  const psi = psiWeights(
    prod.slice(1).map((v) => -v),
    full.theta,
    h,
  );
  const sd: number[] = [];
  let cum = 0;
  for (let k = 0; k < h; k++) {
    cum += psi[k]! ** 2;
    sd.push(Math.sqrt(Math.max(0, s.sigma2) * cum));
  }
  const intervals = levels.map((level) => {
    const z = zForLevel(level);
    return {
      level,
      lower: mean.map((v, k) => v - z * sd[k]!),
      upper: mean.map((v, k) => v + z * sd[k]!),
    };
  });
  return { mean, intervals };
}
