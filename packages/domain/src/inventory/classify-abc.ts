import { Decimal } from 'decimal.js';
import { DomainError } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcItem {
  readonly id: string;
  /** Annual consumption value = annual usage × unit cost (money, one currency for all items). */
  readonly annualConsumptionValue: DecimalInput;
}

export interface AbcResult {
  readonly id: string;
  readonly class: AbcClass;
  readonly annualConsumptionValue: Decimal;
  /** The item's share of the total (0–1). */
  readonly share: Decimal;
  /** Cumulative share up to and including this item, items sorted by value descending. */
  readonly cumulativeShare: Decimal;
}

/** Cumulative-share cut-offs: A up to `a` (default 0.80), B up to `b` (default 0.95), C the rest. */
export interface AbcThresholds {
  readonly a: number;
  readonly b: number;
}

/**
 * Pareto (ABC) classification by annual consumption value. Items are sorted by value descending (ties by id);
 * an item is A while the cumulative share including it is ≤ `a`, B while ≤ `b`, else C. The top item is
 * always A, so one dominant item cannot leave class A empty. Returned in ranked order.
 */
export function classifyAbc(items: readonly AbcItem[], thresholds: AbcThresholds = { a: 0.8, b: 0.95 }): AbcResult[] {
  if (!(thresholds.a > 0 && thresholds.a < thresholds.b && thresholds.b <= 1)) {
    throw new DomainError('invalid_input', 'ABC thresholds need 0 < a < b ≤ 1', 'thresholds');
  }
  const valued = items.map((item) => {
    const value = new Decimal(item.annualConsumptionValue);
    if (!value.isFinite() || value.isNegative()) throw new DomainError('invalid_input', `annualConsumptionValue of ${item.id} must be ≥ 0`, 'annualConsumptionValue');
    return { id: item.id, value };
  });
  valued.sort((x, y) => y.value.comparedTo(x.value) || x.id.localeCompare(y.id));
  const total = valued.reduce((s, v) => s.plus(v.value), new Decimal(0));
  let cumulative = new Decimal(0);
  return valued.map((v, i) => {
    const share = total.isZero() ? new Decimal(0) : v.value.dividedBy(total);
    cumulative = cumulative.plus(share);
    const cls: AbcClass = total.isZero() ? 'C' : i === 0 || cumulative.lessThanOrEqualTo(thresholds.a) ? 'A' : cumulative.lessThanOrEqualTo(thresholds.b) ? 'B' : 'C';
    return { id: v.id, class: cls, annualConsumptionValue: v.value, share, cumulativeShare: cumulative };
  });
}
