import { Decimal } from 'decimal.js';
import { DomainError } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

/** The period the CCC was measured on: its flows and length (from `computeWorkingCapital`). */
export interface MitigationBase {
  readonly periodDays: number;
  readonly netRevenue: DecimalInput;
  readonly cogs: DecimalInput;
  readonly ccc: DecimalInput;
  /** CCC target in days (the spec's 55). */
  readonly targetDays?: number;
}

export interface MitigationCandidates {
  /** Open receivables that could be chased (collected now instead of on their expected date). */
  readonly receivables?: readonly { id: string; customerId: string; amount: DecimalInput; daysOverdue?: number }[];
  /** Stock above its target (e.g. above max or beyond N days of cover), valued at cost. */
  readonly excessStock?: readonly { sku: string; warehouseId?: string; excessValue: DecimalInput }[];
  /** Suppliers whose payment terms could be extended; `purchases` = purchases in the measured period. */
  readonly supplierTerms?: readonly { supplierId: string; purchases: DecimalInput; currentDays: number; proposedDays: number }[];
  /** Customers whose credit terms could be shortened; `sales` = credit sales in the measured period. */
  readonly customerTerms?: readonly { customerId: string; sales: DecimalInput; currentDays: number; proposedDays: number }[];
}

export type MitigationKind = 'collect_receivable' | 'reduce_stock' | 'extend_supplier_terms' | 'shorten_customer_terms';

export interface Mitigation {
  readonly kind: MitigationKind;
  /** Receivable id, SKU (with warehouse), supplier or customer id. */
  readonly reference: string;
  readonly description: string;
  /** CCC reduction in days if this action alone is taken (positive = better). */
  readonly cccDaysReduction: Decimal;
  /** Cash released (average balance change), in the period's currency. */
  readonly cashReleased: Decimal;
  /** CCC after this and every higher-ranked action (the effects are additive: each is a change of one average balance). */
  readonly cumulativeCcc: Decimal;
}

export interface MitigationPlan {
  readonly actions: readonly Mitigation[];
  /** How many of the top actions bring the CCC under target, or null if all of them together do not. */
  readonly actionsToTarget: number | null;
}

/**
 * Ranks working-capital actions by how many days each takes off the CCC, with the cash each releases.
 *
 * Each action changes one average balance B by ΔB, and every day count is B / flow × days, so:
 * - collecting receivable A now: ΔDSO = −A / revenue × days;
 * - selling through (or not re-buying) excess stock V: ΔDIO = −V / COGS × days;
 * - extending a supplier's terms by Δt on purchases P: payables rise by P × Δt / days, so ΔDPO = P × Δt / COGS;
 * - shortening a customer's terms by Δt on sales S: receivables fall by S × Δt / days, so ΔDSO = −S × Δt / revenue.
 * The model is first order: it assumes the rest of the period's flows are unchanged.
 */
export function rankCccMitigations(base: MitigationBase, candidates: MitigationCandidates): MitigationPlan {
  const revenue = new Decimal(base.netRevenue);
  const cogs = new Decimal(base.cogs);
  const days = base.periodDays;
  if (!(days > 0)) throw new DomainError('invalid_input', 'periodDays must be > 0', 'periodDays');
  const actions: Omit<Mitigation, 'cumulativeCcc'>[] = [];
  const needsRevenue = (candidates.receivables?.length ?? 0) + (candidates.customerTerms?.length ?? 0) > 0;
  const needsCogs = (candidates.excessStock?.length ?? 0) + (candidates.supplierTerms?.length ?? 0) > 0;
  if (needsRevenue && !revenue.greaterThan(0)) throw new DomainError('invalid_input', 'netRevenue must be > 0 to rank receivable actions', 'netRevenue');
  if (needsCogs && !cogs.greaterThan(0)) throw new DomainError('invalid_input', 'cogs must be > 0 to rank stock and supplier actions', 'cogs');

  for (const r of candidates.receivables ?? []) {
    const amount = new Decimal(r.amount);
    if (!amount.greaterThan(0)) continue;
    actions.push({
      kind: 'collect_receivable',
      reference: r.id,
      description: `Collect receivable ${r.id} from ${r.customerId}${r.daysOverdue ? ` (${r.daysOverdue} days overdue)` : ''}`,
      cccDaysReduction: amount.dividedBy(revenue).times(days),
      cashReleased: amount,
    });
  }
  for (const s of candidates.excessStock ?? []) {
    const value = new Decimal(s.excessValue);
    if (!value.greaterThan(0)) continue;
    const where = s.warehouseId ? ` at ${s.warehouseId}` : '';
    actions.push({
      kind: 'reduce_stock',
      reference: s.warehouseId ? `${s.sku}@${s.warehouseId}` : s.sku,
      description: `Run down excess stock of ${s.sku}${where}`,
      cccDaysReduction: value.dividedBy(cogs).times(days),
      cashReleased: value,
    });
  }
  for (const t of candidates.supplierTerms ?? []) {
    const delta = t.proposedDays - t.currentDays;
    if (delta <= 0) continue;
    const purchases = new Decimal(t.purchases);
    actions.push({
      kind: 'extend_supplier_terms',
      reference: t.supplierId,
      description: `Negotiate ${t.supplierId} from ${t.currentDays} to ${t.proposedDays} days`,
      cccDaysReduction: purchases.times(delta).dividedBy(cogs),
      cashReleased: purchases.times(delta).dividedBy(days),
    });
  }
  for (const t of candidates.customerTerms ?? []) {
    const delta = t.currentDays - t.proposedDays;
    if (delta <= 0) continue;
    const sales = new Decimal(t.sales);
    actions.push({
      kind: 'shorten_customer_terms',
      reference: t.customerId,
      description: `Shorten ${t.customerId} terms from ${t.currentDays} to ${t.proposedDays} days`,
      cccDaysReduction: sales.times(delta).dividedBy(revenue),
      cashReleased: sales.times(delta).dividedBy(days),
    });
  }

  actions.sort((a, b) => b.cccDaysReduction.comparedTo(a.cccDaysReduction) || a.reference.localeCompare(b.reference));
  const target = base.targetDays ?? 55;
  let ccc = new Decimal(base.ccc);
  let actionsToTarget: number | null = ccc.lessThan(target) ? 0 : null;
  const ranked = actions.map((a, i) => {
    ccc = ccc.minus(a.cccDaysReduction);
    if (actionsToTarget === null && ccc.lessThan(target)) actionsToTarget = i + 1;
    return { ...a, cumulativeCcc: ccc };
  });
  return { actions: ranked, actionsToTarget };
}
