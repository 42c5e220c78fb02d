import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { channelCodes, currencyCodes, type Channel, type Currency, type Region } from '@sentia/contracts/common';
import type { NormalisedOrder } from '@sentia/contracts/integrations';
import { channels, customers, dailySales, orderLines, orders, productPrices, products, refunds } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import { bulkInsert } from './bulk-insert.ts';
import { createFxRateTable, type FxRateTable } from './fx-rate-table.ts';
import { compareWithStored, contentHash, type IngestDb, loadSourceRecords, lockRecordKeys, saveSourceRecords, type SourceRecordWrite } from './source-records.ts';

export interface IngestOrdersOptions {
  /** Written to `orders.source` (e.g. `import:orders.csv`); defaults to the record's `source`. */
  sourceLabel?: string;
  /** Injected clock for `ingested_at` / `updated_at`. */
  now?: Date;
}

export interface IngestRejection {
  sourceId: string;
  reason: string;
}

/** A `daily_sales` cell whose numbers moved. */
export interface AffectedCell {
  salesDate: string;
  sku: string;
  region: Region;
  channel: Channel;
}

export interface IngestOrdersResult {
  inserted: number;
  updated: number;
  /** Same content as already stored: nothing written. */
  unchanged: number;
  /** Older than the version already applied (out-of-order delivery): ignored. */
  stale: number;
  /** Could not be stored (unknown SKU, unsupported currency, …); the rest of the batch still was. */
  rejected: IngestRejection[];
  /** UTC days whose `daily_sales` changed, sorted. */
  affectedDays: string[];
  affectedChannels: Channel[];
  affectedSkus: string[];
  /** Orders that were inserted or changed (for `order.created` events and the like). */
  written: { orderId: string; sourceId: string; channel: Channel; region: Region; placedAt: string; lineCount: number; units: number; total: string; currency: Currency; isNew: boolean }[];
}

type OrderStatusCode = 'PENDING' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
const statusOf: Record<NormalisedOrder['statusCategory'], OrderStatusCode> = { pending: 'PENDING', open: 'PENDING', shipped: 'SHIPPED', completed: 'DELIVERED', cancelled: 'CANCELLED' };

interface PreparedLine {
  lineNumber: number;
  sku: string;
  quantity: number;
  unitPrice: Dec;
  discount: Dec;
  /** After line discount: what `daily_sales.revenue` sums. */
  lineTotal: Dec;
  unitCost: Dec;
}

interface PreparedOrder {
  input: NormalisedOrder;
  key: string;
  externalId: string;
  hash: string;
  channel: Channel;
  region: Region;
  currency: Currency;
  status: OrderStatusCode;
  orderedAt: Date;
  day: string;
  lines: PreparedLine[];
  subtotal: Dec;
  discount: Dec;
  shipping: Dec;
  tax: Dec;
  total: Dec;
  fees: Dec;
  customerId: string | null;
}

/** Stored order lines as `daily_sales` sees them. */
interface Contribution {
  day: string;
  channel: Channel;
  region: Region;
  currency: string;
  isCancelled: boolean;
  lines: { sku: string; quantity: number; lineTotal: Dec; unitCost: Dec }[];
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const fixed4 = (d: Dec) => d.toFixed(4);
const sum = (values: Dec[]) => values.reduce((a, b) => a.plus(b), new Dec(0));
const isChannel = (c: string): c is Channel => (channelCodes as readonly string[]).includes(c);
const isCurrency = (c: string): c is Currency => (currencyCodes as readonly string[]).includes(c);

/** `(channel, external id)` is the identity of an order in `orders` and in `integration_records`. */
export const orderRecordKey = (channel: string, externalId: string) => `${channel}|${externalId}`;

/**
 * The order's id as `orders.external_id` stores it: the vendor's own order id. Shopify's GraphQL GIDs
 * (`gid://shopify/Order/5100000000097`) are stored as the numeric id its REST API, admin and webhooks show,
 * so an order reaches the same row whichever way it arrives.
 */
export function externalIdOf(order: Pick<NormalisedOrder, 'source' | 'sourceId'>): string {
  const gid = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(order.sourceId);
  return order.source === 'shopify' && gid ? gid[1]! : order.sourceId;
}

/**
 * Persists connector orders idempotently in the caller's transaction (pass `db.transaction`'s handle, or a
 * `Db` to run as autocommit statements): new orders are inserted, changed ones replaced, identical ones left
 * alone (a re-run writes nothing) and ones older than the stored version ignored (webhooks and polls arrive
 * out of order). `daily_sales` is kept true in the same transaction: an order's old contribution is
 * subtracted and its new one added, per (UTC day of `placedAt`, SKU, ship-to region, channel); cancelled
 * orders contribute nothing. Orders that cannot be stored are returned in `rejected`, never thrown, so one
 * bad record does not block a sync; anything unexpected (database errors) throws and the caller's
 * transaction rolls back.
 */
export async function ingestOrders(db: IngestDb, input: NormalisedOrder[], opts: IngestOrdersOptions = {}): Promise<IngestOrdersResult> {
  const now = opts.now ?? new Date();
  const result: IngestOrdersResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: [], affectedDays: [], affectedChannels: [], affectedSkus: [], written: [] };
  if (input.length === 0) return result;

  // The last delivery of a record in one batch wins, as if they had arrived one after another.
  const latest = new Map<string, NormalisedOrder>();
  for (const order of input) {
    const key = orderRecordKey(order.channel, externalIdOf(order));
    const seen = latest.get(key);
    if (!seen || Date.parse(order.updatedAt) >= Date.parse(seen.updatedAt)) latest.set(key, order);
  }
  const batch = [...latest.values()];
  result.unchanged += input.length - batch.length;

  const channelRows = await db.select().from(channels);
  const channelByCode = new Map(channelRows.map((c) => [c.code, c]));
  const skus = [...new Set(batch.flatMap((o) => o.lines.map((l) => l.sku).filter((s): s is string => s !== null)))];
  const productRows = skus.length > 0 ? await db.select({ sku: products.sku, standardCost: products.standardCost, costCurrency: products.costCurrency }).from(products).where(inArray(products.sku, skus)) : [];
  const productBySku = new Map(productRows.map((p) => [p.sku, p]));
  const batchDays = batch.map((o) => isoDay(new Date(o.placedAt))).sort();
  const lastDay = batchDays.at(-1)!;
  // Old contributions being replaced may sit on other days; rates outside the window are read one by one.
  const fx = createFxRateTable(db, { from: batchDays[0]!, to: lastDay > isoDay(now) ? lastDay : isoDay(now) });
  const prices = await loadListPrices(db, skus, lastDay);
  const customerCodes = [...new Set(batch.map((o) => o.customerCode).filter((c): c is string => !!c))];
  const customerByCode = new Map(customerCodes.length > 0 ? (await db.select({ id: customers.id, code: customers.code }).from(customers).where(inArray(customers.code, customerCodes))).map((c) => [c.code, c.id]) : []);

  const prepared: PreparedOrder[] = [];
  for (const order of batch) {
    const outcome = await prepareOrder(order, { channelByCode, productBySku, fx, prices, customerByCode });
    if (typeof outcome === 'string') result.rejected.push({ sourceId: order.sourceId, reason: outcome });
    else prepared.push(outcome);
  }
  if (prepared.length === 0) return result;

  await lockRecordKeys(db, 'order', prepared.map((p) => p.key));
  const stored = await loadSourceRecords(db, 'order', prepared.map((p) => p.key));
  const toWrite = prepared.filter((p) => {
    const freshness = compareWithStored(stored.get(p.key), new Date(p.input.updatedAt), p.hash);
    if (freshness === 'older') result.stale += 1;
    if (freshness === 'same') result.unchanged += 1;
    return freshness === 'new' || freshness === 'newer';
  });
  if (toWrite.length === 0) return result;

  const existing = await loadExistingOrders(db, toWrite);
  const deltas = new Map<string, CellDelta>();
  for (const old of existing.values()) await addContribution(deltas, old.contribution, -1, fx);

  const inserts = toWrite.filter((p) => !existing.has(p.key));
  const updates = toWrite.filter((p) => existing.has(p.key));
  const idByKey = new Map<string, string>();
  for (let i = 0; i < inserts.length; i += 2000) {
    const rows = await bulkInsert<{ id: string; channel_code: string; external_id: string }>(
      db,
      'orders',
      orderColumns,
      inserts.slice(i, i + 2000).map((p) => ({ ...orderRow(p, opts, now), customerId: p.customerId })),
      sql`returning id, channel_code, external_id`,
    );
    for (const row of rows) idByKey.set(orderRecordKey(row.channel_code, row.external_id), row.id);
  }
  for (const p of updates) {
    const id = existing.get(p.key)!.id;
    idByKey.set(p.key, id);
    await db.update(orders).set(orderRow(p, opts, now)).where(eq(orders.id, id));
  }
  const updatedIds = updates.map((p) => idByKey.get(p.key)!);
  // Amazon's orders never carry refunds (its Finances API does): an update keeps the refunds stored for them.
  const refundCarryingIds = updates.filter((p) => p.input.source !== 'amazon').map((p) => idByKey.get(p.key)!);
  for (let i = 0; i < updatedIds.length; i += 1000) await db.delete(orderLines).where(inArray(orderLines.orderId, updatedIds.slice(i, i + 1000)));
  for (let i = 0; i < refundCarryingIds.length; i += 1000) await db.delete(refunds).where(inArray(refunds.orderId, refundCarryingIds.slice(i, i + 1000)));

  const lineRows = toWrite.flatMap((p) =>
    p.lines.map((l) => ({
      order_id: idByKey.get(p.key)!,
      line_number: l.lineNumber,
      sku: l.sku,
      quantity: l.quantity,
      unit_price: fixed4(l.unitPrice),
      discount: fixed4(l.discount),
      line_total: fixed4(l.lineTotal),
      unit_cost: fixed4(l.unitCost),
      currency: p.currency,
    })),
  );
  for (let i = 0; i < lineRows.length; i += 5000) await bulkInsert(db, 'order_lines', orderLineColumns, lineRows.slice(i, i + 5000));
  const refundRows = toWrite.flatMap((p) => refundRowsOf(p, idByKey.get(p.key)!, productBySku));
  for (let i = 0; i < refundRows.length; i += 1000) await db.insert(refunds).values(refundRows.slice(i, i + 1000));

  for (const p of toWrite) {
    await addContribution(deltas, { day: p.day, channel: p.channel, region: p.region, currency: p.currency, isCancelled: p.status === 'CANCELLED', lines: p.lines }, 1, fx);
  }
  await applyDailySalesDeltas(db, deltas, now);

  await saveSourceRecords(
    db,
    'order',
    toWrite.map((p): SourceRecordWrite => ({ recordKey: p.key, source: p.input.source, account: p.input.account, sourceId: p.input.sourceId, sourceUpdatedAt: new Date(p.input.updatedAt), contentHash: p.hash })),
    now,
  );

  result.inserted = inserts.length;
  result.updated = updates.length;
  const cells = [...deltas.values()];
  result.affectedDays = [...new Set(cells.map((c) => c.cell.salesDate))].sort();
  result.affectedChannels = [...new Set(cells.map((c) => c.cell.channel))].sort();
  result.affectedSkus = [...new Set(cells.map((c) => c.cell.sku))].sort();
  result.written = toWrite.map((p) => ({
    orderId: idByKey.get(p.key)!,
    sourceId: p.input.sourceId,
    channel: p.channel,
    region: p.region,
    placedAt: p.orderedAt.toISOString(),
    lineCount: p.lines.length,
    units: p.lines.reduce((n, l) => n + l.quantity, 0),
    total: p.total.toFixed(2),
    currency: p.currency,
    isNew: !existing.has(p.key),
  }));
  return result;
}

type ListPrices = Map<string, { validFrom: string; listPrice: string }[]>;

async function loadListPrices(db: IngestDb, skus: string[], upTo: string): Promise<ListPrices> {
  const byKey: ListPrices = new Map();
  if (skus.length === 0) return byKey;
  const rows = await db
    .select({ sku: productPrices.sku, channelCode: productPrices.channelCode, validFrom: productPrices.validFrom, listPrice: productPrices.listPrice })
    .from(productPrices)
    .where(and(inArray(productPrices.sku, skus), lte(productPrices.validFrom, upTo)))
    .orderBy(productPrices.validFrom);
  for (const row of rows) {
    const key = `${row.sku}|${row.channelCode}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { validFrom: row.validFrom, listPrice: row.listPrice }]);
  }
  return byKey;
}

async function prepareOrder(
  order: NormalisedOrder,
  ctx: {
    channelByCode: Map<string, { code: string; currency: string; feeRate: string }>;
    productBySku: Map<string, { standardCost: string; costCurrency: string }>;
    fx: FxRateTable;
    prices: ListPrices;
    customerByCode: Map<string, string>;
  },
): Promise<PreparedOrder | string> {
  if (!isChannel(order.channel)) return `channel ${order.channel} is not a sales channel`;
  const channel = ctx.channelByCode.get(order.channel);
  if (!channel) return `channel ${order.channel} is not configured`;
  if (!isCurrency(order.currency)) return `currency ${order.currency} is not supported (GBP, EUR, USD)`;
  if (order.currency !== channel.currency) return `currency ${order.currency} differs from the ${order.channel} channel currency ${channel.currency}`;
  const status = statusOf[order.statusCategory];
  if (order.lines.length === 0 && status !== 'CANCELLED') return 'order has no lines';
  const orderedAt = new Date(order.placedAt);
  const day = isoDay(orderedAt);
  const lines: PreparedLine[] = [];
  for (const [index, line] of order.lines.entries()) {
    if (!line.sku) return `line ${line.sourceLineId} has no SKU`;
    const product = ctx.productBySku.get(line.sku);
    if (!product) return `unknown SKU ${line.sku}`;
    const quantity = new Dec(line.quantity);
    if (!quantity.isInteger() || quantity.lte(0)) return `line ${line.sourceLineId}: quantity ${line.quantity} is not a positive whole number`;
    let unitPrice: Dec;
    if (line.unitPrice !== null) unitPrice = new Dec(line.unitPrice);
    else if (line.lineTotal !== null) unitPrice = new Dec(line.lineTotal).div(quantity).toDecimalPlaces(4);
    else {
      // Vendors withhold prices of pending orders (Amazon): count them at list price until the priced version arrives.
      const listed = ctx.prices.get(`${line.sku}|${order.channel}`)?.filter((p) => p.validFrom <= day).at(-1);
      if (!listed) return `${line.sku} has no price and no list price on ${order.channel}`;
      unitPrice = new Dec(listed.listPrice);
    }
    const gross = line.lineTotal !== null ? new Dec(line.lineTotal) : unitPrice.times(quantity);
    const discount = new Dec(line.discount ?? '0');
    const costRate = await ctx.fx.rateOn(product.costCurrency, order.currency, day);
    if (!costRate) return `no FX rate ${product.costCurrency}→${order.currency} on or before ${day}`;
    lines.push({
      lineNumber: index + 1,
      sku: line.sku,
      quantity: quantity.toNumber(),
      unitPrice: unitPrice.toDecimalPlaces(4),
      discount: discount.toDecimalPlaces(4),
      lineTotal: gross.minus(discount).toDecimalPlaces(4),
      unitCost: new Dec(product.standardCost).times(costRate).toDecimalPlaces(4),
    });
  }
  if (!(await ctx.fx.rateOn(order.currency, 'GBP', day))) return `no FX rate ${order.currency}→GBP on or before ${day}`;
  const subtotal = order.subtotal !== null ? new Dec(order.subtotal) : sum(lines.map((l) => l.lineTotal.plus(l.discount)));
  const discount = order.discountTotal !== null ? new Dec(order.discountTotal) : sum(lines.map((l) => l.discount));
  const tax = order.taxTotal !== null ? new Dec(order.taxTotal) : sum(order.lines.map((l) => new Dec(l.tax ?? '0')));
  const shipping = sum(order.fees.filter((f) => f.type === 'shipping').map((f) => new Dec(f.amount)));
  const total = order.total !== null ? new Dec(order.total) : subtotal.minus(discount).plus(shipping).plus(tax);
  // What the marketplace or payment processor keeps is not in the order feeds; estimate it with the channel's rate.
  // A customer's order (wholesale, from the ERP) is invoiced on terms and pays no platform fee.
  const fees = order.customerCode ? new Dec(0) : subtotal.minus(discount).times(channel.feeRate).toDecimalPlaces(2);
  return {
    input: order,
    key: orderRecordKey(order.channel, externalIdOf(order)),
    externalId: externalIdOf(order),
    hash: contentHash(order),
    channel: order.channel,
    region: order.region,
    currency: order.currency,
    status,
    orderedAt,
    day,
    lines,
    subtotal,
    discount,
    shipping,
    tax,
    total,
    fees,
    customerId: order.customerCode ? (ctx.customerByCode.get(order.customerCode) ?? null) : null,
  };
}

const orderColumns = {
  orderNumber: 'text',
  channelCode: 'channel_code',
  externalId: 'text',
  shipToRegion: 'region_code',
  status: 'order_status',
  orderedAt: 'timestamptz',
  currency: 'currency_code',
  subtotal: 'numeric',
  discount: 'numeric',
  shipping: 'numeric',
  tax: 'numeric',
  total: 'numeric',
  fees: 'numeric',
  customerId: 'uuid',
  source: 'text',
  ingestedAt: 'timestamptz',
  updatedAt: 'timestamptz',
};
const orderLineColumns = { order_id: 'uuid', line_number: 'smallint', sku: 'text', quantity: 'integer', unit_price: 'numeric', discount: 'numeric', line_total: 'numeric', unit_cost: 'numeric', currency: 'currency_code' };
const dailySalesColumns = {
  sales_date: 'date',
  sku: 'text',
  region_code: 'region_code',
  channel_code: 'channel_code',
  orders: 'integer',
  units: 'integer',
  revenue: 'numeric',
  cogs: 'numeric',
  currency: 'currency_code',
  revenue_gbp: 'numeric',
  cogs_gbp: 'numeric',
  updated_at: 'timestamptz',
};

function orderRow(p: PreparedOrder, opts: IngestOrdersOptions, now: Date) {
  return {
    orderNumber: p.input.orderNumber ?? `${p.channel}-${p.externalId}`,
    channelCode: p.channel,
    externalId: p.externalId,
    shipToRegion: p.region,
    status: p.status,
    orderedAt: p.orderedAt,
    currency: p.currency,
    subtotal: fixed4(p.subtotal),
    discount: fixed4(p.discount),
    shipping: fixed4(p.shipping),
    tax: fixed4(p.tax),
    total: fixed4(p.total),
    fees: fixed4(p.fees),
    // Only sources that name customers set one; others leave the stored customer alone.
    ...(p.input.customerCode ? { customerId: p.customerId } : {}),
    source: opts.sourceLabel ?? p.input.source,
    ingestedAt: now,
    updatedAt: now,
  };
}

function refundRowsOf(p: PreparedOrder, orderId: string, productBySku: Map<string, unknown>) {
  const rows = [];
  for (const refund of p.input.refunds) {
    const refundedAt = new Date(refund.refundedAt);
    const reason = `source refund ${refund.sourceId}`;
    const perLine = refund.lines.filter((l) => l.amount !== null && new Dec(l.amount).gt(0));
    if (perLine.length > 0) {
      for (const line of perLine) {
        const sku = line.sku && productBySku.has(line.sku) ? line.sku : null;
        rows.push({ orderId, sku, quantity: Math.max(0, Math.round(Number(line.quantity))), refundedAt, amount: fixed4(new Dec(line.amount!)), currency: p.currency, reason });
      }
    } else if (new Dec(refund.amount).gt(0)) {
      rows.push({ orderId, sku: null, quantity: 0, refundedAt, amount: fixed4(new Dec(refund.amount)), currency: p.currency, reason });
    }
  }
  return rows;
}

async function loadExistingOrders(db: IngestDb, batch: PreparedOrder[]): Promise<Map<string, { id: string; contribution: Contribution }>> {
  const found = new Map<string, { id: string; contribution: Contribution }>();
  const byChannel = new Map<Channel, string[]>();
  for (const p of batch) byChannel.set(p.channel, [...(byChannel.get(p.channel) ?? []), p.externalId]);
  const heads: { id: string; channelCode: Channel; externalId: string; shipToRegion: Region; status: OrderStatusCode; orderedAt: Date; currency: string }[] = [];
  for (const [channel, ids] of byChannel) {
    for (let i = 0; i < ids.length; i += 1000) {
      heads.push(
        ...(await db
          .select({ id: orders.id, channelCode: orders.channelCode, externalId: orders.externalId, shipToRegion: orders.shipToRegion, status: orders.status, orderedAt: orders.orderedAt, currency: orders.currency })
          .from(orders)
          .where(and(eq(orders.channelCode, channel), inArray(orders.externalId, ids.slice(i, i + 1000))))),
      );
    }
  }
  const linesByOrder = new Map<string, Contribution['lines']>();
  const ids = heads.map((h) => h.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({ orderId: orderLines.orderId, sku: orderLines.sku, quantity: orderLines.quantity, lineTotal: orderLines.lineTotal, unitCost: orderLines.unitCost })
      .from(orderLines)
      .where(inArray(orderLines.orderId, ids.slice(i, i + 1000)));
    for (const r of rows) linesByOrder.set(r.orderId, [...(linesByOrder.get(r.orderId) ?? []), { sku: r.sku, quantity: r.quantity, lineTotal: new Dec(r.lineTotal), unitCost: new Dec(r.unitCost) }]);
  }
  for (const h of heads) {
    found.set(orderRecordKey(h.channelCode, h.externalId), {
      id: h.id,
      contribution: { day: isoDay(h.orderedAt), channel: h.channelCode, region: h.shipToRegion, currency: h.currency, isCancelled: h.status === 'CANCELLED', lines: linesByOrder.get(h.id) ?? [] },
    });
  }
  return found;
}

interface CellDelta {
  cell: AffectedCell;
  currency: string;
  orders: number;
  units: number;
  revenue: Dec;
  cogs: Dec;
  revenueGbp: Dec;
  cogsGbp: Dec;
}

/**
 * Adds (sign 1) or removes (sign -1) one order's share of `daily_sales`, computed exactly the way
 * `recordOrder` and the demo seeder compute it (per SKU: summed line totals, cost × quantity, converted to
 * GBP at the day's rate and rounded to 4 places), so removing a contribution undoes adding it.
 */
async function addContribution(deltas: Map<string, CellDelta>, c: Contribution, sign: 1 | -1, fx: FxRateTable): Promise<void> {
  if (c.isCancelled || c.lines.length === 0) return;
  const toGbp = (await fx.rateOn(c.currency, 'GBP', c.day)) ?? new Dec(0);
  for (const sku of new Set(c.lines.map((l) => l.sku))) {
    const skuLines = c.lines.filter((l) => l.sku === sku);
    const units = skuLines.reduce((n, l) => n + l.quantity, 0);
    const revenue = sum(skuLines.map((l) => l.lineTotal));
    const cogs = sum(skuLines.map((l) => l.unitCost.times(l.quantity))).toDecimalPlaces(4);
    const key = `${c.day}|${sku}|${c.region}|${c.channel}`;
    const delta = deltas.get(key) ?? { cell: { salesDate: c.day, sku, region: c.region, channel: c.channel }, currency: c.currency, orders: 0, units: 0, revenue: new Dec(0), cogs: new Dec(0), revenueGbp: new Dec(0), cogsGbp: new Dec(0) };
    delta.orders += sign;
    delta.units += sign * units;
    delta.revenue = delta.revenue.plus(revenue.times(sign));
    delta.cogs = delta.cogs.plus(cogs.times(sign));
    delta.revenueGbp = delta.revenueGbp.plus(revenue.times(toGbp).toDecimalPlaces(4).times(sign));
    delta.cogsGbp = delta.cogsGbp.plus(cogs.times(toGbp).toDecimalPlaces(4).times(sign));
    deltas.set(key, delta);
  }
}

async function applyDailySalesDeltas(db: IngestDb, deltas: Map<string, CellDelta>, now: Date): Promise<void> {
  const moved = [...deltas.values()].filter((d) => d.orders !== 0 || d.units !== 0 || !d.revenue.isZero() || !d.cogs.isZero() || !d.revenueGbp.isZero() || !d.cogsGbp.isZero());
  for (let i = 0; i < moved.length; i += 5000) {
    await bulkInsert(
      db,
      'daily_sales',
      dailySalesColumns,
      moved.slice(i, i + 5000).map((d) => ({
        sales_date: d.cell.salesDate,
        sku: d.cell.sku,
        region_code: d.cell.region,
        channel_code: d.cell.channel,
        orders: d.orders,
        units: d.units,
        revenue: fixed4(d.revenue),
        cogs: fixed4(d.cogs),
        currency: d.currency,
        revenue_gbp: fixed4(d.revenueGbp),
        cogs_gbp: fixed4(d.cogsGbp),
        updated_at: now,
      })),
      sql`on conflict (sales_date, sku, region_code, channel_code) do update set orders = daily_sales.orders + excluded.orders, units = daily_sales.units + excluded.units,
        revenue = daily_sales.revenue + excluded.revenue, cogs = daily_sales.cogs + excluded.cogs, revenue_gbp = daily_sales.revenue_gbp + excluded.revenue_gbp,
        cogs_gbp = daily_sales.cogs_gbp + excluded.cogs_gbp, updated_at = excluded.updated_at`,
    );
  }
  // A cell whose last order moved away or was cancelled disappears, as if daily_sales were rebuilt from the orders.
  const days = [...new Set(moved.map((d) => d.cell.salesDate))];
  for (let i = 0; i < days.length; i += 1000) {
    await db.delete(dailySales).where(and(inArray(dailySales.salesDate, days.slice(i, i + 1000)), lte(dailySales.orders, 0)));
  }
}
