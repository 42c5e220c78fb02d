import { describe, expect, it } from 'vitest';
import { changePercent, safeRatio, toPercent } from './ratio.ts';

describe('ratio helpers', () => {
  it('when the previous value is 80 and the current 100, then the change is +25 %', () => {
    expect(changePercent('100', '80')?.toString()).toBe('25');
  });

  it('when the previous value is zero or missing, then the change is null', () => {
    expect(changePercent('100', '0')).toBeNull();
    expect(changePercent(null, '10')).toBeNull();
  });

  it('when a loss shrinks from −50 to −25, then the change is +50 % (relative to the magnitude)', () => {
    expect(changePercent('-25', '-50')?.toString()).toBe('50');
  });

  it('when dividing by zero, then the ratio is null and so is its percent', () => {
    expect(safeRatio(1, 0)).toBeNull();
    expect(toPercent(null)).toBeNull();
    expect(toPercent(safeRatio(1, 4))?.toString()).toBe('25');
  });
});
