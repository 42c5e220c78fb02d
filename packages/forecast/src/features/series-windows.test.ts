import { describe, expect, it } from 'vitest';
import { defaultWindowLength, normalisedWindow, trainingOrigins, windowFeatureCount, windowFeatures } from './series-windows.ts';

describe('series windows', () => {
  it('when a window is normalised, then it is centred on its last value and scaled by its mean absolute value', () => {
    const w = normalisedWindow([1, 2, 3, 4, 5, 6], 6, 4);
    expect(w.centre).toBe(6);
    expect(w.scale).toBeCloseTo(4.5, 12);
    expect(Array.from(w.z)).toEqual([-3 / 4.5, -2 / 4.5, -1 / 4.5, 0]);
  });

  it('when the series is shorter than the window, then it is left-padded with the first value', () => {
    const w = normalisedWindow([2, 4], 2, 4);
    expect(Array.from(w.z, (z) => w.centre + w.scale * z)).toEqual([2, 2, 2, 4]);
  });

  it('when the window is all zeros, then the scale falls back to 1 (no division by zero)', () => {
    const w = normalisedWindow([0, 0, 0], 3, 3);
    expect(w.scale).toBe(1);
    expect(Array.from(w.z)).toEqual([0, 0, 0]);
  });

  it('when features are built, then lags, rolling stats, slope and season position fill exactly the counted slots', () => {
    const z = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const count = windowFeatureCount(12, 12);
    const out = new Float64Array(count + 1).fill(NaN);
    windowFeatures(z, 12, 15, out);
    expect(out.slice(0, count).every(Number.isFinite)).toBe(true);
    expect(Number.isNaN(out[count]!)).toBe(true);
    expect(out[12]).toBeCloseTo(10, 12); // mean of the last 3
    expect(out[count - 4]).toBeCloseTo(1, 12); // slope
    expect(out[count - 3]).toBeCloseTo(3 / 12, 12); // season position of index 15
  });

  it('when origins are listed, then every one leaves a full horizon of targets', () => {
    expect(trainingOrigins(30, 18, 6, 100)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(trainingOrigins(30, 18, 6, 3)).toEqual([10, 11, 12]);
    expect(defaultWindowLength(12, 18)).toBe(24);
  });
});
