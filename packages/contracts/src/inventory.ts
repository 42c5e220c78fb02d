import { z } from 'zod';
import { currencySchema, decimalStringSchema, isoDateSchema } from './common.ts';

/** A finished SKU held in a warehouse, or a raw/packaging material held at the distillery. */
export const itemKindSchema = z.enum(['product', 'material']);
export type ItemKind = z.infer<typeof itemKindSchema>;

export const abcClassSchema = z.enum(['A', 'B', 'C']);
export const xyzClassSchema = z.enum(['X', 'Y', 'Z']);
/** high: projected to run out within the replenishment lead time; medium: below the reorder point; low: otherwise. */
export const stockoutRiskSchema = z.enum(['high', 'medium', 'low']);
export type StockoutRisk = z.infer<typeof stockoutRiskSchema>;

/** GET /api/inventory/policies */
export const policyListQuerySchema = z.strictObject({
  kind: itemKindSchema.optional(),
  warehouse: z.string().min(1).max(40).optional(),
  abc: abcClassSchema.optional(),
  xyz: xyzClassSchema.optional(),
  risk: stockoutRiskSchema.optional(),
});
export type PolicyListQuery = z.infer<typeof policyListQuerySchema>;

/** The parameters a planner may set per item × warehouse; null = the documented default. */
export const policySettingsSchema = z.object({
  serviceLevel: z.number(),
  leadTimeDays: z.number(),
  leadTimeStdDays: z.number(),
  reviewPeriodDays: z.number().int(),
  /** Which values the planner set (the others are defaults). */
  overridden: z.array(z.enum(['serviceLevel', 'leadTimeDays', 'leadTimeStdDays', 'reviewPeriodDays'])),
  version: z.number().int(),
});
export type PolicySettings = z.infer<typeof policySettingsSchema>;

/** One SKU × warehouse (or material × warehouse) row of the policy table. Quantities in the item's unit. */
export const inventoryPolicyRowSchema = z.object({
  kind: itemKindSchema,
  code: z.string(),
  name: z.string(),
  warehouseCode: z.string(),
  unit: z.string(),
  abcClass: abcClassSchema,
  xyzClass: xyzClassSchema,
  onHand: z.number(),
  allocated: z.number(),
  onOrder: z.number(),
  averageDailyDemand: z.number(),
  dailyDemandStdDev: z.number(),
  economicOrderQuantity: z.number(),
  safetyStock: z.number(),
  reorderPoint: z.number(),
  min: z.number(),
  max: z.number(),
  orderUpTo: z.number(),
  daysOfCover: z.number().nullable(),
  stockoutDate: isoDateSchema.nullable(),
  stockoutRisk: stockoutRiskSchema,
  safetyStockMethod: z.enum(['demand_and_lead_time', 'forecast_errors']),
  demandSource: z.enum(['forecast_run', 'moving_average']),
  unitCost: decimalStringSchema,
  currency: currencySchema,
  /** On-hand value in GBP. */
  stockValueGbp: decimalStringSchema,
  settings: policySettingsSchema,
});
export type InventoryPolicyRow = z.infer<typeof inventoryPolicyRowSchema>;

export const inventoryPolicyListSchema = z.object({
  asOf: isoDateSchema,
  assumptions: z.array(z.string()),
  rows: z.array(inventoryPolicyRowSchema),
});
export type InventoryPolicyList = z.infer<typeof inventoryPolicyListSchema>;

export const policyItemParamsSchema = z.strictObject({ kind: itemKindSchema, code: z.string().min(1).max(64), warehouse: z.string().min(1).max(40) });

export const inventoryPolicyDetailSchema = inventoryPolicyRowSchema.extend({
  /** Projected stock at the end of each of the next days, with scheduled receipts. */
  projection: z.array(z.object({ date: isoDateSchema, stock: z.number(), demand: z.number() })),
  history: z.array(z.object({ date: isoDateSchema, demand: z.number() })),
});
export type InventoryPolicyDetail = z.infer<typeof inventoryPolicyDetailSchema>;

/**
 * PUT …/settings. A service level must lie strictly between 0 and 1 (0.95 = 95 %); lead times are whole days ≥ 1.
 * `null` resets a value to its default. `version` (from the row) guards against overwriting a concurrent edit.
 */
export const putPolicySettingsSchema = z.strictObject({
  serviceLevel: z.number().gt(0, 'must be above 0').lt(1, 'must be below 1 (e.g. 0.95 for 95 %)').nullable().optional(),
  leadTimeDays: z.number().int('must be whole days').min(1, 'must be at least 1 day').max(365).nullable().optional(),
  leadTimeStdDays: z.number().min(0, 'must be ≥ 0').max(180).nullable().optional(),
  reviewPeriodDays: z.number().int('must be whole days').min(1, 'must be at least 1 day').max(90).nullable().optional(),
  /** 0 while the item has only defaults. */
  version: z.number().int().min(0).optional(),
});
export type PutPolicySettings = z.infer<typeof putPolicySettingsSchema>;

/** GET /api/inventory/simulation */
export const simulationQuerySchema = z.strictObject({
  holdoutDays: z.coerce.number().int().min(28).max(365).default(182),
  seed: z.coerce.number().int().min(1).max(1_000_000).default(1),
});
export type SimulationQuery = z.infer<typeof simulationQuerySchema>;

const simulationFiguresSchema = z.object({
  fillRate: z.number(),
  stockoutDays: z.number().int(),
  /** Share of item-days whose demand was met in full (the on-time delivery proxy). */
  onTimeShare: z.number(),
  averageInventoryValueGbp: decimalStringSchema,
  carryingCostGbp: decimalStringSchema,
  ordersPlaced: z.number().int(),
});

export const policySimulationSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  holdoutDays: z.number().int(),
  trainingDays: z.number().int(),
  items: z.number().int(),
  carryingRate: z.number(),
  recommended: simulationFiguresSchema,
  baseline: simulationFiguresSchema,
  /** (recommended − baseline) / baseline, percent; negative is a saving. The baseline re-reads the demand rate monthly. */
  carryingCostChangePct: z.number().nullable(),
  /** The same against the baseline whose demand rate is frozen at the start of the hold-out (the `baseline_frozen` variant). */
  carryingCostChangeVsFrozenBaselinePct: z.number().nullable(),
  /** Other policies replayed on the same demand and lead times, for comparison (each against the baseline). */
  variants: z.array(z.object({ name: z.string(), description: z.string(), figures: simulationFiguresSchema, carryingCostChangePct: z.number().nullable() })),
  method: z.array(z.string()),
  perItem: z.array(
    z.object({
      code: z.string(),
      warehouseCode: z.string(),
      recommendedFillRate: z.number(),
      baselineFillRate: z.number(),
      recommendedCarryingCostGbp: decimalStringSchema,
      baselineCarryingCostGbp: decimalStringSchema,
      frozenBaselineFillRate: z.number(),
      frozenBaselineCarryingCostGbp: decimalStringSchema,
    }),
  ),
});
export type PolicySimulation = z.infer<typeof policySimulationSchema>;
