import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, money } from './columns.ts';
import { materials } from './catalog.ts';
import { currencyCode } from './reference.ts';

/**
 * Suppliers. Lead time is modelled as mean ± standard deviation in days; `onTimeRate` is the share of
 * deliveries that arrived by the promised date. `paymentTermsDays` counts from the bill date.
 */
export const suppliers = pgTable('suppliers', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  country: text('country').notNull(),
  currency: currencyCode('currency').notNull(),
  paymentTermsDays: integer('payment_terms_days').notNull(),
  leadTimeDays: integer('lead_time_days').notNull(),
  leadTimeStdDays: numeric('lead_time_std_days', { precision: 8, scale: 2 }).notNull(),
  onTimeRate: numeric('on_time_rate', { precision: 5, scale: 4 }),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

/** What a supplier sells us: price, minimum order quantity, order multiple and item lead time. */
export const supplierMaterials = pgTable(
  'supplier_materials',
  {
    supplierId: uuid('supplier_id').notNull().references(() => suppliers.id, { onDelete: 'cascade' }),
    materialCode: text('material_code').notNull().references(() => materials.code),
    unitPrice: money('unit_price').notNull(),
    currency: currencyCode('currency').notNull(),
    moq: numeric('moq', { precision: 18, scale: 4 }).notNull(),
    orderMultiple: numeric('order_multiple', { precision: 18, scale: 4 }).notNull().default('1'),
    leadTimeDays: integer('lead_time_days').notNull(),
    leadTimeStdDays: numeric('lead_time_std_days', { precision: 8, scale: 2 }).notNull(),
    isPreferred: boolean('is_preferred').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.supplierId, t.materialCode] }), check('supplier_materials_moq_positive', sql`${t.moq} > 0`)],
);

/**
 * DRAFT is a proposed order awaiting approval; APPROVED, REJECTED and CLOSED complete the approval workflow
 * (proposed → approved → sent → partially received → received → closed, or rejected). CONFIRMED (supplier
 * acknowledged) and CANCELLED come from the ERP and are treated as sent and as a terminal state.
 */
export const purchaseOrderStatus = pgEnum('purchase_order_status', ['DRAFT', 'SENT', 'CONFIRMED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED', 'APPROVED', 'REJECTED', 'CLOSED']);

export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    poNumber: text('po_number').notNull().unique(),
    supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
    status: purchaseOrderStatus('status').notNull(),
    orderedAt: instant('ordered_at').notNull(),
    expectedDate: date('expected_date').notNull(),
    receivedAt: instant('received_at'),
    currency: currencyCode('currency').notNull(),
    total: money('total').notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    /** Optimistic-locking counter: every workflow transition writes `version + 1 WHERE version = read version`. */
    version: integer('version').notNull().default(1),
    /** Where the goods are received into (material stock); null for orders from the ERP. */
    deliveryWarehouseCode: text('delivery_warehouse_code'),
    approvedBy: uuid('approved_by'),
    approvedAt: instant('approved_at'),
    sentAt: instant('sent_at'),
    closedAt: instant('closed_at'),
    rejectedReason: text('rejected_reason'),
    closedReason: text('closed_reason'),
  },
  (t) => [index('purchase_orders_supplier_date_idx').on(t.supplierId, t.orderedAt), index('purchase_orders_status_expected_idx').on(t.status, t.expectedDate)],
);

export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purchaseOrderId: uuid('purchase_order_id').notNull().references(() => purchaseOrders.id, { onDelete: 'cascade' }),
    lineNumber: smallint('line_number').notNull(),
    materialCode: text('material_code').notNull().references(() => materials.code),
    quantity: numeric('quantity', { precision: 18, scale: 4 }).notNull(),
    quantityReceived: numeric('quantity_received', { precision: 18, scale: 4 }).notNull().default('0'),
    unitPrice: money('unit_price').notNull(),
    lineTotal: money('line_total').notNull(),
    currency: currencyCode('currency').notNull(),
    expectedDate: date('expected_date').notNull(),
    receivedDate: date('received_date'),
  },
  (t) => [uniqueIndex('purchase_order_lines_po_line_key').on(t.purchaseOrderId, t.lineNumber), index('purchase_order_lines_material_idx').on(t.materialCode)],
);
