import { kpiTrendSchema, type KpiTrend } from '@sentia/contracts/kpi';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { kpiStaleTimeMs } from './get-kpi-summary.ts';
import type { KpiParams } from './kpi-params.ts';

/** Revenue, units, margin and OEE per day, week or month across the period. */
export function getKpiTrend(params: KpiParams, signal?: AbortSignal): Promise<KpiTrend> {
  return apiRequest('/api/kpis/trend', { query: { ...params }, schema: kpiTrendSchema, signal });
}

export function useKpiTrend(params: KpiParams | undefined) {
  return useQuery({
    queryKey: ['kpis', 'trend', params],
    queryFn: ({ signal }) => getKpiTrend(params as KpiParams, signal),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
    staleTime: kpiStaleTimeMs,
    refetchInterval: 60_000,
  });
}
