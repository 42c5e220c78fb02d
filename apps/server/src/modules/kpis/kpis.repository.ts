import type { Channel, Currency, Region } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { type SQL, sql } from 'drizzle-orm';

/** Drill-down filters for sales-based KPIs. Dates are ISO calendar days (UTC), both inclusive. */
export interface SalesFilter {
  from: string;
  to: string;
  region?: Region | undefined;
  channel?: Channel | undefined;
  sku?: string | undefined;
}

/** Sales aggregates converted into the reporting currency. Amounts are unrounded decimal strings. */
export interface SalesTotals {
  revenue: string;
  cogs: string;
  units: number;
  /** Rows that needed an FX rate none was found for (on or before their day). */
  missingFx: number;
}

export interface SalesBucket extends SalesTotals {
  bucket: string;
}

export interface SalesGroup extends SalesTotals {
  key: string;
  label: string;
}

/** Production time and counts for OEE. Minutes; `ideal*` are counts weighted by each line's ideal cycle time. */
export interface ProductionTotals {
  plannedMinutes: string;
  downtimeMinutes: string;
  idealMinutesTotal: string;
  idealMinutesGood: string;
}

type Row = Record<string, unknown>;

const rowsOf = async (db: Db, query: SQL): Promise<Row[]> => {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
};
const str = (v: unknown, fallback = '0') => (v === null || v === undefined ? fallback : String(v));
const int = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

const startOf = (day: string) => `${day}T00:00:00.000Z`;
const endOf = (day: string) => new Date(Date.parse(startOf(day)) + 86_400_000).toISOString();

function salesWhere(f: SalesFilter): SQL {
  const parts: SQL[] = [sql`ds.sales_date between ${f.from}::date and ${f.to}::date`];
  if (f.region) parts.push(sql`ds.region_code = ${f.region}::region_code`);
  if (f.channel) parts.push(sql`ds.channel_code = ${f.channel}::channel_code`);
  if (f.sku) parts.push(sql`ds.sku = ${f.sku}`);
  return sql.join(parts, sql` and `);
}

/**
 * Converts daily_sales into the target currency inside SQL: rows already in the target currency keep their
 * amount; otherwise the stored GBP amount (converted at that day's rate when written) is used for GBP, or
 * multiplied by the GBP→target rate of the day (the latest rate on or before it, so weekends and holidays
 * use the last fixing). Aggregating to (day, currency) first keeps the FX lookups to one per day; both CTEs are
 * MATERIALIZED because, inlined, the planner may re-run the per-day FX lookups for every row (seconds on a year).
 */
function convertedSales(f: SalesFilter, currency: Currency, bucketExpr: SQL): SQL {
  return sql`
    with d as materialized (
      select ds.sales_date, ${bucketExpr} as bucket, (ds.currency = ${currency}::currency_code) as native,
             sum(ds.revenue) as rev, sum(ds.cogs) as cogs, sum(ds.revenue_gbp) as rev_gbp, sum(ds.cogs_gbp) as cogs_gbp, sum(ds.units) as units
      from daily_sales ds
      where ${salesWhere(f)}
      group by 1, 2, 3
    ), fx as materialized (
      select dd.sales_date,
             (select f.rate from fx_rates f
               where f.base = 'GBP' and f.quote = ${currency}::currency_code and f.rate_date <= dd.sales_date
               order by f.rate_date desc limit 1) as rate
      from (select distinct sales_date from d) dd
      where ${currency}::currency_code <> 'GBP'
    )
    select d.bucket::text as bucket,
           sum(case when d.native then d.rev when ${currency}::currency_code = 'GBP' then d.rev_gbp else d.rev_gbp * fx.rate end)::text as revenue,
           sum(case when d.native then d.cogs when ${currency}::currency_code = 'GBP' then d.cogs_gbp else d.cogs_gbp * fx.rate end)::text as cogs,
           sum(d.units)::text as units,
           count(*) filter (where not d.native and ${currency}::currency_code <> 'GBP' and fx.rate is null)::int as missing_fx
    from d left join fx on fx.sales_date = d.sales_date
    group by d.bucket
    order by d.bucket`;
}

const toTotals = (r: Row | undefined): SalesTotals => ({ revenue: str(r?.revenue), cogs: str(r?.cogs), units: int(r?.units), missingFx: int(r?.missing_fx) });

/** Revenue, COGS and units for the filter, in the target currency. */
export async function sumSales(db: Db, f: SalesFilter, currency: Currency): Promise<SalesTotals> {
  const rows = await rowsOf(db, convertedSales(f, currency, sql`0`));
  return toTotals(rows[0]);
}

/** The same per bucket (first day of day / ISO week / month); buckets without sales are absent. */
export async function sumSalesByBucket(db: Db, f: SalesFilter, currency: Currency, granularity: 'day' | 'week' | 'month'): Promise<SalesBucket[]> {
  const rows = await rowsOf(db, convertedSales(f, currency, sql`date_trunc(${granularity}, ds.sales_date::timestamp)::date`));
  return rows.map((r) => ({ bucket: str(r.bucket), ...toTotals(r) }));
}

const dimensionColumn = { region: sql`ds.region_code::text`, channel: sql`ds.channel_code::text`, sku: sql`ds.sku` } as const;

/** The same grouped by region, channel or SKU, with display labels, largest revenue first. */
export async function sumSalesByDimension(db: Db, f: SalesFilter, currency: Currency, dimension: 'region' | 'channel' | 'sku'): Promise<SalesGroup[]> {
  const rows = await rowsOf(db, convertedSales(f, currency, dimensionColumn[dimension]));
  const labelQuery =
    dimension === 'region'
      ? sql`select code::text as key, name as label from regions`
      : dimension === 'channel'
        ? sql`select code::text as key, name as label from channels`
        : sql`select sku as key, name as label from products`;
  const labels = new Map((await rowsOf(db, labelQuery)).map((r) => [str(r.key), str(r.label)]));
  return rows.map((r) => ({ key: str(r.bucket), label: labels.get(str(r.bucket)) ?? str(r.bucket), ...toTotals(r) }));
}

function productionQuery(from: string, to: string, bucketOf: (column: SQL) => SQL): SQL {
  const start = startOf(from);
  const end = endOf(to);
  return sql`
    with made as (
      select ${bucketOf(sql`(oc.recorded_at at time zone 'UTC')::date`)} as bucket,
             sum(oc.run_minutes)::numeric as planned,
             sum((oc.good_units + oc.scrap_units + oc.rework_units) * 60.0 / nullif(coalesce(eq.ideal_rate_per_hour, wc.rate_per_hour), 0)) as total_m,
             sum(oc.good_units * 60.0 / nullif(coalesce(eq.ideal_rate_per_hour, wc.rate_per_hour), 0)) as good_m
      from output_counts oc
      join production_orders po on po.id = oc.production_order_id
      join work_centres wc on wc.code = po.work_centre_code
      left join equipment eq on eq.id = oc.equipment_id
      where oc.recorded_at >= ${start}::timestamptz and oc.recorded_at < ${end}::timestamptz
      group by 1
    ), down as (
      select ${bucketOf(sql`(greatest(e.started_at, ${start}::timestamptz) at time zone 'UTC')::date`)} as bucket,
             sum(extract(epoch from (least(coalesce(e.ended_at, now()), ${end}::timestamptz) - greatest(e.started_at, ${start}::timestamptz))) / 60)
               filter (where e.kind = 'UNPLANNED') as m,
             coalesce(sum(extract(epoch from (least(coalesce(e.ended_at, now()), ${end}::timestamptz) - greatest(e.started_at, ${start}::timestamptz))) / 60)
               filter (where e.kind = 'PLANNED'), 0) as planned_stop
      from downtime_events e
      where e.production_order_id is not null and e.started_at < ${end}::timestamptz and coalesce(e.ended_at, now()) > ${start}::timestamptz
      group by 1
    ), buckets as (select bucket from made union select bucket from down)
    select b.bucket::text as bucket, greatest(coalesce(m.planned, 0) - coalesce(d.planned_stop, 0), 0)::text as planned, coalesce(d.m, 0)::text as down,
           coalesce(m.total_m, 0)::text as total_m, coalesce(m.good_m, 0)::text as good_m
    from buckets b
    left join made m on m.bucket is not distinct from b.bucket
    left join down d on d.bucket is not distinct from b.bucket
    order by b.bucket`;
}

const toProduction = (r: Row | undefined): ProductionTotals => ({
  plannedMinutes: str(r?.planned),
  downtimeMinutes: str(r?.down),
  idealMinutesTotal: str(r?.total_m),
  idealMinutesGood: str(r?.good_m),
});

/**
 * Plant-wide OEE inputs for [from, to]. Planned production time is the time recorded against production orders
 * (output counts' run minutes) minus the PLANNED stops recorded against them (changeovers, as the data
 * classifies them); staffed shifts with nothing scheduled are a schedule loss (TEEP), not an OEE loss.
 * Downtime is the UNPLANNED stops against production orders, clipped to the period. Output is weighted by
 * each line's ideal cycle time (equipment rate, else work-centre rate), which lets OEE add up across lines that
 * count different units.
 */
export async function sumProduction(db: Db, from: string, to: string): Promise<ProductionTotals> {
  const rows = await rowsOf(db, productionQuery(from, to, () => sql`0`));
  return toProduction(rows[0]);
}

export async function sumProductionByBucket(db: Db, from: string, to: string, granularity: 'day' | 'week' | 'month'): Promise<(ProductionTotals & { bucket: string })[]> {
  const rows = await rowsOf(db, productionQuery(from, to, (c) => sql`date_trunc(${granularity}, (${c})::timestamp)::date`));
  return rows.map((r) => ({ bucket: str(r.bucket), ...toProduction(r) }));
}

/** Units inspected at first inspection and units found defective there (optionally for one SKU). */
export async function sumFirstPassInspections(db: Db, from: string, to: string, sku?: string): Promise<{ inspected: string; defective: string }> {
  const rows = await rowsOf(
    db,
    sql`select coalesce(sum(q.sample_size), 0)::text as inspected, coalesce(sum(least(q.defects, q.sample_size)), 0)::text as defective
        from quality_checks q ${sku ? sql`join production_orders po on po.id = q.production_order_id` : sql``}
        where q.is_first_pass and q.checked_at >= ${startOf(from)}::timestamptz and q.checked_at < ${endOf(to)}::timestamptz
        ${sku ? sql`and po.sku = ${sku}` : sql``}`,
  );
  return { inspected: str(rows[0]?.inspected), defective: str(rows[0]?.defective) };
}

/** Amount sums per currency. */
export type AmountsByCurrency = { currency: Currency; amount: string }[];

const byCurrency = (rows: Row[]): AmountsByCurrency => rows.map((r) => ({ currency: str(r.currency) as Currency, amount: str(r.amount) }));

/**
 * Average daily balance of open receivables or payables over [from, to]: each document counts on every
 * day-end from its issue date until the day before it was paid (VOID never counts), so the sum of
 * amount × days-open divided by the period's days is the exact daily average.
 */
export async function averageOpenBalance(db: Db, table: 'ar_invoices' | 'ap_bills', from: string, to: string): Promise<AmountsByCurrency> {
  const t = table === 'ar_invoices' ? sql`ar_invoices` : sql`ap_bills`;
  const rows = await rowsOf(
    db,
    sql`select x.currency::text as currency,
               (sum(x.amount * greatest(0, least(coalesce(x.paid_date - 1, ${to}::date), ${to}::date) - greatest(x.issue_date, ${from}::date) + 1))
                 / (${to}::date - ${from}::date + 1))::text as amount
        from ${t} x
        where x.status <> 'VOID' and x.issue_date <= ${to}::date and (x.paid_date is null or x.paid_date > ${from}::date)
        group by x.currency`,
  );
  return byCurrency(rows);
}

/**
 * Average day-end finished-goods inventory at standard cost over [from, to], per cost currency. Day-end
 * quantities are rebuilt from today's on-hand minus the signed movements after each day, in closed form:
 * Σ_d qty(d) = n·onHand − Σ_m qty_m · clamp(day(m) − from, 0, n).
 */
export async function averageInventoryAtCost(db: Db, from: string, to: string): Promise<AmountsByCurrency> {
  const rows = await rowsOf(
    db,
    sql`with n as (select (${to}::date - ${from}::date + 1) as days),
        onhand as (select sku, sum(quantity_on_hand)::numeric as q from inventory group by sku),
        moved as (
          select sku, sum(quantity::numeric * least(greatest((occurred_at at time zone 'UTC')::date - ${from}::date, 0), (select days from n))) as w
          from stock_movements where occurred_at >= ${endOf(from)}::timestamptz group by sku
        )
        select p.cost_currency::text as currency,
               (sum(p.standard_cost * (coalesce(o.q, 0) * (select days from n) - coalesce(m.w, 0))) / (select days from n))::text as amount
        from products p left join onhand o on o.sku = p.sku left join moved m on m.sku = p.sku
        where o.sku is not null or m.sku is not null
        group by p.cost_currency`,
  );
  return byCurrency(rows);
}

/** GBP-based rates on a day (latest fixing on or before it): `rates[X]` = units of X per 1 GBP. */
export async function gbpRatesOn(db: Db, day: string): Promise<Partial<Record<Currency, string>>> {
  const rows = await rowsOf(
    db,
    sql`select distinct on (pair) pair, rate::text as rate from (
          select quote::text as pair, rate, rate_date from fx_rates where base = 'GBP' and rate_date <= ${day}::date
          union all
          select base::text as pair, 1 / rate, rate_date from fx_rates where quote = 'GBP' and rate_date <= ${day}::date
        ) r order by pair, rate_date desc`,
  );
  const out: Partial<Record<Currency, string>> = {};
  for (const r of rows) out[str(r.pair) as Currency] = str(r.rate);
  return out;
}

/** Newest time any sales data reached us (orders.ingested_at), or null. */
export async function lastIngestedAt(db: Db): Promise<Date | null> {
  const rows = await rowsOf(db, sql`select max(ingested_at) as at from orders`);
  const at = rows[0]?.at;
  if (at === null || at === undefined) return null;
  return at instanceof Date ? at : new Date(String(at));
}

/** The SKU exists in the catalogue. */
export async function skuExists(db: Db, sku: string): Promise<boolean> {
  const rows = await rowsOf(db, sql`select 1 from products where sku = ${sku} limit 1`);
  return rows.length > 0;
}
