import { Decimal } from 'decimal.js';
import { daysBetween, daysInclusive, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError, requirePositive } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

export interface PurchaseOrderCccEffectInput {
  /** Order value at cost. */
  readonly value: DecimalInput;
  readonly receiptDate: IsoDate;
  readonly paymentDueDate: IsoDate;
  /** Days the received stock lasts (quantity / forecast daily demand); it is consumed evenly over them. */
  readonly coverDays: number;
  /** The period the CCC is measured on (inclusive) and its COGS. */
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly periodCogs: DecimalInput;
}

export interface PurchaseOrderCccEffect {
  readonly averageInventoryChange: Decimal;
  readonly averagePayablesChange: Decimal;
  /** Days added to DIO (positive = more stock). */
  readonly dioChange: Decimal;
  /** Days added to DPO (positive = more credit used). */
  readonly dpoChange: Decimal;
  /** ΔCCC = ΔDIO − ΔDPO (DSO is unaffected by a purchase). */
  readonly cccChange: Decimal;
}

/**
 * What a purchase order does to the CCC of a period, with the same average-balance convention as
 * `computeWorkingCapital`: from its receipt the order adds its value to inventory, falling evenly to zero over
 * `coverDays`, and adds its value to payables until the payment date. The daily balances are averaged over the
 * period's calendar days and turned into days with the period's COGS.
 */
export function purchaseOrderCccEffect(input: PurchaseOrderCccEffectInput): PurchaseOrderCccEffect {
  requirePositive(input.coverDays, 'coverDays');
  const value = new Decimal(input.value);
  const cogs = new Decimal(input.periodCogs);
  if (!value.isFinite() || value.isNegative()) throw new DomainError('invalid_input', 'value must be ≥ 0', 'value');
  if (!cogs.isFinite() || !cogs.greaterThan(0)) throw new DomainError('invalid_input', 'periodCogs must be > 0', 'periodCogs');
  const days = daysInclusive(input.periodStart, input.periodEnd);
  const receipt = daysBetween(input.periodStart, input.receiptDate);
  const payment = daysBetween(input.periodStart, input.paymentDueDate);
  if (payment < receipt) throw new DomainError('invalid_input', 'paymentDueDate is before receiptDate', 'paymentDueDate');
  // Σ (1 − k / cover) over the days k since receipt that fall in the period and before the stock is gone,
  // summed as n − Σk / cover so the result is exact.
  let stockDays = 0;
  let sumK = 0;
  let payableDays = 0;
  for (let t = Math.max(0, receipt); t < days; t++) {
    const k = t - receipt;
    if (k < input.coverDays) {
      stockDays++;
      sumK += k;
    }
    if (t < payment) payableDays++;
  }
  const inventoryShareDays = new Decimal(stockDays).minus(new Decimal(sumK).dividedBy(input.coverDays));
  const averageInventoryChange = value.times(inventoryShareDays).dividedBy(days);
  const averagePayablesChange = value.times(payableDays).dividedBy(days);
  const dioChange = averageInventoryChange.dividedBy(cogs).times(days);
  const dpoChange = averagePayablesChange.dividedBy(cogs).times(days);
  return { averageInventoryChange, averagePayablesChange, dioChange, dpoChange, cccChange: dioChange.minus(dpoChange) };
}
