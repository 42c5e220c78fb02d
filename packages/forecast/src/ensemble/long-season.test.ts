import { describe, expect, it } from 'vitest';
import { ensembleForecastBatch } from './ensemble.ts';
import { factorAt, longSeasonAdjustment, WEEKS_PER_YEAR } from './long-season.ts';

// ten years of weekly data: a trend and a yearly cycle of 365.25/7 weeks (peak at the year's end), a little noise
const week = (t: number) => (1000 + 2 * t) * (1 + 0.3 * Math.cos((2 * Math.PI * t) / WEEKS_PER_YEAR)) * (1 + 0.03 * Math.sin(12.9 * t));
const weekly = Array.from({ length: 522 }, (_, t) => week(t));
const noise = Array.from({ length: 522 }, (_, t) => 1000 + 2 * t + 80 * Math.sin(7.7 * t * t));

describe('long and fractional seasons', () => {
  it('when weekly data follow the 52.18-week year, then the fractional indices still track it after a decade', () => {
    const frac = longSeasonAdjustment(weekly, WEEKS_PER_YEAR)!;
    const truth = (t: number) => 1 + 0.3 * Math.cos((2 * Math.PI * t) / WEEKS_PER_YEAR);
    const err = (a: typeof frac) => Array.from({ length: 26 }, (_, i) => Math.abs(factorAt(a, 522 + i) - truth(522 + i))).reduce((s, v) => s + v, 0) / 26;
    expect(err(frac)).toBeLessThan(0.03);
  });

  it('when the series has no season, is too short or not positive, then no adjustment', () => {
    expect(longSeasonAdjustment(noise, WEEKS_PER_YEAR)).toBeUndefined();
    expect(longSeasonAdjustment(weekly.slice(0, 150), WEEKS_PER_YEAR)).toBeUndefined();
    expect(longSeasonAdjustment(weekly.map((v, t) => (t === 9 ? -1 : v)), WEEKS_PER_YEAR)).toBeUndefined();
  });

  it('when weekly data are declared non-seasonal (period 1), then the ensemble finds the yearly season and its forecast follows it', () => {
    const [r] = ensembleForecastBatch([{ values: weekly, period: 1, h: 26 }], { levels: [80, 95], members: ['theta', 'naive'] });
    if (!r || r instanceof Error) throw r ?? new Error('no result');
    expect(r.seasonalAdjustment?.period).toBeCloseTo(WEEKS_PER_YEAR, 6);
    const truth = Array.from({ length: 26 }, (_, i) => week(522 + i));
    const mape = truth.reduce((s, v, i) => s + Math.abs(v - r.mean[i]!) / v, 0) / 26;
    expect(mape).toBeLessThan(0.08);
  });
});
