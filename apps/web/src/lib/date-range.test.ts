import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, rangeAnchor, rangeLengthDays, resolvePreset } from './date-range.ts';

describe('resolvePreset', () => {
  it('when asked for the last N days, then the range holds exactly N days ending on the anchor', () => {
    expect(resolvePreset('7d', '2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(rangeLengthDays(resolvePreset('30d', '2026-03-03'))).toBe(30);
    expect(rangeLengthDays(resolvePreset('90d', '2024-03-31'))).toBe(90);
  });

  it('when asked for quarter or year to date, then it starts on the first day of that quarter or year', () => {
    expect(resolvePreset('qtd', '2026-11-26')).toEqual({ from: '2026-10-01', to: '2026-11-26' });
    expect(resolvePreset('qtd', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(resolvePreset('ytd', '2026-11-26')).toEqual({ from: '2026-01-01', to: '2026-11-26' });
  });

  it('when asked for the last 12 months, then it starts the day after the same date a year earlier', () => {
    expect(resolvePreset('12m', '2026-11-26')).toEqual({ from: '2025-11-27', to: '2026-11-26' });
    // 29 Feb has no twin in 2023: clamp to 28 Feb, start on 1 Mar.
    expect(resolvePreset('12m', '2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });
});

describe('dates', () => {
  it('when adding days across month and leap boundaries, then the calendar is respected', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('when validating dates, then impossible ones are rejected', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26-2-3')).toBe(false);
  });

  it('when the data ends before today, then ranges end on the last data day', () => {
    expect(rangeAnchor('2026-11-26', '2026-11-20')).toBe('2026-11-20');
    expect(rangeAnchor('2026-11-26', '2026-11-26')).toBe('2026-11-26');
    expect(rangeAnchor('2026-11-26', null)).toBe('2026-11-26');
  });
});
