import { Decimal } from 'decimal.js';
import { daysBetween, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

export interface PaidInvoice {
  readonly customerId: string;
  readonly amount: DecimalInput;
  readonly dueDate: IsoDate;
  readonly paidDate: IsoDate;
}

export interface PaymentDelayEstimate {
  /** Amount-weighted mean days paid after the due date, per customer (negative = pays early), rounded to 0.1 day. */
  readonly byCustomer: Readonly<Record<string, number>>;
  /** The same over all customers, for customers without history. */
  readonly overall: number;
  readonly invoiceCounts: Readonly<Record<string, number>>;
}

/**
 * Observed payment behaviour for the cash projection: each customer's amount-weighted average lateness
 * (paid date − due date). Weighting by amount means a large invoice paid late moves the estimate more than a
 * small one, which is what matters for cash. Customers with fewer than `minInvoices` paid invoices (default 3)
 * get the overall figure instead of a noisy one of their own.
 */
export function estimatePaymentDelays(invoices: readonly PaidInvoice[], options: { minInvoices?: number } = {}): PaymentDelayEstimate {
  const minInvoices = options.minInvoices ?? 3;
  const sums = new Map<string, { weighted: Decimal; amount: Decimal; count: number }>();
  let totalWeighted = new Decimal(0);
  let totalAmount = new Decimal(0);
  for (const inv of invoices) {
    const amount = new Decimal(inv.amount);
    if (!amount.isFinite() || !amount.greaterThan(0)) throw new DomainError('invalid_input', 'paid invoice amounts must be > 0', 'amount');
    const late = daysBetween(inv.dueDate, inv.paidDate);
    const s = sums.get(inv.customerId) ?? { weighted: new Decimal(0), amount: new Decimal(0), count: 0 };
    s.weighted = s.weighted.plus(amount.times(late));
    s.amount = s.amount.plus(amount);
    s.count += 1;
    sums.set(inv.customerId, s);
    totalWeighted = totalWeighted.plus(amount.times(late));
    totalAmount = totalAmount.plus(amount);
  }
  const round = (d: Decimal): number => d.toDecimalPlaces(1).toNumber();
  const overall = totalAmount.isZero() ? 0 : round(totalWeighted.dividedBy(totalAmount));
  const byCustomer: Record<string, number> = {};
  const invoiceCounts: Record<string, number> = {};
  for (const [customerId, s] of sums) {
    invoiceCounts[customerId] = s.count;
    byCustomer[customerId] = s.count >= minInvoices ? round(s.weighted.dividedBy(s.amount)) : overall;
  }
  return { byCustomer, overall, invoiceCounts };
}
