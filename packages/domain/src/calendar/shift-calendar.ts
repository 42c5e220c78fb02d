import { DomainError } from '../domain-error.ts';
import { fromDayNumber, isoWeekday, type IsoDate } from './utc-date.ts';

/** One recurring shift. Times are "HH:MM" UTC; an `end` at or before `start` runs past midnight. */
export interface ShiftDefinition {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  /** ISO weekdays on which the shift starts (1 = Monday … 7 = Sunday). */
  readonly weekdays: readonly number[];
}

/** Working time of a work centre: recurring shifts minus closed dates (holidays, shutdowns). */
export interface ShiftCalendar {
  readonly shifts: readonly ShiftDefinition[];
  /** Dates on which no shift starts. */
  readonly closedDates?: readonly IsoDate[];
}

/** A half-open working interval [start, end) in epoch ms, tagged with its shift and start date. */
export interface WorkingInterval {
  readonly start: number;
  readonly end: number;
  readonly shift: string;
  readonly date: IsoDate;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

function minutesOfDay(hhmm: string, field: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const h = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || h > 24 || m > 59 || (h === 24 && m !== 0)) {
    throw new DomainError('invalid_input', `${field} must be HH:MM, got "${hhmm}"`, field);
  }
  return h * 60 + m;
}

/** Checks a calendar once so that generation can trust it. */
export function validateShiftCalendar(calendar: ShiftCalendar): void {
  if (calendar.shifts.length === 0) throw new DomainError('invalid_input', 'a shift calendar needs at least one shift', 'shifts');
  for (const shift of calendar.shifts) {
    minutesOfDay(shift.start, 'shifts.start');
    minutesOfDay(shift.end, 'shifts.end');
    if (shift.weekdays.length === 0 || shift.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new DomainError('invalid_input', `shift ${shift.name}: weekdays must be ISO weekdays 1..7`, 'shifts.weekdays');
    }
  }
}

/**
 * Working intervals that start on days [fromDay, toDay) (day numbers since 1970-01-01), sorted by start.
 * Overlapping shifts are merged so capacity is never double counted.
 */
export function shiftIntervals(calendar: ShiftCalendar, fromDay: number, toDay: number): WorkingInterval[] {
  const closed = new Set(calendar.closedDates ?? []);
  const parsed = calendar.shifts.map((s) => ({
    name: s.name,
    start: minutesOfDay(s.start, 'shifts.start'),
    end: minutesOfDay(s.end, 'shifts.end'),
    weekdays: new Set(s.weekdays),
  }));
  const raw: WorkingInterval[] = [];
  for (let day = fromDay; day < toDay; day++) {
    const date = fromDayNumber(day);
    if (closed.has(date)) continue;
    const weekday = isoWeekday(date);
    for (const s of parsed) {
      if (!s.weekdays.has(weekday)) continue;
      const end = s.end <= s.start ? s.end + 24 * 60 : s.end;
      raw.push({ start: day * MS_PER_DAY + s.start * MS_PER_MINUTE, end: day * MS_PER_DAY + end * MS_PER_MINUTE, shift: s.name, date });
    }
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: WorkingInterval[] = [];
  for (const interval of raw) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) merged[merged.length - 1] = { ...last, end: interval.end };
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

/** Working minutes per calendar day (split at UTC midnight) for days [fromDay, toDay). */
export function workingMinutesByDay(calendar: ShiftCalendar, fromDay: number, toDay: number): Map<IsoDate, number> {
  const out = new Map<IsoDate, number>();
  for (let day = fromDay; day < toDay; day++) out.set(fromDayNumber(day), 0);
  for (const interval of shiftIntervals(calendar, fromDay - 1, toDay)) {
    for (let t = interval.start; t < interval.end; ) {
      const day = Math.floor(t / MS_PER_DAY);
      const next = Math.min(interval.end, (day + 1) * MS_PER_DAY);
      const date = fromDayNumber(day);
      if (out.has(date)) out.set(date, (out.get(date) ?? 0) + (next - t) / MS_PER_MINUTE);
      t = next;
    }
  }
  return out;
}
