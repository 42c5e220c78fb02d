import { Decimal } from 'decimal.js';
import { daysInclusive, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import { cashConversionCycle, daysInventoryOutstanding, daysPayablesOutstanding, daysSalesOutstanding } from '../kpi/cash-conversion-cycle.ts';
import type { DecimalInput } from '../money/money.ts';

/**
 * Flows and balances of one period, all in one currency, balances at cost for inventory.
 *
 * Day-count convention: the period has `periodDays` = calendar days from `periodStart` to `periodEnd`, both
 * inclusive (a calendar year has 365 or 366), unless `dayCount` fixes it at 360 or 365 (the banker's and the
 * textbook year). Each balance is the mean of the snapshots given (at least one; usually opening and closing,
 * or every month end for a smoother average). DPO is on COGS so that DIO and DPO share one base.
 */
export interface WorkingCapitalInput {
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly netRevenue: DecimalInput;
  readonly cogs: DecimalInput;
  readonly receivables: readonly DecimalInput[];
  readonly inventory: readonly DecimalInput[];
  readonly payables: readonly DecimalInput[];
  readonly dayCount?: 'actual' | 360 | 365;
}

export interface WorkingCapitalResult {
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly periodDays: number;
  readonly averageReceivables: Decimal;
  readonly averageInventory: Decimal;
  readonly averagePayables: Decimal;
  /** Days; null when the base flow (revenue or COGS) is zero. */
  readonly dso: Decimal | null;
  readonly dio: Decimal | null;
  readonly dpo: Decimal | null;
  /** CCC = DSO + DIO − DPO, null if any component is null. */
  readonly ccc: Decimal | null;
}

function average(values: readonly DecimalInput[], field: string): Decimal {
  if (values.length === 0) throw new DomainError('invalid_input', `${field} needs at least one balance snapshot`, field);
  let sum = new Decimal(0);
  for (const v of values) {
    const d = new Decimal(v);
    if (!d.isFinite() || d.isNegative()) throw new DomainError('invalid_input', `${field} balances must be ≥ 0`, field);
    sum = sum.plus(d);
  }
  return sum.dividedBy(values.length);
}

/**
 * DSO, DIO, DPO and the cash conversion cycle for one period (see {@link WorkingCapitalInput} for the
 * day-count convention). Uses the KPI formulas of `kpi/cash-conversion-cycle.ts`.
 */
export function computeWorkingCapital(input: WorkingCapitalInput): WorkingCapitalResult {
  const actualDays = daysInclusive(input.periodStart, input.periodEnd);
  const periodDays = input.dayCount === undefined || input.dayCount === 'actual' ? actualDays : input.dayCount;
  for (const field of ['netRevenue', 'cogs'] as const) {
    if (new Decimal(input[field]).isNegative()) throw new DomainError('invalid_input', `${field} must be ≥ 0`, field);
  }
  const averageReceivables = average(input.receivables, 'receivables');
  const averageInventory = average(input.inventory, 'inventory');
  const averagePayables = average(input.payables, 'payables');
  const dso = daysSalesOutstanding(averageReceivables, input.netRevenue, periodDays);
  const dio = daysInventoryOutstanding(averageInventory, input.cogs, periodDays);
  const dpo = daysPayablesOutstanding(averagePayables, input.cogs, periodDays);
  return {
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    periodDays,
    averageReceivables,
    averageInventory,
    averagePayables,
    dso,
    dio,
    dpo,
    ccc: cashConversionCycle(dso, dio, dpo),
  };
}
