import type { Decimal } from 'decimal.js';
import { addDays, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import { Dec, type DecimalInput } from '../money/money.ts';
import type { CashProjection, CashProjectionInput, ChannelSalesForecast, PayoutRule } from './project-cash.ts';

/** What-if levers. Percentages are in percent (+10 = 10 % more); day changes may be negative. */
export interface CashScenario {
  readonly name: string;
  /** Volume change: scales forecast sales and proposed purchase orders (replenishment follows demand). */
  readonly demandChangePct?: number;
  /** Selling-price change: scales forecast sales only. */
  readonly priceChangePct?: number;
  /** Change to customer credit terms: shifts payouts of channels paid on invoice terms. */
  readonly customerTermsChangeDays?: number;
  /** Change to supplier payment terms: shifts the balance payment of every open and proposed purchase order. */
  readonly supplierTermsChangeDays?: number;
  /** Change to supplier lead times: shifts expected receipts (and so payments) of open and proposed orders. */
  readonly leadTimeChangeDays?: number;
  /** Extra one-off costs (positive amounts are paid out on their date). */
  readonly oneOffCosts?: readonly { label: string; date: IsoDate; amount: DecimalInput }[];
}

function scale(values: readonly DecimalInput[], factor: Decimal): readonly DecimalInput[] {
  return factor.equals(1) ? values : values.map((v) => new Dec(v).times(factor));
}

function shiftTerms(rule: PayoutRule, days: number): PayoutRule {
  return rule.kind === 'terms' ? { ...rule, days: Math.max(0, rule.days + days) } : rule;
}

/**
 * Applies a scenario to projection inputs as a pure transformation (the inputs are not mutated); run
 * `projectCash` on the result. Existing invoices keep their contractual due dates: term changes act on future
 * sales and on purchase orders not yet invoiced.
 */
export function applyCashScenario(input: CashProjectionInput, scenario: CashScenario): CashProjectionInput {
  const demand = scenario.demandChangePct ?? 0;
  const price = scenario.priceChangePct ?? 0;
  if (demand <= -100 || price <= -100) {
    throw new DomainError('invalid_input', 'a demand or price change must be above −100 %', demand <= -100 ? 'demandChangePct' : 'priceChangePct');
  }
  const demandFactor = new Dec(100 + demand).dividedBy(100);
  const salesFactor = demandFactor.times(new Dec(100 + price).dividedBy(100));
  const customerDays = scenario.customerTermsChangeDays ?? 0;
  const supplierDays = scenario.supplierTermsChangeDays ?? 0;
  const leadDays = scenario.leadTimeChangeDays ?? 0;

  const salesForecasts = input.salesForecasts?.map((f): ChannelSalesForecast => ({
    ...f,
    payout: shiftTerms(f.payout, customerDays),
    mean: scale(f.mean, salesFactor),
    intervals: f.intervals?.map((iv) => ({ level: iv.level, lower: scale(iv.lower, salesFactor), upper: scale(iv.upper, salesFactor) })),
  }));
  const purchaseOrders = input.purchaseOrders?.map((po) => ({
    ...po,
    amount: po.status === 'proposed' ? new Dec(po.amount).times(demandFactor) : po.amount,
    expectedReceiptDate: leadDays === 0 ? po.expectedReceiptDate : addDays(po.expectedReceiptDate, leadDays),
    paymentTermsDays: Math.max(0, po.paymentTermsDays + supplierDays),
  }));
  const oneOffs = [
    ...(input.oneOffs ?? []),
    ...(scenario.oneOffCosts ?? []).map((c) => ({ label: c.label, date: c.date, amount: new Dec(c.amount).abs().negated() })),
  ];
  return { ...input, salesForecasts, purchaseOrders, oneOffs };
}

/** One row of a side-by-side scenario comparison. */
export interface ScenarioSummary {
  readonly name: string;
  readonly runwayDays: number | null;
  readonly zeroCrossingDate: IsoDate | null;
  readonly minimumCashCrossingDate: IsoDate | null;
  readonly lowestBalance: Decimal;
  readonly lowestBalanceDate: IsoDate;
  readonly endingBalance: Decimal;
  /** Ending balance minus the first (base) scenario's. */
  readonly endingBalanceChange: Decimal;
}

/** Summarises projections for a side-by-side table; the first entry is the base the others are compared to. */
export function compareCashScenarios(results: readonly { name: string; projection: CashProjection }[]): ScenarioSummary[] {
  const base = results[0]?.projection.endingBalance;
  return results.map(({ name, projection }) => ({
    name,
    runwayDays: projection.runwayDays,
    zeroCrossingDate: projection.zeroCrossingDate,
    minimumCashCrossingDate: projection.minimumCashCrossingDate,
    lowestBalance: projection.lowestBalance.amount,
    lowestBalanceDate: projection.lowestBalance.date,
    endingBalance: projection.endingBalance,
    endingBalanceChange: projection.endingBalance.minus(base ?? projection.endingBalance),
  }));
}
