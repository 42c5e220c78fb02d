import type { FitOptions, Fitted, Forecast, ForecastOptions, Model, Series } from '../model.ts';
import { coverage, mae, maseScale, smape } from '../metrics/metrics.ts';

/** Rolling-origin evaluation settings (Tashman 2000, "Out-of-sample tests of forecasting accuracy"). */
export interface BacktestOptions {
  /** Steps forecast from each origin. */
  readonly horizon: number;
  /** Distance between consecutive origins (default: the horizon, i.e. non-overlapping windows). */
  readonly step?: number;
  /** Number of origins (windows). */
  readonly windows: number;
  /** Smallest training length an origin may have (origins below it are dropped); a function gets the series. */
  readonly minTrain?: number | ((series: Series) => number);
  readonly levels?: readonly number[];
  readonly seed?: number;
}

/** Per-series full-data fits whose structure the backtest refits keep (via `Model.refitOptions`). */
export type StructureSource = ReadonlyArray<Fitted | Error | undefined>;

/**
 * Training lengths of the rolling origins, oldest first: the last origin leaves exactly
 * `horizon` points to evaluate, earlier ones move back by `step`.
 */
export function rollingOrigins(n: number, options: Omit<BacktestOptions, 'minTrain'> & { readonly minTrain?: number }): number[] {
  const step = options.step ?? options.horizon;
  const minTrain = Math.max(1, options.minTrain ?? 1);
  const out: number[] = [];
  for (let w = 0; w < options.windows; w++) {
    const origin = n - options.horizon - w * step;
    if (origin < minTrain) break;
    out.unshift(origin);
  }
  return out;
}

export interface BacktestWindow {
  /** Training length (the forecast starts at t = origin + 1). */
  readonly origin: number;
  readonly actual: number[];
  readonly forecast: Forecast;
}

export interface BacktestSummary {
  readonly windows: BacktestWindow[];
  /** Mean over windows of sMAPE, MASE-scaled MAE and 95 % coverage (when that level was requested). */
  readonly smape: number;
  readonly mase: number;
  readonly coverage95?: number;
}

/** Scale for MASE-type errors that never divides by zero: seasonal naive, then naive, then mean |y|. */
export function robustScale(train: readonly number[], m: number): number {
  for (const lag of [m, 1]) {
    if (train.length > lag) {
      const s = maseScale(train, lag);
      if (s > 0 && Number.isFinite(s)) return s;
    }
  }
  const mabs = train.reduce((a, v) => a + Math.abs(v), 0) / Math.max(1, train.length);
  return mabs > 0 ? mabs : 1;
}

export function summarise(windows: BacktestWindow[], train: (origin: number) => readonly number[], m: number): BacktestSummary {
  let s = 0;
  let q = 0;
  let c = 0;
  let hasCoverage = false;
  for (const w of windows) {
    const f = w.forecast.mean.slice(0, w.actual.length);
    s += smape(w.actual, f);
    q += mae(w.actual, f) / robustScale(train(w.origin), m);
    const iv = w.forecast.intervals.find((i) => i.level === 95);
    if (iv) {
      hasCoverage = true;
      c += coverage(w.actual, iv.lower.slice(0, w.actual.length), iv.upper.slice(0, w.actual.length));
    }
  }
  const k = Math.max(1, windows.length);
  const base = { windows, smape: s / k, mase: q / k };
  return hasCoverage ? { ...base, coverage95: c / k } : base;
}

/** The series up to `origin` (its regressors cut the same way). */
export function cutSeries<S extends Series>(s: S, origin: number): S {
  if (!s.regressors) return { ...s, values: s.values.slice(0, origin) };
  const regressors = Object.fromEntries(Object.entries(s.regressors).map(([k, xs]) => [k, xs.slice(0, origin)]));
  return { ...s, values: s.values.slice(0, origin), regressors };
}

/** Forecast options from `origin`: the regressors' known values over the next `h` steps (a calendar is known ahead). */
export function forecastOptionsAt(s: Series, origin: number, h: number, levels: readonly number[]): ForecastOptions {
  if (!s.regressors) return { h, levels };
  return { h, levels, futureRegressors: Object.fromEntries(Object.entries(s.regressors).map(([k, xs]) => [k, xs.slice(origin, origin + h)])) };
}

/** Fits a model on a batch of series (`fitMany` for global models, `fit` one by one otherwise); errors per series. */
export function fitBatch(model: Model, series: readonly Series[], seed: number, perSeries?: ReadonlyArray<FitOptions | undefined>): Array<Fitted | Error> {
  if (model.fitMany && series.length > 0) {
    try {
      return model.fitMany(series, { seed });
    } catch {
      // a global fit failing on the batch falls back to per-series fits so one bad series cannot sink the rest
    }
  }
  return series.map((s, i) => {
    try {
      return model.fit(s, { seed, ...perSeries?.[i] });
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  });
}

/**
 * Rolling-origin backtest of one model over a batch of series. Series too short for an origin get fewer
 * windows. Global models with `rebase` are trained once across the batch, every series cut at its earliest
 * origin, and that model forecasts from each origin (`rebase` onto the history up to it); other global models
 * are retrained per origin across the whole batch, local models refitted per series (with `refitOptions`).
 */
export function backtestBatch(model: Model, series: readonly Series[], options: BacktestOptions, structure?: StructureSource): Array<BacktestSummary | Error> {
  const levels = options.levels ?? [80, 95];
  const seed = options.seed ?? 1;
  const minTrainOf = (s: Series): number => (typeof options.minTrain === 'function' ? options.minTrain(s) : (options.minTrain ?? 1));
  const origins = series.map((s) => rollingOrigins(s.values.length, { ...options, minTrain: Math.max(minTrainOf(s), model.minLength(s.period)) }));
  const maxW = Math.max(0, ...origins.map((o) => o.length));
  const windows: BacktestWindow[][] = series.map(() => []);
  const errors: Array<Error | undefined> = series.map(() => undefined);
  const refit = series.map((_, i) => {
    const f = structure?.[i];
    return f && !(f instanceof Error) && model.refitOptions ? model.refitOptions(f) : undefined;
  });
  const rebase = model.rebase;
  const once: Array<Fitted | Error | undefined> = series.map(() => undefined);
  if (model.fitMany && rebase) {
    const idx = series.map((_, i) => i).filter((i) => origins[i]!.length > 0);
    const fits = fitBatch(model, idx.map((i) => cutSeries(series[i]!, origins[i]![0]!)), seed);
    fits.forEach((f, j) => (once[idx[j]!] = f));
  }
  for (let w = 0; w < maxW; w++) {
    const idx: number[] = [];
    const batch: Series[] = [];
    series.forEach((s, i) => {
      const o = origins[i]!;
      const k = o.length - maxW + w;
      if (k < 0) return;
      idx.push(i);
      batch.push(cutSeries(s, o[k]!));
    });
    const fits: Array<Fitted | Error> = rebase && model.fitMany
      ? idx.map((i, j) => {
          const f = once[i]!;
          if (f instanceof Error) return f;
          try {
            return batch[j]!.values.length === origins[i]![0] ? f : rebase(f, batch[j]!);
          } catch (e) {
            return e instanceof Error ? e : new Error(String(e));
          }
        })
      : fitBatch(model, batch, seed, idx.map((i) => refit[i]));
    fits.forEach((f, j) => {
      const i = idx[j]!;
      const s = series[i]!;
      const origin = batch[j]!.values.length;
      // a failed origin is skipped; the member only fails when no origin worked
      if (f instanceof Error) {
        errors[i] = f;
        return;
      }
      try {
        const h = Math.min(options.horizon, s.values.length - origin);
        const forecast = model.forecast(f, forecastOptionsAt(s, origin, h, levels));
        if (forecast.mean.some((v) => !Number.isFinite(v))) throw new Error('non-finite backtest forecast');
        windows[i]!.push({ origin, actual: s.values.slice(origin, origin + h), forecast });
      } catch (e) {
        errors[i] = e instanceof Error ? e : new Error(String(e));
      }
    });
  }
  return series.map((s, i) =>
    windows[i]!.length > 0 ? summarise(windows[i]!, (o) => s.values.slice(0, o), s.period) : (errors[i] ?? new Error('no feasible backtest origin')),
  );
}
