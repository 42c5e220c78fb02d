import { describe, expect, it } from 'vitest';
import { deseasonalise, isSeasonal, reseasonalise, seasonalProfile } from './classical-decomposition.ts';

const pattern = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7];
const mean = pattern.reduce((a, b) => a + b, 0) / 12;

describe('classical decomposition', () => {
  it('when a constant level carries a known multiplicative pattern, then the indices are recovered exactly', () => {
    const values = Array.from({ length: 60 }, (_, t) => 100 * pattern[t % 12]!);
    const profile = seasonalProfile(values, 12);
    expect(profile.mode).toBe('multiplicative');
    profile.indices.forEach((v, i) => expect(v).toBeCloseTo(pattern[i]! / mean, 10));
    const adjusted = deseasonalise(values, profile);
    adjusted.forEach((v) => expect(v).toBeCloseTo(100 * mean, 8));
    expect(reseasonalise(adjusted, profile, 0).map((v, i) => v - values[i]!).every((d) => Math.abs(d) < 1e-9)).toBe(true);
  });

  it('when values can be negative, then the decomposition is additive', () => {
    const values = Array.from({ length: 48 }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 12) + 0.1 * t - 3);
    expect(seasonalProfile(values, 12).mode).toBe('additive');
  });

  it('when the series is white noise or shorter than three seasons, then the 90 % test says not seasonal', () => {
    let s = 12345;
    const noise = Array.from({ length: 120 }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648));
    expect(isSeasonal(noise, 12)).toBe(false);
    const seasonal = Array.from({ length: 35 }, (_, t) => 100 * pattern[t % 12]!);
    expect(isSeasonal(seasonal, 12)).toBe(false);
    expect(seasonalProfile(seasonal, 12).mode).toBe('none');
    expect(isSeasonal(Array.from({ length: 60 }, (_, t) => 100 * pattern[t % 12]!), 12)).toBe(true);
  });
});
