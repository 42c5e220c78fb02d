import { describe, expect, it } from 'vitest';
import { purchaseOrderCccEffect } from './purchase-order-ccc-effect.ts';

describe('purchaseOrderCccEffect', () => {
  // Hand-worked: a 90-day quarter with COGS 90,000 (1,000 a day). A 9,000 order arrives on day 10, lasts 30 days
  // and is paid 30 days after receipt. Inventory: 9,000 × (1 − k/30) for k = 0…29 sums to 9,000 × 15.5 = 139,500
  // → average 1,550 → ΔDIO = 1,550 / 90,000 × 90 = 1.55 days. Payables: 9,000 for 30 days → average 3,000
  // → ΔDPO = 3 days. ΔCCC = 1.55 − 3 = −1.45 days: on 30-day terms the order is financed by the supplier.
  const base = { value: '9000', receiptDate: '2026-01-11', paymentDueDate: '2026-02-10', coverDays: 30, periodStart: '2026-01-01', periodEnd: '2026-03-31', periodCogs: '90000' };

  it('when the order is received and paid inside the period, then ΔDIO, ΔDPO and ΔCCC match the hand calculation', () => {
    const r = purchaseOrderCccEffect(base);
    expect(r.averageInventoryChange.toString()).toBe('1550');
    expect(r.dioChange.toString()).toBe('1.55');
    expect(r.dpoChange.toString()).toBe('3');
    expect(r.cccChange.toString()).toBe('-1.45');
  });

  it('when the supplier is paid on receipt, then the order only adds inventory days', () => {
    const r = purchaseOrderCccEffect({ ...base, paymentDueDate: base.receiptDate });
    expect(r.dpoChange.toString()).toBe('0');
    expect(r.cccChange.toString()).toBe('1.55');
    expect(() => purchaseOrderCccEffect({ ...base, paymentDueDate: '2026-01-01' })).toThrow(expect.objectContaining({ field: 'paymentDueDate' }));
    expect(() => purchaseOrderCccEffect({ ...base, coverDays: 0 })).toThrow(expect.objectContaining({ field: 'coverDays' }));
  });
});
