import { channelCodes, currencyCodes, regionCodes, roleCodes } from '@sentia/contracts/common';
import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, numeric, pgEnum, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.ts';

export const regionCode = pgEnum('region_code', regionCodes);
export const channelCode = pgEnum('channel_code', channelCodes);
export const currencyCode = pgEnum('currency_code', currencyCodes);
export const roleCode = pgEnum('role_code', roleCodes);

export const currencies = pgTable('currencies', {
  code: currencyCode('code').primaryKey(),
  name: text('name').notNull(),
  symbol: text('symbol').notNull(),
  minorUnits: smallint('minor_units').notNull().default(2),
});

export const regions = pgTable('regions', {
  code: regionCode('code').primaryKey(),
  name: text('name').notNull(),
  currency: currencyCode('currency').notNull().references(() => currencies.code),
});

/**
 * A sales channel. Every channel ships to every region; its orders are always in its own currency.
 * `feeRate` is the marketplace/payment-processor fee as a fraction of the order total.
 */
export const channels = pgTable(
  'channels',
  {
    code: channelCode('code').primaryKey(),
    name: text('name').notNull(),
    platform: text('platform').notNull(),
    homeRegion: regionCode('home_region').notNull().references(() => regions.code),
    currency: currencyCode('currency').notNull().references(() => currencies.code),
    feeRate: numeric('fee_rate', { precision: 7, scale: 4 }).notNull(),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [check('channels_platform_check', sql`${t.platform} in ('AMAZON', 'SHOPIFY')`)],
);

/**
 * Daily FX rates. One row says: 1 unit of `base` = `rate` units of `quote` on `rateDate`.
 * The demo world stores EUR→GBP and USD→GBP (reporting currency is GBP) plus their inverses.
 */
export const fxRates = pgTable(
  'fx_rates',
  {
    rateDate: date('rate_date').notNull(),
    base: currencyCode('base').notNull().references(() => currencies.code),
    quote: currencyCode('quote').notNull().references(() => currencies.code),
    rate: numeric('rate', { precision: 18, scale: 8 }).notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.rateDate, t.base, t.quote] }),
    check('fx_rates_positive', sql`${t.rate} > 0`),
    check('fx_rates_distinct', sql`${t.base} <> ${t.quote}`),
  ],
);

/**
 * The operating company. One row per install; the demo seeder creates `sentia-spirits` with `isDemo`
 * and records the seed and end date it generated from, so a second start can tell it is already there.
 */
export const companies = pgTable('companies', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  reportingCurrency: currencyCode('reporting_currency').notNull().references(() => currencies.code),
  isDemo: boolean('is_demo').notNull().default(false),
  demoSeed: integer('demo_seed'),
  demoEndDate: date('demo_end_date'),
  createdAt: createdAt(),
});

export const featureFlags = pgTable('feature_flags', {
  key: text('key').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  description: text('description').notNull().default(''),
  updatedAt: updatedAt(),
  updatedBy: uuid('updated_by'),
});
