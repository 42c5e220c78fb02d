import { describe, expect, it } from 'vitest';
import { availability, oee, performance, quality } from './oee.ts';

// Worked example from oee.com "Calculate OEE" (Vorne): an 8-hour shift (480 min) with two 15-minute breaks and a
// 30-minute meal → 420 min planned; 47 min down → 373 min run time; ideal cycle time 1.0 s; 19,271 made,
// 423 rejected → 18,848 good. Published: availability 88.81 %, performance 86.11 %, quality 97.80 %, OEE 74.79 %.
const vorne = { plannedMinutes: 420, downtimeMinutes: 47, idealCycleMinutes: '0.0166666666666666666666666667', totalCount: 19271, goodCount: 18848 };

describe('oee', () => {
  it('when given the oee.com worked example, then each factor and OEE match the published numbers', () => {
    const r = oee(vorne);
    expect(r.availability?.times(100).toFixed(2)).toBe('88.81');
    expect(r.performance?.times(100).toFixed(2)).toBe('86.11');
    expect(r.quality?.times(100).toFixed(2)).toBe('97.80');
    expect(r.oee?.times(100).toFixed(2)).toBe('74.79');
  });

  it('when computed as A × P × Q, then it equals good count × ideal cycle time / planned time', () => {
    const r = oee(vorne);
    const direct = (18848 * (1 / 60)) / 420;
    expect(Number(r.oee)).toBeCloseTo(direct, 9);
  });

  it('when nothing was planned, then every factor that divides by planned or run time is null', () => {
    expect(availability(0, 0)).toBeNull();
    expect(performance(1, 10, 0)).toBeNull();
    expect(oee({ plannedMinutes: 0, downtimeMinutes: 0, idealCycleMinutes: 1, totalCount: 0, goodCount: 0 }).oee).toBeNull();
  });

  it('when nothing was made, then quality is null, not 100 %', () => {
    expect(quality(0, 0)).toBeNull();
  });
});
