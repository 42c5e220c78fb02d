import { z } from 'zod';
import { channelSchema, decimalStringSchema, regionSchema } from './common.ts';

/**
 * Normalised records produced by the connectors (`@sentia/connectors`). Every record carries its
 * `source` and `sourceId` (the vendor's own id: AmazonOrderId, Shopify GID, Unleashed Guid) so the
 * server can persist with idempotent upserts keyed by (source, account, sourceId).
 *
 * Money and quantities are decimal strings (never JS floats); times are ISO-8601 UTC with `Z`.
 */

export const integrationSourceCodes = ['amazon', 'shopify', 'unleashed'] as const;
export const integrationSourceSchema = z.enum(integrationSourceCodes);
export type IntegrationSource = z.infer<typeof integrationSourceSchema>;

/** ISO-8601 instant in UTC (`2024-05-01T09:12:44Z`, optional fractional seconds). */
export const utcTimestampSchema = z.iso.datetime();

/** ISO 4217 code as the vendor sent it; the server decides whether it is a supported currency. */
export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code');

/** Channels of the five sales channels, plus wholesale orders entered in the ERP. */
export const orderChannelSchema = z.union([channelSchema, z.literal('WHOLESALE')]);
export type OrderChannel = z.infer<typeof orderChannelSchema>;

/** Vendor statuses collapse to these for the dashboards; the vendor's own status is kept beside it. */
export const orderStatusCategoryCodes = ['pending', 'open', 'shipped', 'completed', 'cancelled'] as const;
export const orderStatusCategorySchema = z.enum(orderStatusCategoryCodes);

const recordBase = {
  source: integrationSourceSchema,
  /** Which connection produced the record: a shop domain, an SP-API region/seller, an Unleashed API id. */
  account: z.string().min(1),
  sourceId: z.string().min(1),
};

export const normalisedOrderLineSchema = z.object({
  sourceLineId: z.string().min(1),
  /** Vendors allow lines without SKU (custom items); the server reports them as unmapped. */
  sku: z.string().nullable(),
  title: z.string().nullable(),
  quantity: decimalStringSchema,
  /** Price of one unit before discounts, in the order currency; null when the vendor withholds it (pending Amazon orders). */
  unitPrice: decimalStringSchema.nullable(),
  /** Line total before discounts (unitPrice × quantity). */
  lineTotal: decimalStringSchema.nullable(),
  tax: decimalStringSchema.nullable(),
  discount: decimalStringSchema.nullable(),
});
export type NormalisedOrderLine = z.infer<typeof normalisedOrderLineSchema>;

export const normalisedFeeSchema = z.object({
  /** e.g. `shipping`, `shipping_tax`, `shipping_discount`. */
  type: z.string().min(1),
  amount: decimalStringSchema,
});
export type NormalisedFee = z.infer<typeof normalisedFeeSchema>;

export const normalisedRefundSchema = z.object({
  sourceId: z.string().min(1),
  refundedAt: utcTimestampSchema,
  amount: decimalStringSchema,
  lines: z.array(z.object({ sku: z.string().nullable(), quantity: decimalStringSchema, amount: decimalStringSchema.nullable() })),
});
export type NormalisedRefund = z.infer<typeof normalisedRefundSchema>;

export const normalisedOrderSchema = z.object({
  ...recordBase,
  orderNumber: z.string().nullable(),
  channel: orderChannelSchema,
  region: regionSchema,
  /** Vendor-specific status text (`Unshipped`, `PAID`, `Placed`). */
  status: z.string(),
  statusCategory: orderStatusCategorySchema,
  currency: currencyCodeSchema,
  placedAt: utcTimestampSchema,
  updatedAt: utcTimestampSchema,
  /** Null when the vendor omits it (Amazon `Pending` orders carry no OrderTotal). */
  total: decimalStringSchema.nullable(),
  subtotal: decimalStringSchema.nullable(),
  taxTotal: decimalStringSchema.nullable(),
  discountTotal: decimalStringSchema.nullable(),
  lines: z.array(normalisedOrderLineSchema),
  fees: z.array(normalisedFeeSchema),
  refunds: z.array(normalisedRefundSchema),
  /** The customer's code in the source (Unleashed wholesale customers); absent for consumer orders. */
  customerCode: z.string().nullable().optional(),
  /**
   * The system the source itself got the order from (Unleashed `SourceId`, e.g. `Shopify`), when it is not
   * the order's origin: such an order is counted through its own connector, not again through this one.
   */
  originSource: z.string().nullable().optional(),
});
export type NormalisedOrder = z.infer<typeof normalisedOrderSchema>;

export const normalisedInventoryLevelSchema = z.object({
  source: integrationSourceSchema,
  account: z.string().min(1),
  /** Stable key of the level: `<sku or item id>@<location>`. */
  sourceId: z.string().min(1),
  sku: z.string().nullable(),
  /** Marketplace id (FBA), location GID (Shopify) or warehouse code (Unleashed); null = aggregated across locations. */
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
  region: regionSchema.nullable(),
  onHand: decimalStringSchema,
  available: decimalStringSchema,
  /** Allocated to open orders (Shopify committed, Unleashed AllocatedQty, FBA reserved). */
  reserved: decimalStringSchema,
  inbound: decimalStringSchema,
  unfulfillable: decimalStringSchema,
  /** Average unit cost where the source knows it (Unleashed AvgCost). */
  averageCost: decimalStringSchema.nullable(),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedInventoryLevel = z.infer<typeof normalisedInventoryLevelSchema>;

export const normalisedProductSchema = z.object({
  ...recordBase,
  sku: z.string().min(1),
  name: z.string(),
  barcode: z.string().nullable(),
  unitOfMeasure: z.string().nullable(),
  productGroup: z.string().nullable(),
  defaultSellPrice: decimalStringSchema.nullable(),
  defaultPurchasePrice: decimalStringSchema.nullable(),
  averageCost: decimalStringSchema.nullable(),
  isAssembled: z.boolean(),
  isComponent: z.boolean(),
  obsolete: z.boolean(),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedProduct = z.infer<typeof normalisedProductSchema>;

export const normalisedPurchaseOrderSchema = z.object({
  ...recordBase,
  orderNumber: z.string(),
  status: z.string(),
  supplierId: z.string().nullable(),
  supplierCode: z.string().nullable(),
  warehouseCode: z.string().nullable(),
  currency: currencyCodeSchema,
  orderDate: utcTimestampSchema,
  requiredDate: utcTimestampSchema.nullable(),
  completedDate: utcTimestampSchema.nullable(),
  subtotal: decimalStringSchema.nullable(),
  taxTotal: decimalStringSchema.nullable(),
  total: decimalStringSchema.nullable(),
  lines: z.array(
    z.object({
      sourceLineId: z.string().min(1),
      sku: z.string().nullable(),
      quantity: decimalStringSchema,
      receivedQuantity: decimalStringSchema.nullable(),
      unitPrice: decimalStringSchema.nullable(),
      lineTotal: decimalStringSchema.nullable(),
      tax: decimalStringSchema.nullable(),
      dueDate: utcTimestampSchema.nullable(),
    }),
  ),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedPurchaseOrder = z.infer<typeof normalisedPurchaseOrderSchema>;

export const normalisedSupplierSchema = z.object({
  ...recordBase,
  code: z.string(),
  name: z.string(),
  currency: currencyCodeSchema.nullable(),
  email: z.string().nullable(),
  leadTimeDays: z.number().int().nonnegative().nullable(),
  obsolete: z.boolean(),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedSupplier = z.infer<typeof normalisedSupplierSchema>;

export const normalisedWarehouseSchema = z.object({
  ...recordBase,
  code: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  obsolete: z.boolean(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedWarehouse = z.infer<typeof normalisedWarehouseSchema>;

export const normalisedAssemblySchema = z.object({
  ...recordBase,
  assemblyNumber: z.string(),
  status: z.string(),
  productSku: z.string().nullable(),
  quantity: decimalStringSchema,
  assemblyDate: utcTimestampSchema.nullable(),
  assembleBy: utcTimestampSchema.nullable(),
  sourceWarehouseCode: z.string().nullable(),
  destinationWarehouseCode: z.string().nullable(),
  totalCost: decimalStringSchema.nullable(),
  lines: z.array(z.object({ sku: z.string().nullable(), quantity: decimalStringSchema, wastageQuantity: decimalStringSchema.nullable() })),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedAssembly = z.infer<typeof normalisedAssemblySchema>;

export const normalisedBillOfMaterialsSchema = z.object({
  ...recordBase,
  billNumber: z.string(),
  productSku: z.string().nullable(),
  obsolete: z.boolean(),
  canAutoAssemble: z.boolean(),
  lines: z.array(z.object({ sku: z.string().nullable(), quantity: decimalStringSchema, wastageQuantity: decimalStringSchema.nullable() })),
  updatedAt: utcTimestampSchema.nullable(),
});
export type NormalisedBillOfMaterials = z.infer<typeof normalisedBillOfMaterialsSchema>;

/**
 * Where an incremental sync of one (connection, resource) stands. `watermark` is the largest
 * `updatedAt` fully persisted; `pageToken` is set only while a run is part-way through, so a
 * crashed run resumes from the page it was on instead of starting over.
 */
export const syncCursorSchema = z.object({
  watermark: utcTimestampSchema.nullable(),
  pageToken: z.string().nullable(),
  /** The lower bound the interrupted run started from, kept with `pageToken` so a resume asks the same window. */
  runSince: utcTimestampSchema.nullable(),
});
export type SyncCursor = z.infer<typeof syncCursorSchema>;

export const emptySyncCursor: SyncCursor = { watermark: null, pageToken: null, runSince: null };

export const circuitStateCodes = ['closed', 'open', 'half-open'] as const;
export const circuitStateSchema = z.enum(circuitStateCodes);
export type CircuitState = z.infer<typeof circuitStateSchema>;
