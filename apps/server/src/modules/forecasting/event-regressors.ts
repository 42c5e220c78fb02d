import type { Granularity } from '@sentia/contracts/forecasting';
import { correlation } from '@sentia/forecast/math/stats';
import { periodEnd } from './demand-series.ts';

/** What the regressors need of a calendar event. Scope lists: null = all. */
export interface CalendarEvent {
  readonly kind: string;
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly skus: readonly string[] | null;
  readonly regions: readonly string[] | null;
  readonly channels: readonly string[] | null;
}

/** The series' place in the hierarchy (null = all at that level). */
export interface SeriesScope {
  readonly sku: string | null;
  readonly region: string | null;
  readonly channel: string | null;
}

const within = (scope: readonly string[] | null, value: string | null) => scope === null || value === null || scope.includes(value);

/**
 * Whether an event moves a series' demand: its SKU, region and channel lie within the event's scope. An aggregate
 * (null at a level) is moved by any event that reaches part of it, e.g. the company total by an Amazon-only promotion.
 */
export const eventApplies = (e: CalendarEvent, s: SeriesScope): boolean => within(e.skus, s.sku) && within(e.regions, s.region) && within(e.channels, s.channel);

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** Days of [startsOn, endsOn] inside the period starting at `start`, as a share of the period's days (0–1). */
export function periodShare(e: Pick<CalendarEvent, 'startsOn' | 'endsOn'>, start: string, g: Granularity): number {
  const a = dayNumber(start);
  const b = dayNumber(periodEnd(start, g));
  const lo = Math.max(a, dayNumber(e.startsOn));
  const hi = Math.min(b, dayNumber(e.endsOn));
  return hi < lo ? 0 : (hi - lo + 1) / (b - a + 1);
}

export interface EventRegressors {
  /** Per event name, the share of each history period the event covered. */
  readonly regressors: Record<string, number[]>;
  /** Per event name, the same over the forecast periods. */
  readonly futureRegressors: Record<string, number[]>;
  /** Event names that apply but cannot be learned from this history (never, or in every period), with why. */
  readonly skipped: Record<string, string>;
}

/**
 * Prophet's holiday and promotion regressors for one series: one per event name (every year's Black Friday shares
 * one effect), valued per period by the share of its days the event covers. A name is used only when the history
 * shows it in some periods and not in others (otherwise its effect cannot be told from the trend), and only with
 * its planned dates over the horizon. Names whose history columns correlate ≥ {@link MERGE_CORRELATION} share one
 * regressor named "A + B" (their summed shares). `periods` are the history's period starts, `future` the forecast's.
 */
export function eventRegressors(events: readonly CalendarEvent[], scope: SeriesScope, periods: readonly string[], future: readonly string[], g: Granularity): EventRegressors {
  const regressors: Record<string, number[]> = {};
  const futureRegressors: Record<string, number[]> = {};
  const skipped: Record<string, string> = {};
  if (periods.length === 0) return { regressors, futureRegressors, skipped };
  const first = periods[0]!;
  const last = future.length > 0 ? periodEnd(future.at(-1)!, g) : periodEnd(periods.at(-1)!, g);
  const byName = new Map<string, CalendarEvent[]>();
  for (const e of events) {
    if (e.endsOn < first || e.startsOn > last || !eventApplies(e, scope)) continue;
    byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  }
  const share = (list: readonly CalendarEvent[], start: string) => Math.min(1, list.reduce((s, e) => s + periodShare(e, start, g), 0));
  const groups: Array<{ names: string[]; past: number[]; future: number[] }> = [];
  for (const [name, list] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const past = periods.map((p) => share(list, p));
    const hits = past.filter((v) => v > 0).length;
    if (hits === 0) skipped[name] = 'not in the history: its effect cannot be learned yet';
    else if (hits === past.length || past.every((v) => v === past[0])) skipped[name] = 'the same in every period of the history: its effect cannot be told from the trend';
    else {
      const next = future.map((p) => share(list, p));
      // events that (nearly) always fall in the same periods, e.g. Black Friday inside Black Friday week, cannot be
      // told apart: apart, their effects would split arbitrarily (even into opposite signs), so they share one
      const group = groups.find((gr) => correlation(gr.past, past) >= MERGE_CORRELATION);
      if (group) {
        group.names.push(name);
        past.forEach((v, i) => (group.past[i]! += v));
        next.forEach((v, i) => (group.future[i]! += v));
      } else groups.push({ names: [name], past, future: next });
    }
  }
  for (const gr of groups) {
    regressors[gr.names.join(EVENT_NAME_SEPARATOR)] = gr.past;
    futureRegressors[gr.names.join(EVENT_NAME_SEPARATOR)] = gr.future;
  }
  return { regressors, futureRegressors, skipped };
}

/** Events whose history columns correlate at least this much share one regressor (named "A + B"). */
export const MERGE_CORRELATION = 0.9;
/** Joins the names of events that share one regressor. */
export const EVENT_NAME_SEPARATOR = ' + ';
