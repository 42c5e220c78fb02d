import { z } from 'zod';
import { channelCodes, regionCodes } from './common.ts';

/**
 * Demand forecasting API (spec F-009/F-010). A demand series is units sold per period for one cell of the
 * SKU × region × channel hierarchy or an aggregate of it; its key is `SKU|REGION|CHANNEL` with `*` for
 * "all" at that level, so `*|*|*` is the company total and `SEN-GIN-70|*|*` one SKU over every market.
 */
export const granularitySchema = z.enum(['week', 'month']);
export type Granularity = z.infer<typeof granularitySchema>;

/** Seasonal period of each granularity (weekly 52, monthly 12). */
export const periodOf: Record<Granularity, number> = { week: 52, month: 12 };
/** Periods per month, to express the spec's month-based rules in either granularity. */
export const periodsPerMonth: Record<Granularity, number> = { week: 52 / 12, month: 1 };

/** Spec validation rules (section 4, forecasting workflow). */
export const forecastRules = {
  /** Forecast horizon: maximum 12 months. */
  maxHorizonMonths: 12,
  /** Recommended horizon: 3–6 months. */
  recommendedHorizonMonths: [3, 6] as const,
  /** Minimum history for seasonal models (below it only trend models run). */
  seasonalMinMonths: 24,
  /** Minimum history for trend models (below it the moving-average fallback runs). */
  trendMinMonths: 12,
};

/** Largest horizon allowed for a granularity (12 months = 12 monthly or 52 weekly periods). */
export const maxHorizon = (g: Granularity): number => Math.floor(forecastRules.maxHorizonMonths * periodsPerMonth[g] + 1e-9);

const skuPart = z.string().regex(/^(\*|[A-Z0-9][A-Z0-9_.-]{0,63})$/, 'must be a SKU code or *');
const regionPart = z.enum(['*', ...regionCodes]);
const channelPart = z.enum(['*', ...channelCodes]);

/** `SKU|REGION|CHANNEL`, each part a code or `*`. */
export const seriesKeySchema = z
  .string()
  .max(120)
  .refine((s) => {
    const parts = s.split('|');
    return parts.length === 3 && skuPart.safeParse(parts[0]).success && regionPart.safeParse(parts[1]).success && channelPart.safeParse(parts[2]).success;
  }, 'must be SKU|REGION|CHANNEL with * for an aggregate level, e.g. SEN-GIN-70|UK|AMAZON_UK or *|*|*');

export const seriesLevelSchema = z.enum(['sku_region_channel', 'sku', 'region', 'channel', 'total', 'other']);
export type SeriesLevel = z.infer<typeof seriesLevelSchema>;

/** Which hierarchy level a key belongs to. */
export function levelOfKey(key: string): SeriesLevel {
  const [sku, region, channel] = key.split('|');
  const pattern = `${sku === '*' ? '*' : 's'}${region === '*' ? '*' : 'r'}${channel === '*' ? '*' : 'c'}`;
  const levels: Record<string, SeriesLevel> = { src: 'sku_region_channel', 's**': 'sku', '*r*': 'region', '**c': 'channel', '***': 'total' };
  return levels[pattern] ?? 'other';
}

/** POST /api/forecasts/runs */
export const startForecastRunSchema = z
  .strictObject({
    granularity: granularitySchema.default('month'),
    /** Steps ahead in the chosen granularity (≤ 12 months). */
    horizon: z.number().int().min(1),
    /** `all` = every SKU × region × channel series; or a list of series keys (cells or aggregates). */
    series: z.union([z.literal('all'), z.array(seriesKeySchema).min(1).max(500)]),
    /** With `all`: also forecast the aggregates (per SKU, region, channel and the total). */
    includeAggregates: z.boolean().default(false),
    /**
     * Training cut-off (UTC date): only periods ending on or before it are used. Default: the last complete
     * period. An earlier cut-off forecasts periods whose actuals are known, for the accuracy history.
     */
    asOf: z.iso.date().optional(),
  })
  .superRefine((v, ctx) => {
    const max = maxHorizon(v.granularity);
    if (v.horizon > max) {
      ctx.addIssue({ code: 'custom', path: ['horizon'], message: `must be at most ${max} ${v.granularity}s (spec: forecast horizon maximum 12 months)` });
    }
  });
export type StartForecastRun = z.input<typeof startForecastRunSchema>;

export const forecastRunStatusSchema = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);

export const forecastRunSchema = z.object({
  id: z.string(),
  status: forecastRunStatusSchema,
  model: z.string(),
  granularity: granularitySchema,
  horizon: z.number().int(),
  trainingEnd: z.string(),
  seriesCount: z.number().int(),
  /** 0–100 while running (from the job), 100 when done. */
  progress: z.number().nullable(),
  jobId: z.string().nullable(),
  error: z.string().nullable(),
  /** Advice that did not block the run, e.g. a horizon beyond the recommended 3–6 months. */
  warnings: z.array(z.string()),
  /** Engine and model versions the run used. */
  modelVersions: z.record(z.string(), z.string()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ForecastRun = z.infer<typeof forecastRunSchema>;

export const seriesListQuerySchema = z.strictObject({ granularity: granularitySchema.default('month') });

export const seriesSummarySchema = z.object({
  key: z.string(),
  level: seriesLevelSchema,
  sku: z.string().nullable(),
  region: z.string().nullable(),
  channel: z.string().nullable(),
  /** Complete periods of history. */
  historyLength: z.number().int(),
  totalUnits: z.number(),
  /** Latest successful run that forecast this series. */
  latestRunId: z.string().nullable(),
});
export const seriesListSchema = z.object({ granularity: granularitySchema, lastActualDate: z.string().nullable(), series: z.array(seriesSummarySchema) });
export type SeriesList = z.infer<typeof seriesListSchema>;

export const seriesDetailQuerySchema = z.strictObject({ granularity: granularitySchema.default('month'), runId: z.uuid().optional() });

export const forecastPointSchema = z.object({
  period: z.string(),
  mean: z.number(),
  lower80: z.number().nullable(),
  upper80: z.number().nullable(),
  lower95: z.number().nullable(),
  upper95: z.number().nullable(),
  /** Planner override, when one applies to this period: saved on this run or carried from an earlier run (until removed or the period passes). */
  override: z.number().nullable(),
  overrideReason: z.string().nullable(),
  /** The run the override was saved on (this run's id, or an earlier run's when carried); null without an override. */
  overrideRunId: z.string().nullable(),
});

export const modelComparisonSchema = z.object({
  model: z.string(),
  /** Ensemble weight (0 for members that were trimmed or failed). */
  weight: z.number().nullable(),
  points: z.number().int(),
  mape: z.number().nullable(),
  rmse: z.number().nullable(),
  mae: z.number().nullable(),
  mase: z.number().nullable(),
  smape: z.number().nullable(),
  coverage80: z.number().nullable(),
  coverage95: z.number().nullable(),
  /** Forecast accuracy shown to users: 100 − WAPE (%). */
  accuracy: z.number().nullable(),
  excludedReason: z.string().nullable(),
});
export type ModelComparison = z.infer<typeof modelComparisonSchema>;

export const seriesDetailSchema = z.object({
  key: z.string(),
  level: seriesLevelSchema,
  granularity: granularitySchema,
  history: z.array(z.object({ period: z.string(), units: z.number() })),
  /** Calendar events that apply to this series and fall within its history or forecast periods (for chart markers). */
  events: z.array(z.object({ id: z.string(), kind: z.enum(['HOLIDAY', 'PROMOTION']), name: z.string(), startsOn: z.string(), endsOn: z.string() })),
  forecast: z
    .object({
      runId: z.string(),
      createdAt: z.string(),
      model: z.string(),
      method: z.string(),
      fallback: z.object({ code: z.string(), reason: z.string() }).nullable(),
      points: z.array(forecastPointSchema),
      weights: z.record(z.string(), z.number()),
      intervalScale: z.record(z.string(), z.number()),
      comparison: z.array(modelComparisonSchema),
      /** In-sample decomposition from the ETS member (level, slope, season per history period), when available. */
      decomposition: z
        .object({ model: z.string(), periods: z.array(z.string()), level: z.array(z.number()), slope: z.array(z.number()), season: z.array(z.number()) })
        .nullable(),
      /**
       * Prophet's additive decomposition when Prophet is a member: per period of its fitted window and of the horizon,
       * the trend, each seasonality and each holiday/promotion regressor; the parts sum to Prophet's own fit.
       */
      prophetDecomposition: z
        .object({
          model: z.string(),
          periods: z.array(z.string()),
          /** Periods from this one on are forecasts. */
          forecastFrom: z.string().nullable(),
          trend: z.array(z.number()),
          seasonal: z.record(z.string(), z.array(z.number())),
          regressors: z.record(z.string(), z.array(z.number())),
        })
        .nullable(),
      modelVersions: z.record(z.string(), z.string()),
    })
    .nullable(),
});
export type SeriesDetail = z.infer<typeof seriesDetailSchema>;

export const accuracyHistorySchema = z.object({
  key: z.string(),
  granularity: granularitySchema,
  /** Per completed period: the latest forecast made before the period started, against the actual. */
  points: z.array(
    z.object({
      period: z.string(),
      runId: z.string(),
      forecastMadeAt: z.string(),
      stepsAhead: z.number().int(),
      actual: z.number(),
      forecast: z.number(),
      lower95: z.number().nullable(),
      upper95: z.number().nullable(),
      override: z.number().nullable(),
    }),
  ),
  /** Forecast accuracy = 100 − WAPE (%) of the statistical forecast, and of the plan with overrides applied. */
  statisticalAccuracy: z.number().nullable(),
  overrideAccuracy: z.number().nullable(),
  /** Periods with an override that have actuals, and how many of those the override beat. */
  overridesEvaluated: z.number().int(),
  overridesBetter: z.number().int(),
});
export type AccuracyHistory = z.infer<typeof accuracyHistorySchema>;

/** PUT /api/forecasts/overrides: replaces the planner value for one period of a run's forecast. */
export const putOverrideSchema = z.strictObject({
  runId: z.uuid(),
  seriesKey: seriesKeySchema,
  period: z.iso.date(),
  /** Units; null removes the override. */
  value: z.number().min(0).max(1e12).nullable(),
  reason: z.string().trim().min(3).max(500),
});
export type PutOverride = z.infer<typeof putOverrideSchema>;

export const overrideSchema = z.object({
  runId: z.string(),
  seriesKey: z.string(),
  period: z.string(),
  statistical: z.number(),
  value: z.number().nullable(),
  reason: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const startForecastRunResponseSchema = z.object({ run: forecastRunSchema });

/**
 * The demand calendar (holidays and promotions, past and planned). Prophet learns one effect per event name from
 * the history and applies it to the planned dates, so its contribution shows in the decomposition. A null scope
 * means every SKU, ship-to region or sales channel.
 */
export const demandEventKindSchema = z.enum(['HOLIDAY', 'PROMOTION']);
export type DemandEventKind = z.infer<typeof demandEventKindSchema>;

/** Longest event (inclusive days): a calendar entry is a holiday or a promotion, not a season. */
export const maxEventDays = 92;

const eventSku = z.string().regex(/^[A-Z0-9][A-Z0-9_.-]{0,63}$/, 'must be a SKU code');

/** POST /api/forecasts/events and PUT /api/forecasts/events/:id */
export const demandEventInputSchema = z
  .strictObject({
    kind: demandEventKindSchema,
    /** Events with the same name share one learned effect (e.g. "Black Friday" every year). */
    name: z.string().trim().min(2).max(80),
    /** The promotion code orders carry, if any. */
    code: z.string().trim().regex(/^[A-Z0-9_-]{2,32}$/, 'must be 2–32 capital letters, digits, _ or -').nullable().default(null),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    skus: z.array(eventSku).min(1).max(100).nullable().default(null),
    regions: z.array(z.enum(regionCodes)).min(1).nullable().default(null),
    channels: z.array(z.enum(channelCodes)).min(1).nullable().default(null),
    notes: z.string().trim().max(500).nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must be on or after startsOn' });
    else {
      const days = (Date.parse(v.endsOn) - Date.parse(v.startsOn)) / 86_400_000 + 1;
      if (days > maxEventDays) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `an event lasts at most ${maxEventDays} days (this one ${days})` });
    }
  });
export type DemandEventInput = z.input<typeof demandEventInputSchema>;

export const demandEventSchema = z.object({
  id: z.string(),
  kind: demandEventKindSchema,
  name: z.string(),
  code: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  skus: z.array(z.string()).nullable(),
  regions: z.array(z.string()).nullable(),
  channels: z.array(z.string()).nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DemandEvent = z.infer<typeof demandEventSchema>;

export const demandEventListQuerySchema = z
  .strictObject({
    /** Events ending on or after this date. */
    from: z.iso.date().optional(),
    /** Events starting on or before this date. */
    to: z.iso.date().optional(),
    kind: demandEventKindSchema.optional(),
    /** Only events that apply to this series (its SKU, region and channel within the event's scope). */
    seriesKey: seriesKeySchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  });
export const demandEventListSchema = z.object({ events: z.array(demandEventSchema) });
export type DemandEventList = z.infer<typeof demandEventListSchema>;
