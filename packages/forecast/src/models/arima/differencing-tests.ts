import { stl } from './stl.ts';

/** True when all values are equal (R forecast's `is.constant`). */
export function isConstant(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/** Lag-`lag` differences applied `times` times. */
export function difference(x: readonly number[], lag = 1, times = 1): number[] {
  let out = x.slice();
  for (let k = 0; k < times; k++) {
    const next = new Array<number>(Math.max(0, out.length - lag));
    for (let i = lag; i < out.length; i++) next[i - lag] = out[i]! - out[i - lag]!;
    out = next;
  }
  return out;
}

/**
 * KPSS level-stationarity statistic with the Bartlett long-run variance and the "short" lag
 * truncation l = ⌊4 (n/100)^¼⌋ (Kwiatkowski, Phillips, Schmidt & Shin 1992; as urca's `ur.kpss(type = "mu")`).
 */
export function kpssStatistic(x: readonly number[]): number {
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= n;
  const e = x.map((v) => v - mean);
  const lags = Math.trunc(4 * (n / 100) ** 0.25);
  let s2 = 0;
  for (const v of e) s2 += v * v;
  s2 /= n;
  for (let s = 1; s <= lags; s++) {
    let c = 0;
    for (let t = s; t < n; t++) c += e[t]! * e[t - s]!;
    s2 += (2 * (1 - s / (lags + 1)) * c) / n;
  }
  let cum = 0;
  let sumSq = 0;
  for (const v of e) {
    cum += v;
    sumSq += cum * cum;
  }
  return s2 > 0 ? sumSq / (n * n * s2) : 0;
}

/** 5 % critical value of the KPSS level test (Kwiatkowski et al. 1992, Table 1). */
export const KPSS_CRITICAL_5 = 0.463;

/**
 * Number of first differences d ≤ maxD that make `x` level-stationary by repeated KPSS tests at 5 %
 * (Hyndman & Khandakar 2008, §3.2; R forecast's `ndiffs(test = "kpss")`).
 */
export function kpssDiffs(x: readonly number[], maxD = 2): number {
  if (x.length < 3 || isConstant(x)) return 0;
  let d = 0;
  let cur = x;
  let doDiff = kpssStatistic(cur) > KPSS_CRITICAL_5;
  while (doDiff && d < maxD) {
    d++;
    cur = difference(cur);
    if (isConstant(cur)) return d;
    if (cur.length < 3) return d - 1;
    doDiff = kpssStatistic(cur) > KPSS_CRITICAL_5;
  }
  return d;
}

/**
 * Seasonal strength F_S = max(0, 1 − Var(R)/Var(S + R)) from an STL decomposition
 * (Wang, Smith & Hyndman 2006; Hyndman & Athanasopoulos, *FPP3* §4.3).
 */
export function seasonalStrength(x: readonly number[], period: number): number {
  const { seasonal, remainder } = stl(x, period);
  const variance = (v: readonly number[]): number => {
    let m = 0;
    for (const a of v) m += a;
    m /= v.length;
    let s = 0;
    for (const a of v) s += (a - m) ** 2;
    return s / (v.length - 1);
  };
  const vr = variance(remainder);
  const vsr = variance(seasonal.map((s, i) => s + remainder[i]!));
  if (!(vsr > 0)) return 0;
  return Math.max(0, Math.min(1, 1 - vr / vsr));
}

/**
 * Number of seasonal differences D ∈ {0, 1}: D = 1 when the STL seasonal strength exceeds 0.64
 * (R forecast's `nsdiffs(test = "seas")`, the default of `auto.arima` since forecast 8.0).
 * Needs more than two full periods (as STL does).
 */
export function seasonalDiffs(x: readonly number[], period: number): number {
  if (period < 2 || x.length < 2 * period + 1 || isConstant(x)) return 0;
  return seasonalStrength(x, period) > 0.64 ? 1 : 0;
}
