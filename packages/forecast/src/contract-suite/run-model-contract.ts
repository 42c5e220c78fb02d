import { describe, expect, it } from 'vitest';
import { ForecastError, type Fitted, type Forecast, type Model, type Series } from '../model.ts';
import { createRng } from '../math/prng.ts';

/** Options for the shared contract suite. */
export interface ContractOptions {
  /** Seasonal period of the main test series (default 12). */
  readonly period?: number;
  /** Length of the main test series (default 72). */
  readonly length?: number;
  /** Horizon (default 18). */
  readonly h?: number;
}

/** A reproducible trend + season + noise series, positive. */
export function contractSeries(n: number, period: number, seed = 3): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, t) => 200 + 1.5 * t + 30 * Math.sin((2 * Math.PI * t) / period) + 8 * rng.normal());
}

function fitOne<S>(model: Model<S>, series: Series, seed: number): Fitted<S> {
  if (model.fitMany) return model.fitMany([series], { seed })[0]!;
  return model.fit(series, { seed });
}

function expectFinite(xs: readonly number[], what: string): void {
  for (const [i, v] of xs.entries()) {
    if (!Number.isFinite(v)) throw new Error(`${what}[${i}] is not finite: ${v}`);
  }
}

function expectWellFormed(fc: Forecast, h: number, levels: readonly number[]): void {
  expect(fc.mean).toHaveLength(h);
  expectFinite(fc.mean, 'mean');
  expect(fc.intervals.map((i) => i.level)).toEqual([...levels]);
  for (const iv of fc.intervals) {
    expect(iv.lower).toHaveLength(h);
    expect(iv.upper).toHaveLength(h);
    expectFinite(iv.lower, `lower${iv.level}`);
    expectFinite(iv.upper, `upper${iv.level}`);
    for (let i = 0; i < h; i++) {
      const tol = 1e-9 * Math.max(1, Math.abs(fc.mean[i]!));
      expect(iv.lower[i]!).toBeLessThanOrEqual(fc.mean[i]! + tol);
      expect(iv.upper[i]!).toBeGreaterThanOrEqual(fc.mean[i]! - tol);
    }
  }
  const sorted = [...fc.intervals].sort((a, b) => a.level - b.level);
  for (let k = 1; k < sorted.length; k++) {
    for (let i = 0; i < h; i++) {
      const tol = 1e-9 * Math.max(1, Math.abs(fc.mean[i]!));
      expect(sorted[k]!.lower[i]!).toBeLessThanOrEqual(sorted[k - 1]!.lower[i]! + tol);
      expect(sorted[k]!.upper[i]!).toBeGreaterThanOrEqual(sorted[k - 1]!.upper[i]! - tol);
    }
  }
}

/**
 * The shared contract every `Model` must pass (call it from the model's own test file):
 * determinism given a seed, JSON round trip of the state, mean length h, nested intervals with
 * lower ≤ mean ≤ upper, fitted/residual lengths, and a finite result or a typed `ForecastError`
 * on nasty inputs (constant, all-zero, very short, shorter than one season, huge, negative, NaN).
 */
export function runModelContract<S>(model: Model<S>, options: ContractOptions = {}): void {
  const period = options.period ?? 12;
  const n = options.length ?? 72;
  const h = options.h ?? 18;
  const levels = [80, 95];
  const values = contractSeries(n, period);
  const series: Series = { id: 'contract', values, period };

  describe(`model contract: ${model.name}`, () => {
    it('when fitted twice with the same seed, then the forecasts are identical', () => {
      const a = model.forecast(fitOne(model, series, 11), { h, levels });
      const b = model.forecast(fitOne(model, series, 11), { h, levels });
      expect(b).toEqual(a);
    });

    it('when the state goes through JSON, then the forecast is unchanged', () => {
      const fitted = fitOne(model, series, 5);
      const json = JSON.parse(JSON.stringify(fitted)) as Fitted<S>;
      expect(json.state).toEqual(fitted.state);
      expect(model.forecast(json, { h, levels })).toEqual(model.forecast(fitted, { h, levels }));
    });

    it('when forecasting h steps with 80/95 levels, then means and nested intervals are well formed', () => {
      const fitted = fitOne(model, series, 1);
      expect(fitted.model).toBe(model.name);
      expect(fitted.fitted).toHaveLength(n);
      expect(fitted.residuals).toHaveLength(n);
      expectFinite(fitted.fitted, 'fitted');
      expectFinite(fitted.residuals, 'residuals');
      for (let i = 0; i < n; i++) expect(fitted.residuals[i]!).toBeCloseTo(values[i]! - fitted.fitted[i]!, 6);
      expectWellFormed(model.forecast(fitted, { h, levels }), h, levels);
      expectWellFormed(model.forecast(fitted, { h: 1, levels: [95] }), 1, [95]);
    });

    it('when the data are a clean seasonal pattern, then the forecast stays within a sane range', () => {
      const fc = model.forecast(fitOne(model, series, 1), { h, levels });
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const span = hi - lo;
      for (const v of fc.mean) {
        expect(v).toBeGreaterThan(lo - 2 * span);
        expect(v).toBeLessThan(hi + 2 * span);
      }
    });

    const nasty: Array<[string, number[], number]> = [
      ['constant', new Array<number>(40).fill(42), period],
      ['all zero', new Array<number>(40).fill(0), period],
      ['very short', [5, 7, 6], period],
      ['shorter than one season', values.slice(0, Math.max(2, period - 1)), period],
      ['huge values', values.map((v) => v * 1e12), period],
      ['negative values', values.map((v, i) => (i % 3 === 0 ? -v : v - 250)), period],
      ['intermittent', values.map((v, i) => (i % 4 === 0 ? Math.round(v / 50) : 0)), period],
      ['single value', [9], 1],
    ];
    for (const [label, ys, p] of nasty) {
      it(`when the series is ${label}, then the result is finite or a typed ForecastError`, () => {
        let fc: Forecast | undefined;
        try {
          fc = model.forecast(fitOne(model, { id: label, values: ys, period: p }, 1), { h, levels });
        } catch (e) {
          expect(e).toBeInstanceOf(ForecastError);
          return;
        }
        expectWellFormed(fc, h, levels);
      });
    }

    it('when a value is missing (NaN) or non-numeric, then a ForecastError invalid_values is thrown', () => {
      const bad = [...values];
      bad[10] = NaN;
      expect(() => model.forecast(fitOne(model, { values: bad, period }, 1), { h, levels })).toThrow(ForecastError);
      const text = [...values] as unknown[];
      text[3] = 'abc';
      expect(() => model.forecast(fitOne(model, { values: text as number[], period }, 1), { h, levels })).toThrow(ForecastError);
    });

    it('when given exactly minLength observations, then it fits or reports too_short', () => {
      const k = Math.max(1, model.minLength(period));
      try {
        expectWellFormed(model.forecast(fitOne(model, { values: values.slice(0, k), period }, 1), { h, levels }), h, levels);
      } catch (e) {
        expect(e).toBeInstanceOf(ForecastError);
        expect((e as ForecastError).code).not.toBe('invalid_values');
      }
    });
  });
}
