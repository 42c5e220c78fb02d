import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { currencyCode } from './reference.ts';

/**
 * Named cash-runway what-if scenarios (the working-capital page's sliders), saved to be compared side by side.
 * `params` holds the levers (demand and price change in percent, term and lead-time changes in days, a one-off
 * cost as a decimal string); they are re-applied to the current data on every comparison, not frozen results.
 */
export const workingCapitalScenarios = pgTable(
  'working_capital_scenarios',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    horizonDays: integer('horizon_days').notNull(),
    currency: currencyCode('currency').notNull(),
    params: jsonb('params').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('working_capital_scenarios_name_key').on(t.name)],
);
