import { describe, expect, it } from 'vitest';
import { annualise, averageInventoryValue, inventoryTurnover } from './inventory-turnover.ts';

describe('inventoryTurnover', () => {
  it('when annual COGS is 120,000 and inventory goes from 25,000 to 35,000, then average is 30,000 and turnover 4×', () => {
    const avg = averageInventoryValue(['25000', '35000']);
    expect(avg?.toString()).toBe('30000');
    expect(inventoryTurnover('120000', avg!)?.toString()).toBe('4');
  });

  it('when a quarter (90 days) turns 1.5 times, then the annualised rate is 6.083 (1.5 × 365 / 90)', () => {
    expect(annualise(inventoryTurnover('45000', '30000'), 90)?.toFixed(3)).toBe('6.083');
  });

  it('when there is no inventory, then turnover is null', () => {
    expect(inventoryTurnover('100', '0')).toBeNull();
    expect(averageInventoryValue([])).toBeNull();
  });
});
