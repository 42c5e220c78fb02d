import { ForecastError, type Forecast, type Model, type Series } from '../model.ts';
import { fitBatch } from '../backtest/backtest.ts';
import { ensembleForecastBatch, type EnsembleOptions, type EnsembleResult } from '../ensemble/ensemble.ts';
import { getModel } from '../registry.ts';
import { isFiniteForecast, movingAverageFallback } from './fallback.ts';

/** One series to forecast, with its own horizon. */
export interface BatchItem extends Series {
  readonly id: string;
  readonly h: number;
  /** The regressors' values over the h forecast steps, when the series has regressors. */
  readonly futureRegressors?: Readonly<Record<string, readonly number[]>>;
}

/** The outcome for one series: always a finite forecast; `fallback` says when and why the requested model was not used. */
export interface BatchResult extends Forecast {
  readonly id: string;
  /** The model that produced the numbers ("ensemble", a model name, or "moving_average" on fallback). */
  readonly model: string;
  readonly fallback?: { readonly code: string; readonly reason: string };
  /** Ensemble details (weights, member errors, decomposition) when the ensemble ran. */
  readonly ensemble?: Omit<EnsembleResult, 'mean' | 'intervals'>;
}

export interface BatchOptions {
  /** "ensemble" or a registered model name. */
  readonly model: string;
  readonly levels: readonly number[];
  readonly seed?: number;
  readonly ensemble?: Partial<EnsembleOptions>;
  /** Called after each series (or group) completes, with the count done so far. */
  readonly onProgress?: (done: number) => void;
}

function codeOf(e: unknown): string {
  return e instanceof ForecastError ? e.code : 'fit_failed';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fallbackResult(item: BatchItem, levels: readonly number[], err: unknown): BatchResult {
  const base = { id: item.id, model: 'moving_average', fallback: { code: codeOf(err), reason: messageOf(err) } };
  try {
    return { ...base, ...movingAverageFallback(item.values, item.period, item.h, levels) };
  } catch (e) {
    // nothing finite at all: a zero forecast with zero-width intervals, flagged as such
    const zeros = new Array<number>(item.h).fill(0);
    return { ...base, fallback: { code: codeOf(e), reason: `${messageOf(err)}; ${messageOf(e)}` }, mean: zeros, intervals: levels.map((level) => ({ level, lower: [...zeros], upper: [...zeros] })) };
  }
}

function singleModel(model: Model, items: readonly BatchItem[], options: BatchOptions): BatchResult[] {
  const seed = options.seed ?? 1;
  const fits = fitBatch(model, items, seed);
  return items.map((item, i) => {
    const f = fits[i]!;
    let out: BatchResult;
    if (f instanceof Error) out = fallbackResult(item, options.levels, f);
    else {
      try {
        const fc = model.forecast(f, { h: item.h, levels: options.levels, ...(item.futureRegressors ? { futureRegressors: item.futureRegressors } : {}) });
        if (!isFiniteForecast(fc)) throw new ForecastError('fit_failed', `${model.name} produced non-finite values`);
        out = { id: item.id, model: model.name, mean: fc.mean, intervals: fc.intervals };
      } catch (e) {
        out = fallbackResult(item, options.levels, e);
      }
    }
    options.onProgress?.(i + 1);
    return out;
  });
}

/**
 * Forecasts a batch of series with one model or the ensemble. Never throws for a bad series:
 * such series get the moving-average fallback and a `fallback` note with the typed error code.
 */
export function forecastBatch(items: readonly BatchItem[], options: BatchOptions): BatchResult[] {
  if (options.model !== 'ensemble') return singleModel(getModel(options.model), items, options);
  const results = ensembleForecastBatch(items, { ...options.ensemble, levels: options.levels, seed: options.seed ?? 1, onProgress: options.onProgress });
  return ensembleBatchResults(items, results, options.levels);
}

/** Ensemble results as batch results: failed series get the moving-average fallback with the reason. */
export function ensembleBatchResults(items: readonly BatchItem[], results: ReadonlyArray<EnsembleResult | Error>, levels: readonly number[]): BatchResult[] {
  const options = { levels };
  return results.map((r, i) => {
    const item = items[i]!;
    if (r instanceof Error) return fallbackResult(item, options.levels, r);
    const { mean, intervals, ...details } = r;
    const out: BatchResult = { id: item.id, model: 'ensemble', mean, intervals, ensemble: details };
    if (!isFiniteForecast(out)) return fallbackResult(item, options.levels, new ForecastError('fit_failed', 'ensemble produced non-finite values'));
    return details.fallback ? { ...out, model: details.method, fallback: details.fallback } : out;
  });
}
