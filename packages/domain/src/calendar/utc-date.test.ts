import { describe, expect, it } from 'vitest';
import { shiftIntervals, workingMinutesByDay } from './shift-calendar.ts';
import {
  addBusinessDays, addDays, addMonths, businessDaysBetween, daysBetween, daysInclusive, eachDay, endOfMonth,
  isoWeek, isoWeekday, monthsInRange, toDayNumber,
} from './utc-date.ts';

describe('utc dates', () => {
  it('when adding days across a DST change and a leap day, then the date arithmetic stays in UTC', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysInclusive('2023-01-01', '2023-12-31')).toBe(365);
    expect(eachDay('2024-12-30', '2025-01-02')).toEqual(['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02']);
  });

  it('when a date is malformed or impossible, then a DomainError names the field', () => {
    expect(() => toDayNumber('2023-02-29', 'dueDate')).toThrow(/dueDate is not a calendar date/);
    expect(() => toDayNumber('31/01/2023')).toThrow(/ISO date/);
  });

  it('when computing ISO weeks at year boundaries, then they match ISO 8601 (e.g. 2021-01-03 is 2020-W53)', () => {
    expect(isoWeek('2021-01-03').key).toBe('2020-W53');
    expect(isoWeek('2021-01-04').key).toBe('2021-W01');
    expect(isoWeek('2024-12-30').key).toBe('2025-W01');
    expect(isoWeek('2026-11-26').key).toBe('2026-W48');
    expect(isoWeekday('2026-11-26')).toBe(4);
  });

  it('when adding months to the 31st, then the day clamps to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2023-03-15', -3)).toBe('2022-12-15');
    expect(endOfMonth('2023-02-10')).toBe('2023-02-28');
    expect(monthsInRange('2023-11-15', '2024-01-02').map((m) => m.month)).toEqual(['2023-11', '2023-12', '2024-01']);
  });

  it('when counting business days, then weekends and holidays are skipped', () => {
    // Friday 2026-11-27 + 2 business days = Tuesday 2026-12-01; with Monday a holiday, Wednesday.
    expect(addBusinessDays('2026-11-27', 2)).toBe('2026-12-01');
    expect(addBusinessDays('2026-11-27', 2, new Set(['2026-11-30']))).toBe('2026-12-02');
    expect(addBusinessDays('2026-11-28', 0)).toBe('2026-11-30');
    expect(addBusinessDays('2026-12-01', -2)).toBe('2026-11-27');
    expect(businessDaysBetween('2026-11-01', '2026-11-30')).toBe(21);
  });
});

describe('shift calendars', () => {
  const twoShifts = {
    shifts: [
      { name: 'early', start: '06:00', end: '14:00', weekdays: [1, 2, 3, 4, 5] },
      { name: 'night', start: '22:00', end: '06:00', weekdays: [1, 2, 3, 4, 5] },
    ],
    closedDates: ['2026-11-25'],
  };

  it('when a night shift crosses midnight, then its minutes are split between the two days', () => {
    const monday = toDayNumber('2026-11-23');
    const minutes = workingMinutesByDay(twoShifts, monday, monday + 7);
    // Monday: early 480 + night 22:00–24:00 120 = 600. Tuesday: 06:00 from Monday night 360 + 480 + 120 = 960.
    expect(minutes.get('2026-11-23')).toBe(600);
    expect(minutes.get('2026-11-24')).toBe(960);
    // Wednesday closed: only the tail of Tuesday night (360). Thursday: 480 + 120.
    expect(minutes.get('2026-11-25')).toBe(360);
    expect(minutes.get('2026-11-26')).toBe(600);
    // Saturday gets the tail of Friday night; Sunday nothing.
    expect(minutes.get('2026-11-28')).toBe(360);
    expect(minutes.get('2026-11-29')).toBe(0);
  });

  it('when shifts overlap, then intervals are merged and capacity is not double counted', () => {
    const overlapping = { shifts: [
      { name: 'a', start: '06:00', end: '14:00', weekdays: [1] },
      { name: 'b', start: '12:00', end: '20:00', weekdays: [1] },
    ] };
    const monday = toDayNumber('2026-11-23');
    const intervals = shiftIntervals(overlapping, monday, monday + 1);
    expect(intervals).toHaveLength(1);
    expect((intervals[0]!.end - intervals[0]!.start) / 60_000).toBe(14 * 60);
  });
});
