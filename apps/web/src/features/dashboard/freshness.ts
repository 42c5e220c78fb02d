import type { Freshness } from '@sentia/contracts/kpi';

/** Spec thresholds: green under 2 minutes, yellow 2–5 minutes, red over 5 minutes. */
export function freshnessStatus(ageSeconds: number): Freshness['status'] {
  if (ageSeconds < 120) return 'green';
  if (ageSeconds <= 300) return 'yellow';
  return 'red';
}

/**
 * Age of the newest data at `nowMs`, recomputed on the client so the indicator keeps ageing
 * between refreshes. Falls back to the server's view when there is no timestamp.
 */
export function currentFreshness(freshness: Freshness, nowMs: number): { ageSeconds: number | null; status: Freshness['status'] } {
  if (!freshness.lastDataAt) return { ageSeconds: freshness.ageSeconds, status: freshness.status };
  const lastMs = Date.parse(freshness.lastDataAt);
  if (Number.isNaN(lastMs)) return { ageSeconds: freshness.ageSeconds, status: freshness.status };
  const ageSeconds = Math.max(0, Math.round((nowMs - lastMs) / 1000));
  return { ageSeconds, status: freshnessStatus(ageSeconds) };
}
