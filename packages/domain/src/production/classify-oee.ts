import { Decimal } from 'decimal.js';
import type { DecimalInput } from '../money/money.ts';

export type OeeStatus = 'good' | 'warning' | 'critical' | 'no_data';

export interface OeeThresholds {
  /** Alert below this (the spec's monitoring rule: "OEE < 85 %"). */
  readonly target: number;
  /** Critical at or below this (the spec's KPI card example shows OEE 65 as critical, 87 as good). */
  readonly critical: number;
}

export const specOeeThresholds: OeeThresholds = { target: 0.85, critical: 0.65 };

export interface OeeAlert {
  readonly status: OeeStatus;
  readonly isAlert: boolean;
  /** Target − OEE in percentage points (0 when on target or no data). */
  readonly gapPoints: number;
}

/** Classifies an OEE ratio (0–1): good ≥ 85 %, warning below, critical ≤ 65 %; null means no production data. */
export function classifyOee(value: DecimalInput | null, thresholds: OeeThresholds = specOeeThresholds): OeeAlert {
  if (value === null) return { status: 'no_data', isAlert: false, gapPoints: 0 };
  const v = new Decimal(value);
  const status: OeeStatus = v.lessThanOrEqualTo(thresholds.critical) ? 'critical' : v.lessThan(thresholds.target) ? 'warning' : 'good';
  return { status, isAlert: status !== 'good', gapPoints: status === 'good' ? 0 : new Decimal(thresholds.target).minus(v).times(100).toNumber() };
}
