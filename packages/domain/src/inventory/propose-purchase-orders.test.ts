import { describe, expect, it } from 'vitest';
import { projectCash } from '../working-capital/project-cash.ts';
import { proposePurchaseOrders, toPlannedPurchaseOrder, type ReplenishmentItem } from './propose-purchase-orders.ts';

const flat = (n: number, v: number): number[] => Array.from({ length: n }, () => v);
const base: ReplenishmentItem = {
  sku: 'A', warehouseId: 'UK', supplierId: 'S1', onHand: 120, onOrder: 50, allocated: 20,
  dailyForecast: flat(30, 10), leadTimeDays: 14, reviewPeriodDays: 7, safetyStock: 40, unitCost: '2.50',
};
const suppliers = [
  { id: 'S1', currency: 'GBP', paymentTermsDays: 30 },
  { id: 'S2', currency: 'EUR', paymentTermsDays: 60 },
];

describe('proposePurchaseOrders', () => {
  // Hand-worked: position = 120 + 50 − 20 = 150; demand over 14 + 7 days = 210; net = 210 + 40 − 150 = 100.
  const proposal = proposePurchaseOrders({
    orderDate: '2026-12-01',
    suppliers,
    items: [
      { ...base, moq: 120, orderMultiple: 24 }, // max(100, 120) = 120 = 5 × 24 → 120 × 2.50 = 300.00
      { ...base, sku: 'B', safetyStock: 70, orderMultiple: 24, maxOrderQuantity: 100 }, // net 130 → 144, capped to 96
      { ...base, sku: 'C', moq: 120, maxStock: 200 }, // room 200 − 150 = 50 < MOQ 120 → skipped
      { ...base, sku: 'D', onHand: 400 }, // position 430 > 250 → nothing to order
      { ...base, sku: 'E', supplierId: 'S2', leadTimeDays: 28, reviewPeriodDays: 0, dailyForecast: flat(28, 10), unitCost: '1.005' }, // 280 + 40 − 150 = 170
    ],
  });

  it('when requirements are rounded to MOQ and multiples and capped, then quantities follow the rules', () => {
    const s1 = proposal.orders.find((o) => o.supplierId === 'S1')!;
    expect(s1.lines.map((l) => [l.sku, l.netRequirement, l.quantity, l.isCapped])).toEqual([['A', 100, 120, false], ['B', 130, 96, true]]);
    expect(s1.lines[0]?.lineValue.toString()).toBe('300');
    expect(s1.total.toFixed(2)).toBe('540.00'); // 300 + 96 × 2.50
    expect(proposal.skipped).toEqual([
      { sku: 'C', warehouseId: 'UK', reason: 'cap_below_moq', netRequirement: 100 },
      { sku: 'D', warehouseId: 'UK', reason: 'no_requirement', netRequirement: -180 },
    ]);
  });

  it('when grouped by supplier, then each order carries its receipt and payment date (cash impact)', () => {
    const s1 = proposal.orders.find((o) => o.supplierId === 'S1')!;
    expect(s1.expectedReceiptDate).toBe('2026-12-15');
    expect(s1.paymentDueDate).toBe('2027-01-14');
    const s2 = proposal.orders.find((o) => o.supplierId === 'S2')!;
    expect(s2.currency).toBe('EUR');
    // 170 × 1.005 = 170.85 exactly; receipt 29 Dec, paid 60 days later on 27 Feb.
    expect(s2.total.toString()).toBe('170.85');
    expect(s2.paymentDueDate).toBe('2027-02-27');
  });

  it('when a proposal feeds the cash projection, then its total leaves on the payment date', () => {
    const s1 = proposal.orders.find((o) => o.supplierId === 'S1')!;
    const projection = projectCash({ currency: 'GBP', startDate: '2026-12-01', horizonDays: 60, openingBalance: '1000', purchaseOrders: [toPlannedPurchaseOrder(s1, 'PO-1')] });
    expect(projection.days.find((d) => d.date === '2027-01-14')?.purchaseOrderPayments.toString()).toBe('-540');
    expect(projection.endingBalance.toString()).toBe('460');
  });

  it('when input is bad, then a typed DomainError names the field', () => {
    const run = (item: Partial<ReplenishmentItem>) => () => proposePurchaseOrders({ orderDate: '2026-12-01', suppliers, items: [{ ...base, ...item }] });
    expect(run({ supplierId: 'NOPE' })).toThrow(expect.objectContaining({ code: 'unknown_reference', field: 'supplierId' }));
    expect(run({ leadTimeDays: 0 })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'leadTimeDays' }));
    expect(run({ onHand: -5 })).toThrow(expect.objectContaining({ field: 'onHand' }));
    expect(run({ dailyForecast: flat(5, 1) })).toThrow(expect.objectContaining({ field: 'dailyForecast' }));
    expect(run({ orderMultiple: 0 })).toThrow(expect.objectContaining({ field: 'orderMultiple' }));
  });
});
