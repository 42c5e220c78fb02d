import { type Clock, systemClock } from '../shared/clock.ts';
import { ConnectorError } from '../shared/connector-error.ts';

export interface MonthlyQuotaSnapshot {
  limit: number;
  used: number;
  remaining: number;
  /** Start of the current quota month (00:00 UTC on the 1st), ISO. */
  periodStart: string;
  /** When usage resets (00:00 UTC on the 1st of next month), ISO. */
  resetsAt: string;
}

export interface MonthlyQuota {
  /** Counts one API call; throws QUOTA_EXHAUSTED (not retryable) once the month's quota is used. */
  consume(): void;
  snapshot(): MonthlyQuotaSnapshot;
}

const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * Client-side tracker of Unleashed's monthly API-call quota (reference C.6): at 100 % Unleashed
 * blocks every request until 00:00 UTC on the 1st, so the connector stops before that and keeps
 * a margin (`reserve`) for interactive use. `used`/`periodStart` come from storage so the count
 * survives restarts; warnings fire once per threshold per month (Unleashed emails at 90/95 %).
 */
export function createMonthlyQuota(options: {
  limit: number;
  used?: number;
  /** Month the stored `used` belongs to (ISO); a different month starts from zero. */
  periodStart?: string;
  /** Calls kept back from automatic syncs. */
  reserve?: number;
  clock?: Clock;
  onWarning?: (snapshot: MonthlyQuotaSnapshot, threshold: number) => void;
}): MonthlyQuota {
  if (!(options.limit > 0)) throw new ConnectorError('INVALID_CONFIG', 'monthly quota limit must be positive', { integration: 'unleashed' });
  const clock = options.clock ?? systemClock;
  const thresholds = [0.9, 0.95];
  let period = monthStart(clock.now());
  let used = options.periodStart !== undefined && monthStart(Date.parse(options.periodStart)) !== period ? 0 : (options.used ?? 0);
  let warned = new Set<number>(thresholds.filter((t) => used >= t * options.limit));
  const usable = options.limit - (options.reserve ?? 0);

  const roll = () => {
    const current = monthStart(clock.now());
    if (current !== period) {
      period = current;
      used = 0;
      warned = new Set();
    }
  };
  const snapshot = (): MonthlyQuotaSnapshot => {
    roll();
    return {
      limit: options.limit,
      used,
      remaining: Math.max(0, options.limit - used),
      periodStart: new Date(period).toISOString(),
      resetsAt: new Date(nextMonthStart(clock.now())).toISOString(),
    };
  };
  return {
    snapshot,
    consume() {
      roll();
      if (used >= usable) {
        const resetsAt = nextMonthStart(clock.now());
        throw new ConnectorError('QUOTA_EXHAUSTED', `Unleashed monthly API quota used (${used}/${options.limit}); resets ${new Date(resetsAt).toISOString()}`, {
          integration: 'unleashed',
          retryAfterMs: resetsAt - clock.now(),
        });
      }
      used += 1;
      for (const t of thresholds) {
        if (used >= t * options.limit && !warned.has(t)) {
          warned.add(t);
          options.onWarning?.(snapshot(), t);
        }
      }
    },
  };
}
