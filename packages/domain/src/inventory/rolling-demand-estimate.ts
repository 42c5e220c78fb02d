import { requireInput } from '../domain-error.ts';

export interface RollingDemandEstimateOptions {
  /** Days in the moving average that forecasts demand (default 28, as the policy table without a forecast run). */
  readonly windowDays?: number;
  /** Most recent whole weeks whose forecast errors measure the uncertainty (default 13). */
  readonly errorWeeks?: number;
}

export interface RollingDemandEstimate {
  /** The forecast: mean daily demand over the last `windowDays`. */
  readonly averageDailyDemand: number;
  /**
   * σ of daily demand around that forecast: the root mean square of the last weeks' errors (actual week − 7 × the
   * moving average as it stood at the week's start) ÷ √7. Bias (a trend the average lags) counts as error.
   */
  readonly dailyErrorStdDev: number;
  /** Weeks the error was measured on; 0 when there was too little history (σ is then that of weekly totals ÷ √7). */
  readonly errorWeeks: number;
}

const sum = (xs: readonly number[], from: number, to: number): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i] as number;
  return s;
};

/**
 * What a planner re-estimates at each review from the demand seen so far: the moving-average forecast and the
 * spread of its own recent weekly errors (Silver, Pyke & Thomas, §6.5: protect against forecast error, not raw
 * demand variability). Days before the first demand are left out (an item not yet stocked has no demand of zero).
 */
export function rollingDemandEstimate(observed: readonly number[], options: RollingDemandEstimateOptions = {}): RollingDemandEstimate {
  const window = options.windowDays ?? 28;
  const weeks = options.errorWeeks ?? 13;
  requireInput(Number.isInteger(window) && window >= 1, 'windowDays', 'windowDays must be a whole number ≥ 1');
  requireInput(Number.isInteger(weeks) && weeks >= 2, 'errorWeeks', 'errorWeeks must be a whole number ≥ 2');
  const first = observed.findIndex((v) => v > 0);
  const xs = first < 0 ? [] : observed.slice(first);
  const n = xs.length;
  if (n === 0) return { averageDailyDemand: 0, dailyErrorStdDev: 0, errorWeeks: 0 };
  const span = Math.min(window, n);
  const averageDailyDemand = sum(xs, n - span, n) / span;
  const errors: number[] = [];
  for (let w = weeks; w >= 1; w--) {
    const weekStart = n - 7 * w;
    if (weekStart - window < 0) continue;
    const forecast = (7 * sum(xs, weekStart - window, weekStart)) / window;
    errors.push(sum(xs, weekStart, weekStart + 7) - forecast);
  }
  if (errors.length >= 2) {
    const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    return { averageDailyDemand, dailyErrorStdDev: rmse / Math.sqrt(7), errorWeeks: errors.length };
  }
  const totals: number[] = [];
  for (let end = n; end - 7 >= 0 && totals.length < weeks; end -= 7) totals.push(sum(xs, end - 7, end));
  if (totals.length < 2) return { averageDailyDemand, dailyErrorStdDev: 0, errorWeeks: 0 };
  const mean = totals.reduce((s, v) => s + v, 0) / totals.length;
  const sd = Math.sqrt(totals.reduce((s, v) => s + (v - mean) ** 2, 0) / (totals.length - 1));
  return { averageDailyDemand, dailyErrorStdDev: sd / Math.sqrt(7), errorWeeks: 0 };
}
