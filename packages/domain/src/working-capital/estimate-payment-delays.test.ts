import { describe, expect, it } from 'vitest';
import { estimatePaymentDelays } from './estimate-payment-delays.ts';

describe('estimatePaymentDelays', () => {
  it('when a customer pays invoices late by different amounts, then the delay is weighted by amount', () => {
    const r = estimatePaymentDelays([
      // A: 1,000 paid 10 days late, 3,000 paid 2 days late, 1,000 on time → (10,000 + 6,000 + 0) / 5,000 = 3.2 days.
      { customerId: 'A', amount: '1000', dueDate: '2026-10-01', paidDate: '2026-10-11' },
      { customerId: 'A', amount: '3000', dueDate: '2026-10-15', paidDate: '2026-10-17' },
      { customerId: 'A', amount: '1000', dueDate: '2026-11-01', paidDate: '2026-11-01' },
      // B: one invoice paid 40 days late → too little history, gets the overall figure.
      { customerId: 'B', amount: '5000', dueDate: '2026-09-01', paidDate: '2026-10-11' },
    ]);
    expect(r.byCustomer.A).toBe(3.2);
    // Overall: (16,000 + 200,000) / 10,000 = 21.6 days.
    expect(r.overall).toBe(21.6);
    expect(r.byCustomer.B).toBe(21.6);
    expect(r.invoiceCounts).toEqual({ A: 3, B: 1 });
  });

  it('when a customer pays early, then the delay is negative; a zero amount is refused', () => {
    const early = estimatePaymentDelays([{ customerId: 'C', amount: '10', dueDate: '2026-10-10', paidDate: '2026-10-05' }], { minInvoices: 1 });
    expect(early.byCustomer.C).toBe(-5);
    expect(() => estimatePaymentDelays([{ customerId: 'C', amount: '0', dueDate: '2026-10-10', paidDate: '2026-10-05' }])).toThrow(expect.objectContaining({ field: 'amount' }));
  });
});
