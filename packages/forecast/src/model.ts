/**
 * The one contract every forecasting model answers (fable/statsforecast style):
 * `fit` returns a JSON-serialisable state that can be stored or passed through a job,
 * `forecast` turns a state into a distribution (mean plus central prediction intervals).
 */

/** A regularly spaced series. `period` is the seasonal period (12 monthly, 4 quarterly, 52 weekly, 7 daily, 1 none). */
export interface Series {
  readonly id?: string;
  readonly values: readonly number[];
  readonly period: number;
  /** Optional external regressors aligned with `values` (e.g. promotion or holiday flags), keyed by name. */
  readonly regressors?: Readonly<Record<string, readonly number[]>>;
}

export interface FitOptions {
  /** Seed for any randomness; the same seed gives the same state. */
  readonly seed?: number;
  /** Future values of the regressors named in `Series.regressors`, needed at forecast time by models that use them. */
  readonly [key: string]: unknown;
}

export interface ForecastOptions {
  /** Number of steps ahead. */
  readonly h: number;
  /** Central interval levels in percent, e.g. [80, 95]. */
  readonly levels?: readonly number[];
  /** Future values of regressors, each of length h. */
  readonly futureRegressors?: Readonly<Record<string, readonly number[]>>;
}

export interface Interval {
  readonly level: number;
  readonly lower: number[];
  readonly upper: number[];
}

export interface Forecast {
  readonly mean: number[];
  readonly intervals: Interval[];
}

/** A fitted model. `state` is plain JSON (no functions, no typed arrays, no NaN). */
export interface Fitted<S = unknown> {
  readonly model: string;
  readonly state: S;
  /** In-sample one-step-ahead fitted values (NaN-free; same length as the input, leading values may equal the actuals). */
  readonly fitted: number[];
  /** values − fitted. */
  readonly residuals: number[];
}

export interface Model<S = unknown> {
  /** Short stable name used on the CLI and in stored results, e.g. "ets", "auto_arima", "theta". */
  readonly name: string;
  /** Smallest number of observations the model needs; below it the caller falls back. */
  minLength(period: number): number;
  fit(series: Series, options?: FitOptions): Fitted<S>;
  /**
   * Global models (trained across many series, e.g. LSTM, random forest) implement this; the runner calls it
   * with a batch of series and gets one fitted state per series, in order. Local models leave it undefined.
   */
  fitMany?(series: readonly Series[], options?: FitOptions): Fitted<S>[];
  forecast(fitted: Fitted<S>, options: ForecastOptions): Forecast;
  /**
   * Optional: fit options that re-estimate the same model structure (e.g. the selected ETS form or ARIMA
   * order) on other data. Rolling-origin backtests use it to refit a selected model at earlier origins
   * without repeating the model search. Absent: backtests repeat the full fit.
   */
  refitOptions?(fitted: Fitted<S>): FitOptions;
  /**
   * Optional, for global models: the shared parameters of `fitted` (trained on some history of the series) anchored
   * on another history `series` of the same series without retraining (per-series inputs such as the season profile
   * and the last window are recomputed). Rolling-origin backtests then train once, at the earliest origin, and
   * forecast every later origin from that one model (no data after the earliest origin is ever trained on).
   */
  rebase?(fitted: Fitted<S>, series: Series): Fitted<S>;
  /**
   * Optional, for additive models: the forecast split into its parts (trend, each seasonality, each regressor), in
   * the series' units; per step the parts sum to the forecast mean.
   */
  decompose?(fitted: Fitted<S>, options: ForecastOptions): { trend: number[]; seasonal: Record<string, number[]>; regressors: Record<string, number[]> };
}

/** A typed error per series, instead of NaN/Infinity in the output. */
export class ForecastError extends Error {
  constructor(
    readonly code: 'too_short' | 'invalid_values' | 'constant' | 'all_zero' | 'fit_failed',
    message: string,
  ) {
    super(message);
    this.name = 'ForecastError';
  }
}
