import type { Granularity, SeriesLevel } from '@sentia/contracts/forecasting';
import { levelOfKey } from '@sentia/contracts/forecasting';
import type { Db } from '@sentia/db/create-db';
import { unpackPairs } from '@sentia/db/packed-pairs';
import { sql } from 'drizzle-orm';

/** Units sold per period for one SKU × region × channel cell (periods with no sales have no row). */
export interface DemandCell {
  period: string;
  sku: string;
  region: string;
  channel: string;
  units: number;
}

export interface DemandData {
  granularity: Granularity;
  cells: DemandCell[];
  /** First and last sales dates in daily_sales (UTC), null when there are no sales. */
  firstDate: string | null;
  lastDate: string | null;
}

/** A demand series over complete periods, zero-filled. */
export interface DemandSeries {
  key: string;
  level: SeriesLevel;
  sku: string | null;
  region: string | null;
  channel: string | null;
  periods: string[];
  values: number[];
}

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Start of the period holding `day`: the ISO-week Monday, or the first of the month (UTC). */
export function periodStart(day: string, g: Granularity): string {
  const d = toDate(day);
  if (g === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (d.getUTCDay() + 6) % 7;
  return iso(new Date(d.getTime() - weekday * DAY));
}

/** Start of the period after the one starting at `start`. */
export function nextPeriod(start: string, g: Granularity): string {
  const d = toDate(start);
  if (g === 'week') return iso(new Date(d.getTime() + 7 * DAY));
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

/** The `count` period starts after the one starting at `start`. */
export function periodsAfter(start: string, g: Granularity, count: number): string[] {
  const out: string[] = [];
  let p = start;
  for (let i = 0; i < count; i++) out.push((p = nextPeriod(p, g)));
  return out;
}

/** Last day of the period starting at `start`. */
export const periodEnd = (start: string, g: Granularity): string => iso(new Date(toDate(nextPeriod(start, g)).getTime() - DAY));

/** Reads units per period and cell from daily_sales (one grouped query; aggregates are summed in memory). */
export async function loadDemandData(db: Db, g: Granularity): Promise<DemandData> {
  const unit = g === 'week' ? 'week' : 'month';
  // packed per SKU × region × channel: period start and units (see unpackPairs)
  const rows = await db.execute<{ sku: string; region: string; channel: string; periods: string | null }>(
    sql`select sku, region, channel, string_agg(period || ':' || units::text, ',') as periods
        from (select to_char(date_trunc(${unit}, sales_date), 'YYYY-MM-DD') as period, sku, region_code as region, channel_code as channel, sum(units)::bigint as units
              from daily_sales group by 1, 2, 3, 4) cells
        group by 1, 2, 3`,
  );
  const bounds = await db.execute<{ first: string | null; last: string | null }>(
    sql`select to_char(min(sales_date), 'YYYY-MM-DD') as first, to_char(max(sales_date), 'YYYY-MM-DD') as last from daily_sales`,
  );
  const b = bounds.rows[0];
  return {
    granularity: g,
    cells: rows.rows.flatMap((r) => unpackPairs(r.periods).map(([period, units]) => ({ period, sku: r.sku, region: r.region, channel: r.channel, units }))),
    firstDate: b?.first ?? null,
    lastDate: b?.last ?? null,
  };
}

/** Buckets daily rows into periods in memory (the same result as {@link loadDemandData}, for scripts and tests). */
export function demandDataFromDaily(rows: ReadonlyArray<{ salesDate: string; sku: string; regionCode: string; channelCode: string; units: number }>, g: Granularity): DemandData {
  const sums = new Map<string, DemandCell>();
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const r of rows) {
    const period = periodStart(r.salesDate, g);
    const id = `${period}|${r.sku}|${r.regionCode}|${r.channelCode}`;
    const cell = sums.get(id);
    if (cell) cell.units += r.units;
    else sums.set(id, { period, sku: r.sku, region: r.regionCode, channel: r.channelCode, units: r.units });
    if (firstDate === null || r.salesDate < firstDate) firstDate = r.salesDate;
    if (lastDate === null || r.salesDate > lastDate) lastDate = r.salesDate;
  }
  return { granularity: g, cells: [...sums.values()], firstDate, lastDate };
}

/** Splits a key into its parts (null = all). */
export function keyParts(key: string): { sku: string | null; region: string | null; channel: string | null } {
  const [sku, region, channel] = key.split('|');
  const part = (v: string | undefined) => (v === undefined || v === '*' ? null : v);
  return { sku: part(sku), region: part(region), channel: part(channel) };
}

/** Complete periods covered by the data: the first period starting on/after the first sale, to the last period ending on/before the last sale. */
export function completePeriods(data: DemandData): string[] {
  if (!data.firstDate || !data.lastDate) return [];
  const g = data.granularity;
  let first = periodStart(data.firstDate, g);
  if (first !== data.firstDate) first = nextPeriod(first, g);
  const out: string[] = [];
  for (let p = first; periodEnd(p, g) <= data.lastDate; p = nextPeriod(p, g)) out.push(p);
  return out;
}

/**
 * Builds the series for a key over the complete periods, zero-filled, starting at its first period with sales
 * (a SKU launched inside the history starts at its launch, not with a run of zeros).
 */
export function buildSeries(data: DemandData, key: string, periods: readonly string[] = completePeriods(data)): DemandSeries {
  const { sku, region, channel } = keyParts(key);
  const sums = new Map<string, number>();
  for (const c of data.cells) {
    if ((sku && c.sku !== sku) || (region && c.region !== region) || (channel && c.channel !== channel)) continue;
    sums.set(c.period, (sums.get(c.period) ?? 0) + c.units);
  }
  const firstSold = periods.findIndex((p) => (sums.get(p) ?? 0) > 0);
  const used = firstSold < 0 ? [] : periods.slice(firstSold);
  return { key, level: levelOfKey(key), sku, region, channel, periods: used, values: used.map((p) => sums.get(p) ?? 0) };
}

/** Every SKU × region × channel key that has sales, plus (optionally) every aggregate: per SKU, region, channel and the total. */
export function seriesKeys(data: DemandData, includeAggregates: boolean): string[] {
  const cells = new Set<string>();
  const skus = new Set<string>();
  const regions = new Set<string>();
  const channels = new Set<string>();
  for (const c of data.cells) {
    cells.add(`${c.sku}|${c.region}|${c.channel}`);
    skus.add(c.sku);
    regions.add(c.region);
    channels.add(c.channel);
  }
  const keys = [...cells].sort();
  if (!includeAggregates) return keys;
  return [
    '*|*|*',
    ...[...skus].sort().map((s) => `${s}|*|*`),
    ...[...regions].sort().map((r) => `*|${r}|*`),
    ...[...channels].sort().map((c) => `*|*|${c}`),
    ...keys,
  ];
}
