import { Decimal } from 'decimal.js';
import type { DecimalInput } from '../money/money.ts';

/**
 * Thresholds in days from the spec's working-capital business rules (section 4, "Working Capital Analytics
 * Workflow"): target CCC < 55; alert Yellow 55–65, Red > 65, Critical > 75; escalation Manager > 60,
 * Director > 70, CFO > 80.
 */
export interface CccThresholds {
  readonly target: number;
  readonly red: number;
  readonly critical: number;
  readonly manager: number;
  readonly director: number;
  readonly cfo: number;
}

export const specCccThresholds: CccThresholds = { target: 55, red: 65, critical: 75, manager: 60, director: 70, cfo: 80 };

export type CccSeverity = 'on_target' | 'yellow' | 'red' | 'critical';
export type EscalationLevel = 'none' | 'manager' | 'director' | 'cfo';

export interface CccBreach {
  readonly severity: CccSeverity;
  /** Highest escalation level reached. */
  readonly escalation: EscalationLevel;
  /** Everyone to notify, lowest level first (a CFO escalation also notifies the manager and director). */
  readonly notify: readonly Exclude<EscalationLevel, 'none'>[];
  /** True for any severity other than on_target (an alert is raised and stored). */
  readonly isBreach: boolean;
  /** Days above the target (0 when on target): the reduction the mitigation plan has to find. */
  readonly daysAboveTarget: Decimal;
}

/**
 * Classifies a CCC in days. Boundaries: exactly 55 is a breach (the target is strictly below 55), 65 is still
 * yellow (red is strictly above 65), 75 still red; escalation levels are strict (> 60, > 70, > 80).
 */
export function classifyCccBreach(cccDays: DecimalInput, thresholds: CccThresholds = specCccThresholds): CccBreach {
  const ccc = new Decimal(cccDays);
  const severity: CccSeverity = ccc.greaterThan(thresholds.critical)
    ? 'critical'
    : ccc.greaterThan(thresholds.red)
      ? 'red'
      : ccc.greaterThanOrEqualTo(thresholds.target)
        ? 'yellow'
        : 'on_target';
  const notify: Exclude<EscalationLevel, 'none'>[] = [];
  if (ccc.greaterThan(thresholds.manager)) notify.push('manager');
  if (ccc.greaterThan(thresholds.director)) notify.push('director');
  if (ccc.greaterThan(thresholds.cfo)) notify.push('cfo');
  const gap = ccc.minus(thresholds.target);
  return {
    severity,
    escalation: notify[notify.length - 1] ?? 'none',
    notify,
    isBreach: severity !== 'on_target',
    daysAboveTarget: severity === 'on_target' ? new Decimal(0) : Decimal.max(gap, 0),
  };
}
