import { and, asc, desc, gte, lte, sql } from 'drizzle-orm';
import { fxRates } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import type { IngestDb } from './source-records.ts';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * FX rates for one ingest batch: each currency pair is read once for the batch's days (plus a month before, for
 * weekends and gaps) and looked up in memory with "latest rate on or before the day", the convention every writer
 * of `daily_sales` uses; a day before the window asks the database for its one rate.
 */
export function createFxRateTable(db: IngestDb, window: { from: string; to: string }) {
  const windowFrom = addDays(window.from, -31);
  const pairs = new Map<string, Promise<{ day: string; rate: Dec }[]>>();
  const load = (from: string, to: string) => {
    const key = `${from}>${to}`;
    let rows = pairs.get(key);
    if (!rows) {
      rows = db
        .select({ day: fxRates.rateDate, rate: fxRates.rate })
        .from(fxRates)
        .where(and(sql`${fxRates.base} = ${from}`, sql`${fxRates.quote} = ${to}`, gte(fxRates.rateDate, windowFrom), lte(fxRates.rateDate, window.to)))
        .orderBy(asc(fxRates.rateDate))
        .then((found) => found.map((r) => ({ day: r.day, rate: new Dec(r.rate) })));
      pairs.set(key, rows);
    }
    return rows;
  };
  return {
    /** The rate from → to on `day`, or null when none is known on or before it. */
    async rateOn(from: string, to: string, day: string): Promise<Dec | null> {
      if (from === to) return new Dec(1);
      const rows = await load(from, to);
      let lo = 0;
      let hi = rows.length - 1;
      let best: Dec | null = null;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid]!.day <= day) {
          best = rows[mid]!.rate;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (best) return best;
      const [older] = await db
        .select({ rate: fxRates.rate })
        .from(fxRates)
        .where(and(sql`${fxRates.base} = ${from}`, sql`${fxRates.quote} = ${to}`, lte(fxRates.rateDate, day)))
        .orderBy(desc(fxRates.rateDate))
        .limit(1);
      return older ? new Dec(older.rate) : null;
    },
  };
}
export type FxRateTable = ReturnType<typeof createFxRateTable>;
