import { Decimal } from 'decimal.js';
import { type DecimalInput, safeRatio } from './ratio.ts';

/** Average inventory value over a period = mean of the valuation snapshots (at least opening and closing). */
export function averageInventoryValue(snapshots: readonly DecimalInput[]): Decimal | null {
  if (snapshots.length === 0) return null;
  return snapshots.reduce<Decimal>((sum, v) => sum.plus(v), new Decimal(0)).div(snapshots.length);
}

/**
 * Inventory turnover (times per period) = COGS for the period / average inventory value (at cost) for the period.
 * For an annual rate multiply by 365 / period days; the API reports the annualised figure so periods of
 * different lengths compare. Null when average inventory is zero.
 */
export function inventoryTurnover(cogs: DecimalInput, averageInventory: DecimalInput): Decimal | null {
  return safeRatio(cogs, averageInventory);
}

/** Scales a per-period rate to a 365-day year. */
export function annualise(perPeriod: Decimal | null, periodDays: number): Decimal | null {
  if (perPeriod === null || periodDays <= 0) return null;
  return perPeriod.times(365).div(periodDays);
}
