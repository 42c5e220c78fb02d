import { checkHorizon, checkLevels } from '../math/intervals.ts';
import { validateSeries } from '../math/validate-series.ts';
import { ForecastError, type Fitted, type FitOptions, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { autoArimaSearch, type AutoArimaOptions } from './arima/auto-arima-search.ts';
import type { ArimaOrder } from './arima/fit-arima.ts';
import { forecastArima, toForecastState, type ArimaForecastState } from './arima/forecast-arima.ts';

/** Stored state of an automatic ARIMA fit: the forecast state plus what was selected and why. */
export interface AutoArimaState extends ArimaForecastState {
  readonly selected: {
    readonly order: ArimaOrder;
    readonly includeConstant: boolean;
    readonly aicc: number | null;
    readonly loglik: number | null;
    readonly method: string;
    readonly modelsTried: number;
  };
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Automatic ARIMA/SARIMA (name "arima"): Hyndman & Khandakar's (2008) stepwise order selection by AICc
 * with KPSS (Kwiatkowski et al. 1992) tests for d and the STL seasonal-strength rule for D, estimated by
 * CSS then exact Gaussian maximum likelihood through the Kalman filter (Gardner, Harvey & Phillips 1980),
 * forecasts with ψ-weight prediction intervals (Box, Jenkins & Reinsel 2008). Mirrors R forecast's
 * `auto.arima` defaults (max p, q = 5; P, Q = 2; d ≤ 2; D ≤ 1; drift only when d + D = 1).
 *
 * Fit options (besides `seed`, unused: the method is deterministic): `approximation` (boolean, default true)
 * selects by conditional sum of squares and refits the best candidates by exact ML (R does this only for
 * n > 150 or period > 12; false gives R's exact search at about four times the cost); `exactRefit` (boolean,
 * default true) — false keeps the CSS estimates; `maxExactRefits` (default 5) — how many candidates, best CSS
 * criterion first, may be refitted before the winner's CSS estimates are kept (R tries them all);
 * `compareCssWinner` (default false) — see {@link AutoArimaOptions}.
 */
export const autoArima: Model<AutoArimaState> = {
  name: 'arima',
  minLength: () => 3,
  fit(series: Series, options?: FitOptions): Fitted<AutoArimaState> {
    const y = validateSeries(series, 3);
    const searchOptions: AutoArimaOptions = {
      ...(typeof options?.approximation === 'boolean' ? { approximation: options.approximation } : {}),
      ...(typeof options?.exactRefit === 'boolean' ? { exactRefit: options.exactRefit } : {}),
      ...(typeof options?.maxExactRefits === 'number' ? { maxExactRefits: options.maxExactRefits } : {}),
      ...(typeof options?.compareCssWinner === 'boolean' ? { compareCssWinner: options.compareCssWinner } : {}),
    };
    const { fit, differenced, modelsTried } = autoArimaSearch(y, series.period, searchOptions);
    const nDiff = y.length - differenced.length;
    const residuals = y.map((_, t) => (t < nDiff ? 0 : fit.innovations[t - nDiff]!));
    if (residuals.some((r) => !Number.isFinite(r))) throw new ForecastError('fit_failed', 'arima: non-finite residuals');
    const state: AutoArimaState = {
      ...toForecastState(fit, y, differenced),
      selected: {
        order: fit.order,
        includeConstant: fit.includeConstant,
        aicc: finiteOrNull(fit.aicc),
        loglik: finiteOrNull(fit.loglik),
        method: fit.method,
        modelsTried,
      },
    };
    return {
      model: 'arima',
      state,
      fitted: y.map((v, t) => v - residuals[t]!),
      residuals,
    };
  },
  forecast(fitted: Fitted<AutoArimaState>, options: ForecastOptions): Forecast {
    checkHorizon(options.h);
    const fc = forecastArima(fitted.state, options.h, checkLevels(options.levels));
    if (fc.mean.some((v) => !Number.isFinite(v))) throw new ForecastError('fit_failed', 'arima: non-finite forecast');
    return fc;
  },
};
