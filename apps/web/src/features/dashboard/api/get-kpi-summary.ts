import { kpiSummarySchema, type KpiSummary } from '@sentia/contracts/kpi';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import type { KpiParams } from './kpi-params.ts';

/** KPI values for the period and the previous period of the same length. */
export function getKpiSummary(params: KpiParams, signal?: AbortSignal): Promise<KpiSummary> {
  const { granularity: _granularity, ...query } = params;
  return apiRequest('/api/kpis/summary', { query: { ...query }, schema: kpiSummarySchema, signal });
}

/** Summary KPIs; refreshed every minute so the freshness indicator stays honest. */
export function useKpiSummary(params: KpiParams | undefined) {
  const { granularity: _granularity, ...key } = params ?? ({} as Partial<KpiParams>);
  return useQuery({
    queryKey: ['kpis', 'summary', key],
    queryFn: ({ signal }) => getKpiSummary(params as KpiParams, signal),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
