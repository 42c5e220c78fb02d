import { DomainError } from '../domain-error.ts';
import type { DowntimeEvent } from './compute-production-oee.ts';

export interface ParetoBar {
  readonly reason: string;
  readonly minutes: number;
  readonly occurrences: number;
  readonly share: number;
  readonly cumulativeShare: number;
  /** In the "vital few": the reasons that together make up the first `vitalFewShare` of lost time. */
  readonly isVitalFew: boolean;
}

/**
 * Downtime Pareto: minutes lost per reason, largest first (ties by reason), with cumulative share. A reason is in
 * the vital few while the cumulative share before it is below `vitalFewShare` (default 0.8), so the reason
 * that crosses 80 % is included. Planned downtime is left out unless `includePlanned`.
 */
export function downtimePareto(events: readonly DowntimeEvent[], options: { includePlanned?: boolean; vitalFewShare?: number } = {}): ParetoBar[] {
  const cut = options.vitalFewShare ?? 0.8;
  if (!(cut > 0 && cut <= 1)) throw new DomainError('invalid_input', 'vitalFewShare must be in (0, 1]', 'vitalFewShare');
  const byReason = new Map<string, { minutes: number; occurrences: number }>();
  for (const e of events) {
    if (!(e.minutes >= 0)) throw new DomainError('invalid_input', 'downtime minutes must be ≥ 0', 'minutes');
    if (e.isPlanned && !options.includePlanned) continue;
    const reason = e.reason.trim() || 'unspecified';
    const agg = byReason.get(reason) ?? { minutes: 0, occurrences: 0 };
    agg.minutes += e.minutes;
    agg.occurrences += 1;
    byReason.set(reason, agg);
  }
  const total = [...byReason.values()].reduce((s, a) => s + a.minutes, 0);
  let cumulative = 0;
  return [...byReason.entries()]
    .sort(([ra, a], [rb, b]) => b.minutes - a.minutes || ra.localeCompare(rb))
    .map(([reason, a]) => {
      const before = cumulative;
      const share = total === 0 ? 0 : a.minutes / total;
      cumulative += share;
      return { reason, minutes: a.minutes, occurrences: a.occurrences, share, cumulativeShare: cumulative, isVitalFew: total > 0 && before < cut - 1e-12 };
    });
}
