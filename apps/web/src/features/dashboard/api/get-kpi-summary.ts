import { kpiSummarySchema, type KpiSummary } from '@sentia/contracts/kpi';
import { keepPreviousData, queryOptions, skipToken, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import type { KpiParams } from './kpi-params.ts';

/** KPI values for the period and the previous period of the same length. */
export function getKpiSummary(params: KpiParams, signal?: AbortSignal): Promise<KpiSummary> {
  const { granularity: _granularity, ...query } = params;
  return apiRequest('/api/kpis/summary', { query: { ...query }, schema: kpiSummarySchema, signal });
}

/**
 * Orders keep arriving, so a view the user returns to shows its cached numbers at once and refreshes
 * them unless they are only seconds old (which also spares a refetch right after the route prefetch).
 */
export const kpiStaleTimeMs = 5_000;

/** Cache key of a summary; the granularity does not change the summary, so it stays out. */
function kpiSummaryQueryKey(params: KpiParams | undefined) {
  const { granularity: _granularity, ...key } = params ?? ({} as Partial<KpiParams>);
  return ['kpis', 'summary', key] as const;
}

/** Query options for the summary, shared by the page and the route loader that prefetches it. */
export function kpiSummaryQueryOptions(params: KpiParams) {
  return queryOptions({
    queryKey: kpiSummaryQueryKey(params),
    queryFn: ({ signal }) => getKpiSummary(params, signal),
    staleTime: kpiStaleTimeMs,
    refetchInterval: 60_000,
  });
}

/** Summary KPIs; refreshed every minute so the freshness indicator stays honest. */
export function useKpiSummary(params: KpiParams | undefined) {
  return useQuery({
    queryKey: kpiSummaryQueryKey(params),
    queryFn: params ? ({ signal }) => getKpiSummary(params, signal) : skipToken,
    placeholderData: keepPreviousData,
    staleTime: kpiStaleTimeMs,
    refetchInterval: 60_000,
  });
}
