import { describe, expect, it } from 'vitest';
import { grossMargin, grossProfit } from './gross-margin.ts';

describe('grossMargin', () => {
  it('when revenue is 1,000.00 and COGS 620.00, then gross profit is 380.00 and margin 38 %', () => {
    expect(grossProfit('1000.00', '620.00').toFixed(2)).toBe('380.00');
    expect(grossMargin('1000.00', '620.00')?.times(100).toFixed(2)).toBe('38.00');
  });

  it('when money has cents that floats cannot hold exactly, then the margin is exact', () => {
    // 0.30 − 0.10 in floats is 0.19999999999999998; decimal arithmetic gives 2/3 exactly as 0.666…
    expect(grossMargin('0.30', '0.10')?.toFixed(6)).toBe('0.666667');
  });

  it('when there is no revenue, then the margin is null', () => {
    expect(grossMargin('0', '10')).toBeNull();
  });
});
