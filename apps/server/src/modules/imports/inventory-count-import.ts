import { importFieldDefinitions } from '@sentia/contracts/imports';
import { inventory, stockMovements, warehouses } from '@sentia/db/schema';
import { and, inArray, sql } from 'drizzle-orm';
import type { ImportEntityHandler } from './import-entity.ts';
import { loadProducts } from './reference-lookups.ts';
import { addDays, isoDay } from './row-validator.ts';

export interface StockCountRecord {
  row: number;
  sku: string;
  warehouse: string;
  quantity: number;
  countDate: string;
}

interface StockCountContext {
  today: string;
  products: Set<string>;
  warehouses: Set<string>;
  seen: Map<string, number>;
}

/**
 * Physical stock counts: the counted quantity becomes the on-hand quantity of the SKU in the warehouse, and the
 * difference is written as an ADJUSTMENT movement (so the movement ledger, which the inventory history is
 * rebuilt from, still adds up). Reserved quantities are left as they are.
 */
export const inventoryCountImport: ImportEntityHandler<StockCountContext, StockCountRecord> = {
  entity: 'inventory-counts',
  noun: 'stock counts',
  fields: importFieldDefinitions['inventory-counts'],

  async context(db, now) {
    const [products, warehouseRows] = await Promise.all([loadProducts(db), db.select({ code: warehouses.code }).from(warehouses)]);
    return { today: isoDay(now), products: new Set(products.keys()), warehouses: new Set(warehouseRows.map((w) => w.code)), seen: new Map() };
  },

  validateRow(v, row, ctx) {
    const sku = v.text('sku', { required: true, max: 64 });
    if (sku !== undefined && !ctx.products.has(sku)) v.issue('sku', sku, 'unknown SKU: not in the product catalogue');
    const warehouse = v.text('warehouse', { required: true, max: 64 });
    if (warehouse !== undefined && !ctx.warehouses.has(warehouse)) v.issue('warehouse', warehouse, 'unknown warehouse code');
    const quantity = v.integer('quantity', { required: true, min: 0, negativeMessage: 'negative quantity: a count is 0 or more' });
    const from = addDays(ctx.today, -366);
    const counted = v.instant('countDate', { from, to: ctx.today, rangeMessage: `date outside the allowed range ${from} to ${ctx.today} (not in the future, at most a year back)` });
    if (v.issues.length > 0 || !sku || !warehouse || quantity === undefined) return undefined;
    const key = `${sku}@${warehouse}`;
    const first = ctx.seen.get(key);
    if (first !== undefined) {
      v.issue('sku', sku, `duplicate count: row ${first} counts ${sku} in ${warehouse} too`);
      return undefined;
    }
    ctx.seen.set(key, row.row);
    return { row: row.row, sku, warehouse, quantity, countDate: counted ? isoDay(counted) : ctx.today };
  },

  async write(tx, groups, _ctx, meta) {
    const counts = groups.map((g) => g[0]!);
    const skus = [...new Set(counts.map((c) => c.sku))];
    // Row locks: a concurrent adjustment must not slip between reading on-hand and writing the difference.
    const current = await tx
      .select({ id: inventory.id, sku: inventory.sku, warehouseCode: inventory.warehouseCode, onHand: inventory.quantityOnHand })
      .from(inventory)
      .where(and(inArray(inventory.sku, skus), inArray(inventory.warehouseCode, [...new Set(counts.map((c) => c.warehouse))])))
      .for('update');
    const byKey = new Map(current.map((c) => [`${c.sku}@${c.warehouseCode}`, c]));
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const movements: (typeof stockMovements.$inferInsert)[] = [];
    const affected = new Set<string>();
    for (const count of counts) {
      const existing = byKey.get(`${count.sku}@${count.warehouse}`);
      const difference = count.quantity - (existing?.onHand ?? 0);
      if (existing) {
        await tx.update(inventory).set({ quantityOnHand: count.quantity, lastCountDate: count.countDate, updatedAt: meta.now }).where(sql`${inventory.id} = ${existing.id}`);
        if (difference === 0) unchanged += 1;
        else updated += 1;
      } else {
        await tx.insert(inventory).values({ sku: count.sku, warehouseCode: count.warehouse, quantityOnHand: count.quantity, lastCountDate: count.countDate, updatedAt: meta.now });
        inserted += 1;
      }
      if (difference !== 0) {
        affected.add(count.sku);
        movements.push({ occurredAt: meta.now, sku: count.sku, warehouseCode: count.warehouse, movementType: 'ADJUSTMENT', quantity: difference, referenceType: 'import', referenceId: meta.sourceLabel, notes: `stock count of ${count.countDate}`, createdBy: meta.userId });
      }
    }
    if (movements.length > 0) await tx.insert(stockMovements).values(movements);
    return { inserted, updated, unchanged, skipped: 0, affectedSkus: [...affected] };
  },
};
