/** UTC calendar helpers for the demo generator; days are integer milliseconds at UTC midnight. */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** Parses `YYYY-MM-DD` as UTC midnight, rejecting anything else. */
export function parseIsoDate(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new Error(`expected a date as YYYY-MM-DD, got "${value}"`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (isoDate(ms) !== value) throw new Error(`not a calendar date: "${value}"`);
  return ms;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(ms: number): number {
  return (new Date(ms).getUTCDay() + 6) % 7;
}

export function monthDay(ms: number): string {
  return isoDate(ms).slice(5);
}

/** Whether `md` (MM-DD) lies in the inclusive range [from, to] of the same year. */
export function inMonthDayRange(md: string, from: string, to: string): boolean {
  return md >= from && md <= to;
}

/** Day on which the n-th (1-based) given weekday (Monday = 0) of a month falls. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const offset = (weekday - weekdayIndex(first) + 7) % 7;
  return first + (offset + 7 * (n - 1)) * DAY_MS;
}

/** Resolves a named special-day rule to its date in the given year. */
export function specialDay(rule: string, year: number): number {
  switch (rule) {
    case 'black-friday':
      return nthWeekday(year, 10, 3, 4) + DAY_MS;
    case 'cyber-monday':
      return nthWeekday(year, 10, 3, 4) + 4 * DAY_MS;
    case 'fathers-day':
      return nthWeekday(year, 5, 6, 3);
    case 'dec-25':
      return Date.UTC(year, 11, 25);
    case 'dec-26':
      return Date.UTC(year, 11, 26);
    default:
      throw new Error(`unknown special-day rule "${rule}"`);
  }
}

/** Yearly seasonal factor: monthly factors placed mid-month, linearly interpolated (wrapping December → January). */
export function yearlyFactor(ms: number, monthly: readonly number[]): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const position = month + (date.getUTCDate() - 0.5) / daysInMonth - 0.5;
  const lower = Math.floor(position);
  const weight = position - lower;
  const at = (m: number) => monthly[((m % 12) + 12) % 12] as number;
  return at(lower) * (1 - weight) + at(lower + 1) * weight;
}
