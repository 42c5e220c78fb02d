import { z } from 'zod';

/** What a file can be imported as. */
export const importEntityCodes = ['orders', 'inventory-counts', 'products', 'suppliers', 'purchase-orders'] as const;
export const importEntitySchema = z.enum(importEntityCodes);
export type ImportEntity = z.infer<typeof importEntitySchema>;

/** One target field of an import: `aliases` are the header spellings matched automatically (case, spaces and punctuation ignored). */
export interface ImportFieldDefinition {
  field: string;
  label: string;
  required: boolean;
  aliases: readonly string[];
  hint: string;
}

const f = (field: string, label: string, required: boolean, aliases: string[], hint: string): ImportFieldDefinition => ({ field, label, required, aliases, hint });

/**
 * The fields of every import entity. Orders and purchase orders are one row per line; the order-level
 * columns repeat on each line of the same order.
 */
export const importFieldDefinitions: Record<ImportEntity, readonly ImportFieldDefinition[]> = {
  orders: [
    f('orderNumber', 'Order number', true, ['order id', 'order number', 'order no', 'order', 'amazon order id', 'external id', 'name'], 'The order id in the sales channel; lines of one order share it'),
    f('channel', 'Channel', true, ['channel', 'sales channel', 'marketplace', 'store'], 'AMAZON_UK, AMAZON_EU, AMAZON_US, SHOPIFY_UK or SHOPIFY_US'),
    f('orderedAt', 'Order date', true, ['order date', 'ordered at', 'date', 'purchase date', 'created at', 'placed at'], 'YYYY-MM-DD or ISO date-time (UTC)'),
    f('region', 'Ship-to region', false, ['region', 'ship to region', 'ship region', 'destination region'], 'UK, EU or US; default: the channel’s home region'),
    f('status', 'Status', false, ['status', 'order status', 'fulfillment status'], 'PENDING, SHIPPED, DELIVERED or CANCELLED; default DELIVERED'),
    f('lineNumber', 'Line number', false, ['line', 'line number', 'line no', 'item number'], 'Position of the line in the order; default: order of the rows'),
    f('sku', 'SKU', true, ['sku', 'seller sku', 'lineitem sku', 'product sku', 'item sku', 'product code'], 'A SKU of the product catalogue'),
    f('quantity', 'Quantity', true, ['quantity', 'qty', 'quantity ordered', 'lineitem quantity', 'units'], 'Whole number above 0'),
    f('unitPrice', 'Unit price', true, ['unit price', 'price', 'item price', 'lineitem price'], 'Price of one unit before discount'),
    f('discount', 'Line discount', false, ['discount', 'line discount', 'lineitem discount', 'promotion discount'], 'Amount off the line; default 0'),
    f('currency', 'Currency', true, ['currency', 'currency code', 'order currency'], 'GBP, EUR or USD (the channel’s currency)'),
  ],
  'inventory-counts': [
    f('sku', 'SKU', true, ['sku', 'product sku', 'item', 'product code'], 'A SKU of the product catalogue'),
    f('warehouse', 'Warehouse', true, ['warehouse', 'warehouse code', 'location', 'site'], 'A warehouse code'),
    f('quantity', 'Counted quantity', true, ['quantity', 'qty', 'counted', 'counted quantity', 'on hand', 'quantity on hand', 'stock'], 'Whole number, 0 or more'),
    f('countDate', 'Count date', false, ['count date', 'date', 'counted at', 'stocktake date'], 'YYYY-MM-DD; default today'),
  ],
  products: [
    f('sku', 'SKU', true, ['sku', 'product code', 'code', 'item code'], 'Unique product code'),
    f('name', 'Name', true, ['name', 'product name', 'title', 'description short'], ''),
    f('category', 'Category', true, ['category', 'product group', 'group', 'type'], ''),
    f('sizeMl', 'Size (ml)', true, ['size ml', 'size', 'volume ml', 'volume', 'ml'], 'Whole number above 0'),
    f('abv', 'ABV %', true, ['abv', 'abv %', 'alcohol', 'alcohol %', 'strength'], '0–100'),
    f('unitsPerCase', 'Units per case', true, ['units per case', 'case size', 'pack size', 'case qty'], 'Whole number above 0'),
    f('standardCost', 'Standard cost', true, ['standard cost', 'unit cost', 'cost'], 'Full unit cost'),
    f('costCurrency', 'Cost currency', true, ['cost currency', 'currency'], 'GBP, EUR or USD'),
    f('launchDate', 'Launch date', true, ['launch date', 'launched', 'release date'], 'YYYY-MM-DD'),
    f('description', 'Description', false, ['description', 'long description'], ''),
    f('unitOfMeasure', 'Unit of measure', false, ['unit of measure', 'uom', 'unit'], 'default bottle'),
    f('isActive', 'Active', false, ['active', 'is active', 'enabled'], 'true/false, yes/no; default true'),
  ],
  suppliers: [
    f('code', 'Supplier code', true, ['code', 'supplier code', 'supplier id', 'vendor code'], 'Unique supplier code'),
    f('name', 'Name', true, ['name', 'supplier name', 'vendor name', 'company'], ''),
    f('category', 'Category', true, ['category', 'supplier category', 'type'], ''),
    f('country', 'Country', true, ['country', 'country code'], 'Two-letter ISO code, e.g. GB'),
    f('currency', 'Currency', true, ['currency', 'currency code'], 'GBP, EUR or USD'),
    f('paymentTermsDays', 'Payment terms (days)', true, ['payment terms', 'payment terms days', 'terms', 'terms days'], 'Whole number, 0 or more'),
    f('leadTimeDays', 'Lead time (days)', true, ['lead time', 'lead time days', 'lead days'], 'Whole number, 0 or more'),
    f('leadTimeStdDays', 'Lead time std. dev. (days)', false, ['lead time std', 'lead time std days', 'lead time sd'], 'default 0'),
    f('onTimeRate', 'On-time rate', false, ['on time rate', 'on time', 'otif'], '0–1'),
    f('isActive', 'Active', false, ['active', 'is active'], 'default true'),
  ],
  'purchase-orders': [
    f('poNumber', 'PO number', true, ['po number', 'po', 'po no', 'purchase order', 'order number'], 'Unique; lines of one PO share it'),
    f('supplierCode', 'Supplier code', true, ['supplier', 'supplier code', 'vendor', 'vendor code'], 'A supplier code'),
    f('orderedAt', 'Order date', true, ['order date', 'ordered at', 'date', 'po date'], 'YYYY-MM-DD or ISO date-time (UTC)'),
    f('expectedDate', 'Expected date', true, ['expected date', 'due date', 'required date', 'delivery date'], 'YYYY-MM-DD, on or after the order date'),
    f('status', 'Status', false, ['status', 'po status'], 'DRAFT, SENT or CONFIRMED; default DRAFT'),
    f('lineNumber', 'Line number', false, ['line', 'line number', 'line no'], 'default: order of the rows'),
    f('materialCode', 'Material code', true, ['material', 'material code', 'item', 'item code', 'sku', 'product code'], 'A material code'),
    f('quantity', 'Quantity', true, ['quantity', 'qty', 'order quantity'], 'Above 0'),
    f('unitPrice', 'Unit price', true, ['unit price', 'price', 'cost'], '0 or more'),
    f('currency', 'Currency', true, ['currency', 'currency code'], 'GBP, EUR or USD'),
    f('paymentTermsDays', 'Payment terms (days)', false, ['payment terms', 'payment terms days', 'terms'], 'default: the supplier’s'),
  ],
};

/** Upload field `mapping`: target field → the file's header it is read from (omitted fields are matched automatically). */
export const importMappingSchema = z.record(z.string().max(100), z.string().max(200).nullable());
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** One problem in the file. `row` is the 1-based line in the file (the header is row 1); 0 for file-level problems. */
export const importIssueSchema = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importReportSchema = z.object({
  entity: importEntitySchema,
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  headers: z.array(z.string()),
  /** Target field → header used (null: not in the file). */
  mapping: z.record(z.string(), z.string().nullable()),
  /** Headers no field reads. */
  unmappedHeaders: z.array(z.string()),
  rowCount: z.number().int().nonnegative(),
  validRowCount: z.number().int().nonnegative(),
  invalidRowCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  /** The first errors (the CSV error report has all of them). */
  errors: z.array(importIssueSchema),
  /** The first rows as read through the mapping. */
  sample: z.array(z.record(z.string(), z.string())),
  /** Records the rows make (orders, not order lines; purchase orders, not lines). */
  recordCount: z.number().int().nonnegative(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importCommitResultSchema = importReportSchema.extend({
  committed: z.literal(true),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  /** Orders skipped because the source system already delivered a newer version. */
  skipped: z.number().int().nonnegative(),
  auditId: z.string(),
});
export type ImportCommitResult = z.infer<typeof importCommitResultSchema>;
