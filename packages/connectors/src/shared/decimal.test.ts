import { describe, expect, it } from 'vitest';
import { addDecimals, divideDecimals, toDecimalString, toUtcIso } from './decimal.ts';

describe('toDecimalString', () => {
  it('when given vendor money strings and JSON numbers, then it returns exact decimal strings', () => {
    expect(toDecimalString('34.99', 'x')).toBe('34.99');
    expect(toDecimalString('0.0', 'x')).toBe('0');
    expect(toDecimalString(JSON.parse('1774.93449333333333') as number, 'x')).toBe('1774.9344933333334');
    expect(toDecimalString(1e-7, 'x')).toBe('0.0000001');
    expect(addDecimals('0.1', '0.2', null)).toBe('0.3');
    expect(divideDecimals('69.98', '2')).toBe('34.99');
    expect(divideDecimals('1', '0')).toBeNull();
  });

  it('when the value is not a number, then it throws MALFORMED_RESPONSE naming the field', () => {
    expect(() => toDecimalString('12,50', 'OrderTotal.Amount')).toThrow(/OrderTotal.Amount/);
    expect(() => toDecimalString(Number.NaN, 'x')).toThrow();
    expect(() => toDecimalString({}, 'x')).toThrow();
  });
});

describe('toUtcIso', () => {
  it('when a time has an offset, then it is converted to UTC; zone-less times are refused', () => {
    expect(toUtcIso('2024-05-01T10:30:00+01:00', 'created_at')).toBe('2024-05-01T09:30:00.000Z');
    expect(toUtcIso('2024-05-01T09:12:44Z', 'PurchaseDate')).toBe('2024-05-01T09:12:44.000Z');
    expect(() => toUtcIso('2024-05-01T09:12:44', 'PurchaseDate')).toThrow(/PurchaseDate/);
  });
});
