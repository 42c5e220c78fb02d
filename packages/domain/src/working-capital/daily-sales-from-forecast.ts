import type { Decimal } from 'decimal.js';
import { addDays, addMonths, daysBetween, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import { Dec, type DecimalInput } from '../money/money.ts';

/** One forecast period of units (a stored run's value for one channel), bounds optional. */
export interface ForecastPeriodUnits {
  /** First day of the period (ISO-week Monday or the first of the month). */
  readonly period: IsoDate;
  readonly mean: DecimalInput;
  readonly lower80?: DecimalInput | null;
  readonly upper80?: DecimalInput | null;
  readonly lower95?: DecimalInput | null;
  readonly upper95?: DecimalInput | null;
}

/** Daily gross sales with central intervals, index 0 = the start date. */
export interface DailySales {
  readonly mean: Decimal[];
  readonly intervals: { readonly level: 80 | 95; readonly lower: Decimal[]; readonly upper: Decimal[] }[];
}

export interface DailySalesFromForecastInput {
  readonly startDate: IsoDate;
  readonly horizonDays: number;
  readonly granularity: 'week' | 'month';
  readonly periods: readonly ForecastPeriodUnits[];
  /** Gross revenue per unit (e.g. the channel's recent revenue ÷ units). */
  readonly pricePerUnit: DecimalInput;
  /** Daily values for the days no forecast period covers (e.g. a moving average), same levels. */
  readonly fallback: DailySales;
}

export interface DailySalesFromForecast extends DailySales {
  /** How many of the horizon's days a forecast period covered (the rest came from the fallback). */
  readonly coveredDays: number;
}

const LEVELS = [80, 95] as const;

/**
 * Spreads a stored forecast of units per week or month evenly over the period's days and prices it: day value =
 * period units ÷ days in the period × price. Bounds are spread the same way, so within a period the daily bounds
 * add up to the period's bound (errors treated as fully correlated over the days, the cautious reading). A missing
 * bound takes the mean (no width is invented); days outside every period take the fallback.
 */
export function dailySalesFromForecast(input: DailySalesFromForecastInput): DailySalesFromForecast {
  const { startDate, horizonDays } = input;
  if (!(Number.isInteger(horizonDays) && horizonDays >= 1)) throw new DomainError('invalid_input', 'horizonDays must be a whole number ≥ 1', 'horizonDays');
  const price = new Dec(input.pricePerUnit);
  if (!price.isFinite() || price.isNegative()) throw new DomainError('invalid_input', 'pricePerUnit must be ≥ 0', 'pricePerUnit');
  const pick = (values: readonly Decimal[], i: number, field: string): Decimal => {
    const v = values[i];
    if (v === undefined) throw new DomainError('invalid_input', `fallback ${field} must cover the horizon`, `fallback.${field}`);
    return v;
  };
  const mean = Array.from({ length: horizonDays }, (_, i) => pick(input.fallback.mean, i, 'mean'));
  const intervals = LEVELS.map((level) => {
    const fb = input.fallback.intervals.find((iv) => iv.level === level);
    if (!fb) throw new DomainError('invalid_input', `fallback needs the ${level} % interval`, 'fallback.intervals');
    return { level, lower: Array.from({ length: horizonDays }, (_, i) => pick(fb.lower, i, 'lower')), upper: Array.from({ length: horizonDays }, (_, i) => pick(fb.upper, i, 'upper')) };
  });
  const covered = new Array<boolean>(horizonDays).fill(false);
  for (const p of input.periods) {
    const end = input.granularity === 'week' ? addDays(p.period, 7) : addMonths(p.period, 1);
    const length = daysBetween(p.period, end);
    const perDay = (v: DecimalInput | null | undefined, fallbackTo: Decimal): Decimal => (v === null || v === undefined ? fallbackTo : Dec.max(0, new Dec(v)).dividedBy(length).times(price));
    const m = perDay(p.mean, new Dec(0));
    const bounds = {
      80: { lower: perDay(p.lower80, m), upper: perDay(p.upper80, m) },
      95: { lower: perDay(p.lower95, m), upper: perDay(p.upper95, m) },
    };
    for (let k = 0; k < length; k++) {
      const i = daysBetween(startDate, addDays(p.period, k));
      if (i < 0 || i >= horizonDays) continue;
      mean[i] = m;
      covered[i] = true;
      for (const iv of intervals) {
        iv.lower[i] = Dec.min(m, bounds[iv.level].lower);
        iv.upper[i] = Dec.max(m, bounds[iv.level].upper);
      }
    }
  }
  return { mean, intervals, coveredDays: covered.filter(Boolean).length };
}
