import type { Currency } from '@sentia/contracts/common';
import type { ItemKind } from '@sentia/contracts/inventory';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { inventoryPolicySettings } from '@sentia/db/schema';
import { unpackPairs } from '@sentia/db/packed-pairs';
import { addDays, type IsoDate } from '@sentia/domain/calendar/utc-date';
import { and, eq, sql, type SQL } from 'drizzle-orm';

type Row = Record<string, unknown>;
const rowsOf = async (db: Db | DbTransaction, query: SQL): Promise<Row[]> => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** One stocked item × warehouse with its position and cost. */
export interface StockItem {
  kind: ItemKind;
  code: string;
  name: string;
  unit: string;
  warehouseCode: string;
  onHand: number;
  allocated: number;
  unitCost: string;
  currency: Currency;
}

export async function productStock(db: Db): Promise<StockItem[]> {
  const rows = await rowsOf(
    db,
    sql`select i.sku, p.name, p.unit_of_measure, i.warehouse_code, i.quantity_on_hand, i.quantity_reserved, p.standard_cost::text as cost, p.cost_currency::text as currency
        from inventory i join products p on p.sku = i.sku where p.is_active order by i.sku, i.warehouse_code`,
  );
  return rows.map((r) => ({
    kind: 'product',
    code: String(r.sku),
    name: String(r.name),
    unit: String(r.unit_of_measure),
    warehouseCode: String(r.warehouse_code),
    onHand: num(r.quantity_on_hand),
    allocated: num(r.quantity_reserved),
    unitCost: String(r.cost),
    currency: String(r.currency) as Currency,
  }));
}

export async function materialStock(db: Db): Promise<StockItem[]> {
  const rows = await rowsOf(
    db,
    sql`select mi.material_code, m.name, m.unit_of_measure, mi.warehouse_code, mi.quantity_on_hand::text as on_hand, m.standard_cost::text as cost, m.currency::text as currency
        from material_inventory mi join materials m on m.code = mi.material_code order by 1, 4`,
  );
  return rows.map((r) => ({
    kind: 'material',
    code: String(r.material_code),
    name: String(r.name),
    unit: String(r.unit_of_measure),
    warehouseCode: String(r.warehouse_code),
    onHand: num(r.on_hand),
    allocated: 0,
    unitCost: String(r.cost),
    currency: String(r.currency) as Currency,
  }));
}

/** Daily units leaving each SKU × warehouse (sales, transfers out, issues) from `from` (inclusive) to `to` (exclusive). */
export async function productDemand(db: Db, from: string, to: string): Promise<{ code: string; warehouseCode: string; date: string; units: number }[]> {
  // packed per SKU × warehouse: day offset from `from` and units (see unpackPairs)
  const rows = await rowsOf(
    db,
    sql`select sku, warehouse_code, string_agg((d - ${from}::date)::text || ':' || units::text, ',') as days
        from (select sku, warehouse_code, (occurred_at at time zone 'UTC')::date as d, -sum(quantity) as units
              from stock_movements
              where quantity < 0 and movement_type in ('SALE', 'TRANSFER', 'ISSUE') and occurred_at >= ${from}::date and occurred_at < ${to}::date
              group by 1, 2, 3) daily
        group by 1, 2`,
  );
  return rows.flatMap((r) =>
    unpackPairs(r.days as string | null).map(([offset, units]) => ({ code: String(r.sku), warehouseCode: String(r.warehouse_code), date: addDays(from as IsoDate, Number(offset)), units })),
  );
}

/**
 * Daily material use from `from` to `to` (exclusive): completed production orders on their completion day, exploded
 * through the bill of materials with its scrap allowance (materials have no movement ledger of their own).
 */
export async function materialDemand(db: Db, from: string, to: string): Promise<{ code: string; warehouseCode: string; date: string; units: number }[]> {
  const rows = await rowsOf(
    db,
    sql`select b.material_code, (po.actual_end at time zone 'UTC')::date as d,
               sum(po.quantity_planned * b.quantity_per_unit * (1 + b.scrap_allowance))::float8 as units
        from production_orders po join bill_of_materials b on b.sku = po.sku
        where po.status = 'COMPLETED' and po.actual_end >= ${from}::date and po.actual_end < ${to}::date
        group by 1, 2`,
  );
  return rows.map((r) => ({ code: String(r.material_code), warehouseCode: 'UK-MAIN', date: day(r.d), units: num(r.units) }));
}

/** Stock in transit to a warehouse: transfers shipped in the last 120 days whose arrival is not booked yet. */
export async function productInTransit(db: Db, today: string): Promise<{ code: string; warehouseCode: string; shippedOn: string; units: number }[]> {
  const rows = await rowsOf(
    db,
    sql`select m.sku, substring(m.notes from '^To (.+)$') as dest, (m.occurred_at at time zone 'UTC')::date as d, -m.quantity as units
        from stock_movements m
        where m.movement_type = 'TRANSFER' and m.quantity < 0 and m.occurred_at >= ${today}::date - 120 and m.notes like 'To %'
          and not exists (select 1 from stock_movements a where a.reference_id = m.reference_id and a.sku = m.sku and a.quantity > 0)`,
  );
  return rows.filter((r) => r.dest !== null).map((r) => ({ code: String(r.sku), warehouseCode: String(r.dest), shippedOn: day(r.d), units: num(r.units) }));
}

/** Observed transfer transit time into each warehouse over the last year: mean and standard deviation in days. */
export async function transferLeadTimes(db: Db, today: string): Promise<Map<string, { mean: number; sd: number; count: number }>> {
  const rows = await rowsOf(
    db,
    sql`select a.warehouse_code, count(*)::int as n,
               avg(extract(epoch from a.occurred_at - s.occurred_at) / 86400)::float8 as mean,
               coalesce(stddev_samp(extract(epoch from a.occurred_at - s.occurred_at) / 86400), 0)::float8 as sd
        from stock_movements a join stock_movements s on s.reference_id = a.reference_id and s.sku = a.sku and s.quantity < 0
        where a.movement_type = 'TRANSFER' and a.quantity > 0 and a.occurred_at >= ${today}::date - 365
        group by 1`,
  );
  return new Map(rows.map((r) => [String(r.warehouse_code), { mean: num(r.mean), sd: num(r.sd), count: num(r.n) }]));
}

/** Open purchase-order quantities per material (approved and later, not yet received), with the expected date. */
export async function materialOnOrder(db: Db): Promise<{ code: string; warehouseCode: string; expectedDate: string; units: number }[]> {
  const rows = await rowsOf(
    db,
    sql`select l.material_code, coalesce(po.delivery_warehouse_code, 'UK-MAIN') as wh, l.expected_date, (l.quantity - l.quantity_received)::float8 as units
        from purchase_order_lines l join purchase_orders po on po.id = l.purchase_order_id
        where po.status in ('APPROVED', 'SENT', 'CONFIRMED', 'PARTIALLY_RECEIVED') and l.quantity > l.quantity_received`,
  );
  return rows.map((r) => ({ code: String(r.material_code), warehouseCode: String(r.wh), expectedDate: day(r.expected_date), units: num(r.units) }));
}

/** The preferred supplier of each material with its terms (price, MOQ, multiple, lead time). */
export interface SupplierOffer {
  materialCode: string;
  supplierId: string;
  supplierCode: string;
  supplierName: string;
  currency: Currency;
  paymentTermsDays: number;
  unitPrice: string;
  moq: number;
  orderMultiple: number;
  leadTimeDays: number;
  leadTimeStdDays: number;
}

export async function supplierOffers(db: Db | DbTransaction, supplierId?: string): Promise<SupplierOffer[]> {
  const rows = await rowsOf(
    db,
    sql`select sm.material_code, s.id::text as supplier_id, s.code, s.name, sm.currency::text as currency, s.payment_terms_days, sm.unit_price::text as price,
               sm.moq::float8 as moq, sm.order_multiple::float8 as multiple, sm.lead_time_days, sm.lead_time_std_days::float8 as lead_sd, sm.is_preferred
        from supplier_materials sm join suppliers s on s.id = sm.supplier_id
        where s.is_active ${supplierId ? sql`and s.id = ${supplierId}::uuid` : sql`and sm.is_preferred`}
        order by sm.material_code, s.code`,
  );
  return rows.map((r) => ({
    materialCode: String(r.material_code),
    supplierId: String(r.supplier_id),
    supplierCode: String(r.code),
    supplierName: String(r.name),
    currency: String(r.currency) as Currency,
    paymentTermsDays: num(r.payment_terms_days),
    unitPrice: String(r.price),
    moq: num(r.moq),
    orderMultiple: num(r.multiple) || 1,
    leadTimeDays: num(r.lead_time_days),
    leadTimeStdDays: num(r.lead_sd),
  }));
}

/** Latest GBP→currency rates (units of the currency per GBP); GBP is 1. */
export async function latestGbpRates(db: Db | DbTransaction): Promise<Map<Currency, number>> {
  const rows = await rowsOf(db, sql`select distinct on (quote) quote::text as quote, rate::float8 as rate from fx_rates where base = 'GBP' order by quote, rate_date desc`);
  const out = new Map<Currency, number>([['GBP', 1]]);
  for (const r of rows) out.set(String(r.quote) as Currency, num(r.rate));
  return out;
}

/** COGS in GBP from `from` to `to` (inclusive). */
export async function cogsGbp(db: Db, from: string, to: string): Promise<string> {
  const [row] = await rowsOf(db, sql`select coalesce(sum(cogs_gbp), 0)::text as c from daily_sales where sales_date between ${from}::date and ${to}::date`);
  return String(row?.c ?? '0');
}

/** On-hand units of every SKU × warehouse at the start of `date`: the movement ledger summed up to it. */
export async function productOnHandAt(db: Db, date: string): Promise<Map<string, number>> {
  const rows = await rowsOf(db, sql`select sku, warehouse_code, sum(quantity)::float8 as q from stock_movements where occurred_at < ${date}::date group by 1, 2`);
  return new Map(rows.map((r) => [`${String(r.sku)}|${String(r.warehouse_code)}`, Math.max(0, num(r.q))]));
}

export type PolicySettingsRow = typeof inventoryPolicySettings.$inferSelect;

export async function allSettings(db: Db): Promise<PolicySettingsRow[]> {
  return db.select().from(inventoryPolicySettings);
}

export async function settingsFor(db: Db | DbTransaction, kind: ItemKind, code: string, warehouse: string): Promise<PolicySettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(inventoryPolicySettings)
    .where(and(eq(inventoryPolicySettings.itemKind, kind), eq(inventoryPolicySettings.itemCode, code), eq(inventoryPolicySettings.warehouseCode, warehouse)));
  return row;
}
