import { addDays, type IsoDate } from '../calendar/utc-date.ts';
import { requireNonNegative, requirePositive } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';
import { economicOrderQuantity } from './economic-order-quantity.ts';
import { fillRateSafetyFactor } from './fill-rate-safety-factor.ts';
import { projectStockout } from './project-stockout.ts';
import { safetyStock, safetyStockFromForecastErrors } from './safety-stock.ts';

export interface InventoryPolicyInput {
  readonly serviceLevel: number;
  readonly averageDailyDemand: number;
  readonly dailyDemandStdDev: number;
  readonly leadTimeDays: number;
  readonly leadTimeStdDevDays?: number;
  /** Review period for the periodic (R, S) order-up-to level (default 7 days). */
  readonly reviewPeriodDays?: number;
  readonly unitCost: DecimalInput;
  readonly orderingCost: DecimalInput;
  /** Annual carrying rate (fraction of unit cost), e.g. 0.25. */
  readonly holdingRate: DecimalInput;
  /** Days of demand per year used to annualise (default 365: daily demand is per calendar day). */
  readonly daysPerYear?: number;
  /**
   * What `serviceLevel` means: `cycle` (default), the probability of no stock-out in a replenishment cycle (SS = z·σ);
   * `fill_rate`, the share of demand served from stock (P2: SS = k·σ with G(k) = Q·(1 − P2)/σ, Q = EOQ for the
   * reorder point and d·R for the order-up-to level).
   */
  readonly serviceMeasure?: 'cycle' | 'fill_rate';
  /** When given, safety stock comes from these one-step forecast errors instead of σ_d. */
  readonly forecastResiduals?: readonly number[];
  /** Current position, for days of cover and the stock-out date. */
  readonly onHand?: number;
  readonly allocated?: number;
  readonly startDate?: IsoDate;
  readonly dailyForecast?: readonly number[];
  readonly receipts?: readonly { date: IsoDate; quantity: number }[];
}

export interface InventoryPolicy {
  readonly safetyStock: number;
  /** ROP = d·L + SS (continuous review, s). */
  readonly reorderPoint: number;
  readonly economicOrderQuantity: number;
  /** Min = reorder point; max = reorder point + EOQ: the (s, S) pair. */
  readonly min: number;
  readonly max: number;
  /** Periodic review order-up-to S = d·(L + R) + SS over L + R. */
  readonly orderUpTo: number;
  readonly daysOfCover: number | null;
  readonly stockoutDate: IsoDate | null;
  readonly safetyStockMethod: 'demand_and_lead_time' | 'forecast_errors';
}

/**
 * Everything the inventory page shows per SKU × warehouse, from demand statistics and costs. Quantities are
 * rounded up to whole units (a fractional safety stock would under-protect); the EOQ is rounded to the nearest
 * unit (its cost curve is flat around the optimum).
 */
export function computeInventoryPolicy(input: InventoryPolicyInput): InventoryPolicy {
  requireNonNegative(input.averageDailyDemand, 'averageDailyDemand');
  requirePositive(input.leadTimeDays, 'leadTimeDays');
  const review = input.reviewPeriodDays ?? 7;
  const useErrors = input.forecastResiduals !== undefined && input.forecastResiduals.length >= 2;
  const annualDemand = input.averageDailyDemand * (input.daysPerYear ?? 365);
  const eoq = annualDemand > 0 ? Math.max(1, Math.round(economicOrderQuantity({ annualDemand, orderingCost: input.orderingCost, unitCost: input.unitCost, holdingRate: input.holdingRate }).quantity)) : 0;
  const ss = (extraReview: number, orderQuantity: number): number => {
    const r = useErrors
      ? safetyStockFromForecastErrors({ serviceLevel: input.serviceLevel, residuals: input.forecastResiduals ?? [], leadTimeDays: input.leadTimeDays, reviewPeriodDays: extraReview })
      : safetyStock({ serviceLevel: input.serviceLevel, averageDailyDemand: input.averageDailyDemand, dailyDemandStdDev: input.dailyDemandStdDev, leadTimeDays: input.leadTimeDays, leadTimeStdDevDays: input.leadTimeStdDevDays ?? 0, reviewPeriodDays: extraReview });
    if ((input.serviceMeasure ?? 'cycle') === 'cycle') return r.safetyStock;
    return fillRateSafetyFactor({ fillRate: input.serviceLevel, orderQuantity, protectionStdDev: r.protectionStdDev }) * r.protectionStdDev;
  };
  const continuousSs = Math.ceil(ss(0, eoq) - 1e-9);
  const periodicSs = Math.ceil(ss(review, input.averageDailyDemand * review) - 1e-9);
  const reorderPoint = Math.ceil(input.averageDailyDemand * input.leadTimeDays + continuousSs - 1e-9);
  const available = Math.max(0, (input.onHand ?? 0) - (input.allocated ?? 0));
  const startDate = input.startDate ?? '1970-01-01';
  const forecast = input.dailyForecast ?? [];
  const projection = input.onHand !== undefined && forecast.length > 0 ? projectStockout({ available, startDate, dailyForecast: forecast, receipts: input.receipts ?? [] }) : null;
  const flatCover = input.onHand !== undefined && input.averageDailyDemand > 0 ? available / input.averageDailyDemand : null;
  const flatDate = flatCover === null || input.startDate === undefined ? null : addDays(input.startDate, Math.floor(flatCover));
  return {
    safetyStock: continuousSs,
    reorderPoint,
    economicOrderQuantity: eoq,
    min: reorderPoint,
    max: reorderPoint + eoq,
    orderUpTo: Math.ceil(input.averageDailyDemand * (input.leadTimeDays + review) + periodicSs - 1e-9),
    daysOfCover: projection ? projection.daysOfCover : flatCover,
    stockoutDate: projection ? projection.stockoutDate : flatDate,
    safetyStockMethod: useErrors ? 'forecast_errors' : 'demand_and_lead_time',
  };
}
