import { z } from 'zod';
import { channelSchema, currencySchema, decimalStringSchema, isoDateSchema, regionSchema } from './common.ts';

/** Query of GET /api/working-capital/summary. Unknown fields are rejected. */
export const workingCapitalQuerySchema = z
  .strictObject({
    from: isoDateSchema.describe('first day of the period, inclusive (UTC)'),
    to: isoDateSchema.describe('last day of the period, inclusive (UTC)'),
    region: regionSchema.optional().describe('restricts sales and receivables (DSO) to a region'),
    channel: channelSchema.optional().describe('restricts sales and receivables (DSO) to a channel'),
    currency: currencySchema.default('GBP'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must be on or after from' });
export type WorkingCapitalQuery = z.infer<typeof workingCapitalQuerySchema>;

export const cccSeveritySchema = z.enum(['on_target', 'yellow', 'red', 'critical']);
export const escalationSchema = z.enum(['none', 'manager', 'director', 'cfo']);

export const cccBreachSchema = z.object({
  severity: cccSeveritySchema,
  escalation: escalationSchema,
  notify: z.array(z.enum(['manager', 'director', 'cfo'])),
  daysAboveTarget: decimalStringSchema,
});
export type CccBreachDto = z.infer<typeof cccBreachSchema>;

/** DSO/DIO/DPO/CCC of one period; days rounded to 0.1, amounts (average balances, flows) as decimal strings. */
export const workingCapitalFiguresSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  periodDays: z.number().int().positive(),
  netRevenue: decimalStringSchema,
  cogs: decimalStringSchema,
  averageReceivables: decimalStringSchema,
  averageInventory: decimalStringSchema,
  averagePayables: decimalStringSchema,
  dsoDays: decimalStringSchema.nullable(),
  dioDays: decimalStringSchema.nullable(),
  dpoDays: decimalStringSchema.nullable(),
  cccDays: decimalStringSchema.nullable(),
  breach: cccBreachSchema.nullable(),
});
export type WorkingCapitalFigures = z.infer<typeof workingCapitalFiguresSchema>;

export const workingCapitalSummarySchema = workingCapitalFiguresSchema.extend({
  currency: currencySchema,
  region: regionSchema.nullable(),
  channel: channelSchema.nullable(),
  targetDays: z.number(),
  /** How the days are counted, in words (also the scope of each figure under a region/channel filter). */
  dayCountConvention: z.string(),
  /** The alert stored for this period's breach (company-wide current-period summaries only), else null. */
  alert: z.object({ id: z.string(), isNew: z.boolean() }).nullable(),
});
export type WorkingCapitalSummary = z.infer<typeof workingCapitalSummarySchema>;

export const workingCapitalTrendQuerySchema = z.strictObject({
  months: z.coerce.number().int().min(1).max(36).default(24),
  currency: currencySchema.default('GBP'),
  /** Last month of the trend ("YYYY-MM"); default the current month. */
  until: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional(),
});
export type WorkingCapitalTrendQuery = z.infer<typeof workingCapitalTrendQuerySchema>;

export const workingCapitalTrendSchema = z.object({
  currency: currencySchema,
  targetDays: z.number(),
  months: z.array(workingCapitalFiguresSchema.extend({ month: z.string() })),
});
export type WorkingCapitalTrend = z.infer<typeof workingCapitalTrendSchema>;

export const mitigationQuerySchema = z.strictObject({
  currency: currencySchema.default('GBP'),
  /** Length of the measured period ending today. */
  periodDays: z.coerce.number().int().min(7).max(366).default(90),
  supplierTermsExtensionDays: z.coerce.number().int().min(1).max(90).default(15),
  customerTermsReductionDays: z.coerce.number().int().min(1).max(90).default(15),
  /** Stock counts as excess above this many days of cover (when no max stock is set). */
  excessCoverDays: z.coerce.number().int().min(7).max(365).default(60),
  limit: z.coerce.number().int().min(1).max(100).default(15),
});
export type MitigationQuery = z.infer<typeof mitigationQuerySchema>;

export const mitigationPlanSchema = z.object({
  currency: currencySchema,
  from: isoDateSchema,
  to: isoDateSchema,
  cccDays: decimalStringSchema.nullable(),
  targetDays: z.number(),
  actionsToTarget: z.number().int().nullable(),
  actions: z.array(
    z.object({
      kind: z.enum(['collect_receivable', 'reduce_stock', 'extend_supplier_terms', 'shorten_customer_terms']),
      reference: z.string(),
      description: z.string(),
      cccDaysReduction: decimalStringSchema,
      cashReleased: decimalStringSchema,
      cumulativeCccDays: decimalStringSchema,
    }),
  ),
});
export type MitigationPlanDto = z.infer<typeof mitigationPlanSchema>;

/** What-if levers of a cash scenario (the sliders). */
export const cashScenarioParamsSchema = z.strictObject({
  demandChangePct: z.coerce.number().gt(-100).max(200).default(0),
  priceChangePct: z.coerce.number().gt(-100).max(200).default(0),
  customerTermsChangeDays: z.coerce.number().int().min(-120).max(120).default(0),
  supplierTermsChangeDays: z.coerce.number().int().min(-120).max(120).default(0),
  leadTimeChangeDays: z.coerce.number().int().min(-120).max(120).default(0),
  oneOffCost: decimalStringSchema.refine((v) => !v.startsWith('-'), 'must be ≥ 0').default('0'),
  /** Day the one-off cost is paid; default the first projected day. */
  oneOffDate: isoDateSchema.optional(),
});
export type CashScenarioParams = z.infer<typeof cashScenarioParamsSchema>;

export const cashRunwayQuerySchema = cashScenarioParamsSchema.extend({
  horizonDays: z.coerce.number().int().min(7).max(730).default(180),
  currency: currencySchema.default('GBP'),
});
export type CashRunwayQuery = z.infer<typeof cashRunwayQuerySchema>;

export const cashRunwaySchema = z.object({
  currency: currencySchema,
  startDate: isoDateSchema,
  horizonDays: z.number().int(),
  openingBalance: decimalStringSchema,
  runwayDays: z.number().int().nullable(),
  zeroCrossingDate: isoDateSchema.nullable(),
  minimumCash: decimalStringSchema,
  minimumCashCrossingDate: isoDateSchema.nullable(),
  isRunwayBelowMinimum: z.boolean(),
  lowestBalance: z.object({ date: isoDateSchema, amount: decimalStringSchema }),
  endingBalance: decimalStringSchema,
  doubtfulReceivables: decimalStringSchema,
  /** Assumptions behind the projection, in words (demand estimate, payout rules, recurring costs). */
  assumptions: z.array(z.string()),
  /** Where future sales come from: the latest completed forecast run, else each channel's moving average. */
  demandSource: z.object({
    kind: z.enum(['forecast_run', 'moving_average']),
    runId: z.string().nullable(),
    runCreatedAt: z.string().nullable(),
    trainingEnd: isoDateSchema.nullable(),
    granularity: z.enum(['week', 'month']).nullable(),
    description: z.string(),
    channels: z.array(z.object({ channel: z.string(), source: z.enum(['forecast_run', 'moving_average']), daysFromRun: z.number().int() })),
  }),
  /** The cash paths with every channel's sales at the low and the high bound of each interval level. */
  fan: z.array(
    z.object({
      level: z.number().int(),
      low: z.object({ runwayDays: z.number().int().nullable(), zeroCrossingDate: isoDateSchema.nullable(), minimumCashCrossingDate: isoDateSchema.nullable(), endingBalance: decimalStringSchema }),
      high: z.object({ runwayDays: z.number().int().nullable(), zeroCrossingDate: isoDateSchema.nullable(), minimumCashCrossingDate: isoDateSchema.nullable(), endingBalance: decimalStringSchema }),
    }),
  ),
  days: z.array(
    z.object({
      date: isoDateSchema,
      inflow: decimalStringSchema,
      outflow: decimalStringSchema,
      closing: decimalStringSchema,
      /** 80 % band of the closing balance (sales at the interval bounds), null without a forecast interval. */
      low: decimalStringSchema.nullable(),
      high: decimalStringSchema.nullable(),
      /** 95 % band, null without a 95 % interval. */
      low95: decimalStringSchema.nullable(),
      high95: decimalStringSchema.nullable(),
    }),
  ),
});
export type CashRunway = z.infer<typeof cashRunwaySchema>;

export const createScenarioSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  horizonDays: z.number().int().min(7).max(730).default(180),
  currency: currencySchema.default('GBP'),
  params: cashScenarioParamsSchema,
});
export type CreateScenario = z.infer<typeof createScenarioSchema>;

export const savedScenarioSchema = z.object({
  id: z.string(),
  name: z.string(),
  horizonDays: z.number().int(),
  currency: currencySchema,
  params: cashScenarioParamsSchema,
  createdAt: z.string(),
});
export type SavedScenario = z.infer<typeof savedScenarioSchema>;
export const savedScenarioListSchema = z.object({ scenarios: z.array(savedScenarioSchema) });

export const compareScenariosQuerySchema = z.strictObject({
  ids: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0))
    .pipe(z.array(z.uuid()).min(1).max(6)),
});

export const scenarioComparisonSchema = z.object({
  currency: currencySchema,
  rows: z.array(
    z.object({
      id: z.string().nullable(),
      name: z.string(),
      runwayDays: z.number().int().nullable(),
      zeroCrossingDate: isoDateSchema.nullable(),
      minimumCashCrossingDate: isoDateSchema.nullable(),
      lowestBalance: decimalStringSchema,
      lowestBalanceDate: isoDateSchema,
      endingBalance: decimalStringSchema,
      endingBalanceChange: decimalStringSchema,
    }),
  ),
});
export type ScenarioComparison = z.infer<typeof scenarioComparisonSchema>;
