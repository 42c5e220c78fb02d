import { currencyCodes } from '@sentia/contracts/common';
import { importFieldDefinitions } from '@sentia/contracts/imports';
import { products } from '@sentia/db/schema';
import { inArray, sql } from 'drizzle-orm';
import type { ImportEntityHandler } from './import-entity.ts';
import { addDays, isoDay } from './row-validator.ts';

export type ProductRecord = typeof products.$inferInsert & { row: number };

interface ProductContext {
  today: string;
  seen: Map<string, number>;
}

/** The product catalogue: new SKUs are added, known ones updated (every column the file maps). */
export const productImport: ImportEntityHandler<ProductContext, ProductRecord> = {
  entity: 'products',
  noun: 'products',
  fields: importFieldDefinitions.products,

  async context(_db, now) {
    return { today: isoDay(now), seen: new Map() };
  },

  validateRow(v, row, ctx) {
    const sku = v.text('sku', { required: true, max: 64, pattern: /^[A-Za-z0-9][\w.\-/]*$/, patternMessage: 'SKU may hold letters, digits, - _ . / only' });
    const name = v.text('name', { required: true, max: 200 });
    const category = v.text('category', { required: true, max: 100 });
    const sizeMl = v.integer('sizeMl', { required: true, min: 1, max: 100_000, negativeMessage: 'negative size' });
    const abv = v.decimal('abv', { required: true, min: '0', max: '100', scale: 1, negativeMessage: 'negative ABV' });
    const unitsPerCase = v.integer('unitsPerCase', { required: true, min: 1, max: 10_000, negativeMessage: 'negative quantity: units per case must be above 0' });
    const standardCost = v.decimal('standardCost', { required: true, min: '0', negativeMessage: 'negative cost' });
    const costCurrency = v.oneOf('costCurrency', currencyCodes, { required: true, what: 'currency not supported: currency' });
    const to = addDays(ctx.today, 730);
    const launched = v.instant('launchDate', { required: true, from: '1900-01-01', to, rangeMessage: `date outside the allowed range 1900-01-01 to ${to}` });
    const description = v.text('description', { max: 500 });
    const unitOfMeasure = v.text('unitOfMeasure', { max: 30 });
    const isActive = v.boolean('isActive');
    if (v.issues.length > 0 || !sku || !name || !category || sizeMl === undefined || !abv || unitsPerCase === undefined || !standardCost || !costCurrency || !launched) return undefined;
    const first = ctx.seen.get(sku);
    if (first !== undefined) {
      v.issue('sku', sku, `duplicate SKU: row ${first} has it too`);
      return undefined;
    }
    ctx.seen.set(sku, row.row);
    return { row: row.row, sku, name, category, sizeMl, abv, unitsPerCase, standardCost, costCurrency, launchDate: isoDay(launched), description: description ?? '', unitOfMeasure: unitOfMeasure ?? 'bottle', isActive: isActive ?? true };
  },

  async write(tx, groups, _ctx, meta) {
    const rows = groups.map((g) => {
      const { row: _row, ...product } = g[0]!;
      return { ...product, updatedAt: meta.now };
    });
    const existing = new Set((await tx.select({ sku: products.sku }).from(products).where(inArray(products.sku, rows.map((r) => r.sku)))).map((r) => r.sku));
    await tx
      .insert(products)
      .values(rows)
      .onConflictDoUpdate({
        target: products.sku,
        set: {
          name: sql`excluded.name`,
          category: sql`excluded.category`,
          sizeMl: sql`excluded.size_ml`,
          abv: sql`excluded.abv`,
          unitsPerCase: sql`excluded.units_per_case`,
          standardCost: sql`excluded.standard_cost`,
          costCurrency: sql`excluded.cost_currency`,
          launchDate: sql`excluded.launch_date`,
          description: sql`excluded.description`,
          unitOfMeasure: sql`excluded.unit_of_measure`,
          isActive: sql`excluded.is_active`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
    return { inserted: rows.length - existing.size, updated: existing.size, unchanged: 0, skipped: 0 };
  },
};
