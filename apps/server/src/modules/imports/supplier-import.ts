import { currencyCodes } from '@sentia/contracts/common';
import { importFieldDefinitions } from '@sentia/contracts/imports';
import { suppliers } from '@sentia/db/schema';
import { inArray, sql } from 'drizzle-orm';
import type { ImportEntityHandler } from './import-entity.ts';

export type SupplierRecord = typeof suppliers.$inferInsert & { row: number; code: string };

/** Suppliers by code: new ones are added, known ones updated. */
export const supplierImport: ImportEntityHandler<{ seen: Map<string, number> }, SupplierRecord> = {
  entity: 'suppliers',
  noun: 'suppliers',
  fields: importFieldDefinitions.suppliers,

  async context() {
    return { seen: new Map() };
  },

  validateRow(v, row, ctx) {
    const code = v.text('code', { required: true, max: 64 });
    const name = v.text('name', { required: true, max: 200 });
    const category = v.text('category', { required: true, max: 100 });
    const countryText = v.text('country', { required: true, pattern: /^[A-Za-z]{2}$/, patternMessage: 'use the two-letter ISO country code (GB, DE, US …)' });
    const currency = v.oneOf('currency', currencyCodes, { required: true, what: 'currency not supported: currency' });
    const paymentTermsDays = v.integer('paymentTermsDays', { required: true, min: 0, max: 365, negativeMessage: 'negative payment terms' });
    const leadTimeDays = v.integer('leadTimeDays', { required: true, min: 0, max: 730, negativeMessage: 'negative lead time' });
    const leadTimeStdDays = v.decimal('leadTimeStdDays', { min: '0', max: '365', scale: 2, negativeMessage: 'negative lead-time spread' }) ?? '0';
    const onTimeRate = v.decimal('onTimeRate', { min: '0', max: '1', scale: 4 });
    const isActive = v.boolean('isActive');
    if (v.issues.length > 0 || !code || !name || !category || !countryText || !currency || paymentTermsDays === undefined || leadTimeDays === undefined) return undefined;
    const first = ctx.seen.get(code);
    if (first !== undefined) {
      v.issue('code', code, `duplicate supplier code: row ${first} has it too`);
      return undefined;
    }
    ctx.seen.set(code, row.row);
    return { row: row.row, code, name, category, country: countryText.toUpperCase(), currency, paymentTermsDays, leadTimeDays, leadTimeStdDays, onTimeRate: onTimeRate ?? null, isActive: isActive ?? true };
  },

  async write(tx, groups) {
    const rows = groups.map((g) => {
      const { row: _row, ...supplier } = g[0]!;
      return supplier;
    });
    const existing = new Set((await tx.select({ code: suppliers.code }).from(suppliers).where(inArray(suppliers.code, rows.map((r) => r.code)))).map((r) => r.code));
    await tx
      .insert(suppliers)
      .values(rows)
      .onConflictDoUpdate({
        target: suppliers.code,
        set: {
          name: sql`excluded.name`,
          category: sql`excluded.category`,
          country: sql`excluded.country`,
          currency: sql`excluded.currency`,
          paymentTermsDays: sql`excluded.payment_terms_days`,
          leadTimeDays: sql`excluded.lead_time_days`,
          leadTimeStdDays: sql`excluded.lead_time_std_days`,
          onTimeRate: sql`excluded.on_time_rate`,
          isActive: sql`excluded.is_active`,
        },
      });
    return { inserted: rows.length - existing.size, updated: existing.size, unchanged: 0, skipped: 0 };
  },
};
