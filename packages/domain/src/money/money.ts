import { Decimal } from 'decimal.js';
import { DomainError } from '../domain-error.ts';

/**
 * Decimal constructor used for every money computation: 34 significant digits (IEEE decimal128) and
 * banker's rounding, so intermediate results never lose cents and final rounding is unbiased.
 */
export const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

/** Anything that converts exactly to a decimal: a decimal string ("12.34"), an integer, or a Decimal. */
export type DecimalInput = Decimal.Value;

/** ISO 4217 code, upper case. */
export type CurrencyCode = string;

/** An amount in one currency. `amount` is never a JS float. */
export interface Money {
  readonly amount: Decimal;
  readonly currency: CurrencyCode;
}

/** ISO 4217 minor units for the currencies whose exponent is not 2. */
const minorUnitOverrides: Readonly<Record<string, number>> = {
  JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, XAF: 0, XOF: 0, UGX: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Number of decimal places of the currency's minor unit (ISO 4217); 2 unless listed otherwise. */
export function minorUnits(currency: CurrencyCode): number {
  return minorUnitOverrides[currency] ?? 2;
}

function checkCurrency(currency: string): CurrencyCode {
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new DomainError('invalid_input', `currency must be a 3-letter ISO 4217 code, got "${currency}"`, 'currency');
  }
  return currency;
}

/**
 * Builds a Money value. Floats are refused unless they are integers, because `0.1` as a float is not 0.1:
 * pass decimal strings ("0.10") for fractional amounts.
 */
export function money(amount: DecimalInput, currency: CurrencyCode): Money {
  if (typeof amount === 'number' && !Number.isInteger(amount)) {
    throw new DomainError('invalid_input', `money amounts must be decimal strings, not floats (${amount})`, 'amount');
  }
  let value: Decimal;
  try {
    value = new Dec(amount);
  } catch {
    throw new DomainError('invalid_input', `not a decimal amount: ${String(amount)}`, 'amount');
  }
  if (!value.isFinite()) throw new DomainError('invalid_input', 'money amount must be finite', 'amount');
  return { amount: value, currency: checkCurrency(currency) };
}

/** Zero in a currency. */
export function zeroMoney(currency: CurrencyCode): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError('invalid_input', `currency mismatch: ${a.currency} vs ${b.currency} (convert first)`, 'currency');
  }
}

/** a + b (same currency). */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: a.amount.plus(b.amount), currency: a.currency };
}

/** a − b (same currency). */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: a.amount.minus(b.amount), currency: a.currency };
}

/** m × factor, unrounded (round at the end with {@link roundMoney}). */
export function multiplyMoney(m: Money, factor: DecimalInput): Money {
  return { amount: m.amount.times(new Dec(factor)), currency: m.currency };
}

/** Sum of a list in one currency; an empty list sums to zero. */
export function sumMoney(items: readonly Money[], currency: CurrencyCode): Money {
  let total = new Dec(0);
  for (const item of items) {
    if (item.currency !== currency) sameCurrency({ amount: total, currency }, item);
    total = total.plus(item.amount);
  }
  return { amount: total, currency: checkCurrency(currency) };
}

/** Rounds half-to-even (banker's rounding) to the currency's minor unit. */
export function roundMoney(m: Money): Money {
  return { amount: m.amount.toDecimalPlaces(minorUnits(m.currency), Decimal.ROUND_HALF_EVEN), currency: m.currency };
}

/** -1, 0 or 1 (same currency). */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount.comparedTo(b.amount) as -1 | 0 | 1;
}

/** Fixed-point string rounded to minor units, e.g. "1234.50": the wire and storage format. */
export function moneyToDecimalString(m: Money): string {
  return roundMoney(m).amount.toFixed(minorUnits(m.currency));
}

/**
 * Splits an amount into `weights.length` parts rounded to minor units that add up exactly to the rounded
 * total (largest-remainder method), e.g. for instalments or allocating a cost across lines.
 */
export function allocateMoney(m: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0 || weights.some((w) => !(w >= 0)) || weights.every((w) => w === 0)) {
    throw new DomainError('invalid_input', 'weights must be non-negative and not all zero', 'weights');
  }
  const places = minorUnits(m.currency);
  const unit = new Dec(10).pow(-places);
  const total = roundMoney(m).amount;
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => total.times(w).dividedBy(weightSum));
  const floored = raw.map((r) => r.toDecimalPlaces(places, Decimal.ROUND_FLOOR));
  let remainder = total.minus(floored.reduce((s, f) => s.plus(f), new Dec(0)));
  const order = raw
    .map((r, i) => ({ i, frac: r.minus(floored[i] as Decimal) }))
    .sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  for (const { i } of order) {
    if (remainder.lessThan(unit)) break;
    floored[i] = (floored[i] as Decimal).plus(unit);
    remainder = remainder.minus(unit);
  }
  return floored.map((amount) => ({ amount, currency: m.currency }));
}
