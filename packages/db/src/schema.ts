/**
 * The whole database schema. Import tables from here (`@sentia/db/schema`); `createDb()` attaches
 * this module so `db.query.<table>` works on both drivers.
 */
export * from './schema/reference.ts';
export * from './schema/auth.ts';
export * from './schema/identity-extras.ts';
export * from './schema/catalog.ts';
export * from './schema/inventory.ts';
export * from './schema/sales.ts';
export * from './schema/purchasing.ts';
export * from './schema/production.ts';
export * from './schema/finance.ts';
export * from './schema/forecasting.ts';
export * from './schema/forecasting-extras.ts';
export * from './schema/kpis.ts';
export * from './schema/alerts.ts';
export * from './schema/working-capital-extras.ts';
export * from './schema/integrations.ts';
export * from './schema/jobs.ts';
export * from './schema/relations.ts';
