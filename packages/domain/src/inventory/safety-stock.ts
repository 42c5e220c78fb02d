import { normalQuantile } from '@sentia/forecast/math/normal-quantile';
import { DomainError, requireNonNegative, requirePositive } from '../domain-error.ts';

/** z for a cycle service level (probability of no stock-out in a replenishment cycle), 0 < level < 1. */
export function serviceLevelZ(serviceLevel: number): number {
  if (!(Number.isFinite(serviceLevel) && serviceLevel > 0 && serviceLevel < 1)) {
    throw new DomainError('invalid_input', `serviceLevel must be strictly between 0 and 1 (e.g. 0.95), got ${serviceLevel}`, 'serviceLevel');
  }
  return normalQuantile(serviceLevel);
}

export interface SafetyStockInput {
  readonly serviceLevel: number;
  /** Mean demand per day. */
  readonly averageDailyDemand: number;
  /** Standard deviation of daily demand. */
  readonly dailyDemandStdDev: number;
  /** Mean lead time in days (> 0). */
  readonly leadTimeDays: number;
  /** Standard deviation of the lead time in days (0 for a fixed lead time). */
  readonly leadTimeStdDevDays?: number;
  /** Review period in days added to the protection interval for periodic review (default 0: continuous). */
  readonly reviewPeriodDays?: number;
}

export interface SafetyStockResult {
  readonly z: number;
  /** σ of demand over the protection interval (lead time + review period). */
  readonly protectionStdDev: number;
  readonly safetyStock: number;
}

/**
 * Safety stock for a target cycle service level with both demand and lead-time variability, assuming
 * independent normal daily demand and lead time: σ_LT-demand = √(L·σ_d² + d²·σ_L²), SS = z·σ_LT-demand, where
 * L is the protection interval (lead time + review period), d mean daily demand (Silver, Pyke & Thomas,
 * "Inventory and Production Management in Supply Chains", 4th ed., §6.10).
 */
export function safetyStock(input: SafetyStockInput): SafetyStockResult {
  const z = serviceLevelZ(input.serviceLevel);
  requireNonNegative(input.averageDailyDemand, 'averageDailyDemand');
  requireNonNegative(input.dailyDemandStdDev, 'dailyDemandStdDev');
  requirePositive(input.leadTimeDays, 'leadTimeDays');
  const sdLead = input.leadTimeStdDevDays ?? 0;
  requireNonNegative(sdLead, 'leadTimeStdDevDays');
  const review = input.reviewPeriodDays ?? 0;
  requireNonNegative(review, 'reviewPeriodDays');
  const interval = input.leadTimeDays + review;
  const protectionStdDev = Math.sqrt(interval * input.dailyDemandStdDev ** 2 + input.averageDailyDemand ** 2 * sdLead ** 2);
  return { z, protectionStdDev, safetyStock: z * protectionStdDev };
}

export interface ForecastErrorSafetyStockInput {
  readonly serviceLevel: number;
  /** One-step-ahead daily forecast errors (actual − forecast), e.g. a fitted model's residuals. */
  readonly residuals: readonly number[];
  readonly leadTimeDays: number;
  readonly reviewPeriodDays?: number;
  /**
   * `normal` (default): SS = z · RMSE · √L, errors assumed independent and normal.
   * `empirical`: SS = the service-level quantile of the sums of L consecutive residuals, which keeps the
   * errors' skew and autocorrelation; needs at least 30 such windows.
   */
  readonly method?: 'normal' | 'empirical';
}

/**
 * Safety stock from the forecast error distribution: protects against what the forecast gets wrong over the
 * protection interval rather than against raw demand variability (Silver, Pyke & Thomas, §6.5).
 */
export function safetyStockFromForecastErrors(input: ForecastErrorSafetyStockInput): SafetyStockResult {
  const z = serviceLevelZ(input.serviceLevel);
  requirePositive(input.leadTimeDays, 'leadTimeDays');
  const review = input.reviewPeriodDays ?? 0;
  requireNonNegative(review, 'reviewPeriodDays');
  const residuals = input.residuals;
  if (residuals.length < 2 || residuals.some((r) => !Number.isFinite(r))) {
    throw new DomainError('invalid_input', 'residuals needs at least two finite values', 'residuals');
  }
  const interval = input.leadTimeDays + review;
  if ((input.method ?? 'normal') === 'normal') {
    const rmse = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    const protectionStdDev = rmse * Math.sqrt(interval);
    return { z, protectionStdDev, safetyStock: z * protectionStdDev };
  }
  const window = Math.max(1, Math.round(interval));
  const sums: number[] = [];
  let running = 0;
  for (let i = 0; i < residuals.length; i++) {
    running += residuals[i] as number;
    if (i >= window) running -= residuals[i - window] as number;
    if (i >= window - 1) sums.push(running);
  }
  if (sums.length < 30) throw new DomainError('invalid_input', `empirical safety stock needs ≥ 30 windows of ${window} days, got ${sums.length}`, 'residuals');
  sums.sort((a, b) => a - b);
  const h = (sums.length - 1) * input.serviceLevel;
  const lo = Math.floor(h);
  const q = (sums[lo] as number) + (h - lo) * ((sums[Math.ceil(h)] as number) - (sums[lo] as number));
  const mean = sums.reduce((s, v) => s + v, 0) / sums.length;
  const sd = Math.sqrt(sums.reduce((s, v) => s + (v - mean) ** 2, 0) / sums.length);
  return { z, protectionStdDev: sd, safetyStock: Math.max(0, q) };
}
