import type { Interval } from '../model.ts';
import { zForLevel } from './normal-quantile.ts';

/** Default central interval levels in percent. */
export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/** Gaussian central intervals `mean ± z·sd` for each level (sd per horizon step). */
export function normalIntervals(mean: readonly number[], sd: readonly number[], levels: readonly number[]): Interval[] {
  return levels.map((level) => {
    const z = zForLevel(level);
    return {
      level,
      lower: mean.map((m, i) => m - z * (Number.isFinite(sd[i]!) ? sd[i]! : 0)),
      upper: mean.map((m, i) => m + z * (Number.isFinite(sd[i]!) ? sd[i]! : 0)),
    };
  });
}

/** Checks requested levels (each strictly between 0 and 100). */
export function checkLevels(levels: readonly number[] | undefined): readonly number[] {
  const ls = levels ?? DEFAULT_LEVELS;
  for (const l of ls) if (!(l > 0 && l < 100)) throw new RangeError(`interval level must be in (0, 100), got ${l}`);
  return ls;
}

/** Checks the horizon (a positive integer). */
export function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`horizon must be a positive integer, got ${h}`);
}
