import type { Db, DbTransaction } from '@sentia/db/create-db';
import { auditLogs, materialInventory, materials, purchaseOrderLines, purchaseOrders, suppliers } from '@sentia/db/schema';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';

export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect & { supplierCode: string; supplierName: string; lineCount: number };
export type PurchaseOrderLineRow = typeof purchaseOrderLines.$inferSelect & { materialName: string; unit: string };
export type DbStatus = PurchaseOrderRow['status'];

const orderColumns = {
  po: purchaseOrders,
  supplierCode: suppliers.code,
  supplierName: suppliers.name,
  lineCount: sql<number>`(select count(*)::int from purchase_order_lines l where l.purchase_order_id = ${purchaseOrders.id})`,
};

export async function listOrders(db: Db, statuses: DbStatus[] | undefined, limit: number): Promise<PurchaseOrderRow[]> {
  const rows = await db
    .select(orderColumns)
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .where(statuses ? inArray(purchaseOrders.status, statuses) : undefined)
    .orderBy(desc(purchaseOrders.orderedAt), desc(purchaseOrders.poNumber))
    .limit(limit);
  return rows.map((r) => ({ ...r.po, supplierCode: r.supplierCode, supplierName: r.supplierName, lineCount: Number(r.lineCount) }));
}

export async function findOrder(db: Db | DbTransaction, id: string): Promise<{ order: PurchaseOrderRow; lines: PurchaseOrderLineRow[] } | null> {
  const [row] = await db.select(orderColumns).from(purchaseOrders).innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId)).where(eq(purchaseOrders.id, id));
  if (!row) return null;
  const lines = await db
    .select({ line: purchaseOrderLines, materialName: materials.name, unit: materials.unitOfMeasure })
    .from(purchaseOrderLines)
    .innerJoin(materials, eq(materials.code, purchaseOrderLines.materialCode))
    .where(eq(purchaseOrderLines.purchaseOrderId, id))
    .orderBy(asc(purchaseOrderLines.lineNumber));
  return {
    order: { ...row.po, supplierCode: row.supplierCode, supplierName: row.supplierName, lineCount: lines.length },
    lines: lines.map((l) => ({ ...l.line, materialName: l.materialName, unit: l.unit })),
  };
}

export async function findSupplier(db: Db | DbTransaction, id: string) {
  const [row] = await db.select().from(suppliers).where(eq(suppliers.id, id));
  return row;
}

/** Adds received quantity to the warehouse's material stock (creating the row on first receipt). */
export async function addMaterialStock(tx: DbTransaction, materialCode: string, warehouseCode: string, quantity: number): Promise<void> {
  await tx
    .insert(materialInventory)
    .values({ materialCode, warehouseCode, quantityOnHand: String(quantity) })
    .onConflictDoUpdate({
      target: [materialInventory.materialCode, materialInventory.warehouseCode],
      set: { quantityOnHand: sql`${materialInventory.quantityOnHand} + ${String(quantity)}::numeric`, updatedAt: new Date() },
    });
}

/** The order's audited workflow steps, oldest first. */
export async function orderHistory(db: Db, id: string) {
  return db
    .select({ at: auditLogs.createdAt, action: auditLogs.actionType, actor: auditLogs.actor, actorRole: auditLogs.actorRole, before: auditLogs.oldValues, after: auditLogs.newValues })
    .from(auditLogs)
    .where(and(eq(auditLogs.entityType, 'purchase_order'), eq(auditLogs.entityId, id)))
    .orderBy(asc(auditLogs.seq));
}
