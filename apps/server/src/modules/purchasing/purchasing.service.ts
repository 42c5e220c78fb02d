import { randomBytes } from 'node:crypto';
import type { Currency } from '@sentia/contracts/common';
import type {
  CreatePurchaseOrder,
  ProposalEffect,
  ProposalList,
  PurchaseOrderDto,
  PurchaseOrderList,
  PurchaseOrderStatusDto,
  PurchaseOrderSummary,
  PurchaseOrderTransition,
  SupplierProposal,
} from '@sentia/contracts/purchasing';
import type { DbHandle } from '@sentia/db/create-db';
import { purchaseOrderLines, purchaseOrders, warehouses } from '@sentia/db/schema';
import { addDays, type IsoDate } from '@sentia/domain/calendar/utc-date';
import { proposePurchaseOrders, toPlannedPurchaseOrder, type ReplenishmentItem } from '@sentia/domain/inventory/propose-purchase-orders';
import { purchaseOrderCccEffect } from '@sentia/domain/inventory/purchase-order-ccc-effect';
import { Dec } from '@sentia/domain/money/money';
import { approvalRequirement, transitionPurchaseOrder, type PurchaseOrderAction, type PurchaseOrderState, type PurchaseOrderStatus } from '@sentia/domain/purchasing/transition-purchase-order';
import type { Decimal } from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { AppError } from '../../http/app-error.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import type { TotpService } from '../auth/totp.service.ts';
import { asHttpError, type InventoryService } from '../inventory/inventory.service.ts';
import type { WorkingCapitalService } from '../working-capital/working-capital.service.ts';
import * as repo from './purchasing.repository.ts';

/** Days the CCC effect of a proposal is measured over, from today. */
const CCC_PERIOD_DAYS = 90;

const toDto: Record<repo.DbStatus, PurchaseOrderStatusDto> = {
  DRAFT: 'proposed',
  APPROVED: 'approved',
  SENT: 'sent',
  CONFIRMED: 'sent',
  PARTIALLY_RECEIVED: 'partially_received',
  RECEIVED: 'received',
  CLOSED: 'closed',
  REJECTED: 'rejected',
  CANCELLED: 'cancelled',
};
const toDb: Record<PurchaseOrderStatus, repo.DbStatus> = {
  proposed: 'DRAFT',
  approved: 'APPROVED',
  sent: 'SENT',
  partially_received: 'PARTIALLY_RECEIVED',
  received: 'RECEIVED',
  closed: 'CLOSED',
  rejected: 'REJECTED',
};
/** Which stored statuses a filter on a DTO status means. */
const dbStatusesOf = (s: PurchaseOrderStatusDto): repo.DbStatus[] => (Object.keys(toDto) as repo.DbStatus[]).filter((k) => toDto[k] === s);

const money2 = (d: Decimal): string => d.toDecimalPlaces(2).toFixed(2);
const qty = (v: string | number): number => Number(v);

export interface PurchasingOptions {
  /** Order value in GBP above which only an ADMIN with a fresh second factor may approve. */
  approvalLimitGbp?: string;
  now?: () => Date;
}

/** Purchase-order proposals with their cash and CCC effect, and the approval workflow over stored orders. */
export function createPurchasingService(deps: { db: DbHandle; inventory: InventoryService; workingCapital: Pick<WorkingCapitalService, 'purchaseOrderImpact'>; mfa: Pick<TotpService, 'assertRecentStepUp'>; options?: PurchasingOptions }) {
  const { db, inventory } = deps;
  const approvalLimitGbp = new Dec(deps.options?.approvalLimitGbp ?? '10000');
  const now = deps.options?.now ?? (() => new Date());
  const today = (): IsoDate => now().toISOString().slice(0, 10);

  async function proposals(): Promise<ProposalList> {
    const t = today();
    const [items, offers, fx] = await Promise.all([inventory.computeItems('material'), inventory.supplierOffers(), inventory.gbpRates()]);
    const offerOf = new Map(offers.map((o) => [o.materialCode, o]));
    const replenish: ReplenishmentItem[] = [];
    const demandOf = new Map<string, number>();
    const meta = new Map<string, { name: string; unit: string; moq: number; multiple: number }>();
    for (const i of items) {
      const offer = offerOf.get(i.stock.code);
      if (!offer) continue;
      const lead = i.settings.leadTimeDays;
      const review = i.settings.reviewPeriodDays;
      // The maximum honours the supplier's minimum: a cap below the MOQ could never be ordered.
      const minimumLot = Math.ceil(offer.moq / offer.orderMultiple) * offer.orderMultiple;
      const maxStock = Math.max(i.policy.max, i.policy.orderUpTo, i.policy.reorderPoint + minimumLot);
      replenish.push({
        sku: i.stock.code,
        warehouseId: i.stock.warehouseCode,
        supplierId: offer.supplierId,
        onHand: Math.max(0, i.stock.onHand),
        onOrder: i.onOrder,
        allocated: i.stock.allocated,
        dailyForecast: i.estimate.dailyForecast,
        leadTimeDays: lead,
        reviewPeriodDays: review,
        safetyStock: i.policy.safetyStock,
        moq: offer.moq,
        orderMultiple: offer.orderMultiple,
        maxStock,
        unitCost: offer.unitPrice,
      });
      demandOf.set(i.stock.code, i.averageDailyDemand);
      meta.set(i.stock.code, { name: i.stock.name, unit: i.stock.unit, moq: offer.moq, multiple: offer.orderMultiple });
    }
    const suppliers = [...new Map(offers.map((o) => [o.supplierId, { id: o.supplierId, currency: o.currency, paymentTermsDays: o.paymentTermsDays, code: o.supplierCode, name: o.supplierName }])).values()];
    let proposal;
    try {
      proposal = proposePurchaseOrders({ orderDate: t, items: replenish, suppliers });
    } catch (error) {
      throw asHttpError(error);
    }
    const periodEnd = addDays(t, CCC_PERIOD_DAYS - 1);
    const cogs = new Dec(await inventory.cogsGbp(addDays(t, -CCC_PERIOD_DAYS), addDays(t, -1)));
    const orders: SupplierProposal[] = [];
    for (const order of proposal.orders) {
      const supplier = suppliers.find((s) => s.id === order.supplierId);
      if (!supplier) continue;
      const rate = fx.get(order.currency as Currency) ?? 1;
      const totalGbp = order.total.dividedBy(rate);
      const planned = toPlannedPurchaseOrder({ ...order, total: totalGbp.toDecimalPlaces(2) }, `proposal:${supplier.code}`);
      const impact = await deps.workingCapital.purchaseOrderImpact([planned], 'GBP');
      let dio = new Dec(0);
      let dpo = new Dec(0);
      if (cogs.greaterThan(0)) {
        for (const line of order.lines) {
          const daily = demandOf.get(line.sku) ?? 0;
          const effect = purchaseOrderCccEffect({
            value: line.lineValue.dividedBy(rate),
            receiptDate: line.expectedReceiptDate,
            paymentDueDate: addDays(line.expectedReceiptDate, supplier.paymentTermsDays),
            coverDays: daily > 0 ? Math.max(1, line.quantity / daily) : CCC_PERIOD_DAYS,
            periodStart: t,
            periodEnd,
            periodCogs: cogs,
          });
          dio = dio.plus(effect.dioChange);
          dpo = dpo.plus(effect.dpoChange);
        }
      }
      const effect: ProposalEffect = {
        currency: 'GBP',
        runwayDaysBefore: impact.before.runwayDays,
        runwayDaysAfter: impact.after.runwayDays,
        lowestBalanceBefore: money2(impact.before.lowestBalance.amount),
        lowestBalanceAfter: money2(impact.after.lowestBalance.amount),
        endingBalanceChange: money2(impact.after.endingBalance.minus(impact.before.endingBalance)),
        cccChangeDays: dio.minus(dpo).toDecimalPlaces(2).toFixed(2),
        dioChangeDays: dio.toDecimalPlaces(2).toFixed(2),
        dpoChangeDays: dpo.toDecimalPlaces(2).toFixed(2),
      };
      orders.push({
        supplierId: supplier.id,
        supplierCode: supplier.code,
        supplierName: supplier.name,
        currency: order.currency as Currency,
        paymentTermsDays: supplier.paymentTermsDays,
        orderDate: order.orderDate,
        expectedReceiptDate: order.expectedReceiptDate,
        paymentDueDate: order.paymentDueDate,
        total: money2(order.total),
        totalGbp: money2(totalGbp),
        requiresAdminApproval: approvalRequirement(totalGbp, approvalLimitGbp).requiresStepUp,
        lines: order.lines.map((l) => {
          const m = meta.get(l.sku);
          return {
            materialCode: l.sku,
            materialName: m?.name ?? l.sku,
            unit: m?.unit ?? 'each',
            warehouseCode: l.warehouseId,
            netRequirement: Math.round(l.netRequirement * 100) / 100,
            quantity: l.quantity,
            isCapped: l.isCapped,
            unitPrice: new Dec(l.unitCost).toFixed(),
            lineValue: money2(l.lineValue),
            expectedReceiptDate: l.expectedReceiptDate,
            moq: m?.moq ?? 0,
            orderMultiple: m?.multiple ?? 1,
          };
        }),
        effect,
      });
    }
    return {
      asOf: t,
      approvalLimitGbp: money2(approvalLimitGbp),
      orders,
      skipped: proposal.skipped.map((s) => ({ materialCode: s.sku, warehouseCode: s.warehouseId, reason: s.reason, netRequirement: Math.round(s.netRequirement * 100) / 100 })),
      assumptions: [
        'Net requirement = forecast use over lead time + review period + safety stock − (on hand + on order − allocated); on order counts approved, sent and partly received orders.',
        'Raised to the supplier\u2019s MOQ, rounded up to its order multiple, capped by the item\u2019s maximum (reorder point + the larger of EOQ and the MOQ, at least the order-up-to level).',
        'Cash effect: each proposal alone added to today\u2019s cash projection (working capital) as a proposed order paid on the supplier\u2019s terms after receipt; runway and lowest balance over 180 days, in GBP.',
        `CCC effect over the next ${CCC_PERIOD_DAYS} days: received stock is used up evenly at the forecast rate (ΔDIO) and owed until paid (ΔDPO), with the last ${CCC_PERIOD_DAYS} days\u2019 COGS; ΔCCC = ΔDIO − ΔDPO.`,
        `Orders above ${money2(approvalLimitGbp)} GBP need an ADMIN with a second factor confirmed in the last 10 minutes.`,
      ],
    };
  }

  async function toOrderDto(found: NonNullable<Awaited<ReturnType<typeof repo.findOrder>>>, fx: Map<Currency, number>): Promise<PurchaseOrderDto> {
    const { order, lines } = found;
    const history = await repo.orderHistory(db.db, order.id);
    return {
      ...summaryOf(order, fx),
      lines: lines.map((l) => ({
        id: l.id,
        lineNumber: l.lineNumber,
        materialCode: l.materialCode,
        materialName: l.materialName,
        unit: l.unit,
        quantity: qty(l.quantity),
        quantityReceived: qty(l.quantityReceived),
        unitPrice: new Dec(l.unitPrice).toFixed(),
        lineTotal: money2(new Dec(l.lineTotal)),
        expectedDate: l.expectedDate,
        receivedDate: l.receivedDate,
      })),
      history: history.map((h) => {
        const before = (h.before ?? {}) as { status?: string };
        const after = (h.after ?? {}) as { status?: string; reason?: string };
        return { at: h.at.toISOString(), action: h.action, actor: h.actor, actorRole: h.actorRole, from: before.status ?? null, to: after.status ?? null, reason: after.reason ?? null };
      }),
    };
  }

  function summaryOf(order: repo.PurchaseOrderRow, fx: Map<Currency, number>): PurchaseOrderSummary {
    const totalGbp = new Dec(order.total).dividedBy(fx.get(order.currency) ?? 1);
    return {
      id: order.id,
      poNumber: order.poNumber,
      supplierId: order.supplierId,
      supplierCode: order.supplierCode,
      supplierName: order.supplierName,
      status: toDto[order.status],
      version: order.version,
      orderedAt: order.orderedAt.toISOString(),
      expectedDate: order.expectedDate,
      currency: order.currency,
      total: money2(new Dec(order.total)),
      totalGbp: money2(totalGbp),
      paymentTermsDays: order.paymentTermsDays,
      deliveryWarehouseCode: order.deliveryWarehouseCode,
      requiresAdminApproval: approvalRequirement(totalGbp, approvalLimitGbp).requiresStepUp,
      approvedAt: order.approvedAt?.toISOString() ?? null,
      rejectedReason: order.rejectedReason,
      closedReason: order.closedReason,
      lineCount: order.lineCount,
    };
  }

  async function listOrders(q: { status?: PurchaseOrderStatusDto | undefined; limit: number }): Promise<PurchaseOrderList> {
    const [rows, fx] = await Promise.all([repo.listOrders(db.db, q.status ? dbStatusesOf(q.status) : undefined, q.limit), inventory.gbpRates()]);
    return { orders: rows.map((r) => summaryOf(r, fx)), approvalLimitGbp: money2(approvalLimitGbp) };
  }

  async function getOrder(id: string): Promise<PurchaseOrderDto> {
    const found = await repo.findOrder(db.db, id);
    if (!found) throw new AppError('NOT_FOUND', `No purchase order ${id}.`);
    return toOrderDto(found, await inventory.gbpRates());
  }

  /** Stores a proposed order (status proposed, version 1) at the supplier's prices and lead times; audited. */
  async function createOrder(body: CreatePurchaseOrder, principal: AuthPrincipal, actor: AuditActor): Promise<PurchaseOrderDto> {
    const id = await db.db.transaction(async (tx) => {
      const supplier = await repo.findSupplier(tx, body.supplierId);
      if (!supplier || !supplier.isActive) throw new AppError('VALIDATION_FAILED', `No active supplier ${body.supplierId}.`, { errors: [{ field: 'supplierId', message: 'is not a known active supplier' }] });
      const [warehouse] = await tx.select().from(warehouses).where(eq(warehouses.code, body.deliveryWarehouseCode));
      if (!warehouse) throw new AppError('VALIDATION_FAILED', `No warehouse ${body.deliveryWarehouseCode}.`, { errors: [{ field: 'deliveryWarehouseCode', message: 'is not a known warehouse' }] });
      const offers = new Map((await inventory.supplierOffers(supplier.id, tx)).map((o) => [o.materialCode, o]));
      const fieldErrors = body.lines.flatMap((l, i) => (offers.has(l.materialCode) ? [] : [{ field: `lines.${i}.materialCode`, message: `${supplier.name} does not sell ${l.materialCode}` }]));
      if (fieldErrors.length > 0) throw new AppError('VALIDATION_FAILED', 'Some lines name materials this supplier does not sell.', { errors: fieldErrors });
      const t = today();
      const lines = body.lines.map((l, i) => {
        const offer = offers.get(l.materialCode)!;
        const price = new Dec(l.unitPrice ?? offer.unitPrice);
        return { lineNumber: i + 1, materialCode: l.materialCode, quantity: String(l.quantity), unitPrice: price.toFixed(), lineTotal: price.times(l.quantity).toDecimalPlaces(2).toFixed(2), currency: supplier.currency, expectedDate: addDays(t, offer.leadTimeDays) };
      });
      const total = lines.reduce((s, l) => s.plus(l.lineTotal), new Dec(0));
      const expectedDate = lines.reduce((m, l) => (l.expectedDate > m ? l.expectedDate : m), t);
      const poNumber = `PO-${t.replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
      const [po] = await tx
        .insert(purchaseOrders)
        .values({ poNumber, supplierId: supplier.id, status: 'DRAFT', orderedAt: now(), expectedDate, currency: supplier.currency, total: total.toFixed(2), paymentTermsDays: supplier.paymentTermsDays, createdBy: principal.userId, deliveryWarehouseCode: warehouse.code, version: 1 })
        .returning({ id: purchaseOrders.id });
      await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: po!.id })));
      await recordAudit(tx, { ...actor, action: 'purchase_order.created', entityType: 'purchase_order', entityId: po!.id, after: { status: 'proposed', version: 1, poNumber, supplierId: supplier.id, total: total.toFixed(2), currency: supplier.currency, lines } });
      return po!.id;
    });
    return getOrder(id);
  }

  /**
   * One workflow step in one transaction: the domain decides whether it is allowed, then the order row is written
   * only if its version is still the one read (else 409 and nothing changes), lines and stock follow, and the step
   * is audited. Approving above the limit needs an ADMIN with a fresh second factor.
   */
  async function transition(id: string, body: PurchaseOrderTransition, principal: AuthPrincipal, actor: AuditActor): Promise<PurchaseOrderDto> {
    const fx = await inventory.gbpRates();
    // The second-factor check reads its own tables, so it runs before the transaction (PGlite has one connection).
    // The transaction re-reads the order; if it changed meanwhile, the version check below answers 409.
    let hasRecentStepUp = false;
    const peek = await repo.findOrder(db.db, id);
    if (peek && body.action === 'approve' && peek.order.status === 'DRAFT' && principal.role === 'ADMIN' && approvalRequirement(peek.order.total, approvalLimitGbp.times(fx.get(peek.order.currency) ?? 1)).requiresStepUp) {
      await deps.mfa.assertRecentStepUp(principal);
      hasRecentStepUp = true;
    }
    await db.db.transaction(async (tx) => {
      const found = await repo.findOrder(tx, id);
      if (!found) throw new AppError('NOT_FOUND', `No purchase order ${id}.`);
      const { order, lines } = found;
      if (order.status === 'CANCELLED') throw new AppError('CONFLICT', `Purchase order ${order.poNumber} was cancelled in the ERP.`, { errors: [{ field: 'status', message: 'is cancelled' }] });
      if (body.version !== order.version) {
        throw new AppError('CONFLICT', `Purchase order ${order.poNumber} changed since you read it (version ${order.version}, you sent ${body.version}); reload and try again.`, { errors: [{ field: 'version', message: `is ${order.version} now` }] });
      }
      const rate = fx.get(order.currency) ?? 1;
      // The limit is set in GBP; the domain compares in the order's currency.
      const limitInCurrency = approvalLimitGbp.times(rate);
      const state: PurchaseOrderState = {
        id: order.poNumber,
        status: toDto[order.status] as PurchaseOrderStatus,
        version: order.version,
        total: order.total,
        currency: order.currency,
        lines: lines.map((l) => ({ id: l.id, sku: l.materialCode, quantityOrdered: qty(l.quantity), quantityReceived: qty(l.quantityReceived) })),
      };
      const action: PurchaseOrderAction = body.action === 'receive' ? { type: 'receive', lines: body.lines } : body.action === 'reject' ? { type: 'reject', reason: body.reason } : body.action === 'close' ? { type: 'close', ...(body.reason ? { reason: body.reason } : {}) } : { type: body.action };
      const at = now();
      const result = transitionPurchaseOrder(state, action, { id: principal.userId, role: principal.role, hasRecentStepUp }, { approvalLimit: limitInCurrency, now: at.toISOString() });
      if (!result.ok) throw asHttpError(result.error);
      const next = result.po;
      const patch: Partial<typeof purchaseOrders.$inferInsert> = { status: toDb[next.status], version: next.version };
      if (body.action === 'approve') Object.assign(patch, { approvedBy: principal.userId, approvedAt: at });
      if (body.action === 'reject') patch.rejectedReason = next.rejectedReason ?? null;
      if (body.action === 'send') patch.sentAt = at;
      if (body.action === 'close') Object.assign(patch, { closedAt: at, closedReason: next.closedReason ?? null });
      if (next.status === 'received') patch.receivedAt = at;
      const updated = await tx
        .update(purchaseOrders)
        .set(patch)
        .where(and(eq(purchaseOrders.id, order.id), eq(purchaseOrders.version, order.version)))
        .returning({ id: purchaseOrders.id });
      if (updated.length === 0) {
        throw new AppError('CONFLICT', `Purchase order ${order.poNumber} was changed by someone else at the same time; reload and try again.`, { errors: [{ field: 'version', message: 'changed concurrently' }] });
      }
      if (body.action === 'receive') {
        const day = at.toISOString().slice(0, 10);
        for (const r of body.lines) {
          const line = lines.find((l) => l.id === r.lineId)!;
          const newQty = next.lines.find((l) => l.id === r.lineId)!.quantityReceived;
          await tx.update(purchaseOrderLines).set({ quantityReceived: String(newQty), receivedDate: day }).where(eq(purchaseOrderLines.id, line.id));
          await repo.addMaterialStock(tx, line.materialCode, order.deliveryWarehouseCode ?? 'UK-MAIN', r.quantity);
        }
      }
      await recordAudit(tx, {
        ...actor,
        action: result.event.type,
        entityType: 'purchase_order',
        entityId: order.id,
        at,
        before: { status: state.status, version: state.version },
        after: { status: next.status, version: next.version, ...result.event.details },
      });
    });
    return getOrder(id);
  }

  return { proposals, listOrders, getOrder, createOrder, transition, approvalLimitGbp: () => money2(approvalLimitGbp) };
}

export type PurchasingService = ReturnType<typeof createPurchasingService>;
