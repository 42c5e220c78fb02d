import { endOfMonth, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';
import { classifyCccBreach, specCccThresholds, type CccBreach, type CccThresholds } from './classify-ccc-breach.ts';
import { computeWorkingCapital, type WorkingCapitalResult } from './compute-working-capital.ts';

/** One calendar month of flows and month-end balances. */
export interface MonthlyWorkingCapital {
  /** "YYYY-MM". */
  readonly month: string;
  readonly netRevenue: DecimalInput;
  readonly cogs: DecimalInput;
  readonly closingReceivables: DecimalInput;
  readonly closingInventory: DecimalInput;
  readonly closingPayables: DecimalInput;
}

export interface WorkingCapitalTrendPoint extends WorkingCapitalResult {
  readonly month: string;
  /** Null when the CCC is not defined (no sales or no COGS in the month). */
  readonly breach: CccBreach | null;
}

/**
 * Monthly DSO/DIO/DPO/CCC trend with breach classification. Each month averages its opening balance (the
 * previous month's close, or `opening` for the first month) and its closing balance over its actual calendar
 * days. Months must be consecutive and in order.
 */
export function workingCapitalTrend(
  opening: { receivables: DecimalInput; inventory: DecimalInput; payables: DecimalInput },
  months: readonly MonthlyWorkingCapital[],
  thresholds: CccThresholds = specCccThresholds,
): WorkingCapitalTrendPoint[] {
  let previous = opening;
  let previousMonth: string | undefined;
  return months.map((m) => {
    if (!/^\d{4}-\d{2}$/.test(m.month)) throw new DomainError('invalid_input', `month must be YYYY-MM, got "${m.month}"`, 'month');
    const start = `${m.month}-01` as IsoDate;
    if (previousMonth !== undefined) {
      const expected = new Date(Date.parse(`${previousMonth}-01T00:00:00Z`));
      expected.setUTCMonth(expected.getUTCMonth() + 1);
      if (expected.toISOString().slice(0, 7) !== m.month) throw new DomainError('invalid_input', `months must be consecutive: ${previousMonth} then ${m.month}`, 'month');
    }
    const result = computeWorkingCapital({
      periodStart: start,
      periodEnd: endOfMonth(start),
      netRevenue: m.netRevenue,
      cogs: m.cogs,
      receivables: [previous.receivables, m.closingReceivables],
      inventory: [previous.inventory, m.closingInventory],
      payables: [previous.payables, m.closingPayables],
    });
    previous = { receivables: m.closingReceivables, inventory: m.closingInventory, payables: m.closingPayables };
    previousMonth = m.month;
    return { ...result, month: m.month, breach: result.ccc === null ? null : classifyCccBreach(result.ccc, thresholds) };
  });
}
