import { Decimal } from 'decimal.js';
import { type DecimalInput, safeRatio } from './ratio.ts';

/**
 * Working-capital day counts. Day-count convention: `periodDays` is the number of calendar days in the period,
 * both ends inclusive (1 Jan–31 Mar = 90 days), and balances are averages over the period (at least opening and
 * closing). Flows are for the same period, in the same currency as the balances.
 *
 *   DSO = average trade receivables / net revenue × days
 *   DIO = average inventory at cost / COGS × days
 *   DPO = average trade payables / COGS × days
 *   CCC = DSO + DIO − DPO
 *
 * DPO uses COGS rather than purchases so DIO and DPO share one base (the common textbook convention, e.g.
 * Brealey-Myers-Allen); a null means the base flow was zero.
 */
export function daysSalesOutstanding(averageReceivables: DecimalInput, netRevenue: DecimalInput, periodDays: number): Decimal | null {
  return safeRatio(new Decimal(averageReceivables).times(periodDays), netRevenue);
}

/** DIO = average inventory / COGS × days. */
export function daysInventoryOutstanding(averageInventory: DecimalInput, cogs: DecimalInput, periodDays: number): Decimal | null {
  return safeRatio(new Decimal(averageInventory).times(periodDays), cogs);
}

/** DPO = average payables / COGS × days. */
export function daysPayablesOutstanding(averagePayables: DecimalInput, cogs: DecimalInput, periodDays: number): Decimal | null {
  return safeRatio(new Decimal(averagePayables).times(periodDays), cogs);
}

/** CCC = DSO + DIO − DPO; null if any component is null. */
export function cashConversionCycle(dso: Decimal | null, dio: Decimal | null, dpo: Decimal | null): Decimal | null {
  if (dso === null || dio === null || dpo === null) return null;
  return dso.plus(dio).minus(dpo);
}

/** Calendar days from `from` to `to`, both inclusive (ISO dates, UTC). */
export function periodDays(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}
