import { numeric, timestamp } from 'drizzle-orm/pg-core';

/**
 * A money amount: numeric(18,4), read and written as a decimal string (never a JS float).
 * Every money column sits beside a `currency` column naming its currency.
 */
export const money = (name: string) => numeric(name, { precision: 18, scale: 4 });

/** A UTC instant; drizzle returns it as a `Date`. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** `created_at timestamptz not null default now()`. */
export const createdAt = () => instant('created_at').notNull().defaultNow();

/** `updated_at timestamptz not null default now()`; writers set it on update. */
export const updatedAt = () => instant('updated_at').notNull().defaultNow();
