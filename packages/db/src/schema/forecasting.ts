import { date, index, integer, jsonb, numeric, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, money } from './columns.ts';
import { channelCode, regionCode } from './reference.ts';

export const forecastRunStatus = pgEnum('forecast_run_status', ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);

/** One forecasting run over many series: which model(s), horizon, training cut-off, outcome. */
export const forecastRuns = pgTable(
  'forecast_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: forecastRunStatus('status').notNull().default('QUEUED'),
    model: text('model').notNull(),
    horizonDays: integer('horizon_days').notNull(),
    trainingEnd: date('training_end').notNull(),
    params: jsonb('params').notNull().default({}),
    seriesCount: integer('series_count').notNull().default(0),
    triggeredBy: uuid('triggered_by'),
    jobId: text('job_id'),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('forecast_runs_created_idx').on(t.createdAt), index('forecast_runs_status_idx').on(t.status)],
);

/**
 * Forecast distribution per series and day. `seriesKey` names the series (e.g. `GIN-70|UK|AMAZON_UK`,
 * or an aggregate such as `TOTAL`); sku/region/channel are null at aggregate levels. Units are bottles.
 */
export const forecastValues = pgTable(
  'forecast_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => forecastRuns.id, { onDelete: 'cascade' }),
    seriesKey: text('series_key').notNull(),
    sku: text('sku'),
    regionCode: regionCode('region_code'),
    channelCode: channelCode('channel_code'),
    model: text('model').notNull(),
    forecastDate: date('forecast_date').notNull(),
    mean: numeric('mean', { precision: 18, scale: 4 }).notNull(),
    lower80: numeric('lower_80', { precision: 18, scale: 4 }),
    upper80: numeric('upper_80', { precision: 18, scale: 4 }),
    lower95: numeric('lower_95', { precision: 18, scale: 4 }),
    upper95: numeric('upper_95', { precision: 18, scale: 4 }),
  },
  (t) => [uniqueIndex('forecast_values_run_series_date_key').on(t.runId, t.seriesKey, t.model, t.forecastDate), index('forecast_values_sku_date_idx').on(t.sku, t.forecastDate)],
);

/** Back-test accuracy per run × series × model (point and interval metrics). */
export const forecastAccuracy = pgTable(
  'forecast_accuracy',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => forecastRuns.id, { onDelete: 'cascade' }),
    seriesKey: text('series_key').notNull(),
    sku: text('sku'),
    regionCode: regionCode('region_code'),
    channelCode: channelCode('channel_code'),
    model: text('model').notNull(),
    points: integer('points').notNull(),
    mae: numeric('mae', { precision: 18, scale: 6 }),
    rmse: numeric('rmse', { precision: 18, scale: 6 }),
    mape: numeric('mape', { precision: 18, scale: 6 }),
    smape: numeric('smape', { precision: 18, scale: 6 }),
    mase: numeric('mase', { precision: 18, scale: 6 }),
    bias: numeric('bias', { precision: 18, scale: 6 }),
    coverage80: numeric('coverage_80', { precision: 7, scale: 6 }),
    coverage95: numeric('coverage_95', { precision: 7, scale: 6 }),
    revenueAtRisk: money('revenue_at_risk'),
    evaluatedAt: instant('evaluated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('forecast_accuracy_run_series_model_key').on(t.runId, t.seriesKey, t.model)],
);
