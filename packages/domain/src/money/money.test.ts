import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error.ts';
import { convertMoney } from './convert-money.ts';
import { addMoney, allocateMoney, compareMoney, minorUnits, money, moneyToDecimalString, multiplyMoney, roundMoney, subtractMoney, sumMoney } from './money.ts';

describe('money', () => {
  it('when adding 0.1 and 0.2, then the result is exactly 0.3 (no binary float error)', () => {
    expect(addMoney(money('0.1', 'GBP'), money('0.2', 'GBP')).amount.toString()).toBe('0.3');
  });

  it('when a fractional float is passed, then it is refused with the field name', () => {
    expect(() => money(0.1, 'GBP')).toThrowError(DomainError);
    try {
      money(0.1, 'GBP');
    } catch (e) {
      expect((e as DomainError).field).toBe('amount');
    }
  });

  it('when currencies differ, then arithmetic refuses', () => {
    expect(() => addMoney(money(1, 'GBP'), money(1, 'EUR'))).toThrow(/currency mismatch/);
    expect(() => sumMoney([money(1, 'GBP'), money(1, 'EUR')], 'GBP')).toThrow(/currency mismatch/);
  });

  it('when rounding halves, then it rounds half to even (banker\'s rounding, IEEE 754 roundTiesToEven)', () => {
    expect(roundMoney(money('2.345', 'GBP')).amount.toString()).toBe('2.34');
    expect(roundMoney(money('2.355', 'GBP')).amount.toString()).toBe('2.36');
    expect(roundMoney(money('-2.345', 'GBP')).amount.toString()).toBe('-2.34');
    expect(roundMoney(money('1234.5', 'JPY')).amount.toString()).toBe('1234');
    expect(roundMoney(money('1.2345', 'KWD')).amount.toString()).toBe('1.234');
    expect(minorUnits('USD')).toBe(2);
  });

  it('when multiplying, subtracting and comparing, then results are exact', () => {
    const vat = multiplyMoney(money('19.99', 'GBP'), '0.2');
    expect(vat.amount.toString()).toBe('3.998');
    expect(moneyToDecimalString(vat)).toBe('4.00');
    expect(subtractMoney(money('10', 'GBP'), money('10.01', 'GBP')).amount.toString()).toBe('-0.01');
    expect(compareMoney(money('1.00', 'GBP'), money(1, 'GBP'))).toBe(0);
    expect(sumMoney([], 'EUR').amount.isZero()).toBe(true);
  });

  it('when allocating 100.00 in three equal parts, then the parts are 33.34, 33.33, 33.33 and sum to 100.00', () => {
    const parts = allocateMoney(money('100', 'GBP'), [1, 1, 1]).map((p) => p.amount.toString());
    expect(parts).toEqual(['33.34', '33.33', '33.33']);
    const weighted = allocateMoney(money('0.05', 'GBP'), [3, 7]).map((p) => p.amount.toString());
    expect(weighted).toEqual(['0.02', '0.03']);
  });

  it('when converting GBP to USD through a EUR-based table, then the cross rate is rate[USD]/rate[GBP]', () => {
    // ECB-style quotes (units per EUR): USD 1.0800, GBP 0.8500 → 100 GBP = 100 / 0.85 × 1.08 = 127.0588… USD.
    const table = { base: 'EUR', rates: { USD: '1.0800', GBP: '0.8500' } };
    const usd = convertMoney(money('100', 'GBP'), 'USD', table);
    expect(usd.currency).toBe('USD');
    expect(moneyToDecimalString(usd)).toBe('127.06');
    expect(convertMoney(money('10', 'EUR'), 'GBP', table).amount.toString()).toBe('8.5');
    expect(() => convertMoney(money('10', 'EUR'), 'CHF', table)).toThrow(/no FX rate for CHF/);
  });
});
