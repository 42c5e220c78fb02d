import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { naive, naive2, seasonalNaive } from './naive.ts';

runModelContract(naive);
runModelContract(seasonalNaive);
runModelContract(naive2);

describe('naive benchmarks on hand-computed values', () => {
  it('when forecasting a random walk, then the last value repeats with sd σ√h', () => {
    const f = naive.fit({ values: [1, 3, 2, 4], period: 1 });
    const fc = naive.forecast(f, { h: 4, levels: [95] });
    expect(fc.mean).toEqual([4, 4, 4, 4]);
    const sigma = Math.sqrt((4 + 1 + 4) / 3);
    expect(fc.intervals[0]!.upper[3]! - 4).toBeCloseTo(1.959963984540054 * sigma * 2, 9);
  });
  it('when forecasting seasonal naive past one season, then the last season repeats', () => {
    const f = seasonalNaive.fit({ values: [1, 2, 3, 4, 5, 6], period: 4 });
    expect(seasonalNaive.forecast(f, { h: 6 }).mean).toEqual([3, 4, 5, 6, 3, 4]);
  });
  it('when the season is strong and n ≥ 3m, then Naive2 re-seasonalises the last adjusted value', () => {
    const s = [0.7, 1.2, 1.4, 0.7];
    const y = Array.from({ length: 24 }, (_, t) => 100 * s[t % 4]!);
    const fc = naive2.forecast(naive2.fit({ values: y, period: 4 }), { h: 4 });
    fc.mean.forEach((v, i) => expect(v).toBeCloseTo(y[20 + i]!, 6));
  });
  it('when there is no seasonality, then Naive2 equals naive', () => {
    const y = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
    expect(naive2.forecast(naive2.fit({ values: y, period: 4 }), { h: 3 }).mean).toEqual([17, 17, 17]);
  });
});
