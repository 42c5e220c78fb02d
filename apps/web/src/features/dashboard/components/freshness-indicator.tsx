import { CircleAlert, CircleCheck, CircleDot, Loader2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { cn } from '@/lib/cn.ts';
import { formatAge } from '@/lib/format.ts';
import { useKpiSummary } from '../api/get-kpi-summary.ts';
import { useKpiParams } from '../api/kpi-params.ts';
import { currentFreshness } from '../freshness.ts';

const styles = {
  green: { dot: 'bg-positive', icon: CircleCheck, text: 'Data fresh', tone: 'text-positive' },
  yellow: { dot: 'bg-warning', icon: CircleDot, text: 'Data delayed', tone: 'text-warning' },
  red: { dot: 'bg-negative', icon: CircleAlert, text: 'Data stale', tone: 'text-negative' },
} as const;

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** How old the newest data behind the dashboard is, as a colour, an icon and words (never colour alone). */
export function FreshnessIndicator() {
  const { params } = useKpiParams();
  const summary = useKpiSummary(params);
  const now = useNow(15_000);
  if (!summary.data) {
    return (
      <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" role="status">
        <Loader2 className="size-3.5 animate-spin" aria-hidden="true" />
        Checking data…
      </span>
    );
  }
  const { ageSeconds, status } = currentFreshness(summary.data.freshness, now);
  const style = styles[status];
  const Icon = style.icon;
  const lastDataAt = summary.data.freshness.lastDataAt;
  const age = ageSeconds === null ? 'no data yet' : `updated ${formatAge(ageSeconds)}`;
  const degraded = summary.data.freshness.degradedSources ?? [];
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span
        role="status"
        data-testid="freshness"
        data-status={status}
        title={lastDataAt ? `Newest data: ${new Date(lastDataAt).toLocaleString('en-GB', { timeZone: 'UTC', timeZoneName: 'short' })}` : 'No data yet'}
        className="inline-flex items-center gap-1.5 rounded-full border bg-card px-2.5 py-1 text-xs font-medium"
      >
        <span className={cn('size-2 rounded-full', style.dot)} aria-hidden="true" />
        <Icon className={cn('size-3.5', style.tone)} aria-hidden="true" />
        <span className={style.tone}>{style.text}</span>
        <span className="hidden text-muted-foreground sm:inline">· {age}</span>
        <span className="sr-only sm:hidden">, {age}</span>
      </span>
      {degraded.length > 0 ? (
        // A source's circuit breaker is open: its syncs are paused and these figures are the stored ones (issue 7).
        <span
          role="status"
          data-testid="source-degraded"
          title={`Showing stored data: ${degraded.map((d) => `${d.name} (${d.state}${d.retryAt ? `, retry ${new Date(d.retryAt).toLocaleTimeString('en-GB', { timeZone: 'UTC' })} UTC` : ''})`).join('; ')}`}
          className="inline-flex items-center gap-1.5 rounded-full border border-warning/50 bg-warning/10 px-2.5 py-1 text-xs font-medium text-warning"
        >
          <CircleAlert className="size-3.5" aria-hidden="true" />
          Source degraded<span className="hidden 2xl:inline">: {degraded.map((d) => d.name).join(', ')} · showing stored data</span>
          <span className="sr-only 2xl:hidden">: {degraded.map((d) => d.name).join(', ')}, showing stored data</span>
        </span>
      ) : null}
    </span>
  );
}
