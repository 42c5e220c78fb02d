import { linearTrend } from '../../math/stats.ts';

/**
 * The state-space Theta models of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler (2016),
 * "Models for optimising the theta method and their relationship to state space models", IJF 32(4):
 *   μ_t = ℓ_{t−1} + (1 − 1/θ)[(1−α)^{t−1} A_{t−1} + ((1 − (1−α)^t)/α) B_{t−1}],  ℓ_t = α y_t + (1−α) ℓ_{t−1},
 * with A, B the intercept and slope of the least-squares line on y_1..y_n (static models) or on
 * y_1..y_t, updated recursively (dynamic models). θ = 2 is the standard Theta method of
 * Assimakopoulos & Nikolopoulos (2000), which Hyndman & Billah (2003) showed is SES with drift.
 */
export interface ThetaParams {
  readonly alpha: number;
  readonly theta: number;
  readonly level0: number;
}

export interface ThetaRun {
  readonly mse: number;
  readonly fitted: number[] | undefined;
  readonly level: number;
  readonly a: number;
  readonly b: number;
  readonly n: number;
}

export function thetaRun(y: readonly number[], p: ThetaParams, dynamic: boolean, keepFitted = false): ThetaRun {
  const n = y.length;
  const { alpha, theta } = p;
  const w = 1 - 1 / theta;
  const fitted = keepFitted ? new Array<number>(n) : undefined;
  let a: number;
  let b: number;
  let meany = y[0]!;
  if (dynamic) {
    a = y[0]!;
    b = 0;
  } else {
    const lt = linearTrend(y);
    a = lt.intercept;
    b = lt.slope;
  }
  let level = p.level0;
  let sse = 0;
  let count = 0;
  let decay = 1; // (1−α)^{t−1}
  for (let t = 1; t <= n; t++) {
    const yt = y[t - 1]!;
    let mu: number;
    if (dynamic && t === 1) {
      mu = yt;
    } else {
      mu = level + w * (decay * a + ((1 - decay * (1 - alpha)) / alpha) * b);
      const e = yt - mu;
      sse += e * e;
      count++;
    }
    if (fitted) fitted[t - 1] = mu;
    level = alpha * yt + (1 - alpha) * level;
    if (dynamic && t > 1) {
      const prevMean = meany;
      meany = ((t - 1) * meany + yt) / t;
      b = ((t - 2) * b + (6 * (yt - prevMean)) / t) / (t + 1);
      a = meany - ((t + 1) / 2) * b;
    }
    decay *= 1 - alpha;
  }
  return { mse: count > 0 ? sse / count : 0, fitted, level, a, b, n };
}

/** ŷ_{n+h} = ℓ_n + (1 − 1/θ){(1−α)^n A_n + [(h − 1) + (1 − (1−α)^{n+1})/α] B_n}. */
export function thetaPoint(run: ThetaRun, p: ThetaParams, h: number): number[] {
  const w = 1 - 1 / p.theta;
  const dn = Math.pow(1 - p.alpha, run.n);
  return Array.from({ length: h }, (_, i) => run.level + w * (dn * run.a + (i + (1 - dn * (1 - p.alpha)) / p.alpha) * run.b));
}
