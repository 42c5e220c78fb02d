/** Date-range presets offered in the top bar; `custom` uses explicit from/to. */
export const rangePresets = ['7d', '30d', '90d', 'qtd', 'ytd', '12m', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

export const rangePresetLabels: Record<RangePreset, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  qtd: 'Quarter to date',
  ytd: 'Year to date',
  '12m': 'Last 12 months',
  custom: 'Custom range',
};

export interface DateRange {
  from: string;
  to: string;
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!isoDatePattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function parse(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** YYYY-MM-DD of a Date, read in UTC. */
export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days (negative to go back) to a YYYY-MM-DD date. */
export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/**
 * The date ranges end on: today (UTC), or the last day with data when the data stops earlier,
 * so "last 30 days" of a data set that ends last week still shows numbers.
 */
export function rangeAnchor(todayIso: string, lastDataDay: string | null | undefined): string {
  return lastDataDay && lastDataDay < todayIso ? lastDataDay : todayIso;
}

/** Resolves a preset to an inclusive from/to range ending on `anchor` (YYYY-MM-DD, UTC). */
export function resolvePreset(preset: Exclude<RangePreset, 'custom'>, anchor: string): DateRange {
  const end = parse(anchor);
  const year = end.getUTCFullYear();
  switch (preset) {
    case '7d':
      return { from: addDays(anchor, -6), to: anchor };
    case '30d':
      return { from: addDays(anchor, -29), to: anchor };
    case '90d':
      return { from: addDays(anchor, -89), to: anchor };
    case 'qtd': {
      const quarterStartMonth = Math.floor(end.getUTCMonth() / 3) * 3;
      return { from: toIsoDate(new Date(Date.UTC(year, quarterStartMonth, 1))), to: anchor };
    }
    case 'ytd':
      return { from: toIsoDate(new Date(Date.UTC(year, 0, 1))), to: anchor };
    case '12m': {
      // Twelve whole months back, clamped so 29 Feb or the 31st land on the month's last day.
      const month = end.getUTCMonth();
      const day = end.getUTCDate();
      const lastDayOfTarget = new Date(Date.UTC(year - 1, month + 1, 0)).getUTCDate();
      const sameDayLastYear = toIsoDate(new Date(Date.UTC(year - 1, month, Math.min(day, lastDayOfTarget))));
      return { from: addDays(sameDayLastYear, 1), to: anchor };
    }
  }
}

/** Number of days in an inclusive range. */
export function rangeLengthDays(range: DateRange): number {
  return Math.round((parse(range.to).getTime() - parse(range.from).getTime()) / 86_400_000) + 1;
}
