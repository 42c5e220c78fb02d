import type { Channel, Currency, Region } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { type SQL, sql } from 'drizzle-orm';

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, query: SQL): Promise<Row[]> => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
const str = (v: unknown, fallback = '0'): string => (v === null || v === undefined ? fallback : String(v));
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** An amount in one currency, as an unrounded decimal string. */
export interface Amount {
  currency: Currency;
  amount: string;
}

/** One month window: `start`/`end` ISO days, `key` "YYYY-MM". */
export interface MonthWindow {
  key: string;
  start: string;
  end: string;
}

export interface Scope {
  region?: Region | undefined;
  channel?: Channel | undefined;
}

const windowsSql = (windows: readonly MonthWindow[]): SQL =>
  sql`(values ${sql.join(
    windows.map((w) => sql`(${w.key}::text, ${w.start}::date, ${w.end}::date)`),
    sql`, `,
  )}) as w(key, f, t)`;

/** Net revenue and COGS per window in GBP (daily_sales stores each day's GBP value at that day's rate). */
export async function salesByWindow(db: Db, windows: readonly MonthWindow[], scope: Scope): Promise<Map<string, { revenue: string; cogs: string }>> {
  const filters: SQL[] = [];
  if (scope.region) filters.push(sql` and ds.region_code = ${scope.region}::region_code`);
  if (scope.channel) filters.push(sql` and ds.channel_code = ${scope.channel}::channel_code`);
  const rows = await rowsOf(
    db,
    sql`select w.key, coalesce(sum(ds.revenue_gbp), 0)::text as revenue, coalesce(sum(ds.cogs_gbp), 0)::text as cogs
        from ${windowsSql(windows)}
        left join daily_sales ds on ds.sales_date between w.f and w.t ${sql.join(filters, sql``)}
        group by w.key`,
  );
  return new Map(rows.map((r) => [str(r.key), { revenue: str(r.revenue), cogs: str(r.cogs) }]));
}

/**
 * Average day-end open balance of receivables or payables per window and currency: a document counts on every
 * day-end from its issue date to the day before it was paid (VOID never), so Σ amount × days-open ÷ days.
 */
export async function averageOpenBalanceByWindow(db: Db, table: 'ar_invoices' | 'ap_bills', windows: readonly MonthWindow[], scope: Scope = {}): Promise<Map<string, Amount[]>> {
  const filters: SQL[] = [];
  let from = sql`ap_bills x`;
  if (table === 'ar_invoices') {
    from = sql`ar_invoices x join customers c on c.id = x.customer_id`;
    if (scope.region) filters.push(sql` and c.region = ${scope.region}::region_code`);
    if (scope.channel) filters.push(sql` and x.channel_code = ${scope.channel}::channel_code`);
  }
  const rows = await rowsOf(
    db,
    sql`select w.key, x.currency::text as currency,
               (sum(x.amount * greatest(0, least(coalesce(x.paid_date - 1, w.t), w.t) - greatest(x.issue_date, w.f) + 1)) / (w.t - w.f + 1))::text as amount
        from ${windowsSql(windows)}
        join ${from} on x.status <> 'VOID' and x.issue_date <= w.t and (x.paid_date is null or x.paid_date > w.f) ${sql.join(filters, sql``)}
        group by w.key, w.f, w.t, x.currency`,
  );
  return groupAmounts(rows);
}

/**
 * Average day-end finished-goods inventory at standard cost per window and cost currency. The day-end value of
 * day d is today's value minus the value of every movement after d, so one backwards running sum over the days
 * gives all day-ends in a single pass (linear in days + movements, however many windows are asked for).
 */
export async function averageInventoryByWindow(db: Db, windows: readonly MonthWindow[]): Promise<Map<string, Amount[]>> {
  const first = windows.reduce((min, w) => (w.start < min ? w.start : min), windows[0]?.start ?? '9999-12-31');
  const last = windows.reduce((max, w) => (w.end > max ? w.end : max), first);
  const rows = await rowsOf(
    db,
    // Quantities are summed per SKU and UTC day before any numeric arithmetic: on a year of movements that is
    // several times faster than costing each movement (date_trunc with a zone is also cheaper than a cast per row).
    sql`with mvq as (
          select sku, date_trunc('day', occurred_at, 'UTC') as t, sum(quantity) as q
          from stock_movements where occurred_at >= ${`${first}T00:00:00.000Z`}::timestamptz group by 1, 2
        ),
        mvv as materialized (
          select p.cost_currency as c, (mvq.t at time zone 'UTC')::date as d, sum(mvq.q * p.standard_cost) as v
          from mvq join products p on p.sku = mvq.sku group by 1, 2
        ),
        cur as (
          select p.cost_currency as c, coalesce(sum(i.quantity_on_hand::numeric * p.standard_cost), 0) as v
          from products p left join inventory i on i.sku = p.sku group by 1
        ),
        tail as (select c, sum(v) as v from mvv where d > ${last}::date group by c),
        days as (select gs::date as d from generate_series(${first}::date, ${last}::date, interval '1 day') gs),
        grid as (
          select cur.c, days.d, cur.v - coalesce(tail.v, 0) as base, coalesce(mvv.v, 0) as v
          from cur cross join days left join tail on tail.c = cur.c left join mvv on mvv.c = cur.c and mvv.d = days.d
        ),
        eod as (
          select c, d, base - coalesce(sum(v) over (partition by c order by d desc rows between unbounded preceding and 1 preceding), 0) as value
          from grid
        )
        select w.key, eod.c::text as currency, (sum(eod.value) / (w.t - w.f + 1))::text as amount
        from ${windowsSql(windows)} join eod on eod.d between w.f and w.t
        group by w.key, w.f, w.t, eod.c`,
  );
  return groupAmounts(rows);
}

function groupAmounts(rows: Row[]): Map<string, Amount[]> {
  const out = new Map<string, Amount[]>();
  for (const r of rows) {
    const list = out.get(str(r.key)) ?? [];
    list.push({ currency: str(r.currency) as Currency, amount: str(r.amount) });
    out.set(str(r.key), list);
  }
  return out;
}

/** GBP-based FX fixings on or before `to`: per currency, ascending [day, units of X per 1 GBP]. */
export async function gbpRateHistory(db: Db, from: string, to: string): Promise<Map<Currency, [string, string][]>> {
  const rows = await rowsOf(
    db,
    sql`select pair, rate_date, rate::text as rate from (
          select quote::text as pair, rate, rate_date from fx_rates where base = 'GBP' and rate_date <= ${to}::date and rate_date >= ${from}::date - 31
          union all
          select base::text as pair, 1 / rate, rate_date from fx_rates where quote = 'GBP' and rate_date <= ${to}::date and rate_date >= ${from}::date - 31
        ) r order by pair, rate_date`,
  );
  const out = new Map<Currency, [string, string][]>();
  for (const r of rows) {
    const pair = str(r.pair) as Currency;
    const list = out.get(pair) ?? [];
    list.push([day(r.rate_date), str(r.rate)]);
    out.set(pair, list);
  }
  return out;
}

/** Latest day-end cash balance per currency (all accounts), and its date. */
export async function latestCashBalances(db: Db): Promise<{ date: string | null; balances: Amount[] }> {
  const rows = await rowsOf(
    db,
    sql`select balance_date, currency::text as currency, sum(balance)::text as amount from cash_balances
        where balance_date = (select max(balance_date) from cash_balances) group by 1, 2`,
  );
  return { date: rows[0] ? day(rows[0].balance_date) : null, balances: rows.map((r) => ({ currency: str(r.currency) as Currency, amount: str(r.amount) })) };
}

export interface OpenDocument {
  id: string;
  partyId: string;
  partyName: string;
  amount: string;
  currency: Currency;
  dueDate: string;
}

/** Unpaid receivables (amount − amount paid) with their customer. */
export async function openReceivables(db: Db): Promise<OpenDocument[]> {
  const rows = await rowsOf(
    db,
    sql`select x.invoice_number as id, x.customer_id::text as party_id, c.name as party_name, (x.amount - x.amount_paid)::text as amount,
               x.currency::text as currency, x.due_date
        from ar_invoices x join customers c on c.id = x.customer_id
        where x.status in ('OPEN', 'PARTIALLY_PAID') and x.amount > x.amount_paid`,
  );
  return rows.map(toDocument);
}

/** Unpaid supplier bills. */
export async function openPayables(db: Db): Promise<OpenDocument[]> {
  const rows = await rowsOf(
    db,
    sql`select x.bill_number as id, x.supplier_id::text as party_id, s.name as party_name, (x.amount - x.amount_paid)::text as amount,
               x.currency::text as currency, x.due_date
        from ap_bills x join suppliers s on s.id = x.supplier_id
        where x.status in ('OPEN', 'PARTIALLY_PAID') and x.amount > x.amount_paid`,
  );
  return rows.map(toDocument);
}

const toDocument = (r: Row): OpenDocument => ({
  id: str(r.id),
  partyId: str(r.party_id),
  partyName: str(r.party_name),
  amount: str(r.amount),
  currency: str(r.currency) as Currency,
  dueDate: day(r.due_date),
});

/** Receivables paid since `since`, for observed payment behaviour. */
export async function paidReceivables(db: Db, since: string): Promise<{ customerId: string; amount: string; dueDate: string; paidDate: string }[]> {
  const rows = await rowsOf(
    db,
    sql`select customer_id::text as customer_id, amount::text as amount, due_date, paid_date from ar_invoices
        where status = 'PAID' and paid_date >= ${since}::date and amount > 0`,
  );
  return rows.map((r) => ({ customerId: str(r.customer_id), amount: str(r.amount), dueDate: day(r.due_date), paidDate: day(r.paid_date) }));
}

/** Purchase orders not yet received nor billed (DRAFT counts as proposed, APPROVED as committed). */
export async function openPurchaseOrders(db: Db): Promise<
  { id: string; supplierId: string; status: 'open' | 'proposed'; amount: string; currency: Currency; orderDate: string; expectedDate: string; paymentTermsDays: number }[]
> {
  const rows = await rowsOf(
    db,
    sql`select po.po_number as id, po.supplier_id::text as supplier_id, po.status::text as status, po.total::text as amount, po.currency::text as currency,
               (po.ordered_at at time zone 'UTC')::date as order_date, po.expected_date, po.payment_terms_days
        from purchase_orders po
        where po.status in ('DRAFT', 'APPROVED', 'SENT', 'CONFIRMED', 'PARTIALLY_RECEIVED')
          and not exists (select 1 from ap_bills b where b.purchase_order_id = po.id)`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    supplierId: str(r.supplier_id),
    status: str(r.status) === 'DRAFT' ? 'proposed' : 'open',
    amount: str(r.amount),
    currency: str(r.currency) as Currency,
    orderDate: day(r.order_date),
    expectedDate: day(r.expected_date),
    paymentTermsDays: Number(r.payment_terms_days),
  }));
}

/**
 * Bills issued in [from, to] per currency: those against a purchase order (materials) or the others (overheads:
 * freight, utilities, services).
 */
export async function billsIssued(db: Db, from: string, to: string, kind: 'materials' | 'overheads'): Promise<Amount[]> {
  const linked = kind === 'materials' ? sql`purchase_order_id is not null` : sql`purchase_order_id is null`;
  const rows = await rowsOf(
    db,
    sql`select currency::text as currency, sum(amount)::text as amount from ap_bills
        where ${linked} and status <> 'VOID' and issue_date between ${from}::date and ${to}::date group by 1`,
  );
  return rows.map((r) => ({ currency: str(r.currency) as Currency, amount: str(r.amount) }));
}

/** Daily GBP revenue and units per channel over [from, to] (days without sales are absent). */
export async function dailyRevenueByChannel(db: Db, from: string, to: string): Promise<{ channel: Channel; date: string; revenue: string; units: number }[]> {
  const rows = await rowsOf(
    db,
    sql`select channel_code::text as channel, sales_date, sum(revenue_gbp)::text as revenue, sum(units)::bigint as units from daily_sales
        where sales_date between ${from}::date and ${to}::date group by 1, 2`,
  );
  return rows.map((r) => ({ channel: str(r.channel) as Channel, date: day(r.sales_date), revenue: str(r.revenue), units: Number(r.units ?? 0) }));
}

/** One channel's forecast units for one period of a stored run (summed over SKUs and regions when needed). */
export interface ChannelForecastPeriod {
  channel: Channel;
  /** First day of the forecast period. */
  period: string;
  mean: string;
  lower80: string | null;
  upper80: string | null;
  lower95: string | null;
  upper95: string | null;
}

export interface LatestChannelForecast {
  runId: string;
  createdAt: string;
  trainingEnd: string;
  granularity: 'week' | 'month';
  /** `channel`: the run forecast each channel's total; `sku_region_channel`: the cells are added up per channel. */
  level: 'channel' | 'sku_region_channel';
  periods: ChannelForecastPeriod[];
}

/** Id and finish time of the newest successful forecast run (a cache key: a new run changes the projection). */
export async function latestRunStamp(db: Db): Promise<string> {
  const rows = await rowsOf(db, sql`select id::text as id, finished_at from forecast_runs where status = 'SUCCEEDED' order by created_at desc limit 1`);
  const r = rows[0];
  return r ? `${str(r.id)}@${str(r.finished_at, '')}` : 'none';
}

/**
 * The latest successful forecast run (by training cut-off, then creation) that forecast sales by channel: its
 * channel-level series (`*|*|CHANNEL`) when it has them, else its SKU × region × channel cells added up per
 * channel. Bounds are added too (errors treated as fully correlated); a sum is null when any cell lacks the bound.
 */
export async function latestChannelForecast(db: Db): Promise<LatestChannelForecast | null> {
  const runs = await rowsOf(
    db,
    sql`select r.id::text as id, r.created_at, r.training_end::text as training_end,
               (select s.granularity from forecast_series_results s where s.run_id = r.id limit 1) as granularity
        from forecast_runs r
        where r.status = 'SUCCEEDED' and exists (select 1 from forecast_values v where v.run_id = r.id and v.channel_code is not null)
        order by r.training_end desc, r.created_at desc limit 1`,
  );
  const run = runs[0];
  if (!run) return null;
  const rows = await rowsOf(
    db,
    sql`select channel_code::text as channel, forecast_date::text as period, (sku is null) as is_channel,
               sum(mean)::text as mean,
               case when bool_and(lower_80 is not null) then sum(lower_80)::text end as lower80,
               case when bool_and(upper_80 is not null) then sum(upper_80)::text end as upper80,
               case when bool_and(lower_95 is not null) then sum(lower_95)::text end as lower95,
               case when bool_and(upper_95 is not null) then sum(upper_95)::text end as upper95
        from forecast_values
        where run_id = ${str(run.id)}::uuid and channel_code is not null
          and ((sku is null and region_code is null) or (sku is not null and region_code is not null))
        group by 1, 2, 3 order by 1, 2`,
  );
  const hasChannelLevel = rows.some((r) => r.is_channel === true);
  const periods = rows
    .filter((r) => (r.is_channel === true) === hasChannelLevel)
    .map((r) => ({
      channel: str(r.channel) as Channel,
      period: day(r.period),
      mean: str(r.mean),
      lower80: r.lower80 == null ? null : str(r.lower80),
      upper80: r.upper80 == null ? null : str(r.upper80),
      lower95: r.lower95 == null ? null : str(r.lower95),
      upper95: r.upper95 == null ? null : str(r.upper95),
    }));
  const createdAt = run.created_at instanceof Date ? run.created_at.toISOString() : new Date(String(run.created_at)).toISOString();
  return { runId: str(run.id), createdAt, trainingEnd: day(run.training_end), granularity: str(run.granularity, 'week') === 'month' ? 'month' : 'week', level: hasChannelLevel ? 'channel' : 'sku_region_channel', periods };
}

/** Channels with their platform and fee rate. */
export async function channelList(db: Db): Promise<{ code: Channel; platform: string; feeRate: string }[]> {
  const rows = await rowsOf(db, sql`select code::text as code, platform, fee_rate::text as fee_rate from channels where is_active`);
  return rows.map((r) => ({ code: str(r.code) as Channel, platform: str(r.platform), feeRate: str(r.fee_rate) }));
}

/** Stock above its maximum (or above `coverDays` of the last 90 days' sales when no maximum is set), valued at standard cost. */
export async function excessStock(db: Db, asOf: string, coverDays: number, limit: number): Promise<{ sku: string; warehouse: string; currency: Currency; excessValue: string }[]> {
  const rows = await rowsOf(
    db,
    sql`with demand as (
          select sku, sum(units)::numeric / 90 as per_day from daily_sales
          where sales_date > ${asOf}::date - 90 and sales_date <= ${asOf}::date group by sku
        ), share as (select sku, count(*) as wh from inventory group by sku)
        select i.sku, i.warehouse_code as warehouse, p.cost_currency::text as currency,
               (greatest(0, i.quantity_on_hand - coalesce(i.max_stock, ceil(coalesce(d.per_day, 0) * ${coverDays} / s.wh))) * p.standard_cost)::text as excess_value
        from inventory i join products p on p.sku = i.sku join share s on s.sku = i.sku left join demand d on d.sku = i.sku
        where i.quantity_on_hand > coalesce(i.max_stock, ceil(coalesce(d.per_day, 0) * ${coverDays} / s.wh))
        order by (i.quantity_on_hand - coalesce(i.max_stock, ceil(coalesce(d.per_day, 0) * ${coverDays} / s.wh))) * p.standard_cost desc
        limit ${limit}`,
  );
  return rows.map((r) => ({ sku: str(r.sku), warehouse: str(r.warehouse), currency: str(r.currency) as Currency, excessValue: str(r.excess_value) }));
}

/** Per supplier: purchases (bills issued) in [from, to] and current terms. */
export async function supplierPurchases(db: Db, from: string, to: string, limit: number): Promise<{ supplierId: string; name: string; currency: Currency; purchases: string; termsDays: number }[]> {
  const rows = await rowsOf(
    db,
    sql`select s.id::text as supplier_id, s.name, b.currency::text as currency, sum(b.amount)::text as purchases, s.payment_terms_days
        from ap_bills b join suppliers s on s.id = b.supplier_id
        where b.status <> 'VOID' and b.issue_date between ${from}::date and ${to}::date
        group by s.id, s.name, b.currency, s.payment_terms_days order by sum(b.amount) desc limit ${limit}`,
  );
  return rows.map((r) => ({ supplierId: str(r.supplier_id), name: str(r.name), currency: str(r.currency) as Currency, purchases: str(r.purchases), termsDays: Number(r.payment_terms_days) }));
}

/** Per wholesale customer (marketplace payout schedules are not negotiable): credit sales (invoices issued) in [from, to] and current terms. */
export async function customerSales(db: Db, from: string, to: string, limit: number): Promise<{ customerId: string; name: string; currency: Currency; sales: string; termsDays: number }[]> {
  const rows = await rowsOf(
    db,
    sql`select c.id::text as customer_id, c.name, x.currency::text as currency, sum(x.amount)::text as sales, c.payment_terms_days
        from ar_invoices x join customers c on c.id = x.customer_id
        where x.status <> 'VOID' and x.issue_date between ${from}::date and ${to}::date and c.kind = 'WHOLESALE' and c.payment_terms_days > 0
        group by c.id, c.name, x.currency, c.payment_terms_days order by sum(x.amount) desc limit ${limit}`,
  );
  return rows.map((r) => ({ customerId: str(r.customer_id), name: str(r.name), currency: str(r.currency) as Currency, sales: str(r.sales), termsDays: Number(r.payment_terms_days) }));
}
