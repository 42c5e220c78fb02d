import { date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from './columns.ts';
import { forecastRuns } from './forecasting.ts';

/**
 * Per run × series: how the forecast was made, so a user can see why. `weights` are the ensemble member
 * weights, `comparison` the per-model backtest metrics, `components` the ETS in-sample decomposition,
 * `prophetComponents` Prophet's decomposition, and
 * `fallback` the reason a series did not get the ensemble (too short, intermittent, fit failed).
 */
export const forecastSeriesResults = pgTable(
  'forecast_series_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => forecastRuns.id, { onDelete: 'cascade' }),
    seriesKey: text('series_key').notNull(),
    granularity: text('granularity').notNull(),
    model: text('model').notNull(),
    method: text('method').notNull(),
    historyStart: date('history_start'),
    historyLength: integer('history_length').notNull(),
    weights: jsonb('weights').notNull().default({}),
    intervalScale: jsonb('interval_scale').notNull().default({}),
    comparison: jsonb('comparison').notNull().default([]),
    components: jsonb('components'),
    /** Prophet's decomposition (trend, seasonalities, holiday/promotion regressors) over its window and the horizon. */
    prophetComponents: jsonb('prophet_components'),
    fallback: jsonb('fallback'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('forecast_series_results_run_series_key').on(t.runId, t.seriesKey), index('forecast_series_results_series_idx').on(t.seriesKey, t.createdAt)],
);

/**
 * A planner's override of one forecast period (units), beside the statistical value it replaced, so override
 * accuracy can be compared with the statistical forecast once actuals arrive. Every change is also audited.
 */
export const forecastOverrides = pgTable(
  'forecast_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => forecastRuns.id, { onDelete: 'cascade' }),
    seriesKey: text('series_key').notNull(),
    periodStart: date('period_start').notNull(),
    statistical: numeric('statistical', { precision: 18, scale: 4 }).notNull(),
    value: numeric('value', { precision: 18, scale: 4 }),
    reason: text('reason').notNull(),
    updatedBy: uuid('updated_by'),
    updatedByName: text('updated_by_name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [uniqueIndex('forecast_overrides_run_series_period_key').on(t.runId, t.seriesKey, t.periodStart)],
);
