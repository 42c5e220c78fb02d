import type { Decimal } from 'decimal.js';
import { type DecimalInput, safeRatio } from './ratio.ts';

/**
 * First-pass yield = units that passed inspection the first time (no rework, no scrap) / units that entered
 * the process. Reworked units count as made but not as first-pass good, which is why FPY ≤ OEE quality
 * whenever there is rework. Null when nothing was made.
 */
export function firstPassYield(firstPassGoodCount: DecimalInput, totalCount: DecimalInput): Decimal | null {
  return safeRatio(firstPassGoodCount, totalCount);
}
