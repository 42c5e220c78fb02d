import { ForecastError, type Series } from '../model.ts';

/** Values above this magnitude risk overflow in squared-error likelihoods. */
const MAX_ABS = 1e150;

/**
 * Validates a series for a model: every value finite and not absurdly large, at least
 * `minLength` observations. Throws a typed `ForecastError` otherwise.
 */
export function validateSeries(series: Series, minLength: number): number[] {
  const y = series.values;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ForecastError('invalid_values', `value at position ${i + 1} is not a finite number (missing period or non-numeric)`);
    }
    if (Math.abs(v) > MAX_ABS) throw new ForecastError('invalid_values', `value at position ${i + 1} exceeds ${MAX_ABS}`);
  }
  if (y.length < minLength) throw new ForecastError('too_short', `needs at least ${minLength} observations, got ${y.length}`);
  if (!Number.isInteger(series.period) || series.period < 1) {
    throw new ForecastError('invalid_values', `period must be a positive integer, got ${series.period}`);
  }
  return [...y];
}

/** True when every value equals the first. */
export function isConstant(y: readonly number[]): boolean {
  return y.every((v) => v === y[0]);
}
