import { describe, expect, it } from 'vitest';
import { ensembleForecastBatch } from './ensemble.ts';
import { shortSeasonIndices } from './short-season-indices.ts';

// 24 months starting in January: a slow trend, a summer lift and a December peak, with a little noise
const profile = [0.7, 0.75, 0.85, 0.95, 1.05, 1.15, 1.2, 1.1, 0.95, 0.95, 1.1, 1.5];
const noise = (t: number) => 1 + 0.04 * Math.sin(7.3 * t + 1);
const month = (t: number) => (500 + 5 * t) * profile[t % 12]! * noise(t);
const seasonal = Array.from({ length: 24 }, (_, t) => month(t));
const flat = Array.from({ length: 24 }, (_, t) => 500 * (1 + 0.15 * Math.sin(2.1 * t * t)));

describe('short seasonal histories', () => {
  it('when two seasons repeat the same profile, then indices are found (December highest) and aligned to t % m', () => {
    const idx = shortSeasonIndices(Array.from({ length: 25 }, (_, k) => month(k + 1)), 12)!;
    expect(idx).toHaveLength(12);
    // the series starts in February, so position 10 is December
    expect(Math.max(...idx)).toBe(idx[10]);
    expect(idx.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 10);
  });

  it('when the two seasons do not repeat, or there are three seasons or non-positive values, then no indices', () => {
    expect(shortSeasonIndices(flat, 12)).toBeUndefined();
    expect(shortSeasonIndices([...seasonal, ...seasonal.slice(0, 12)], 12)).toBeUndefined();
    expect(shortSeasonIndices(seasonal.map((v, t) => (t === 3 ? 0 : v)), 12)).toBeUndefined();
  });

  it('when the ensemble gets 24 seasonal months, then its forecast carries the season (not flat) and says why', () => {
    const [r] = ensembleForecastBatch([{ values: seasonal, period: 12, h: 12 }], { levels: [80, 95], members: ['ets', 'theta', 'naive'] });
    if (!r || r instanceof Error) throw r ?? new Error('no result');
    expect(r.seasonalAdjustment?.indices).toHaveLength(12);
    // forecast months: Jan..Dec of year 3; December well above January
    expect(r.mean[11]! / r.mean[0]!).toBeGreaterThan(1.6);
    for (const iv of r.intervals) r.mean.forEach((m, t) => expect(iv.lower[t]! <= m && m <= iv.upper[t]!).toBe(true));
    const [f] = ensembleForecastBatch([{ values: flat, period: 12, h: 12 }], { levels: [80, 95], members: ['ets', 'theta', 'naive'] });
    if (!f || f instanceof Error) throw f ?? new Error('no result');
    expect(f.seasonalAdjustment).toBeUndefined();
  });
});
