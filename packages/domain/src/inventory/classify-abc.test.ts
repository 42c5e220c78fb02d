import { describe, expect, it } from 'vitest';
import { classifyAbc } from './classify-abc.ts';
import { classifyXyz } from './classify-xyz.ts';

// Heizer, Render & Munson, "Operations Management" (12th ed.), ch. 12 Inventory Management, Example 1
// (Silicon Chips, Inc.): ten items, annual volume × unit cost, total annual dollar volume $232,057. The book's
// classes: A = #10286, #11526 (72 %); B = #12760, #10867, #10500 (23 %); C = the other five (5 %).
const heizer = [
  ['#10286', 1000, '90.00'], ['#11526', 500, '154.00'], ['#12760', 1550, '17.00'], ['#10867', 350, '42.86'],
  ['#10500', 1000, '12.50'], ['#12572', 600, '14.17'], ['#14075', 2000, '0.60'], ['#01036', 100, '8.50'],
  ['#01307', 1200, '0.42'], ['#10572', 250, '0.60'],
] as const;
const items = heizer.map(([id, volume, cost]) => ({ id, annualConsumptionValue: (Number(cost) * 100 * volume / 100).toFixed(2) }));

describe('classifyAbc', () => {
  it('when given Heizer\'s ten items with 80/96 cut-offs, then the classes are the book\'s', () => {
    const r = classifyAbc(items, { a: 0.8, b: 0.96 });
    expect(r.map((x) => `${x.id}:${x.class}`)).toEqual([
      '#10286:A', '#11526:A', '#12760:B', '#10867:B', '#10500:B', '#12572:C', '#14075:C', '#01036:C', '#01307:C', '#10572:C',
    ]);
    expect(r[0]?.share.times(100).toFixed(1)).toBe('38.8');
    expect(r[1]?.cumulativeShare.times(100).toFixed(1)).toBe('72.0');
    expect(r.reduce((s, x) => s + Number(x.annualConsumptionValue), 0)).toBe(232057);
  });

  it('when the default 80/95 cut-offs apply, then #10500 (cumulative 95.17 %) falls to C', () => {
    const r = classifyAbc(items);
    expect(r.find((x) => x.id === '#10500')?.cumulativeShare.times(100).toFixed(2)).toBe('95.17');
    expect(r.find((x) => x.id === '#10500')?.class).toBe('C');
    expect(r.filter((x) => x.class === 'B').map((x) => x.id)).toEqual(['#12760', '#10867']);
  });

  it('when one item holds 90 % of the value, then it is still A and the list handles zero totals', () => {
    const r = classifyAbc([{ id: 'big', annualConsumptionValue: '90' }, { id: 'small', annualConsumptionValue: '10' }]);
    expect(r.map((x) => x.class)).toEqual(['A', 'C']);
    expect(classifyAbc([{ id: 'x', annualConsumptionValue: '0' }])[0]?.class).toBe('C');
    expect(() => classifyAbc([{ id: 'x', annualConsumptionValue: '-1' }])).toThrow(expect.objectContaining({ field: 'annualConsumptionValue' }));
  });
});

describe('classifyXyz', () => {
  it('when demand is steady, fluctuating or lumpy, then CV = σ/μ puts it in X, Y or Z', () => {
    const r = classifyXyz([
      { id: 'steady', demand: [10, 10, 10, 10] }, // σ 0 → CV 0
      { id: 'edgeX', demand: [5, 15, 5, 15] }, // μ 10, σ 5 → CV 0.5 (X, inclusive)
      { id: 'edgeY', demand: [0, 20, 0, 20] }, // μ 10, σ 10 → CV 1.0 (Y, inclusive)
      { id: 'lumpy', demand: [0, 0, 0, 40] }, // μ 10, σ √300 = 17.32 → CV 1.73
      { id: 'none', demand: [0, 0] },
    ]);
    expect(r.map((x) => x.class)).toEqual(['X', 'X', 'Y', 'Z', 'Z']);
    expect(r[3]?.coefficientOfVariation).toBeCloseTo(Math.sqrt(3), 10);
    expect(r[4]?.coefficientOfVariation).toBe(Infinity);
  });

  it('when demand has one period or a negative value, then a DomainError names demand', () => {
    expect(() => classifyXyz([{ id: 'x', demand: [1] }])).toThrow(expect.objectContaining({ field: 'demand' }));
    expect(() => classifyXyz([{ id: 'x', demand: [1, -1] }])).toThrow(expect.objectContaining({ field: 'demand' }));
  });
});
