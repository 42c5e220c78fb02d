import type { KpiSummary, KpiTrend } from '@sentia/contracts/kpi';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { cn } from '@/lib/cn.ts';
import { kpiDefinitions } from '../kpi-definitions.ts';
import { KpiCard } from './kpi-card.tsx';

const gridClass = 'grid grid-cols-1 gap-3 min-[480px]:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4 sm:gap-4';
const spanClass = (key: string) => (key === 'cashConversionCycleDays' ? 'xl:col-span-2' : undefined);

/** The strip of KPI cards with loading skeletons and an error state. */
export function KpiGrid({
  summary,
  trend,
  isLoading,
  isRefreshing,
  error,
  onRetry,
}: {
  summary: KpiSummary | undefined;
  trend: KpiTrend | undefined;
  isLoading: boolean;
  isRefreshing: boolean;
  error: unknown;
  onRetry: () => void;
}) {
  if (error && !summary) return <ErrorState title="Could not load the KPIs" error={error} onRetry={onRetry} />;
  if (isLoading || !summary) {
    return (
      <div className={gridClass} aria-busy="true" aria-label="Loading KPIs">
        {kpiDefinitions.map((d) => (
          <div key={d.key} className={cn('rounded-lg border bg-card p-4', spanClass(d.key))}>
            <Skeleton className="h-4 w-24" />
            <Skeleton className="mt-3 h-8 w-36" />
            <Skeleton className="mt-4 h-4 w-40" />
          </div>
        ))}
      </div>
    );
  }
  return (
    <div className={gridClass}>
      {kpiDefinitions.map((definition) => (
        <div key={definition.key} className={cn('flex', spanClass(definition.key))}>
          <KpiCard
            definition={definition}
            kpis={summary.kpis}
            currency={summary.currency}
            sparkline={definition.sparkline && trend ? trend.points.map(definition.sparkline) : undefined}
            isRefreshing={isRefreshing}
          />
        </div>
      ))}
    </div>
  );
}
