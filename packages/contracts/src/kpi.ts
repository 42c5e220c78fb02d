import { z } from 'zod';
import { degradedSourceSchema } from './integration-connections.ts';
import { channelSchema, currencySchema, decimalStringSchema, isoDateSchema, regionSchema } from './common.ts';

/** Drill-down filters shared by every KPI endpoint (query string). Unknown fields are rejected. */
export const kpiQuerySchema = z
  .strictObject({
    from: isoDateSchema.describe('first day of the period, inclusive (UTC)'),
    to: isoDateSchema.describe('last day of the period, inclusive (UTC)'),
    region: regionSchema.optional(),
    channel: channelSchema.optional(),
    sku: z.string().min(1).max(64).optional(),
    currency: currencySchema.default('GBP').describe('reporting currency; amounts are converted with the FX table'),
    granularity: z.enum(['day', 'week', 'month']).default('day'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must be on or after from' });
export type KpiQuery = z.infer<typeof kpiQuerySchema>;

export const freshnessSchema = z.object({
  /** Time of the newest data point behind the numbers (UTC ISO timestamp), null when there is none. */
  lastDataAt: z.string().nullable(),
  ageSeconds: z.number().nullable(),
  /** green < 2 min, yellow 2–5 min, red > 5 min (spec). */
  status: z.enum(['green', 'yellow', 'red']),
  /**
   * Sources whose circuit breaker is open (present only then): their syncs are paused, so the figures are the
   * stored data from before the outage and the dashboard says so.
   */
  degradedSources: z.array(degradedSourceSchema).optional(),
});
export type Freshness = z.infer<typeof freshnessSchema>;

/** A KPI value for the period and the same-length previous period. Amounts are decimal strings. */
export const kpiValueSchema = z.object({
  value: decimalStringSchema.nullable(),
  previous: decimalStringSchema.nullable(),
  /** Relative change in percent, null when the previous value is zero or missing. */
  changePct: z.number().nullable(),
  unit: z.enum(['money', 'count', 'percent', 'ratio', 'days']),
});
export type KpiValue = z.infer<typeof kpiValueSchema>;

export const kpiSummarySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  currency: currencySchema,
  freshness: freshnessSchema,
  kpis: z.object({
    revenue: kpiValueSchema,
    units: kpiValueSchema,
    grossMarginPct: kpiValueSchema,
    oeePct: kpiValueSchema,
    firstPassYieldPct: kpiValueSchema,
    inventoryTurnover: kpiValueSchema,
    cashConversionCycleDays: kpiValueSchema,
    dsoDays: kpiValueSchema,
    dioDays: kpiValueSchema,
    dpoDays: kpiValueSchema,
  }),
});
export type KpiSummary = z.infer<typeof kpiSummarySchema>;

export const kpiTrendPointSchema = z.object({
  /** First day of the bucket (day, ISO week starting Monday, or month). */
  date: isoDateSchema,
  revenue: decimalStringSchema,
  units: z.number().int(),
  grossMarginPct: z.number().nullable(),
  oeePct: z.number().nullable(),
});
export const kpiTrendSchema = z.object({
  currency: currencySchema,
  granularity: z.enum(['day', 'week', 'month']),
  points: z.array(kpiTrendPointSchema),
});
export type KpiTrend = z.infer<typeof kpiTrendSchema>;

export const breakdownDimensionSchema = z.enum(['region', 'channel', 'sku']);
export type BreakdownDimension = z.infer<typeof breakdownDimensionSchema>;

export const kpiBreakdownRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  revenue: decimalStringSchema,
  units: z.number().int(),
  grossMarginPct: z.number().nullable(),
  /** Share of the filtered total revenue, 0–100. */
  sharePct: z.number(),
});
export const kpiBreakdownSchema = z.object({
  dimension: breakdownDimensionSchema,
  currency: currencySchema,
  rows: z.array(kpiBreakdownRowSchema),
});
export type KpiBreakdown = z.infer<typeof kpiBreakdownSchema>;
