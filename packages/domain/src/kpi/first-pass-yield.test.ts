import { describe, expect, it } from 'vitest';
import { firstPassYield } from './first-pass-yield.ts';

describe('firstPassYield', () => {
  it('when 1,000 bottles enter and 940 pass first time (40 reworked, 20 scrapped), then FPY is 94 %', () => {
    expect(firstPassYield(940, 1000)?.toString()).toBe('0.94');
  });

  it('when nothing entered the process, then FPY is null', () => {
    expect(firstPassYield(0, 0)).toBeNull();
  });
});
