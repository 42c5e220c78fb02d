import { z } from 'zod';
import { currencySchema, decimalStringSchema, isoDateSchema } from './common.ts';

/** The approval workflow's states (lower case, as the domain names them); `cancelled` only comes from the ERP. */
export const purchaseOrderStatusSchema = z.enum(['proposed', 'approved', 'sent', 'partially_received', 'received', 'closed', 'rejected', 'cancelled']);
export type PurchaseOrderStatusDto = z.infer<typeof purchaseOrderStatusSchema>;

export const proposedLineSchema = z.object({
  materialCode: z.string(),
  materialName: z.string(),
  unit: z.string(),
  warehouseCode: z.string(),
  netRequirement: z.number(),
  quantity: z.number(),
  isCapped: z.boolean(),
  unitPrice: decimalStringSchema,
  lineValue: decimalStringSchema,
  expectedReceiptDate: isoDateSchema,
  moq: z.number(),
  orderMultiple: z.number(),
});

/** What approving this order would do to cash and the cash conversion cycle (shown before approval). */
export const proposalEffectSchema = z.object({
  currency: currencySchema,
  runwayDaysBefore: z.number().int().nullable(),
  runwayDaysAfter: z.number().int().nullable(),
  lowestBalanceBefore: decimalStringSchema,
  lowestBalanceAfter: decimalStringSchema,
  endingBalanceChange: decimalStringSchema,
  /** ΔCCC over the next 90 days: ΔDIO − ΔDPO, days. */
  cccChangeDays: decimalStringSchema,
  dioChangeDays: decimalStringSchema,
  dpoChangeDays: decimalStringSchema,
});
export type ProposalEffect = z.infer<typeof proposalEffectSchema>;

export const supplierProposalSchema = z.object({
  supplierId: z.uuid(),
  supplierCode: z.string(),
  supplierName: z.string(),
  currency: currencySchema,
  paymentTermsDays: z.number().int(),
  orderDate: isoDateSchema,
  expectedReceiptDate: isoDateSchema,
  paymentDueDate: isoDateSchema,
  total: decimalStringSchema,
  totalGbp: decimalStringSchema,
  /** An ADMIN with a fresh second factor must approve it (its GBP value is above the limit). */
  requiresAdminApproval: z.boolean(),
  lines: z.array(proposedLineSchema),
  effect: proposalEffectSchema,
});
export type SupplierProposal = z.infer<typeof supplierProposalSchema>;

export const proposalListSchema = z.object({
  asOf: isoDateSchema,
  approvalLimitGbp: decimalStringSchema,
  orders: z.array(supplierProposalSchema),
  skipped: z.array(z.object({ materialCode: z.string(), warehouseCode: z.string(), reason: z.enum(['no_requirement', 'cap_below_moq']), netRequirement: z.number() })),
  assumptions: z.array(z.string()),
});
export type ProposalList = z.infer<typeof proposalListSchema>;

/** POST /api/purchasing/orders: a proposed order (typically a proposal as shown, possibly edited). */
export const createPurchaseOrderSchema = z.strictObject({
  supplierId: z.uuid(),
  deliveryWarehouseCode: z.string().min(1).max(40).default('UK-MAIN'),
  lines: z
    .array(
      z.strictObject({
        materialCode: z.string().min(1).max(64),
        quantity: z.number().positive('must be greater than 0').max(10_000_000),
        /** Defaults to the supplier's price list. */
        unitPrice: decimalStringSchema.optional(),
      }),
    )
    .min(1, 'needs at least one line')
    .max(100),
});
export type CreatePurchaseOrder = z.infer<typeof createPurchaseOrderSchema>;

export const purchaseOrderLineSchema = z.object({
  id: z.uuid(),
  lineNumber: z.number().int(),
  materialCode: z.string(),
  materialName: z.string(),
  unit: z.string(),
  quantity: z.number(),
  quantityReceived: z.number(),
  unitPrice: decimalStringSchema,
  lineTotal: decimalStringSchema,
  expectedDate: isoDateSchema,
  receivedDate: isoDateSchema.nullable(),
});

export const purchaseOrderHistorySchema = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.string(),
  actorRole: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string().nullable(),
});

export const purchaseOrderSchema = z.object({
  id: z.uuid(),
  poNumber: z.string(),
  supplierId: z.uuid(),
  supplierCode: z.string(),
  supplierName: z.string(),
  status: purchaseOrderStatusSchema,
  version: z.number().int(),
  orderedAt: z.string(),
  expectedDate: isoDateSchema,
  currency: currencySchema,
  total: decimalStringSchema,
  totalGbp: decimalStringSchema,
  paymentTermsDays: z.number().int(),
  deliveryWarehouseCode: z.string().nullable(),
  requiresAdminApproval: z.boolean(),
  approvedAt: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  closedReason: z.string().nullable(),
  lines: z.array(purchaseOrderLineSchema),
  history: z.array(purchaseOrderHistorySchema),
});
export type PurchaseOrderDto = z.infer<typeof purchaseOrderSchema>;

export const purchaseOrderListQuerySchema = z.strictObject({
  status: purchaseOrderStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const purchaseOrderSummarySchema = purchaseOrderSchema.omit({ lines: true, history: true }).extend({ lineCount: z.number().int() });
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummarySchema>;
export const purchaseOrderListSchema = z.object({ orders: z.array(purchaseOrderSummarySchema), approvalLimitGbp: decimalStringSchema });
export type PurchaseOrderList = z.infer<typeof purchaseOrderListSchema>;

export const purchaseOrderIdParamsSchema = z.strictObject({ id: z.uuid() });

/**
 * POST /api/purchasing/orders/:id/transitions. `version` is the version the caller read: if the order changed
 * since, the request fails with 409 and changes nothing.
 */
export const purchaseOrderTransitionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), version: z.number().int().min(1) }),
  z.strictObject({ action: z.literal('reject'), version: z.number().int().min(1), reason: z.string().trim().min(1, 'a rejection needs a reason').max(500) }),
  z.strictObject({ action: z.literal('send'), version: z.number().int().min(1) }),
  z.strictObject({
    action: z.literal('receive'),
    version: z.number().int().min(1),
    lines: z.array(z.strictObject({ lineId: z.uuid(), quantity: z.number().positive('must be greater than 0') })).min(1),
  }),
  z.strictObject({ action: z.literal('close'), version: z.number().int().min(1), reason: z.string().trim().max(500).optional() }),
]);
export type PurchaseOrderTransition = z.infer<typeof purchaseOrderTransitionSchema>;
