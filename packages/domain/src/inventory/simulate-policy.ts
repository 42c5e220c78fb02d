import { Decimal } from 'decimal.js';
import { createRng } from '@sentia/forecast/math/prng';
import { DomainError, requireInput, requireNonNegative } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

/**
 * A replenishment policy, reviewed on days 0, R, 2R, … (R = `reviewDays`, 1 = continuous/daily review).
 * - `reorder_point` (s, S): at a review, if inventory position ≤ s, order up to S.
 * - `order_up_to` (R, S): at every review, order up to S.
 * - `weeks_of_cover`: at every review, order up to `weeks` × 7 × `averageDailyDemand` (the simple baseline).
 * Inventory position = on hand + on order (lost sales, so no backorders).
 */
export type SimulatedPolicy =
  | { readonly kind: 'reorder_point'; readonly reorderPoint: number; readonly orderUpTo: number; readonly reviewDays?: number }
  | { readonly kind: 'order_up_to'; readonly orderUpTo: number; readonly reviewDays: number }
  | { readonly kind: 'weeks_of_cover'; readonly weeks: number; readonly averageDailyDemand: number; readonly reviewDays: number };

export interface PolicySimulationInput {
  /** Held-out daily demand, replayed in order. */
  readonly demand: readonly number[];
  readonly initialOnHand: number;
  readonly unitCost: DecimalInput;
  /** Annual carrying cost rate (fraction of inventory value), e.g. 0.25. */
  readonly carryingCostRate: DecimalInput;
  /** Lead time in days: normal(mean, sd), rounded, at least 1 day. */
  readonly leadTime: { readonly meanDays: number; readonly stdDevDays?: number };
  /** Seed of the lead-time draws; the k-th order of every policy draws the same lead time (common random numbers). */
  readonly seed?: number;
  readonly policy: SimulatedPolicy;
  /**
   * Re-estimates the policy while replaying: at the end of day 0 and every `everyDays` after, `policyFor` gets
   * `history` followed by the demand replayed so far (that day included, nothing later) and returns the policy
   * that holds until the next revision. The initial `policy` is never used for ordering when this is set.
   */
  readonly revise?: { readonly everyDays: number; readonly history: readonly number[]; readonly policyFor: (observed: readonly number[]) => SimulatedPolicy };
}

export interface PolicySimulationResult {
  /** Units served / units demanded (1 when nothing was demanded). */
  readonly fillRate: number;
  /** Days with some unmet demand. */
  readonly stockoutDays: number;
  /** Share of days whose demand was met in full (the on-time delivery proxy). */
  readonly daysFullyServedShare: number;
  readonly unitsDemanded: number;
  readonly unitsLost: number;
  readonly ordersPlaced: number;
  /** Mean end-of-day on hand, units. */
  readonly averageOnHand: number;
  readonly averageInventoryValue: Decimal;
  /** Σ daily end-of-day value × rate / 365 over the simulated days. */
  readonly carryingCost: Decimal;
  readonly endOfDayOnHand: readonly number[];
}

function orderUpToLevel(policy: SimulatedPolicy): number {
  switch (policy.kind) {
    case 'reorder_point':
    case 'order_up_to':
      return policy.orderUpTo;
    case 'weeks_of_cover':
      return policy.weeks * 7 * policy.averageDailyDemand;
  }
}

/**
 * Replays daily demand against a policy, day by day: receipts due that day arrive first, demand is served from
 * stock (what cannot be served is lost), then on a review day the policy may order, with a lead time drawn
 * from a seeded generator. Reports fill rate, stock-out days, average inventory value and carrying cost.
 */
export function simulatePolicy(input: PolicySimulationInput): PolicySimulationResult {
  requireNonNegative(input.initialOnHand, 'initialOnHand');
  requireInput(input.leadTime.meanDays >= 1, 'leadTime.meanDays', 'lead time must be at least one day');
  requireNonNegative(input.leadTime.stdDevDays ?? 0, 'leadTime.stdDevDays');
  const checked = (policy: SimulatedPolicy): { policy: SimulatedPolicy; review: number; target: number } => {
    const review = policy.reviewDays ?? 1;
    requireInput(Number.isInteger(review) && review >= 1, 'reviewDays', 'reviewDays must be a whole number ≥ 1');
    const target = orderUpToLevel(policy);
    requireInput(Number.isFinite(target) && target >= 0, 'orderUpTo', 'order-up-to level must be ≥ 0');
    if (policy.kind === 'reorder_point' && policy.reorderPoint > policy.orderUpTo) {
      throw new DomainError('invalid_input', 'reorderPoint must not exceed orderUpTo', 'reorderPoint');
    }
    return { policy, review, target };
  };
  let current = checked(input.policy);
  const revise = input.revise;
  if (revise) requireInput(Number.isInteger(revise.everyDays) && revise.everyDays >= 1, 'revise.everyDays', 'everyDays must be a whole number ≥ 1');
  const rng = createRng(input.seed ?? 1);
  const sdLead = input.leadTime.stdDevDays ?? 0;
  const drawLeadTime = (): number => Math.max(1, Math.round(input.leadTime.meanDays + (sdLead > 0 ? sdLead * rng.normal() : 0)));

  const arrivals = new Map<number, number>();
  let onHand = input.initialOnHand;
  let onOrder = 0;
  let demanded = 0;
  let lost = 0;
  let stockoutDays = 0;
  let orders = 0;
  let onHandSum = 0;
  const endOfDay: number[] = [];
  input.demand.forEach((d, day) => {
    if (!(Number.isFinite(d) && d >= 0)) throw new DomainError('invalid_input', 'demand values must be ≥ 0', 'demand');
    const arriving = arrivals.get(day);
    if (arriving !== undefined) {
      onHand += arriving;
      onOrder -= arriving;
      arrivals.delete(day);
    }
    const served = Math.min(onHand, d);
    onHand -= served;
    demanded += d;
    if (d - served > 1e-9) {
      lost += d - served;
      stockoutDays++;
    }
    if (revise && day % revise.everyDays === 0) {
      current = checked(revise.policyFor([...revise.history, ...input.demand.slice(0, day + 1)]));
    }
    if (day % current.review === 0) {
      const { policy, target } = current;
      const position = onHand + onOrder;
      const trigger = policy.kind === 'reorder_point' ? position <= policy.reorderPoint : position < target;
      const quantity = Math.ceil(target - position - 1e-9);
      if (trigger && quantity > 0) {
        const arrivalDay = day + drawLeadTime();
        arrivals.set(arrivalDay, (arrivals.get(arrivalDay) ?? 0) + quantity);
        onOrder += quantity;
        orders++;
      }
    }
    onHandSum += onHand;
    endOfDay.push(onHand);
  });
  const days = input.demand.length;
  const unitCost = new Decimal(input.unitCost);
  const averageOnHand = days === 0 ? 0 : onHandSum / days;
  return {
    fillRate: demanded === 0 ? 1 : (demanded - lost) / demanded,
    stockoutDays,
    daysFullyServedShare: days === 0 ? 1 : (days - stockoutDays) / days,
    unitsDemanded: demanded,
    unitsLost: lost,
    ordersPlaced: orders,
    averageOnHand,
    averageInventoryValue: unitCost.times(averageOnHand),
    carryingCost: unitCost.times(onHandSum).times(input.carryingCostRate).dividedBy(365),
    endOfDayOnHand: endOfDay,
  };
}

export interface PolicyComparison {
  readonly recommended: PolicySimulationResult;
  readonly baseline: PolicySimulationResult;
  /** (recommended − baseline) / baseline carrying cost, in percent (negative = saving); null if baseline is 0. */
  readonly carryingCostChangePct: number | null;
  readonly fillRateChange: number;
}

/**
 * Runs the same demand and lead-time draws through a recommended policy and a baseline. `recommendedRevision`
 * re-estimates the recommended policy while replaying and `baselineRevision` the baseline (e.g. 8 weeks of cover
 * of the demand rate read at each monthly review); without it the baseline is never revised.
 */
export function comparePolicies(
  input: Omit<PolicySimulationInput, 'policy' | 'revise'>,
  recommended: SimulatedPolicy,
  baseline: SimulatedPolicy,
  recommendedRevision?: PolicySimulationInput['revise'],
  baselineRevision?: PolicySimulationInput['revise'],
): PolicyComparison {
  const r = simulatePolicy({ ...input, policy: recommended, ...(recommendedRevision ? { revise: recommendedRevision } : {}) });
  const b = simulatePolicy({ ...input, policy: baseline, ...(baselineRevision ? { revise: baselineRevision } : {}) });
  return {
    recommended: r,
    baseline: b,
    carryingCostChangePct: b.carryingCost.isZero() ? null : r.carryingCost.minus(b.carryingCost).dividedBy(b.carryingCost).times(100).toNumber(),
    fillRateChange: r.fillRate - b.fillRate,
  };
}
