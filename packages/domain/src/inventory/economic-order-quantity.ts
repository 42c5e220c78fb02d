import { Decimal } from 'decimal.js';
import { DomainError, requirePositive } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

export interface EoqInput {
  /** Units per year. */
  readonly annualDemand: number;
  /** Cost of placing one order (money). */
  readonly orderingCost: DecimalInput;
  /** Holding cost per unit per year (money); or give `unitCost` and `holdingRate`. */
  readonly holdingCostPerUnit?: DecimalInput;
  readonly unitCost?: DecimalInput;
  /** Annual carrying rate as a fraction of unit cost, e.g. 0.25. */
  readonly holdingRate?: DecimalInput;
  /** Working days per year for the order cycle (default 250, the textbook convention). */
  readonly workingDaysPerYear?: number;
}

export interface EoqResult {
  /** Q* = √(2DS/H), unrounded. */
  readonly quantity: number;
  readonly ordersPerYear: number;
  /** Working days between orders. */
  readonly cycleDays: number;
  readonly annualOrderingCost: Decimal;
  readonly annualHoldingCost: Decimal;
  readonly totalAnnualCost: Decimal;
}

/**
 * Economic order quantity (Harris 1913, "How many parts to make at once"; popularised by Wilson 1934):
 * Q* = √(2·D·S / H), where D is annual demand, S the cost per order and H the annual holding cost per unit.
 * At Q* the annual ordering cost D/Q·S equals the annual holding cost Q/2·H.
 */
export function economicOrderQuantity(input: EoqInput): EoqResult {
  requirePositive(input.annualDemand, 'annualDemand');
  const s = new Decimal(input.orderingCost);
  if (!s.isFinite() || !s.greaterThan(0)) throw new DomainError('invalid_input', 'orderingCost must be > 0', 'orderingCost');
  let h: Decimal;
  if (input.holdingCostPerUnit !== undefined) {
    h = new Decimal(input.holdingCostPerUnit);
  } else if (input.unitCost !== undefined && input.holdingRate !== undefined) {
    h = new Decimal(input.unitCost).times(input.holdingRate);
  } else {
    throw new DomainError('invalid_input', 'give holdingCostPerUnit, or unitCost and holdingRate', 'holdingCostPerUnit');
  }
  if (!h.isFinite() || !h.greaterThan(0)) throw new DomainError('invalid_input', 'holding cost per unit must be > 0', 'holdingCostPerUnit');
  const d = new Decimal(input.annualDemand);
  const q = d.times(2).times(s).dividedBy(h).sqrt();
  const ordersPerYear = d.dividedBy(q);
  const ordering = ordersPerYear.times(s);
  const holding = q.dividedBy(2).times(h);
  return {
    quantity: q.toNumber(),
    ordersPerYear: ordersPerYear.toNumber(),
    cycleDays: new Decimal(input.workingDaysPerYear ?? 250).dividedBy(ordersPerYear).toNumber(),
    annualOrderingCost: ordering,
    annualHoldingCost: holding,
    totalAnnualCost: ordering.plus(holding),
  };
}
