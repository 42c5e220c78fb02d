import { eq, inArray } from 'drizzle-orm';
import { currencyCodes, type Currency } from '@sentia/contracts/common';
import type { NormalisedPurchaseOrder } from '@sentia/contracts/integrations';
import { materials, purchaseOrderLines, purchaseOrders, suppliers } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import type { IngestCatalogueResult } from './ingest-products.ts';
import { type IngestDb, saveSourceRecords, selectFreshRecords, sourceRecordOf, type SourceRecordWrite } from './source-records.ts';

type PoStatus = 'DRAFT' | 'SENT' | 'PARTIALLY_RECEIVED' | 'RECEIVED' | 'CANCELLED';
const isCurrency = (c: string): c is Currency => (currencyCodes as readonly string[]).includes(c);
const isoDay = (iso: string) => iso.slice(0, 10);

/** Unleashed purchase-order statuses (Parked, Placed, Receipted, Costed, Complete, Deleted) in our workflow's terms. */
export function purchaseOrderStatusOf(status: string, lines: NormalisedPurchaseOrder['lines']): PoStatus {
  const s = status.toLowerCase();
  if (s === 'deleted' || s === 'cancelled') return 'CANCELLED';
  if (s === 'parked') return 'DRAFT';
  if (s === 'receipted' || s === 'costed' || s === 'complete' || s === 'completed') return 'RECEIVED';
  const received = lines.some((l) => l.receivedQuantity !== null && new Dec(l.receivedQuantity).gt(0));
  return received ? 'PARTIALLY_RECEIVED' : 'SENT';
}

/**
 * Upserts ERP purchase orders by order number with their lines (replaced as a whole on each newer
 * version). The supplier must exist (sync suppliers first) and every line's product code must be a
 * material; otherwise the order is rejected with the reason. Orders our own approval workflow created
 * (`createdBy` set) are never overwritten by the ERP copy.
 */
export async function ingestPurchaseOrders(db: IngestDb, input: NormalisedPurchaseOrder[], opts: { now?: Date } = {}): Promise<IngestCatalogueResult> {
  const now = opts.now ?? new Date();
  const result: IngestCatalogueResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: [] };
  const fresh = await selectFreshRecords(db, 'purchase-order', input.map((po) => ({ key: po.orderNumber, record: po })), result);
  if (fresh.length === 0) return result;
  const keys = fresh.map((f) => f.key);
  const supplierCodes = [...new Set(fresh.map((f) => f.record.supplierCode).filter((c): c is string => c !== null))];
  const supplierByCode = new Map(supplierCodes.length ? (await db.select().from(suppliers).where(inArray(suppliers.code, supplierCodes))).map((s) => [s.code, s]) : []);
  const codes = [...new Set(fresh.flatMap((f) => f.record.lines.map((l) => l.sku).filter((c): c is string => c !== null)))];
  const materialCodes = new Set(codes.length ? (await db.select({ code: materials.code }).from(materials).where(inArray(materials.code, codes))).map((m) => m.code) : []);
  const existing = new Map((await db.select({ id: purchaseOrders.id, poNumber: purchaseOrders.poNumber, createdBy: purchaseOrders.createdBy }).from(purchaseOrders).where(inArray(purchaseOrders.poNumber, keys))).map((p) => [p.poNumber, p]));
  const records: SourceRecordWrite[] = [];
  for (const { record: po, hash } of fresh) {
    const reject = (reason: string) => result.rejected.push({ sourceId: po.sourceId, reason });
    const supplier = po.supplierCode ? supplierByCode.get(po.supplierCode) : undefined;
    if (!supplier) {
      reject(`unknown supplier ${po.supplierCode ?? '(none)'}`);
      continue;
    }
    if (!isCurrency(po.currency)) {
      reject(`currency ${po.currency} is not supported (GBP, EUR, USD)`);
      continue;
    }
    const unknown = po.lines.find((l) => !l.sku || !materialCodes.has(l.sku));
    if (unknown) {
      reject(`line ${unknown.sourceLineId}: ${unknown.sku ?? '(no code)'} is not a known material`);
      continue;
    }
    const current = existing.get(po.orderNumber);
    if (current?.createdBy) {
      reject(`${po.orderNumber} was raised in this application; the ERP copy does not overwrite it`);
      continue;
    }
    const status = purchaseOrderStatusOf(po.status, po.lines);
    const expectedDate = isoDay(po.requiredDate ?? po.orderDate);
    const lines = po.lines.map((l, i) => {
      const quantity = new Dec(l.quantity);
      const unitPrice = l.unitPrice !== null ? new Dec(l.unitPrice) : l.lineTotal !== null && !quantity.isZero() ? new Dec(l.lineTotal).div(quantity) : new Dec(0);
      const lineTotal = l.lineTotal !== null ? new Dec(l.lineTotal) : unitPrice.times(quantity);
      return {
        lineNumber: i + 1,
        materialCode: l.sku!,
        quantity: quantity.toFixed(4),
        quantityReceived: new Dec(l.receivedQuantity ?? '0').toFixed(4),
        unitPrice: unitPrice.toFixed(4),
        lineTotal: lineTotal.toFixed(4),
        currency: po.currency as Currency,
        expectedDate: l.dueDate ? isoDay(l.dueDate) : expectedDate,
        receivedDate: status === 'RECEIVED' && po.completedDate ? isoDay(po.completedDate) : null,
      };
    });
    const total = po.total !== null ? new Dec(po.total) : lines.reduce((s, l) => s.plus(l.lineTotal), new Dec(0));
    const head = {
      poNumber: po.orderNumber,
      supplierId: supplier.id,
      status,
      orderedAt: new Date(po.orderDate),
      expectedDate,
      receivedAt: status === 'RECEIVED' && po.completedDate ? new Date(po.completedDate) : null,
      currency: po.currency,
      total: total.toFixed(4),
      paymentTermsDays: supplier.paymentTermsDays,
    };
    let id: string;
    if (current) {
      id = current.id;
      await db.update(purchaseOrders).set(head).where(eq(purchaseOrders.id, id));
      await db.delete(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, id));
      result.updated += 1;
    } else {
      const [row] = await db.insert(purchaseOrders).values(head).returning({ id: purchaseOrders.id });
      id = row!.id;
      result.inserted += 1;
    }
    if (lines.length > 0) await db.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: id })));
    records.push(sourceRecordOf(po.orderNumber, po, hash));
  }
  await saveSourceRecords(db, 'purchase-order', records, now);
  return result;
}
