import type { Forecast } from '@sentia/forecast/model';
import { zForLevel } from '@sentia/forecast/math/normal-quantile';
import { DomainError } from '../domain-error.ts';

export interface MovingAverageOptions {
  /** Days in the trailing window (default 28). */
  readonly window?: number;
  readonly h: number;
  /** Central interval levels in percent (default [80, 95]). */
  readonly levels?: readonly number[];
}

/**
 * Demand estimate used until a fitted forecasting model is available for a series: the mean of the last
 * `window` days, flat over the horizon, with normal intervals ±z·σ from the window's standard deviation
 * (lower bounds clipped at 0). It answers with the same `Forecast` shape as the models in `@sentia/forecast`,
 * so callers swap it out without changes.
 */
export function movingAverageForecast(history: readonly number[], options: MovingAverageOptions): Forecast {
  const window = options.window ?? 28;
  if (!(Number.isInteger(options.h) && options.h >= 1)) throw new DomainError('invalid_input', 'h must be a whole number ≥ 1', 'h');
  if (!(Number.isInteger(window) && window >= 1)) throw new DomainError('invalid_input', 'window must be a whole number ≥ 1', 'window');
  if (history.length === 0) throw new DomainError('invalid_input', 'history needs at least one day', 'history');
  if (history.some((v) => !(Number.isFinite(v) && v >= 0))) throw new DomainError('invalid_input', 'history values must be ≥ 0', 'history');
  const tail = history.slice(-window);
  const mean = tail.reduce((s, v) => s + v, 0) / tail.length;
  const sd = tail.length < 2 ? 0 : Math.sqrt(tail.reduce((s, v) => s + (v - mean) ** 2, 0) / (tail.length - 1));
  const levels = options.levels ?? [80, 95];
  return {
    mean: Array.from({ length: options.h }, () => mean),
    intervals: levels.map((level) => {
      const half = zForLevel(level) * sd;
      return { level, lower: Array.from({ length: options.h }, () => Math.max(0, mean - half)), upper: Array.from({ length: options.h }, () => mean + half) };
    }),
  };
}
