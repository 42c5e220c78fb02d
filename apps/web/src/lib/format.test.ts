import { describe, expect, it } from 'vitest';
import { formatAge, formatChange, formatCount, formatDate, formatDays, formatMoney, formatPercent, formatRatio } from './format.ts';

describe('formatMoney', () => {
  it('when given a decimal string, then it is rounded as a decimal, not as a binary float', () => {
    // As floats, 1.005 is 1.00499999999999989… and 0.285 is 0.284999…, which round down.
    expect(formatMoney('1.005', 'GBP', { fractionDigits: 2 })).toBe('£1.01');
    expect(formatMoney('0.285', 'USD', { fractionDigits: 2 })).toBe('US$0.29');
  });

  it('when the amount exceeds float precision, then every digit survives', () => {
    expect(formatMoney('12345678901234567.89', 'EUR', { fractionDigits: 2 })).toBe('€12,345,678,901,234,567.89');
  });

  it('when no fraction digits are asked for, then whole units are shown with grouping', () => {
    expect(formatMoney('1234567.50', 'GBP')).toBe('£1,234,568');
    expect(formatMoney('-42.4', 'GBP')).toBe('-£42');
  });

  it('when compact, then large amounts are abbreviated the British way', () => {
    expect(formatMoney('1234567', 'GBP', { compact: true })).toBe('£1.23m');
  });
});

describe('number formats', () => {
  it('when formatting percent values already in 0–100, then they are not multiplied', () => {
    expect(formatPercent('42.25')).toBe('42.3%');
    expect(formatPercent(7, 0)).toBe('7%');
  });

  it('when formatting counts, ratios and days, then units are written out', () => {
    expect(formatCount('12480')).toBe('12,480');
    expect(formatCount(12480, { compact: true })).toBe('12.5k');
    expect(formatRatio('4.25')).toBe('4.3×');
    expect(formatDays('38.54')).toBe('38.5 days');
    expect(formatDays('1')).toBe('1 day');
  });

  it('when formatting a change, then it is signed except for zero', () => {
    expect(formatChange(3.44)).toBe('+3.4%');
    expect(formatChange(-1.25)).toBe('-1.3%');
    expect(formatChange(0)).toBe('0.0%');
  });
});

describe('formatDate and formatAge', () => {
  it('when given an ISO date, then it is read in UTC whatever the local zone', () => {
    expect(formatDate('2026-01-01')).toBe('1 Jan 2026');
    expect(formatDate('2026-12-31', { withYear: false })).toBe('31 Dec');
  });

  it('when given ages, then they read naturally', () => {
    expect(formatAge(10)).toBe('just now');
    expect(formatAge(150)).toBe('3 min ago');
    expect(formatAge(7200)).toBe('2 h ago');
    expect(formatAge(3 * 86400)).toBe('3 days ago');
  });
});
