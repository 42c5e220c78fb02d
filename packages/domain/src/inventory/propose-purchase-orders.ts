import { Decimal } from 'decimal.js';
import { addDays, toDayNumber, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError, requireInput, requireNonNegative } from '../domain-error.ts';
import { minorUnits, type CurrencyCode, type DecimalInput } from '../money/money.ts';
import type { PlannedPurchaseOrder } from '../working-capital/project-cash.ts';

export interface SupplierTerms {
  readonly id: string;
  readonly currency: CurrencyCode;
  /** Days after receipt (invoice) that payment is due. */
  readonly paymentTermsDays: number;
}

/** One SKU × warehouse to replenish from one supplier. Quantities in units. */
export interface ReplenishmentItem {
  readonly sku: string;
  readonly warehouseId: string;
  readonly supplierId: string;
  readonly onHand: number;
  readonly onOrder: number;
  readonly allocated: number;
  /** Forecast demand per day from the order date; must cover lead time + review period. */
  readonly dailyForecast: readonly number[];
  readonly leadTimeDays: number;
  readonly reviewPeriodDays: number;
  readonly safetyStock: number;
  /** Supplier minimum order quantity. */
  readonly moq?: number;
  /** Order in multiples of this (case or pallet size). */
  readonly orderMultiple?: number;
  /** Largest quantity the supplier accepts on one order. */
  readonly maxOrderQuantity?: number;
  /** Ceiling on on hand + on order − allocated after ordering (space or policy maximum). */
  readonly maxStock?: number;
  /** Unit cost in the supplier's currency. */
  readonly unitCost: DecimalInput;
}

export interface ProposedLine {
  readonly sku: string;
  readonly warehouseId: string;
  /** Demand over lead time + review period + safety stock − (on hand + on order − allocated). */
  readonly netRequirement: number;
  readonly quantity: number;
  /** True when a maximum cut the quantity below what MOQ and multiples asked for. */
  readonly isCapped: boolean;
  readonly unitCost: Decimal;
  readonly lineValue: Decimal;
  readonly expectedReceiptDate: IsoDate;
}

export interface ProposedPurchaseOrder {
  readonly supplierId: string;
  readonly currency: CurrencyCode;
  readonly orderDate: IsoDate;
  readonly lines: readonly ProposedLine[];
  readonly total: Decimal;
  /** Latest line receipt: the supplier ships the order together. */
  readonly expectedReceiptDate: IsoDate;
  /** Cash impact: receipt + the supplier's payment terms. */
  readonly paymentDueDate: IsoDate;
}

export interface SkippedItem {
  readonly sku: string;
  readonly warehouseId: string;
  readonly reason: 'no_requirement' | 'cap_below_moq';
  readonly netRequirement: number;
}

export interface PurchaseOrderProposal {
  readonly orders: readonly ProposedPurchaseOrder[];
  readonly skipped: readonly SkippedItem[];
}

function checkItem(item: ReplenishmentItem): void {
  for (const field of ['onHand', 'onOrder', 'allocated', 'safetyStock', 'reviewPeriodDays'] as const) requireNonNegative(item[field], field);
  requireInput(Number.isInteger(item.leadTimeDays) && item.leadTimeDays >= 1, 'leadTimeDays', `leadTimeDays of ${item.sku} must be a whole number of days ≥ 1, got ${item.leadTimeDays}`);
  requireInput(Number.isInteger(item.reviewPeriodDays), 'reviewPeriodDays', 'reviewPeriodDays must be a whole number of days');
  for (const field of ['moq', 'orderMultiple', 'maxOrderQuantity', 'maxStock'] as const) {
    const v = item[field];
    if (v !== undefined) requireInput(Number.isFinite(v) && v > 0, field, `${field} of ${item.sku} must be > 0`);
  }
  const cost = new Decimal(item.unitCost);
  requireInput(cost.isFinite() && !cost.isNegative(), 'unitCost', `unitCost of ${item.sku} must be ≥ 0`);
  const horizon = item.leadTimeDays + item.reviewPeriodDays;
  requireInput(item.dailyForecast.length >= horizon, 'dailyForecast', `dailyForecast of ${item.sku} must cover lead time + review period (${horizon} days)`);
  requireInput(item.dailyForecast.every((d) => Number.isFinite(d) && d >= 0), 'dailyForecast', 'dailyForecast values must be ≥ 0');
}

/**
 * Purchase-order proposals. For each item: net requirement = forecast demand over lead time + review period +
 * safety stock − (on hand + on order − allocated). A positive requirement is raised to the MOQ, rounded up to
 * the order multiple, then capped by the supplier's maximum order quantity and by the maximum stock (caps round
 * down to the multiple); an item whose cap falls below the MOQ is skipped with a reason. Lines are grouped into
 * one order per supplier, each with its total and payment due date (latest receipt + payment terms), which is
 * the cash impact `projectCash` takes through {@link toPlannedPurchaseOrder}.
 */
export function proposePurchaseOrders(args: {
  readonly orderDate: IsoDate;
  readonly items: readonly ReplenishmentItem[];
  readonly suppliers: readonly SupplierTerms[];
}): PurchaseOrderProposal {
  toDayNumber(args.orderDate, 'orderDate');
  const suppliers = new Map(args.suppliers.map((s) => [s.id, s]));
  const linesBySupplier = new Map<string, ProposedLine[]>();
  const skipped: SkippedItem[] = [];
  for (const item of args.items) {
    const supplier = suppliers.get(item.supplierId);
    if (!supplier) throw new DomainError('unknown_reference', `unknown supplier ${item.supplierId} for ${item.sku}`, 'supplierId');
    checkItem(item);
    let demand = 0;
    for (let i = 0; i < item.leadTimeDays + item.reviewPeriodDays; i++) demand += item.dailyForecast[i] as number;
    const position = item.onHand + item.onOrder - item.allocated;
    // Round the requirement to 1e-9 so float noise in a forecast sum cannot order one extra unit.
    const net = Math.round((demand + item.safetyStock - position) * 1e9) / 1e9;
    if (net <= 0) {
      skipped.push({ sku: item.sku, warehouseId: item.warehouseId, reason: 'no_requirement', netRequirement: net });
      continue;
    }
    const multiple = item.orderMultiple ?? 1;
    const moq = item.moq ?? 0;
    const wanted = Math.ceil(Math.max(net, moq) / multiple) * multiple;
    let cap = Infinity;
    if (item.maxOrderQuantity !== undefined) cap = Math.min(cap, item.maxOrderQuantity);
    if (item.maxStock !== undefined) cap = Math.min(cap, Math.max(0, item.maxStock - position));
    const capped = Math.floor(Math.min(wanted, cap) / multiple) * multiple;
    if (capped <= 0 || capped < moq) {
      skipped.push({ sku: item.sku, warehouseId: item.warehouseId, reason: 'cap_below_moq', netRequirement: net });
      continue;
    }
    const unitCost = new Decimal(item.unitCost);
    const line: ProposedLine = {
      sku: item.sku,
      warehouseId: item.warehouseId,
      netRequirement: net,
      quantity: capped,
      isCapped: capped < wanted,
      unitCost,
      lineValue: unitCost.times(capped).toDecimalPlaces(minorUnits(supplier.currency), Decimal.ROUND_HALF_EVEN),
      expectedReceiptDate: addDays(args.orderDate, item.leadTimeDays),
    };
    const list = linesBySupplier.get(item.supplierId) ?? [];
    list.push(line);
    linesBySupplier.set(item.supplierId, list);
  }
  const orders = [...linesBySupplier.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([supplierId, lines]): ProposedPurchaseOrder => {
      const supplier = suppliers.get(supplierId) as SupplierTerms;
      const receipt = lines.reduce((latest, l) => (l.expectedReceiptDate > latest ? l.expectedReceiptDate : latest), args.orderDate);
      return {
        supplierId,
        currency: supplier.currency,
        orderDate: args.orderDate,
        lines,
        total: lines.reduce((s, l) => s.plus(l.lineValue), new Decimal(0)),
        expectedReceiptDate: receipt,
        paymentDueDate: addDays(receipt, supplier.paymentTermsDays),
      };
    });
  return { orders, skipped };
}

/** The cash-projection view of a proposal, so its effect on runway can be shown before approval. */
export function toPlannedPurchaseOrder(order: ProposedPurchaseOrder, id: string): PlannedPurchaseOrder {
  return {
    id,
    supplierId: order.supplierId,
    status: 'proposed',
    amount: order.total,
    expectedReceiptDate: order.expectedReceiptDate,
    paymentTermsDays: Math.round((toDayNumber(order.paymentDueDate) - toDayNumber(order.expectedReceiptDate))),
    orderDate: order.orderDate,
  };
}
