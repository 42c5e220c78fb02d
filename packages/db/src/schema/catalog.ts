import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, money, updatedAt } from './columns.ts';
import { channelCode, currencyCode } from './reference.ts';

/** Finished goods, keyed by SKU code. `standardCost` is the full unit cost in `costCurrency`. */
export const products = pgTable(
  'products',
  {
    sku: text('sku').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull(),
    sizeMl: integer('size_ml').notNull(),
    abv: numeric('abv', { precision: 4, scale: 1 }).notNull(),
    unitOfMeasure: text('unit_of_measure').notNull().default('bottle'),
    unitsPerCase: integer('units_per_case').notNull(),
    standardCost: money('standard_cost').notNull(),
    costCurrency: currencyCode('cost_currency').notNull(),
    launchDate: date('launch_date').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('products_size_positive', sql`${t.sizeMl} > 0`)],
);

/** Consumer list price of a SKU on a channel (in the channel's currency) from `validFrom`. */
export const productPrices = pgTable(
  'product_prices',
  {
    sku: text('sku').notNull().references(() => products.sku),
    channelCode: channelCode('channel_code').notNull(),
    validFrom: date('valid_from').notNull(),
    listPrice: money('list_price').notNull(),
    currency: currencyCode('currency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.channelCode, t.validFrom] })],
);

/** Raw and packaging materials bought from suppliers (glass, botanicals, neutral spirit, closures, cartons, labels). */
export const materials = pgTable('materials', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  unitOfMeasure: text('unit_of_measure').notNull(),
  standardCost: money('standard_cost').notNull(),
  currency: currencyCode('currency').notNull(),
});

/** Bill of materials: quantity of each material per finished unit, before `scrapAllowance` (a fraction). */
export const billOfMaterials = pgTable(
  'bill_of_materials',
  {
    sku: text('sku').notNull().references(() => products.sku, { onDelete: 'cascade' }),
    materialCode: text('material_code').notNull().references(() => materials.code),
    quantityPerUnit: numeric('quantity_per_unit', { precision: 18, scale: 6 }).notNull(),
    scrapAllowance: numeric('scrap_allowance', { precision: 6, scale: 4 }).notNull().default('0'),
  },
  (t) => [primaryKey({ columns: [t.sku, t.materialCode] }), check('bom_quantity_positive', sql`${t.quantityPerUnit} > 0`)],
);
