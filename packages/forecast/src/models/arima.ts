import { checkHorizon, checkLevels } from '../math/intervals.ts';
import { validateSeries } from '../math/validate-series.ts';
import { ForecastError, type Fitted, type FitOptions, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { autoArimaSearch, type AutoArimaOptions, type AutoArimaResult } from './arima/auto-arima-search.ts';
import { isConstant } from './arima/differencing-tests.ts';
import { differenceSeries, fitArima, type ArimaOrder } from './arima/fit-arima.ts';
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
 * `compareCssWinner` (default false) — see {@link AutoArimaOptions}; `arimaOrder` ({@link ArimaOrder}) with
 * `arimaConstant` (boolean) — no search: that order is re-estimated, by `arimaMethod` ('CSS-ML' default, 'CSS',
 * 'ML'); the full search runs when that order has no finite likelihood on the data. `refitOptions` returns the
 * selected order with 'CSS' (conditional sum of squares, the search's own criterion; exact ML costs several times
 * more), so rolling-origin backtests refit the selected order cheaply instead of repeating the stepwise search.
 */
function isOrder(o: unknown): o is ArimaOrder {
  return typeof o === 'object' && o !== null && ['p', 'd', 'q', 'P', 'D', 'Q', 'm'].every((k) => Number.isInteger((o as Record<string, unknown>)[k]));
}

/** The given order re-estimated (no search), or undefined when none was given or it cannot be fitted here. */
function fixedOrderFit(y: readonly number[], options: FitOptions | undefined): AutoArimaResult | undefined {
  const order = options?.arimaOrder;
  if (!isOrder(order)) return undefined;
  const differenced = differenceSeries(y, order);
  if (differenced.length <= order.p + order.q + order.m * (order.P + order.Q) + 1 || isConstant(differenced)) return undefined;
  const method = options?.arimaMethod === 'CSS' || options?.arimaMethod === 'ML' ? options.arimaMethod : 'CSS-ML';
  const fit = fitArima(y, order, options?.arimaConstant === true, method);
  if (!fit || !Number.isFinite(fit.loglik) || fit.minRoot < 1.01 || fit.innovations.some((v) => !Number.isFinite(v))) return undefined;
  return { fit, differenced, modelsTried: 1 };
}

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
    const { fit, differenced, modelsTried } = fixedOrderFit(y, options) ?? autoArimaSearch(y, series.period, searchOptions);
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
  refitOptions: (fitted) => ({ arimaOrder: fitted.state.selected.order, arimaConstant: fitted.state.selected.includeConstant, arimaMethod: 'CSS' }),
};
