import { ForecastError, type Forecast } from '../model.ts';
import { checkHorizon, checkLevels, normalIntervals } from '../math/intervals.ts';

/**
 * The fallback forecast when a model cannot be used (spec: "Sufficient data? → use fallback model:
 * simple moving average"): the mean of the last k = min(n, max(m, 3)) finite values, with a
 * random-walk-style interval from the one-step naive residuals of the finite values.
 * Returns undefined only when the series has no finite value at all.
 */
export function movingAverageFallback(values: readonly number[], period: number, h: number, levels?: readonly number[]): Forecast {
  checkHorizon(h);
  const ls = checkLevels(levels);
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e150);
  if (finite.length === 0) throw new ForecastError('invalid_values', 'no finite values to fall back on');
  const k = Math.min(finite.length, Math.max(period, 3));
  const tail = finite.slice(finite.length - k);
  const level = tail.reduce((a, b) => a + b, 0) / k;
  let s = 0;
  for (let i = 1; i < finite.length; i++) s += (finite[i]! - finite[i - 1]!) ** 2;
  const sigma = finite.length > 1 ? Math.sqrt(s / (finite.length - 1)) : Math.abs(level) * 0.1;
  const mean = new Array<number>(h).fill(level);
  return { mean, intervals: normalIntervals(mean, mean.map((_, i) => sigma * Math.sqrt(i + 1)), ls) };
}

/** True when every number of a forecast is finite. */
export function isFiniteForecast(f: Forecast): boolean {
  const ok = (xs: readonly number[]): boolean => xs.every((v) => Number.isFinite(v));
  return ok(f.mean) && f.intervals.every((i) => ok(i.lower) && ok(i.upper));
}
