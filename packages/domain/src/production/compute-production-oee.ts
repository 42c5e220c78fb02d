import { Decimal } from 'decimal.js';
import type { IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import { firstPassYield } from '../kpi/first-pass-yield.ts';
import { oee } from '../kpi/oee.ts';

export interface DowntimeEvent {
  readonly minutes: number;
  /** Planned stops (breaks, planned maintenance, no orders scheduled) are not losses: they shrink planned time. */
  readonly isPlanned: boolean;
  readonly reason: string;
}

/** What one piece of equipment did in one shift on one day (a production run log, summed). */
export interface ProductionRecord {
  readonly lineId: string;
  readonly equipmentId: string;
  readonly shift: string;
  readonly date: IsoDate;
  /** Staffed shift length in minutes, before any stops. */
  readonly shiftMinutes: number;
  readonly downtime: readonly DowntimeEvent[];
  /** Ideal (nameplate) seconds per unit for what was run. */
  readonly idealCycleSeconds: number;
  readonly totalCount: number;
  readonly goodCount: number;
  /** Good first time, without rework; defaults to `goodCount` when rework is not recorded. */
  readonly firstPassGoodCount?: number;
}

export type OeeDimension = 'lineId' | 'equipmentId' | 'shift' | 'date';

export interface OeeGroup {
  /** Values of the grouping dimensions, e.g. { lineId: 'L1', date: '2026-11-26' }. */
  readonly key: Readonly<Partial<Record<OeeDimension, string>>>;
  readonly records: number;
  readonly shiftMinutes: number;
  readonly plannedDowntimeMinutes: number;
  readonly unplannedDowntimeMinutes: number;
  /** Shift time − planned downtime. */
  readonly plannedProductionMinutes: number;
  /** Planned production time − unplanned downtime. */
  readonly runMinutes: number;
  readonly idealMinutes: number;
  readonly totalCount: number;
  readonly goodCount: number;
  readonly availability: Decimal | null;
  readonly performance: Decimal | null;
  readonly quality: Decimal | null;
  readonly oee: Decimal | null;
  readonly firstPassYield: Decimal | null;
}

function validate(r: ProductionRecord): void {
  const where = `${r.equipmentId} ${r.date} ${r.shift}`;
  const bad = (field: string, message: string): never => {
    throw new DomainError('invalid_input', `${where}: ${message}`, field);
  };
  if (!(r.shiftMinutes >= 0)) bad('shiftMinutes', 'shiftMinutes must be ≥ 0');
  if (!(r.idealCycleSeconds > 0)) bad('idealCycleSeconds', 'idealCycleSeconds must be > 0');
  if (!(Number.isInteger(r.totalCount) && r.totalCount >= 0)) bad('totalCount', 'totalCount must be a whole number ≥ 0');
  if (!(Number.isInteger(r.goodCount) && r.goodCount >= 0 && r.goodCount <= r.totalCount)) bad('goodCount', 'goodCount must be between 0 and totalCount');
  const fp = r.firstPassGoodCount;
  if (fp !== undefined && !(Number.isInteger(fp) && fp >= 0 && fp <= r.goodCount)) bad('firstPassGoodCount', 'firstPassGoodCount must be between 0 and goodCount');
  let down = 0;
  for (const d of r.downtime) {
    if (!(d.minutes >= 0)) bad('downtime.minutes', 'downtime minutes must be ≥ 0');
    down += d.minutes;
  }
  if (down > r.shiftMinutes + 1e-9) bad('downtime', `downtime (${down} min) exceeds the shift (${r.shiftMinutes} min)`);
}

/**
 * OEE per group of production records, by the standard definition (Nakajima 1988; oee.com "OEE calculation"):
 * planned production time = shift time − planned downtime (planned stops are excluded, not counted as
 * losses); run time = planned production time − unplanned downtime; availability = run / planned production;
 * performance = ideal cycle time × total count / run time; quality = good / total; OEE = A × P × Q.
 * Groups sum times and counts before dividing (a weighted result, not an average of ratios), and use
 * Σ(ideal cycle × count) so mixed products on one line weigh correctly. First-pass yield = first-pass good /
 * total. Groups come back sorted by key.
 */
export function computeProductionOee(records: readonly ProductionRecord[], groupBy: readonly OeeDimension[]): OeeGroup[] {
  const groups = new Map<string, { key: Partial<Record<OeeDimension, string>>; items: ProductionRecord[] }>();
  for (const r of records) {
    validate(r);
    const key = Object.fromEntries(groupBy.map((d) => [d, r[d]])) as Partial<Record<OeeDimension, string>>;
    const id = groupBy.map((d) => r[d]).join('\u0000');
    const g = groups.get(id) ?? { key, items: [] };
    g.items.push(r);
    groups.set(id, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { key, items }]) => {
      let shift = 0, planned = 0, unplanned = 0, total = 0, good = 0, firstPass = 0;
      let ideal = new Decimal(0);
      for (const r of items) {
        shift += r.shiftMinutes;
        for (const d of r.downtime) {
          if (d.isPlanned) planned += d.minutes;
          else unplanned += d.minutes;
        }
        total += r.totalCount;
        good += r.goodCount;
        firstPass += r.firstPassGoodCount ?? r.goodCount;
        ideal = ideal.plus(new Decimal(r.idealCycleSeconds).times(r.totalCount).dividedBy(60));
      }
      const plannedProduction = shift - planned;
      const factors = oee({
        plannedMinutes: plannedProduction,
        downtimeMinutes: unplanned,
        idealCycleMinutes: total === 0 ? 0 : ideal.dividedBy(total),
        totalCount: total,
        goodCount: good,
      });
      return {
        key,
        records: items.length,
        shiftMinutes: shift,
        plannedDowntimeMinutes: planned,
        unplannedDowntimeMinutes: unplanned,
        plannedProductionMinutes: plannedProduction,
        runMinutes: plannedProduction - unplanned,
        idealMinutes: ideal.toNumber(),
        totalCount: total,
        goodCount: good,
        ...factors,
        firstPassYield: firstPassYield(firstPass, total),
      };
    });
}
