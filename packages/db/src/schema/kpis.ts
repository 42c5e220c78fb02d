import { date, index, jsonb, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { currencyCode } from './reference.ts';

/**
 * Calculated KPI snapshots for dashboards (value for a period and filter set), so a dashboard can
 * show the last computed figure and its history without recomputing. `dimensions` holds the filters.
 */
export const kpiMetrics = pgTable(
  'kpi_metrics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dashboardId: text('dashboard_id').notNull(),
    metricName: text('metric_name').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    value: numeric('value', { precision: 20, scale: 6 }).notNull(),
    unit: text('unit').notNull(),
    currency: currencyCode('currency'),
    dimensions: jsonb('dimensions').notNull().default({}),
    calculatedAt: instant('calculated_at').notNull().defaultNow(),
  },
  (t) => [index('idx_kpi_metrics_dashboard').on(t.dashboardId, t.metricName, t.calculatedAt)],
);
