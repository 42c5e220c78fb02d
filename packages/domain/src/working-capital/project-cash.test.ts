import { describe, expect, it } from 'vitest';
import { applyCashScenario, compareCashScenarios } from './apply-cash-scenario.ts';
import { projectCash, type CashProjectionInput } from './project-cash.ts';

const days = (n: number, value: string): string[] => Array.from({ length: n }, () => value);

// A hand-worked 30-day month (5 Jan – 3 Feb 2026, GBP). Every figure below is worked out in the comments.
const input: CashProjectionInput = {
  currency: 'GBP',
  startDate: '2026-01-05',
  horizonDays: 30,
  openingBalance: '10000.00',
  receivables: [
    { id: 'R1', customerId: 'A', amount: '1000.00', dueDate: '2026-01-10' }, // A pays 5 days late → 15 Jan
    { id: 'R2', customerId: 'B', amount: '500.00', dueDate: '2025-12-31' }, // already due → first day
    { id: 'R3', customerId: 'B', amount: '999.00', dueDate: '2025-09-01' }, // 126 days overdue → doubtful
  ],
  customerPaymentDelays: { A: 5 },
  payables: [{ id: 'P1', supplierId: 'S1', amount: '2000.00', dueDate: '2026-01-20' }],
  purchaseOrders: [
    { id: 'PO1', supplierId: 'S1', status: 'open', amount: '3000.00', expectedReceiptDate: '2026-01-10', paymentTermsDays: 10 }, // 20 Jan
    { id: 'PO2', supplierId: 'S2', status: 'proposed', amount: '1000.00', expectedReceiptDate: '2026-01-12', paymentTermsDays: 0, depositRate: '0.3', orderDate: '2026-01-06' },
  ],
  recurringCosts: [
    { label: 'payroll', amount: '4000.00', firstDate: '2025-12-28', every: 'month' }, // 28 Jan
    { label: 'rent', amount: '250.00', firstDate: '2026-01-05', every: 'week' }, // 5, 12, 19, 26 Jan, 2 Feb
  ],
  oneOffs: [{ label: 'audit fee', date: '2026-01-25', amount: '-1500.00' }],
  salesForecasts: [
    {
      // Shopify Payments: T+2 business days, 3 % fees → 97.00 per day of sales. Sales 5 Jan – 1 Feb (28 days)
      // are paid by Tue 3 Feb; 2 and 3 Feb are paid after the horizon: 28 × 97 = 2,716.00.
      channel: 'shopify',
      payout: { kind: 'business_days', days: 2 },
      feeRate: '0.03',
      mean: days(30, '100'),
      intervals: [{ level: 80, lower: days(30, '50'), upper: days(30, '150') }],
    },
    {
      // Amazon: 14-day settlements ending Sun 4 Jan, 18 Jan, 1 Feb, paid 3 days later; fees 15 %, reserve 10 %
      // of net released at the next settlement; 150.00 reserve held at the start.
      // 7 Jan: unsettled 2,800 → net 2,380, reserve 238 → 2,380 − 238 + 150 = 2,292.00.
      // 21 Jan: 14 × 200 = 2,800 → 2,380 − 238 + 238 = 2,380.00. 4 Feb: after the horizon.
      channel: 'amazon',
      payout: { kind: 'settlement', cycleDays: 14, anchorDate: '2026-01-04', disbursementLagDays: 3, reserveRate: '0.1', openingReserve: '150' },
      feeRate: '0.15',
      mean: days(30, '200'),
      unsettledSales: [{ date: '2025-12-28', amount: '2800' }],
      intervals: [
        { level: 80, lower: days(30, '100'), upper: days(30, '300') },
        { level: 95, lower: days(30, '0'), upper: days(30, '400') },
      ],
    },
  ],
};

describe('projectCash', () => {
  const p = projectCash(input);
  const day = (date: string) => p.days.find((d) => d.date === date)!;

  it('when projecting the hand-worked month, then each flow lands on its day', () => {
    expect(p.days).toHaveLength(30);
    expect(day('2026-01-05').customerReceipts.toString()).toBe('500');
    expect(day('2026-01-05').recurringCosts.toString()).toBe('-250');
    expect(day('2026-01-05').closing.toString()).toBe('10250');
    expect(day('2026-01-06').purchaseOrderPayments.toString()).toBe('-300');
    expect(day('2026-01-07').salesPayouts.toString()).toBe('2389'); // 2,292 Amazon + 97 Shopify (Monday's sales)
    expect(day('2026-01-12').purchaseOrderPayments.toString()).toBe('-700');
    expect(day('2026-01-13').salesPayouts.toString()).toBe('291'); // Tuesday: Fri + Sat + Sun sales
    expect(day('2026-01-15').customerReceipts.toString()).toBe('1000');
    expect(day('2026-01-20').supplierPayments.toString()).toBe('-2000');
    expect(day('2026-01-20').purchaseOrderPayments.toString()).toBe('-3000');
    expect(day('2026-01-21').salesPayouts.toString()).toBe('2477'); // 2,380 Amazon + 97 Shopify
    expect(day('2026-01-28').recurringCosts.toString()).toBe('-4000');
    expect(p.doubtfulReceivables.toString()).toBe('999');
  });

  it('when summing the month, then the ending balance is 6,138.00', () => {
    // 10,000 + 1,500 receipts + 2,716 Shopify + 4,672 Amazon − 2,000 − 3,000 − 1,000 − 4,000 − 1,250 − 1,500.
    expect(p.endingBalance.toFixed(2)).toBe('6138.00');
    expect(p.days.at(-1)?.closing.toFixed(2)).toBe('6138.00');
    expect(p.runwayDays).toBeNull();
    expect(p.zeroCrossingDate).toBeNull();
  });

  it('when applying the 90-day minimum, then the threshold is 90 × average daily outflow', () => {
    // Outflows 12,750 over 30 days = 425.00 a day → minimum 38,250.00, already breached on day one.
    expect(p.averageDailyOutflow.toString()).toBe('425');
    expect(p.minimumCash.toString()).toBe('38250');
    expect(p.minimumCashCrossingDate).toBe('2026-01-05');
    const explicit = projectCash({ ...input, minimumCash: '6000' });
    // Lowest point: 28 Jan after payroll. 27 Jan closes at 9,709.00; 28 Jan: −4,000 payroll + 97 Shopify = 5,806.00.
    expect(explicit.minimumCashCrossingDate).toBe('2026-01-28');
    expect(explicit.lowestBalance.date).toBe('2026-01-28');
    expect(explicit.lowestBalance.amount.toFixed(2)).toBe('5806.00');
    expect(projectCash({ ...input, minimumCash: '5806' }).minimumCashCrossingDate).toBeNull();
  });

  it('when the forecast has intervals, then the fan is the projection at each bound, only for levels in every channel', () => {
    expect(p.fan.map((b) => b.level)).toEqual([80]);
    const band = p.fan[0]!;
    // Lower: Amazon 21 Jan = 1,400 × 0.85 = 1,190 − 119 + 238 = 1,309; Shopify 28 × 48.50 = 1,358.
    // 6,138 − (2,380 − 1,309) − (2,716 − 1,358) = 3,709. Upper is symmetric: 6,138 + 1,071 + 1,358 = 8,567.
    expect(band.lower.at(-1)?.toFixed(2)).toBe('3709.00');
    expect(band.upper.at(-1)?.toFixed(2)).toBe('8567.00');
    expect(band.lowerZeroCrossingDate).toBeNull();
    expect(band.upperZeroCrossingDate).toBeNull();
    // The 38,250 minimum is above the opening 10,000: every path is below it from day one.
    expect([band.lowerMinimumCashCrossingDate, band.upperMinimumCashCrossingDate]).toEqual(['2026-01-05', '2026-01-05']);
    // Minimum 6,000: the central path first dips under it on 28 Jan (5,806). The upper path is ≥ the central one
    // every day and at least 1,071 above it from 21 Jan (Amazon's settlement), so it never dips under; the lower
    // path dips on or before 28 Jan.
    const explicit = projectCash({ ...input, minimumCash: '6000' }).fan[0]!;
    expect(explicit.upperMinimumCashCrossingDate).toBeNull();
    expect(explicit.lowerMinimumCashCrossingDate! <= '2026-01-28').toBe(true);
    for (let i = 0; i < 30; i++) {
      expect(band.lower[i]!.lessThanOrEqualTo(p.days[i]!.closing)).toBe(true);
      expect(band.upper[i]!.greaterThanOrEqualTo(p.days[i]!.closing)).toBe(true);
    }
  });

  it('when a large cost empties the account, then runway and the zero-crossing date are reported', () => {
    const r = projectCash({ ...input, oneOffs: [{ label: 'tax', date: '2026-01-09', amount: '-13000' }] });
    // 9 Jan opening: 10,250 − 300 + 2,389 + 97 (Thu) = 12,436 → 12,436 + 97 − 13,000 = −467.
    expect(r.zeroCrossingDate).toBe('2026-01-09');
    expect(r.runwayDays).toBe(4);
    expect(r.isRunwayBelowMinimum).toBe(true);
    expect(r.lowestBalance.amount.isNegative()).toBe(true);
  });

  it('when a settlement channel has no sales, then the held reserve is still released at the next settlement', () => {
    const r = projectCash({
      currency: 'GBP', startDate: '2026-01-05', horizonDays: 30, openingBalance: '0',
      salesForecasts: [{ channel: 'amazon', payout: { kind: 'settlement', cycleDays: 14, anchorDate: '2026-01-04', disbursementLagDays: 3, reserveRate: '0.1', openingReserve: '150' }, mean: [] }],
    });
    // Next period ends 18 Jan → paid 21 Jan.
    expect(r.days.find((d) => d.date === '2026-01-21')?.salesPayouts.toString()).toBe('150');
    expect(r.endingBalance.toString()).toBe('150');
  });

  it('when proposed orders are excluded, then only their payments disappear', () => {
    const r = projectCash({ ...input, includeProposedPurchaseOrders: false });
    expect(r.endingBalance.minus(p.endingBalance).toString()).toBe('1000');
  });

  it('when input is bad, then a DomainError names the field', () => {
    expect(() => projectCash({ ...input, horizonDays: 0 })).toThrow(/horizonDays/);
    expect(() => projectCash({ ...input, payables: [{ id: 'x', supplierId: 's', amount: '-5', dueDate: '2026-01-10' }] })).toThrow(/payables.amount/);
    expect(() => projectCash({ ...input, startDate: '2026-13-01' })).toThrow(/startDate/);
  });
});

describe('applyCashScenario', () => {
  it('when demand falls 10 % and prices rise 10 %, then sales scale by 0.99 and proposed orders by 0.9', () => {
    const s = applyCashScenario(input, { name: 'mix', demandChangePct: -10, priceChangePct: 10 });
    expect(s.salesForecasts?.[0]?.mean[0]?.toString()).toBe('99');
    expect(s.purchaseOrders?.find((po) => po.id === 'PO2')?.amount.toString()).toBe('900');
    expect(s.purchaseOrders?.find((po) => po.id === 'PO1')?.amount.toString()).toBe('3000.00');
    expect(input.salesForecasts?.[0]?.mean[0]).toBe('100');
  });

  it('when supplier terms lengthen by 15 days, then PO1 is paid after the horizon and cash ends 3,000 higher', () => {
    const base = projectCash(input);
    const longer = projectCash(applyCashScenario(input, { name: 'terms', supplierTermsChangeDays: 15 }));
    // PO1 moves from 20 Jan to 4 Feb (outside); PO2's balance moves from 12 Jan to 27 Jan (inside).
    expect(longer.endingBalance.minus(base.endingBalance).toString()).toBe('3000');
    expect(longer.days.find((d) => d.date === '2026-01-27')?.purchaseOrderPayments.toString()).toBe('-700');
  });

  it('when a one-off cost is added and lead times slip, then both show up and scenarios compare side by side', () => {
    const base = projectCash(input);
    const stressed = projectCash(applyCashScenario(input, { name: 'stress', leadTimeChangeDays: 3, oneOffCosts: [{ label: 'recall', date: '2026-01-30', amount: '2500' }] }));
    expect(stressed.days.find((d) => d.date === '2026-01-23')?.purchaseOrderPayments.toString()).toBe('-3000');
    const rows = compareCashScenarios([{ name: 'base', projection: base }, { name: 'stress', projection: stressed }]);
    expect(rows[1]?.endingBalanceChange.toString()).toBe('-2500');
    expect(rows[0]?.endingBalanceChange.toString()).toBe('0');
  });

  it('when customer terms change, then only channels paid on invoice terms move', () => {
    const wholesale: CashProjectionInput = { ...input, salesForecasts: [{ channel: 'wholesale', payout: { kind: 'terms', days: 30 }, mean: days(30, '100') }] };
    // Sales 5 Jan → paid 4 Feb under 30 days (outside); with 25 days → paid 30 Jan … sales to 9 Jan paid by 3 Feb = 5 × 100.
    expect(projectCash(wholesale).endingBalance.minus(projectCash(applyCashScenario(wholesale, { name: 'x', customerTermsChangeDays: -25 })).endingBalance).toString()).toBe('-2500');
    expect(() => applyCashScenario(input, { name: 'x', demandChangePct: -100 })).toThrow(expect.objectContaining({ field: 'demandChangePct' }));
  });
});
