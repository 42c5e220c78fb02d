import { currencyCodes } from '@sentia/contracts/common';
import { type ImportIssue, importFieldDefinitions } from '@sentia/contracts/imports';
import { materials, purchaseOrderLines, purchaseOrders, suppliers } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import { inArray } from 'drizzle-orm';
import type { ImportEntityHandler } from './import-entity.ts';
import { addDays, isoDay } from './row-validator.ts';

const importableStatuses = ['DRAFT', 'SENT', 'CONFIRMED'] as const;

export interface PurchaseOrderLineRecord {
  row: number;
  poNumber: string;
  supplierId: string;
  supplierTerms: number;
  orderedAt: Date;
  expectedDate: string;
  status: (typeof importableStatuses)[number];
  currency: (typeof currencyCodes)[number];
  paymentTermsDays: number | undefined;
  lineNumber: number | undefined;
  materialCode: string;
  quantity: string;
  unitPrice: string;
}

interface PurchaseOrderContext {
  today: string;
  suppliers: Map<string, { id: string; paymentTermsDays: number }>;
  materials: Set<string>;
  lines: Map<string, number>;
  /** PO number → "header fields|first row". */
  heads: Map<string, string>;
}

/**
 * Purchase orders, one line per row. Imports create new orders only: an order that already exists belongs to the
 * purchasing workflow (approvals, receipts, optimistic versioning), which an import must not overwrite.
 */
export const purchaseOrderImport: ImportEntityHandler<PurchaseOrderContext, PurchaseOrderLineRecord> = {
  entity: 'purchase-orders',
  noun: 'purchase orders',
  fields: importFieldDefinitions['purchase-orders'],

  async context(db, now) {
    const [supplierRows, materialRows] = await Promise.all([
      db.select({ id: suppliers.id, code: suppliers.code, paymentTermsDays: suppliers.paymentTermsDays }).from(suppliers),
      db.select({ code: materials.code }).from(materials),
    ]);
    return { today: isoDay(now), suppliers: new Map(supplierRows.map((s) => [s.code, { id: s.id, paymentTermsDays: s.paymentTermsDays }])), materials: new Set(materialRows.map((m) => m.code)), lines: new Map(), heads: new Map() };
  },

  validateRow(v, row, ctx) {
    const poNumber = v.text('poNumber', { required: true, max: 64 });
    const supplierCode = v.text('supplierCode', { required: true, max: 64 });
    const supplier = supplierCode !== undefined ? ctx.suppliers.get(supplierCode) : undefined;
    if (supplierCode !== undefined && !supplier) v.issue('supplierCode', supplierCode, 'unknown supplier code');
    const from = `${Number(ctx.today.slice(0, 4)) - 10}${ctx.today.slice(4)}`;
    const to = addDays(ctx.today, 1);
    const orderedAt = v.instant('orderedAt', { required: true, from, to, rangeMessage: `date outside the allowed range ${from} to ${to}` });
    const orderDay = orderedAt ? isoDay(orderedAt) : from;
    const latest = addDays(orderDay, 730);
    const expected = v.instant('expectedDate', { required: true, from: orderDay, to: latest, rangeMessage: `date outside the allowed range: on or after the order date ${orderDay}, within two years` });
    const status = v.oneOf('status', importableStatuses, { what: 'status' }) ?? 'DRAFT';
    const lineNumber = v.integer('lineNumber', { min: 1, max: 32_767 });
    const materialCode = v.text('materialCode', { required: true, max: 64 });
    if (materialCode !== undefined && !ctx.materials.has(materialCode)) v.issue('materialCode', materialCode, 'unknown material code (unknown SKU)');
    const quantity = v.decimal('quantity', { required: true, scale: 4, negativeMessage: 'negative quantity: a line needs a quantity above 0' });
    if (quantity !== undefined && new Dec(quantity).lte(0)) v.issue('quantity', quantity, 'must be above 0');
    const unitPrice = v.decimal('unitPrice', { required: true, min: '0', negativeMessage: 'negative price' });
    const currency = v.oneOf('currency', currencyCodes, { required: true, what: 'currency not supported: currency' });
    const paymentTermsDays = v.integer('paymentTermsDays', { min: 0, max: 365, negativeMessage: 'negative payment terms' });
    if (v.issues.length > 0 || !poNumber || !supplier || !orderedAt || !expected || !materialCode || !quantity || new Dec(quantity).lte(0) || unitPrice === undefined || !currency) return undefined;

    const lineKey = lineNumber !== undefined ? `${poNumber}|#${lineNumber}` : `${poNumber}|${materialCode}`;
    const firstRow = ctx.lines.get(lineKey);
    if (firstRow !== undefined) {
      v.issue(lineNumber !== undefined ? 'lineNumber' : 'materialCode', lineNumber !== undefined ? String(lineNumber) : materialCode, `duplicate purchase-order line: row ${firstRow} has the same PO and ${lineNumber !== undefined ? 'line' : 'material'}`);
      return undefined;
    }
    const head = `${supplier.id}|${orderedAt.getTime()}|${isoDay(expected)}|${status}|${currency}|${paymentTermsDays ?? ''}`;
    const seen = ctx.heads.get(poNumber);
    if (seen !== undefined && !seen.startsWith(`${head}#`)) {
      v.issue('poNumber', poNumber, `lines of ${poNumber} disagree on supplier, dates, status, currency or terms (first line: row ${seen.split('#')[1]})`);
      return undefined;
    }
    ctx.lines.set(lineKey, row.row);
    if (seen === undefined) ctx.heads.set(poNumber, `${head}#${row.row}`);
    return { row: row.row, poNumber, supplierId: supplier.id, supplierTerms: supplier.paymentTermsDays, orderedAt, expectedDate: isoDay(expected), status, currency, paymentTermsDays, lineNumber, materialCode, quantity, unitPrice };
  },

  groupKey: (record) => record.poNumber,

  async finish(ctx, db) {
    const numbers = [...ctx.heads.keys()];
    const issues: ImportIssue[] = [];
    for (let i = 0; i < numbers.length; i += 1000) {
      const taken = await db.select({ poNumber: purchaseOrders.poNumber }).from(purchaseOrders).where(inArray(purchaseOrders.poNumber, numbers.slice(i, i + 1000)));
      for (const t of taken) issues.push({ row: Number(ctx.heads.get(t.poNumber)!.split('#')[1]), column: 'PO number', value: t.poNumber, message: 'purchase order already exists: imports create new orders only' });
    }
    return issues;
  },

  async write(tx, groups, _ctx, meta) {
    const heads = groups.map((lines) => {
      const first = lines[0]!;
      const total = lines.reduce((sum, l) => sum.plus(new Dec(l.quantity).times(l.unitPrice).toDecimalPlaces(4)), new Dec(0));
      return { poNumber: first.poNumber, supplierId: first.supplierId, status: first.status, orderedAt: first.orderedAt, expectedDate: first.expectedDate, currency: first.currency, total: total.toFixed(4), paymentTermsDays: first.paymentTermsDays ?? first.supplierTerms, createdBy: meta.userId };
    });
    const inserted = await tx.insert(purchaseOrders).values(heads).returning({ id: purchaseOrders.id, poNumber: purchaseOrders.poNumber });
    const idByNumber = new Map(inserted.map((r) => [r.poNumber, r.id]));
    const lineRows = groups.flatMap((lines) => {
      const sorted = lines.some((l) => l.lineNumber !== undefined) ? [...lines].sort((a, b) => (a.lineNumber ?? 0) - (b.lineNumber ?? 0)) : lines;
      return sorted.map((l, i) => ({
        purchaseOrderId: idByNumber.get(l.poNumber)!,
        lineNumber: l.lineNumber ?? i + 1,
        materialCode: l.materialCode,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        lineTotal: new Dec(l.quantity).times(l.unitPrice).toDecimalPlaces(4).toFixed(4),
        currency: l.currency,
        expectedDate: l.expectedDate,
      }));
    });
    for (let i = 0; i < lineRows.length; i += 1000) await tx.insert(purchaseOrderLines).values(lineRows.slice(i, i + 1000));
    return { inserted: inserted.length, updated: 0, unchanged: 0, skipped: 0 };
  },
};
