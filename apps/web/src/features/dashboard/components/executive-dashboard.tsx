import type { BreakdownDimension } from '@sentia/contracts/kpi';
import { useDeferredValue } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { useReportFilters } from '@/lib/report-filters.ts';
import { useKpiBreakdown } from '../api/get-kpi-breakdown.ts';
import { useKpiSummary } from '../api/get-kpi-summary.ts';
import { useKpiTrend } from '../api/get-kpi-trend.ts';
import { useKpiParams, type KpiParams } from '../api/kpi-params.ts';
import { useMeta } from '../api/get-meta.ts';
import { BreakdownPanel } from './breakdown-panel.tsx';
import { FilterChips } from './filter-chips.tsx';
import { KpiGrid } from './kpi-grid.tsx';
import { TrendPanel } from './trend-panel.tsx';

/** The summary query behind the cards, exposed as a data attribute so browser tests can ask the API the same question. */
function kpiQueryString({ granularity: _granularity, ...params }: KpiParams): string {
  return new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')).toString();
}

function Breakdown({ dimension }: { dimension: BreakdownDimension }) {
  const { filters, setFilters } = useReportFilters();
  const { params } = useKpiParams();
  const query = useKpiBreakdown(params, dimension);
  return (
    <BreakdownPanel
      dimension={dimension}
      breakdown={query.data}
      activeKey={filters[dimension]}
      isLoading={query.isPending}
      isRefreshing={query.isPlaceholderData}
      error={query.error}
      onRetry={() => void query.refetch()}
      onDrill={(key) => setFilters({ [dimension]: key }, { push: true })}
      onClear={() => setFilters({ [dimension]: undefined }, { push: true })}
    />
  );
}

/**
 * The Executive Overview: KPI cards, the revenue/units trend and drill-down breakdowns by region,
 * channel and SKU. Every filter is in the URL, so a drilled view is shareable.
 */
export function ExecutiveDashboard() {
  const { filters, setFilters } = useReportFilters();
  const { params, metaError, retryMeta } = useKpiParams();
  const meta = useMeta();
  const summary = useKpiSummary(params);
  const trend = useKpiTrend(params);
  // The first paint holds only the header and KPI cards; the chart and tables (the costly part to
  // render) follow in a background render, so the headline numbers appear as early as possible.
  const isSecondaryReady = useDeferredValue(true, false);

  return (
    <div className="space-y-4 sm:space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Executive overview</h1>
          <p className="text-sm text-muted-foreground">{meta.data ? `${meta.data.company.name} · sales, operations and working capital` : 'Sales, operations and working capital'}</p>
        </div>
        <FilterChips
          filters={filters}
          meta={meta.data}
          onRemove={(key) => setFilters({ [key]: undefined }, { push: true })}
          onClearAll={() => setFilters({ region: undefined, channel: undefined, sku: undefined }, { push: true })}
        />
      </div>

      {metaError && !params ? <ErrorState title="Could not load reference data" error={metaError} onRetry={retryMeta} /> : null}

      <section aria-labelledby="kpis-title" data-kpi-query={params ? kpiQueryString(params) : undefined}>
        <h2 id="kpis-title" className="sr-only">
          Key performance indicators
        </h2>
        <KpiGrid
          summary={summary.data}
          trend={trend.data}
          isLoading={summary.isPending}
          isRefreshing={summary.isPlaceholderData}
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      </section>

      {isSecondaryReady ? (
        <>
          <TrendPanel
            trend={trend.data}
            granularity={filters.granularity}
            onGranularityChange={(granularity) => setFilters({ granularity })}
            isLoading={trend.isPending}
            isRefreshing={trend.isPlaceholderData}
            error={trend.error}
            onRetry={() => void trend.refetch()}
          />

          <section aria-labelledby="breakdowns-title">
            <h2 id="breakdowns-title" className="sr-only">
              Breakdowns
            </h2>
            {/* Regions (3 rows) and channels (5) stack beside the longer SKU list, which balances the columns. */}
            <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
              <div className="grid gap-4">
                <Breakdown dimension="region" />
                <Breakdown dimension="channel" />
              </div>
              <Breakdown dimension="sku" />
            </div>
          </section>
        </>
      ) : (
        <Skeleton className="h-96 w-full" />
      )}
    </div>
  );
}
