import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { createRng } from '../math/prng.ts';
import { autoArima } from './arima.ts';
import { armaKalman, armaKalmanRiccati, expandSeasonal } from './arima/arma-kernels.ts';
import { autoArimaSearch } from './arima/auto-arima-search.ts';
import { kpssDiffs, seasonalDiffs, seasonalStrength } from './arima/differencing-tests.ts';
import { differenceSeries, exactAt, fitArima, type ArimaOrder } from './arima/fit-arima.ts';
import { forecastArima, toForecastState } from './arima/forecast-arima.ts';
import { minRootModulus } from './arima/polynomial-roots.ts';
import { stl } from './arima/stl.ts';

runModelContract(autoArima);

/** R's `lh` data set (luteinizing hormone in blood samples, Diggle 1990), 48 values. */
const lh = [
  2.4, 2.4, 2.4, 2.2, 2.1, 1.5, 2.3, 2.3, 2.5, 2.0, 1.9, 1.7, 2.2, 1.8, 3.2, 3.2, 2.7, 2.2, 2.2, 1.9, 1.9, 1.8, 2.7, 3.0,
  2.3, 2.0, 2.0, 2.9, 2.9, 2.7, 2.7, 2.3, 2.6, 2.4, 1.8, 1.7, 1.5, 1.4, 2.1, 3.3, 3.5, 3.5, 3.1, 2.6, 2.1, 3.4, 3.0, 2.9,
];
const order = (p: number, d: number, q: number, P = 0, D = 0, Q = 0, m = 1): ArimaOrder => ({ p, d, q, P, D, Q, m });

/** Simulates a SARIMA by its difference equation after a burn-in. */
function simulate(
  n: number,
  phi: number[],
  theta: number[],
  sPhi: number[],
  sTheta: number[],
  m: number,
  d: number,
  D: number,
  seed: number,
): number[] {
  const rng = createRng(seed);
  const full = expandSeasonal(phi, theta, sPhi, sTheta, m);
  const burn = 200;
  const e: number[] = [];
  const w: number[] = [];
  for (let t = 0; t < n + burn; t++) {
    e.push(rng.normal());
    let v = e[t]!;
    full.phi.forEach((c, k) => (v += t - k - 1 >= 0 ? c * w[t - k - 1]! : 0));
    full.theta.forEach((c, k) => (v += t - k - 1 >= 0 ? c * e[t - k - 1]! : 0));
    w.push(v);
  }
  let y = w.slice(burn);
  for (let k = 0; k < D; k++) {
    const out: number[] = [];
    y.forEach((v, t) => out.push(v + (t >= m ? out[t - m]! : 0)));
    y = out;
  }
  for (let k = 0; k < d; k++) {
    const out: number[] = [];
    y.forEach((v, t) => out.push(v + (t >= 1 ? out[t - 1]! : 0)));
    y = out;
  }
  return y;
}

describe('ARIMA estimation against R (stats::arima on lh)', () => {
  it('when lh is fitted as AR(1) with mean, then ar1, intercept, sigma², log-likelihood and AIC match R', () => {
    // R: arima(lh, order = c(1,0,0)) → ar1 0.5739, intercept 2.4133, sigma^2 0.1975, loglik −29.38, aic 64.76
    const f = fitArima(lh, order(1, 0, 0), true, 'CSS-ML')!;
    expect(f.phi[0]!).toBeCloseTo(0.5739, 3);
    expect(f.constant).toBeCloseTo(2.4133, 3);
    expect(f.sigma2).toBeCloseTo(0.1975, 3);
    expect(f.loglik).toBeCloseTo(-29.38, 2);
    expect(f.aic).toBeCloseTo(64.76, 2);
  });

  it('when lh is fitted as AR(3), then coefficients and the 12-step predictions with standard errors match R', () => {
    // R: arima(lh, order = c(3,0,0)): 0.6448 −0.0634 −0.2198, intercept 2.3931, sigma^2 0.1787, aic 64.18;
    // predict(…, n.ahead = 12) (the ?predict.Arima example).
    const f = fitArima(lh, order(3, 0, 0), true, 'CSS-ML')!;
    [0.6448, -0.0634, -0.2198].forEach((v, i) => expect(f.phi[i]!).toBeCloseTo(v, 3));
    expect(f.constant).toBeCloseTo(2.3931, 3);
    expect(f.sigma2).toBeCloseTo(0.1787, 3);
    expect(f.aic).toBeCloseTo(64.18, 2);
    const state = { ...toForecastState(f, lh, differenceSeries(lh, f.order)), sigma2: f.sigma2 };
    const fc = forecastArima(state, 12, [95]);
    const rPred = [2.460173, 2.270829, 2.198597, 2.260696, 2.346933, 2.414479, 2.438918, 2.43144, 2.410223, 2.391645, 2.382653, 2.382697];
    const rSe = [0.4226823, 0.5029332, 0.5245256, 0.5247161, 0.5305499, 0.5369159, 0.5388045, 0.5388448, 0.5391043, 0.5395174, 0.5396991, 0.539714];
    const z = 1.959963984540054;
    rPred.forEach((v, i) => expect(fc.mean[i]!).toBeCloseTo(v, 4));
    rSe.forEach((v, i) => expect((fc.intervals[0]!.upper[i]! - fc.mean[i]!) / z).toBeCloseTo(v, 5));
  });

  it('when lh is fitted as ARMA(1,1), then the coefficients match R', () => {
    // R: arima(lh, order = c(1,0,1)) → ar1 0.4522, ma1 0.1982, intercept 2.4101, sigma^2 0.1923, aic 65.52
    const f = fitArima(lh, order(1, 0, 1), true, 'CSS-ML')!;
    expect(f.phi[0]!).toBeCloseTo(0.4522, 3);
    expect(f.theta[0]!).toBeCloseTo(0.1982, 3);
    expect(f.constant).toBeCloseTo(2.4101, 3);
    expect(f.sigma2).toBeCloseTo(0.1923, 3);
    expect(f.aic).toBeCloseTo(65.52, 2);
  });

  it('when the exact likelihood is evaluated at fixed coefficients, then at the ML estimates it equals the ML log-likelihood', () => {
    const ml = fitArima(lh, order(1, 0, 1), true, 'CSS-ML')!;
    const at = exactAt(lh, ml)!;
    expect(at.loglik).toBeCloseTo(ml.loglik, 6);
    const css = fitArima(lh, order(1, 0, 1), true, 'CSS')!;
    const cssExact = exactAt(lh, css)!;
    expect(cssExact.loglik).toBeLessThan(ml.loglik + 1e-9);
    expect(cssExact.phi[0]!).toBeCloseTo(css.phi[0]!, 6);
  });

  it('when a short series is fitted as zero-mean AR(1) by ML, then φ maximises the hand-derived exact profile likelihood', () => {
    const y = [1.2, -0.4, 0.9, 1.7, 0.3, -1.1, -0.6, 0.8, 1.4, 0.2];
    const n = y.length;
    // ℓ(φ) = −n/2 log(S(φ)/n) + ½ log(1 − φ²), S(φ) = (1 − φ²) y₁² + Σ (y_t − φ y_{t−1})²
    const profile = (phi: number): number => {
      let s = (1 - phi * phi) * y[0]! ** 2;
      for (let t = 1; t < n; t++) s += (y[t]! - phi * y[t - 1]!) ** 2;
      return -(n / 2) * Math.log(s / n) + 0.5 * Math.log(1 - phi * phi);
    };
    let best = 0;
    for (let phi = -0.999; phi < 0.999; phi += 1e-5) if (profile(phi) > profile(best)) best = phi;
    const f = fitArima(y, order(1, 0, 0), false, 'ML')!;
    expect(f.phi[0]!).toBeCloseTo(best, 3);
    let s = (1 - best * best) * y[0]! ** 2;
    for (let t = 1; t < n; t++) s += (y[t]! - best * y[t - 1]!) ** 2;
    expect(f.sigma2).toBeCloseTo(s / n, 4);
  });
});

describe('ARIMA kernels', () => {
  it('when the Chandrasekhar filter runs on random seasonal ARMAs, then it reproduces the full Riccati Kalman filter', () => {
    const rng = createRng(7);
    const y = Array.from({ length: 150 }, () => rng.normal());
    const cases: Array<[number[], number[], number[], number[]]> = [
      [[0.5, -0.2], [0.3], [0.4], [-0.6]],
      [[], [0.4], [], [-0.9]],
      [[0.9], [-0.5, 0.2], [], [0.3]],
      [[], [], [0.7, 0.2], []],
    ];
    for (const [a, b, c, d] of cases) {
      const full = expandSeasonal(a, b, c, d, 12);
      const fast = armaKalman(y, full.phi, full.theta, true)!;
      const ref = armaKalmanRiccati(y, full.phi, full.theta, true)!;
      expect(fast.ssq).toBeCloseTo(ref.ssq, 8);
      expect(fast.sumLog).toBeCloseTo(ref.sumLog, 8);
      fast.state!.forEach((v, i) => expect(v).toBeCloseTo(ref.state![i]!, 8));
    }
  });

  it('when a polynomial has known roots, then the smallest modulus is found', () => {
    // (1 − 0.5z)(1 − 0.25z) = 1 − 0.75z + 0.125z²: roots 2 and 4
    expect(minRootModulus([1, -0.75, 0.125])).toBeCloseTo(2, 10);
    // 1 + z² has roots ±i
    expect(minRootModulus([1, 0, 1])).toBeCloseTo(1, 10);
    // (1 − 0.9z)(1 + 0.5z)(1 − 0.2z)
    expect(minRootModulus([1, -0.6, -0.37, 0.09])).toBeCloseTo(1 / 0.9, 8);
  });

  it('when forecasting a random walk with drift, then the mean grows by the drift and the variance by σ² per step', () => {
    const f = fitArima([1, 3, 4, 7, 8, 11, 12, 15, 16, 18], order(0, 1, 0), true, 'CSS-ML')!;
    const y = [1, 3, 4, 7, 8, 11, 12, 15, 16, 18];
    expect(f.constant).toBeCloseTo(17 / 9, 6);
    const fc = forecastArima(toForecastState(f, y, differenceSeries(y, f.order)), 3, [95]);
    fc.mean.forEach((v, i) => expect(v).toBeCloseTo(18 + (i + 1) * (17 / 9), 6));
    const sd = (i: number): number => (fc.intervals[0]!.upper[i]! - fc.mean[i]!) / 1.959963984540054;
    expect(sd(2) ** 2 / sd(0) ** 2).toBeCloseTo(3, 8);
  });
});

describe('unit-root and seasonality tests', () => {
  it('when STL decomposes a linear trend plus a fixed zero-mean season, then its fixed point is exactly that', () => {
    const season = [3, -1, 4, -1, -5, 9, -2, -6, 5, -3, 5, -8];
    const flat = stl(
      Array.from({ length: 60 }, (_, t) => 10 + season[t % 12]!),
      12,
    );
    flat.seasonal.forEach((v, t) => expect(v).toBeCloseTo(season[t % 12]!, 9));
    // With a trend the two default inner passes are still approximate; iterating reaches the exact split.
    const y = Array.from({ length: 60 }, (_, t) => 10 + 0.5 * t + season[t % 12]!);
    const d = stl(y, 12, 11, 20);
    d.seasonal.forEach((v, t) => expect(v).toBeCloseTo(season[t % 12]!, 6));
    d.trend.forEach((v, t) => expect(v).toBeCloseTo(10 + 0.5 * t, 6));
    expect(seasonalStrength(y, 12)).toBeGreaterThan(0.99);
  });

  it('when the series is a random walk, then KPSS asks for one difference; white noise needs none', () => {
    const rng = createRng(3);
    const e = Array.from({ length: 200 }, () => rng.normal());
    let s = 0;
    const walk = e.map((v) => (s += v));
    expect(kpssDiffs(walk)).toBe(1);
    expect(kpssDiffs(e)).toBe(0);
  });

  it('when a monthly series has a strong stable season, then D = 1; pure noise gives D = 0', () => {
    const rng = createRng(5);
    const seasonal = Array.from({ length: 96 }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 12) + rng.normal());
    expect(seasonalStrength(seasonal, 12)).toBeGreaterThan(0.9);
    expect(seasonalDiffs(seasonal, 12)).toBe(1);
    const noise = Array.from({ length: 96 }, () => rng.normal());
    expect(seasonalStrength(noise, 12)).toBeLessThan(0.64);
    expect(seasonalDiffs(noise, 12)).toBe(0);
  });
});

describe('automatic ARIMA', () => {
  it('when a SARIMA(0,1,1)(0,1,1)12 is simulated, then exact ML on that order recovers θ and Θ', () => {
    const y = simulate(360, [], [-0.4], [], [-0.6], 12, 1, 1, 21);
    const f = fitArima(y, order(0, 1, 1, 0, 1, 1, 12), false, 'CSS-ML')!;
    expect(f.theta[0]!).toBeCloseTo(-0.4, 1);
    expect(f.seasonalTheta[0]!).toBeCloseTo(-0.6, 1);
    expect(f.sigma2).toBeGreaterThan(0.8);
    expect(f.sigma2).toBeLessThan(1.2);
  });

  it('when a seasonal AR(1)(1)12 with mean is simulated, then the exact search recovers the order and parameters', () => {
    const y = simulate(240, [0.6], [], [0.5], [], 12, 0, 0, 10).map((v) => v + 50);
    const { fit } = autoArimaSearch(y, 12, { approximation: false });
    expect(fit.order).toEqual(order(1, 0, 0, 1, 0, 0, 12));
    expect(fit.includeConstant).toBe(true);
    expect(Math.abs(fit.phi[0]! - 0.6)).toBeLessThan(0.1);
    expect(Math.abs(fit.seasonalPhi[0]! - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(fit.constant - 50)).toBeLessThan(1);
  });

  it('when the airline-type series is searched, then it differences seasonally and forecasts the season ahead', () => {
    const y = simulate(144, [], [-0.4], [], [-0.6], 12, 1, 1, 4).map((v, t) => v + 5 * Math.sin((2 * Math.PI * t) / 12) + 100);
    const fitted = autoArima.fit({ values: y, period: 12 });
    expect(fitted.state.selected.order.D).toBe(1);
    const fc = autoArima.forecast(fitted, { h: 24, levels: [80, 95] });
    // 12 steps apart the seasonal pattern repeats, so forecasts one year apart differ by a trend step only.
    const diffs = fc.mean.slice(12).map((v, i) => v - fc.mean[i]!);
    const spread = Math.max(...diffs) - Math.min(...diffs);
    expect(spread).toBeLessThan(2);
    // Intervals widen with the horizon.
    expect(fc.intervals[1]!.upper[23]! - fc.intervals[1]!.lower[23]!).toBeGreaterThan(fc.intervals[1]!.upper[0]! - fc.intervals[1]!.lower[0]!);
  });

  it('when the CSS search is used (default), then the selected model is re-estimated by exact ML like the exact search', () => {
    const y = simulate(240, [0.6], [], [0.5], [], 12, 0, 0, 10).map((v) => v + 50);
    const fitted = autoArima.fit({ values: y, period: 12 });
    expect(fitted.state.selected.method).toBe('ML');
    expect(fitted.state.selected.order).toEqual(order(1, 0, 0, 1, 0, 0, 12));
    const exact = fitArima(y, order(1, 0, 0, 1, 0, 0, 12), true, 'CSS-ML')!;
    expect(fitted.state.phi[0]!).toBeCloseTo(exact.phi[0]!, 6);
    expect(fitted.state.selected.aicc!).toBeCloseTo(exact.aicc, 6);
  });

  it('when the series is a straight line, then the exact model ARIMA(0,1,0) with drift continues it with zero-width intervals', () => {
    const y = Array.from({ length: 30 }, (_, t) => 5 + 2 * t);
    const fitted = autoArima.fit({ values: y, period: 12 });
    const fc = autoArima.forecast(fitted, { h: 3, levels: [95] });
    fc.mean.forEach((v, i) => expect(v).toBeCloseTo(5 + 2 * (30 + i), 8));
    expect(fc.intervals[0]!.upper[2]).toBeCloseTo(fc.mean[2]!, 8);
  });
});

describe('arima refit of the selected order (backtests)', () => {
  it('when refitted with refitOptions on a shorter history, then the selected order is re-estimated without a search', () => {
    const rng = createRng(4);
    const y = [0, 0];
    for (let t = 2; t < 120; t++) y.push(0.6 * y[t - 1]! - 0.3 * y[t - 2]! + rng.normal());
    const full = autoArima.fit({ values: y, period: 1 });
    const options = autoArima.refitOptions!(full);
    expect(options).toMatchObject({ arimaOrder: full.state.selected.order, arimaConstant: full.state.selected.includeConstant, arimaMethod: 'CSS' });
    const refit = autoArima.fit({ values: y.slice(0, 90), period: 1 }, options);
    expect(refit.state.selected.order).toEqual(full.state.selected.order);
    expect(refit.state.selected.modelsTried).toBe(1);
    expect(refit.state.selected.method).toBe('CSS');
    const fc = autoArima.forecast(refit, { h: 5, levels: [95] });
    expect(fc.mean.every(Number.isFinite)).toBe(true);
  });
});
