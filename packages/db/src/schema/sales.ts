import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, money, updatedAt } from './columns.ts';
import { products } from './catalog.ts';
import { warehouses } from './inventory.ts';
import { channelCode, channels, currencyCode, regionCode, regions } from './reference.ts';

/**
 * Counterparties we invoice or receive payouts from: marketplaces (Amazon settlements), payment
 * processors (Shopify payouts) and wholesale customers (who order through the Shopify B2B store).
 */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    region: regionCode('region').notNull(),
    currency: currencyCode('currency').notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('customers_kind_check', sql`${t.kind} in ('MARKETPLACE', 'PAYMENT_PROCESSOR', 'WHOLESALE')`)],
);

export const orderStatus = pgEnum('order_status', ['PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED']);

/**
 * Sales orders from every channel. Amounts are in the channel's currency: `total = subtotal - discount
 * + shipping + tax`; `fees` are what the marketplace or payment processor keeps. `ingestedAt` is when
 * the row reached us (for data-freshness), distinct from `orderedAt`.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderNumber: text('order_number').notNull(),
    channelCode: channelCode('channel_code').notNull().references(() => channels.code),
    externalId: text('external_id').notNull(),
    shipToRegion: regionCode('ship_to_region').notNull().references(() => regions.code),
    customerId: uuid('customer_id').references(() => customers.id),
    fulfilledFrom: text('fulfilled_from').references(() => warehouses.code),
    status: orderStatus('status').notNull(),
    orderedAt: instant('ordered_at').notNull(),
    currency: currencyCode('currency').notNull(),
    subtotal: money('subtotal').notNull(),
    discount: money('discount').notNull().default('0'),
    shipping: money('shipping').notNull().default('0'),
    tax: money('tax').notNull().default('0'),
    total: money('total').notNull(),
    fees: money('fees').notNull().default('0'),
    promotionCode: text('promotion_code'),
    source: text('source').notNull(),
    ingestedAt: instant('ingested_at').notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_channel_external_key').on(t.channelCode, t.externalId),
    index('orders_ordered_at_idx').on(t.orderedAt),
    index('orders_channel_ordered_at_idx').on(t.channelCode, t.orderedAt),
    // Only wholesale orders have a customer; region analysis reads daily_sales, not orders.
    index('orders_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
    index('orders_ingested_at_idx').on(t.ingestedAt),
  ],
);

/** Order lines. `unitCost` is the COGS per unit in the order currency at the time of sale. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    lineNumber: smallint('line_number').notNull(),
    sku: text('sku').notNull().references(() => products.sku),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    discount: money('discount').notNull().default('0'),
    lineTotal: money('line_total').notNull(),
    unitCost: money('unit_cost').notNull(),
    currency: currencyCode('currency').notNull(),
  },
  (t) => [
    uniqueIndex('order_lines_order_line_key').on(t.orderId, t.lineNumber),
    index('order_lines_sku_idx').on(t.sku),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
    sku: text('sku').references(() => products.sku),
    quantity: integer('quantity').notNull().default(0),
    refundedAt: instant('refunded_at').notNull(),
    amount: money('amount').notNull(),
    currency: currencyCode('currency').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('refunds_order_idx').on(t.orderId), index('refunds_refunded_at_idx').on(t.refundedAt), check('refunds_amount_positive', sql`${t.amount} > 0`)],
);

/**
 * Daily sales per SKU × ship-to region × channel (the 135 demand series), so KPI and forecasting
 * queries never scan order lines. `revenue` is the sum of line totals (after line discounts, before
 * tax and shipping) and `cogs` the sum of quantity × unit cost, both in `currency` (the channel's);
 * the `*Gbp` columns convert at that day's FX rate into the reporting currency.
 * `orders` counts the orders that contain the SKU in that cell. Cancelled orders are excluded;
 * refunds are not netted here (see `refunds`).
 *
 * Invariant: every path that writes orders (the demo seeder, connectors' ingest, file imports) must
 * upsert the affected `daily_sales` rows in the same transaction, keyed by
 * (sales_date = ordered_at::date in UTC, sku, region_code, channel_code).
 */
export const dailySales = pgTable(
  'daily_sales',
  {
    salesDate: date('sales_date').notNull(),
    sku: text('sku').notNull().references(() => products.sku),
    regionCode: regionCode('region_code').notNull(),
    channelCode: channelCode('channel_code').notNull(),
    orders: integer('orders').notNull(),
    units: integer('units').notNull(),
    revenue: money('revenue').notNull(),
    cogs: money('cogs').notNull(),
    currency: currencyCode('currency').notNull(),
    revenueGbp: money('revenue_gbp').notNull(),
    cogsGbp: money('cogs_gbp').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.salesDate, t.sku, t.regionCode, t.channelCode] }),
    index('daily_sales_sku_date_idx').on(t.sku, t.salesDate),
    index('daily_sales_channel_date_idx').on(t.channelCode, t.salesDate),
    index('daily_sales_region_date_idx').on(t.regionCode, t.salesDate),
  ],
);
