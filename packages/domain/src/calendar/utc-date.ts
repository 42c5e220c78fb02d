import { DomainError } from '../domain-error.ts';

/**
 * Calendar days are ISO dates ("2026-03-31") interpreted in UTC. Internally a day is its number of days since
 * 1970-01-01, which makes ranges and differences integer arithmetic and avoids any local-time-zone leak.
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for an ISO date; throws DomainError on a malformed or impossible date. */
export function toDayNumber(date: IsoDate, field = 'date'): number {
  const match = isoDatePattern.exec(date);
  if (!match) throw new DomainError('invalid_input', `${field} must be an ISO date YYYY-MM-DD, got "${date}"`, field);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(m) - 1) {
    throw new DomainError('invalid_input', `${field} is not a calendar date: "${date}"`, field);
  }
  return ms / MS_PER_DAY;
}

/** ISO date for a day number. */
export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The UTC calendar day containing an instant (epoch ms). */
export function dayOfInstant(epochMs: number): IsoDate {
  return fromDayNumber(Math.floor(epochMs / MS_PER_DAY));
}

/** Epoch ms of 00:00 UTC on a date. */
export function startOfDayMs(date: IsoDate): number {
  return toDayNumber(date) * MS_PER_DAY;
}

/** date + n calendar days (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Whole days from `from` to `to` (to − from); negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Number of days in the inclusive range [from, to]. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  const n = daysBetween(from, to) + 1;
  if (n <= 0) throw new DomainError('invalid_input', `period end ${to} is before its start ${from}`, 'periodEnd');
  return n;
}

/** Every date in the inclusive range [from, to]. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  const out: IsoDate[] = [];
  for (let d = start; d <= end; d++) out.push(fromDayNumber(d));
  return out;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week-numbering year and week (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: IsoDate): { year: number; week: number; key: string } {
  const day = toDayNumber(date);
  const thursday = day - isoWeekday(date) + 4;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { year, week, key: `${year}-W${String(week).padStart(2, '0')}` };
}

/** "YYYY-MM" of a date. */
export function monthKey(date: IsoDate): string {
  toDayNumber(date);
  return date.slice(0, 7);
}

/** First day of the date's month. */
export function startOfMonth(date: IsoDate): IsoDate {
  return `${monthKey(date)}-01`;
}

/** Last day of the date's month. */
export function endOfMonth(date: IsoDate): IsoDate {
  const d = new Date(startOfDayMs(date));
  return fromDayNumber(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / MS_PER_DAY);
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  const d = new Date(startOfDayMs(date));
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

/** Calendar months [start, end] covering the inclusive range, e.g. for a monthly trend. */
export function monthsInRange(from: IsoDate, to: IsoDate): { month: string; start: IsoDate; end: IsoDate }[] {
  const out: { month: string; start: IsoDate; end: IsoDate }[] = [];
  for (let start = startOfMonth(from); toDayNumber(start) <= toDayNumber(to); start = addMonths(start, 1)) {
    out.push({ month: monthKey(start), start, end: endOfMonth(start) });
  }
  return out;
}

/** Saturday or Sunday. */
export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

/** Monday–Friday and not in `holidays`. */
export function isBusinessDay(date: IsoDate, holidays: ReadonlySet<IsoDate> = new Set()): boolean {
  return !isWeekend(date) && !holidays.has(date);
}

/**
 * Moves `n` business days forward (n > 0) or backward (n < 0), skipping weekends and holidays.
 * With n = 0 a non-business day rolls forward to the next business day (the "following" convention).
 */
export function addBusinessDays(date: IsoDate, n: number, holidays: ReadonlySet<IsoDate> = new Set()): IsoDate {
  let day = toDayNumber(date);
  if (n === 0) {
    while (!isBusinessDay(fromDayNumber(day), holidays)) day++;
    return fromDayNumber(day);
  }
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    day += step;
    if (isBusinessDay(fromDayNumber(day), holidays)) remaining--;
  }
  return fromDayNumber(day);
}

/** Business days in the inclusive range [from, to]. */
export function businessDaysBetween(from: IsoDate, to: IsoDate, holidays: ReadonlySet<IsoDate> = new Set()): number {
  let count = 0;
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) if (isBusinessDay(fromDayNumber(d), holidays)) count++;
  return count;
}
