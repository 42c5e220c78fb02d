import type { Fitted, Forecast, ForecastOptions, Model, Series } from '../model.ts';
import { seasonalIndicesM } from '../math/decompose.ts';
import { checkHorizon, checkLevels, normalIntervals } from '../math/intervals.ts';
import { isSeasonal } from '../math/seasonality.ts';
import { validateSeries } from '../math/validate-series.ts';

/**
 * Benchmark methods from Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed., §5.2, §5.5)
 * and the M4 competition guide (Naive2). Intervals use the residual standard deviation of the
 * one-step (or one-season) naive residuals with variance growing as for a random walk.
 */

interface NaiveState {
  /** Last value (naive, naive2 on adjusted data) or last m values (snaive). */
  readonly last: number[];
  readonly sigma: number;
  readonly period: number;
  readonly n: number;
  /** Naive2 multiplicative seasonal indices by position t % m, absent when not seasonal. */
  readonly indices?: number[];
}

function rmsOf(r: readonly number[]): number {
  if (r.length === 0) return 0;
  let s = 0;
  for (const v of r) s += v * v;
  return Math.sqrt(s / r.length);
}

function lagResiduals(y: readonly number[], lag: number): { fitted: number[]; residuals: number[]; inner: number[] } {
  const fitted = y.map((v, t) => (t >= lag ? y[t - lag]! : v));
  const residuals = y.map((v, t) => v - fitted[t]!);
  return { fitted, residuals, inner: residuals.slice(lag) };
}

/** Naive (random walk): ŷ_{n+h} = y_n; sd_h = σ√h. */
export const naive: Model<NaiveState> = {
  name: 'naive',
  minLength: () => 1,
  fit(series: Series): Fitted<NaiveState> {
    const y = validateSeries(series, 1);
    const { fitted, residuals, inner } = lagResiduals(y, 1);
    return { model: 'naive', state: { last: [y[y.length - 1]!], sigma: rmsOf(inner), period: series.period, n: y.length }, fitted, residuals };
  },
  forecast(fitted: Fitted<NaiveState>, options: ForecastOptions): Forecast {
    checkHorizon(options.h);
    const levels = checkLevels(options.levels);
    const { last, sigma } = fitted.state;
    const mean = Array.from({ length: options.h }, () => last[0]!);
    const sd = mean.map((_, i) => sigma * Math.sqrt(i + 1));
    return { mean, intervals: normalIntervals(mean, sd, levels) };
  },
};

/** Seasonal naive: ŷ_{n+h} = y_{n+h−m(k+1)}, k = ⌊(h−1)/m⌋; sd_h = σ√(k+1). Falls back to naive when n < m. */
export const seasonalNaive: Model<NaiveState> = {
  name: 'snaive',
  minLength: () => 1,
  fit(series: Series): Fitted<NaiveState> {
    const y = validateSeries(series, 1);
    const m = y.length >= series.period ? series.period : 1;
    const { fitted, residuals, inner } = lagResiduals(y, m);
    return { model: 'snaive', state: { last: y.slice(y.length - m), sigma: rmsOf(inner), period: m, n: y.length }, fitted, residuals };
  },
  forecast(fitted: Fitted<NaiveState>, options: ForecastOptions): Forecast {
    checkHorizon(options.h);
    const levels = checkLevels(options.levels);
    const { last, sigma, period: m } = fitted.state;
    const mean = Array.from({ length: options.h }, (_, i) => last[i % m]!);
    const sd = mean.map((_, i) => sigma * Math.sqrt(Math.floor(i / m) + 1));
    return { mean, intervals: normalIntervals(mean, sd, levels) };
  },
};

/**
 * Naive2 (M4 competition guide): the naive forecast of the seasonally adjusted series, re-seasonalised.
 * Adjustment by classical multiplicative decomposition, only where the 90 % lag-m autocorrelation test
 * passes and n ≥ 3m (and the data are positive).
 */
export const naive2: Model<NaiveState> = {
  name: 'naive2',
  minLength: () => 1,
  fit(series: Series): Fitted<NaiveState> {
    const y = validateSeries(series, 1);
    const m = series.period;
    const indices = seasonalIndicesM(y, m, isSeasonal(y, m));
    const adj = indices ? y.map((v, t) => v / indices[t % m]!) : y;
    const fittedAdj = adj.map((v, t) => (t >= 1 ? adj[t - 1]! : v));
    const fitted = fittedAdj.map((v, t) => (indices ? v * indices[t % m]! : v));
    const residuals = y.map((v, t) => v - fitted[t]!);
    const inner = adj.slice(1).map((v, t) => v - adj[t]!);
    const state: NaiveState = { last: [adj[adj.length - 1]!], sigma: rmsOf(inner), period: m, n: y.length };
    return { model: 'naive2', state: indices ? { ...state, indices } : state, fitted, residuals };
  },
  forecast(fitted: Fitted<NaiveState>, options: ForecastOptions): Forecast {
    checkHorizon(options.h);
    const levels = checkLevels(options.levels);
    const { last, sigma, period: m, n, indices } = fitted.state;
    const idx = (i: number): number => (indices ? indices[(n + i) % m]! : 1);
    const mean = Array.from({ length: options.h }, (_, i) => last[0]! * idx(i));
    const sd = mean.map((_, i) => sigma * Math.sqrt(i + 1) * idx(i));
    return { mean, intervals: normalIntervals(mean, sd, levels) };
  },
};
