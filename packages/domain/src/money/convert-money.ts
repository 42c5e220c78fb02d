import type { Decimal } from 'decimal.js';
import { DomainError } from '../domain-error.ts';
import { Dec, type CurrencyCode, type DecimalInput, type Money } from './money.ts';

/**
 * FX rates quoted against one base currency: `rates[X]` = units of X per 1 unit of `base`
 * (the ECB reference-rate convention, e.g. base EUR, rates.USD = "1.0823").
 */
export interface FxRateTable {
  readonly base: CurrencyCode;
  readonly rates: Readonly<Record<CurrencyCode, DecimalInput>>;
}

function rateOf(table: FxRateTable, currency: CurrencyCode): Decimal {
  if (currency === table.base) return new Dec(1);
  const rate = table.rates[currency];
  if (rate === undefined) throw new DomainError('unknown_reference', `no FX rate for ${currency} in a ${table.base} table`, 'currency');
  const value = new Dec(rate);
  if (!value.isFinite() || value.lessThanOrEqualTo(0)) throw new DomainError('invalid_input', `FX rate for ${currency} must be > 0`, 'rates');
  return value;
}

/**
 * Converts `m` into `to` through the table's base (cross rate = rate[to] / rate[from]). The result is not
 * rounded: round once at the end of a calculation with `roundMoney`.
 */
export function convertMoney(m: Money, to: CurrencyCode, table: FxRateTable): Money {
  if (m.currency === to) return m;
  const amount = m.amount.dividedBy(rateOf(table, m.currency)).times(rateOf(table, to));
  return { amount, currency: to };
}
