import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, money, updatedAt } from './columns.ts';
import { materials, products } from './catalog.ts';
import { channelCode, currencyCode, regionCode } from './reference.ts';

/** Stock locations: the own UK warehouse, Amazon FBA per marketplace, and a US third-party logistics site. */
export const warehouses = pgTable(
  'warehouses',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    region: regionCode('region').notNull(),
    /** The channel an FBA warehouse serves; null for warehouses that serve any channel. */
    channelCode: channelCode('channel_code'),
    currency: currencyCode('currency').notNull(),
  },
  (t) => [check('warehouses_kind_check', sql`${t.kind} in ('OWN', 'FBA', '3PL')`)],
);

/** Finished-goods stock per SKU × warehouse. `quantityAvailable` is computed by the database. */
export const inventory = pgTable(
  'inventory',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sku: text('sku').notNull().references(() => products.sku),
    warehouseCode: text('warehouse_code').notNull().references(() => warehouses.code),
    quantityOnHand: integer('quantity_on_hand').notNull().default(0),
    quantityReserved: integer('quantity_reserved').notNull().default(0),
    quantityAvailable: integer('quantity_available').generatedAlwaysAs(sql`quantity_on_hand - quantity_reserved`),
    reorderPoint: integer('reorder_point'),
    safetyStock: integer('safety_stock'),
    maxStock: integer('max_stock'),
    lastCountDate: date('last_count_date'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('idx_inventory_product_warehouse').on(t.sku, t.warehouseCode),
    index('idx_inventory_reorder_analysis').on(t.quantityOnHand, t.reorderPoint).where(sql`${t.reorderPoint} is not null`),
    check('inventory_reserved_nonnegative', sql`${t.quantityReserved} >= 0`),
  ],
);

/** Raw/packaging material stock per warehouse (only the own UK warehouse holds materials). */
export const materialInventory = pgTable(
  'material_inventory',
  {
    materialCode: text('material_code').notNull().references(() => materials.code),
    warehouseCode: text('warehouse_code').notNull().references(() => warehouses.code),
    quantityOnHand: numeric('quantity_on_hand', { precision: 18, scale: 4 }).notNull().default('0'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.materialCode, t.warehouseCode] })],
);

export const movementType = pgEnum('movement_type', ['RECEIPT', 'ISSUE', 'TRANSFER', 'ADJUSTMENT', 'PRODUCTION', 'SALE', 'RETURN']);

/**
 * Finished-goods stock movements. `quantity` is signed: positive into `warehouseCode`, negative out
 * (a transfer is two rows sharing `referenceId`). Sales are recorded as one movement per SKU ×
 * warehouse × day rather than per order line, which keeps the table small enough to scan.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    occurredAt: instant('occurred_at').notNull(),
    sku: text('sku').notNull().references(() => products.sku),
    warehouseCode: text('warehouse_code').notNull().references(() => warehouses.code),
    movementType: movementType('movement_type').notNull(),
    quantity: integer('quantity').notNull(),
    unitCost: money('unit_cost'),
    currency: currencyCode('currency'),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    notes: text('notes'),
    createdBy: uuid('created_by'),
  },
  (t) => [
    index('stock_movements_sku_warehouse_time_idx').on(t.sku, t.warehouseCode, t.occurredAt),
    index('stock_movements_time_idx').on(t.occurredAt),
    check('stock_movements_nonzero', sql`${t.quantity} <> 0`),
  ],
);

/**
 * Planner-set policy parameters per item × warehouse (a finished SKU or a material). Absent rows use the
 * defaults the inventory module documents (95 % service level, the source's lead time). `version` guards
 * concurrent edits.
 */
export const inventoryPolicySettings = pgTable(
  'inventory_policy_settings',
  {
    itemKind: text('item_kind').notNull(),
    itemCode: text('item_code').notNull(),
    warehouseCode: text('warehouse_code').notNull().references(() => warehouses.code),
    serviceLevel: numeric('service_level', { precision: 6, scale: 5 }),
    leadTimeDays: integer('lead_time_days'),
    leadTimeStdDays: numeric('lead_time_std_days', { precision: 8, scale: 2 }),
    reviewPeriodDays: integer('review_period_days'),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.itemKind, t.itemCode, t.warehouseCode] }),
    check('inventory_policy_settings_kind_check', sql`${t.itemKind} in ('product', 'material')`),
    check('inventory_policy_settings_service_level_check', sql`${t.serviceLevel} is null or (${t.serviceLevel} > 0 and ${t.serviceLevel} < 1)`),
    check('inventory_policy_settings_lead_time_check', sql`${t.leadTimeDays} is null or ${t.leadTimeDays} >= 1`),
    check('inventory_policy_settings_review_check', sql`${t.reviewPeriodDays} is null or ${t.reviewPeriodDays} >= 1`),
  ],
);
