import { Decimal } from 'decimal.js';
import { type DecimalInput, safeRatio } from './ratio.ts';

/**
 * Overall Equipment Effectiveness, following the standard definition (Nakajima; see oee.com "Calculating OEE"):
 *
 *   run time      = planned production time − unplanned downtime
 *   availability  = run time / planned production time
 *   performance   = (ideal cycle time × total count) / run time
 *   quality       = good count / total count
 *   OEE           = availability × performance × quality
 *                 = (good count × ideal cycle time) / planned production time
 *
 * Times must share one unit (the server uses minutes). All ratios are 0–1 (performance may exceed 1 when the
 * ideal cycle time is set too slow; it is not clamped so that bad master data stays visible).
 */
export interface OeeInput {
  plannedMinutes: DecimalInput;
  downtimeMinutes: DecimalInput;
  /** Ideal (design-speed) time to make one unit, in minutes. */
  idealCycleMinutes: DecimalInput;
  totalCount: DecimalInput;
  goodCount: DecimalInput;
}

export interface OeeResult {
  availability: Decimal | null;
  performance: Decimal | null;
  quality: Decimal | null;
  oee: Decimal | null;
}

/** availability = (planned − downtime) / planned. */
export function availability(plannedMinutes: DecimalInput, downtimeMinutes: DecimalInput): Decimal | null {
  return safeRatio(new Decimal(plannedMinutes).minus(downtimeMinutes), plannedMinutes);
}

/** performance = ideal cycle time × total count / run time. */
export function performance(idealCycleMinutes: DecimalInput, totalCount: DecimalInput, runMinutes: DecimalInput): Decimal | null {
  return safeRatio(new Decimal(idealCycleMinutes).times(totalCount), runMinutes);
}

/** quality = good count / total count. */
export function quality(goodCount: DecimalInput, totalCount: DecimalInput): Decimal | null {
  return safeRatio(goodCount, totalCount);
}

/** The three OEE factors and their product; a factor with a zero base makes OEE null. */
export function oee(input: OeeInput): OeeResult {
  const runMinutes = new Decimal(input.plannedMinutes).minus(input.downtimeMinutes);
  const a = availability(input.plannedMinutes, input.downtimeMinutes);
  const p = performance(input.idealCycleMinutes, input.totalCount, runMinutes);
  const q = quality(input.goodCount, input.totalCount);
  return { availability: a, performance: p, quality: q, oee: a && p && q ? a.times(p).times(q) : null };
}
