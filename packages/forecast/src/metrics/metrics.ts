/**
 * Forecast accuracy measures, defined exactly as in the shared benchmark README
 * (M3: Makridakis & Hibon 2000; M4: Makridakis, Spiliotis & Assimakopoulos 2020;
 * MASE: Hyndman & Koehler 2006; MSIS: Gneiting & Raftery 2007 as used in M4).
 * `y` are the actuals over the horizon, `f` the forecasts, `train` the history a model saw.
 */

function checkLengths(y: readonly number[], f: readonly number[]): void {
  if (y.length !== f.length || y.length === 0) {
    throw new RangeError(`metrics: actuals (${y.length}) and forecasts (${f.length}) must have the same non-zero length`);
  }
}

/** Mean absolute error. */
export function mae(y: readonly number[], f: readonly number[]): number {
  checkLengths(y, f);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i]! - f[i]!);
  return s / y.length;
}

/** Root mean squared error. */
export function rmse(y: readonly number[], f: readonly number[]): number {
  checkLengths(y, f);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - f[i]!) ** 2;
  return Math.sqrt(s / y.length);
}

/** MAPE = (100/h) Σ |y − ŷ| / |y| (undefined, returned as NaN, when an actual is 0). */
export function mape(y: readonly number[], f: readonly number[]): number {
  checkLengths(y, f);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 0) return NaN;
    s += Math.abs(y[i]! - f[i]!) / Math.abs(y[i]!);
  }
  return (100 * s) / y.length;
}

/** sMAPE on the 0–200 scale: (200/h) Σ |y − ŷ| / (|y| + |ŷ|); a 0/0 term counts as 0. */
export function smape(y: readonly number[], f: readonly number[]): number {
  checkLengths(y, f);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const d = Math.abs(y[i]!) + Math.abs(f[i]!);
    if (d > 0) s += Math.abs(y[i]! - f[i]!) / d;
  }
  return (200 * s) / y.length;
}

/** In-sample MAE of the seasonal naive forecast with lag m: (1/(n−m)) Σ_{i=m+1..n} |y_i − y_{i−m}|. */
export function maseScale(train: readonly number[], m: number): number {
  const lag = Math.max(1, Math.floor(m));
  if (train.length <= lag) return NaN;
  let s = 0;
  for (let i = lag; i < train.length; i++) s += Math.abs(train[i]! - train[i - lag]!);
  return s / (train.length - lag);
}

/** MASE = mean |y − ŷ| / maseScale(train, m). */
export function mase(y: readonly number[], f: readonly number[], train: readonly number[], m: number): number {
  return mae(y, f) / maseScale(train, m);
}

/** WAPE in percent: 100 Σ |y − ŷ| / Σ |y|. "Forecast accuracy" for users is 100 − WAPE. */
export function wape(y: readonly number[], f: readonly number[]): number {
  checkLengths(y, f);
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    num += Math.abs(y[i]! - f[i]!);
    den += Math.abs(y[i]!);
  }
  return den > 0 ? (100 * num) / den : NaN;
}

/** Mean error ŷ − y (positive = over-forecast). */
export function bias(y: readonly number[], f: readonly number[]): number {
  checkLengths(y, f);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += f[i]! - y[i]!;
  return s / y.length;
}

/** Share of actuals inside [lower, upper] (bounds included). */
export function coverage(y: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  checkLengths(y, lower);
  checkLengths(y, upper);
  let inside = 0;
  for (let i = 0; i < y.length; i++) if (y[i]! >= lower[i]! && y[i]! <= upper[i]!) inside++;
  return inside / y.length;
}

/**
 * MSIS = (1/h) Σ [(U − L) + (2/α)(L − y)·1{y < L} + (2/α)(y − U)·1{y > U}] / scale,
 * with the MASE scale; α = 0.05 for 95 % intervals.
 */
export function msis(
  y: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  train: readonly number[],
  m: number,
  alpha = 0.05,
): number {
  checkLengths(y, lower);
  checkLengths(y, upper);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const l = lower[i]!;
    const u = upper[i]!;
    const v = y[i]!;
    s += u - l;
    if (v < l) s += (2 / alpha) * (l - v);
    if (v > u) s += (2 / alpha) * (v - u);
  }
  return s / y.length / maseScale(train, m);
}

/** OWA (M4): ½ (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2), on group totals. */
export function owa(smapeValue: number, maseValue: number, smapeNaive2: number, maseNaive2: number): number {
  return 0.5 * (smapeValue / smapeNaive2 + maseValue / maseNaive2);
}
