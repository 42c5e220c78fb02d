import type { KpiTrend } from '@sentia/contracts/kpi';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { ToggleGroup, ToggleGroupItem } from '@/components/ui/toggle-group.tsx';
import { cn } from '@/lib/cn.ts';
import { formatCount, formatDate, formatMoney } from '@/lib/format.ts';
import { granularities, type Granularity } from '@/lib/report-filters.ts';

const TrendChart = lazy(() => import('./trend-chart.tsx'));

/**
 * Keeps the chart's SVG out of the Tab order. Chromium puts Recharts' layer groups in the sequential
 * focus order, which would make keyboard users press Tab a dozen times through a picture; the data
 * is reachable as a table instead ("Show as table").
 */
function useUntabbableSvg() {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const apply = () => root.querySelectorAll('svg, svg g').forEach((el) => el.getAttribute('tabindex') === '-1' || el.setAttribute('tabindex', '-1'));
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  });
  return ref;
}

const granularityLabels: Record<Granularity, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** Revenue and units over time with a day/week/month switch and a data-table alternative. */
export function TrendPanel({
  trend,
  granularity,
  onGranularityChange,
  isLoading,
  isRefreshing,
  error,
  onRetry,
}: {
  trend: KpiTrend | undefined;
  granularity: Granularity;
  onGranularityChange: (granularity: Granularity) => void;
  isLoading: boolean;
  isRefreshing: boolean;
  error: unknown;
  onRetry: () => void;
}) {
  const chartSkeleton = <Skeleton className="h-full w-full" />;
  const figureRef = useUntabbableSvg();
  return (
    <Card aria-labelledby="trend-title">
      <CardHeader>
        <div>
          <CardTitle id="trend-title">Revenue and units</CardTitle>
          <CardDescription>Per {granularity}, in the reporting currency</CardDescription>
        </div>
        <ToggleGroup
          type="single"
          value={granularity}
          onValueChange={(value) => {
            if (value) onGranularityChange(value as Granularity);
          }}
          aria-label="Chart granularity"
        >
          {granularities.map((g) => (
            <ToggleGroupItem key={g} value={g}>
              {granularityLabels[g]}
            </ToggleGroupItem>
          ))}
        </ToggleGroup>
      </CardHeader>
      <CardContent>
        {error && !trend ? (
          <ErrorState title="Could not load the trend" error={error} onRetry={onRetry} />
        ) : isLoading || !trend ? (
          <div className="h-64 sm:h-80">{chartSkeleton}</div>
        ) : trend.points.length === 0 ? (
          <EmptyState title="No sales in this period" className="h-64 sm:h-80">
            Try a longer date range or remove a filter.
          </EmptyState>
        ) : (
          <>
            <figure ref={figureRef} className={cn('h-64 transition-opacity sm:h-80', isRefreshing && 'opacity-60')} aria-label={`Revenue and units per ${granularity}`} aria-busy={isRefreshing}>
              <Suspense fallback={chartSkeleton}>
                <TrendChart trend={trend} />
              </Suspense>
            </figure>
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer rounded-sm text-muted-foreground hover:text-foreground">Show as table</summary>
              <div className="mt-2 max-h-72 overflow-auto rounded-md border">
                <table className="w-full text-sm">
                  <caption className="sr-only">Revenue and units per {granularity}</caption>
                  <thead className="sticky top-0 bg-muted text-left text-xs text-muted-foreground">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {granularityLabels[granularity]} starting
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Revenue
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Units
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {trend.points.map((p) => (
                      <tr key={p.date} className="border-t">
                        <td className="px-3 py-1.5">{formatDate(p.date)}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(p.revenue, trend.currency)}</td>
                        <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(p.units)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </CardContent>
    </Card>
  );
}
