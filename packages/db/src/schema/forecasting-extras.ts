import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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

/**
 * The demand calendar: holidays and promotions, past and planned. Prophet fits one regressor per event name (the
 * share of each period's days the event covers, for the series in its scope), so a planned promotion moves the
 * forecast and its contribution shows in the decomposition. A null scope list means "all" (SKUs, ship-to regions,
 * sales channels). Dates are inclusive calendar days (UTC).
 */
export const demandEvents = pgTable(
  'demand_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** The promotion code orders carry (orders.promotion_code), when there is one. */
    code: text('code'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    skus: text('skus').array(),
    regions: text('regions').array(),
    channels: text('channels').array(),
    notes: text('notes'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('demand_events_dates_idx').on(t.startsOn, t.endsOn),
    check('demand_events_kind_check', sql`${t.kind} in ('HOLIDAY', 'PROMOTION')`),
    check('demand_events_ends_after_start', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);
