import { Decimal } from 'decimal.js';
import { type DecimalInput, safeRatio } from './ratio.ts';

/** Gross profit = net revenue − cost of goods sold, in the same currency. */
export function grossProfit(netRevenue: DecimalInput, cogs: DecimalInput): Decimal {
  return new Decimal(netRevenue).minus(cogs);
}

/**
 * Gross margin (ratio 0–1) = (net revenue − COGS) / net revenue. Net revenue is after discounts and refunds,
 * before tax; COGS is the standard unit cost of the units sold. Null when there is no revenue.
 */
export function grossMargin(netRevenue: DecimalInput, cogs: DecimalInput): Decimal | null {
  return safeRatio(grossProfit(netRevenue, cogs), netRevenue);
}
