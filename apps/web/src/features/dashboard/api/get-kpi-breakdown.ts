import { kpiBreakdownSchema, type BreakdownDimension, type KpiBreakdown } from '@sentia/contracts/kpi';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { kpiStaleTimeMs } from './get-kpi-summary.ts';
import type { KpiParams } from './kpi-params.ts';

/** Revenue, units and margin split by region, channel or SKU within the filters. */
export function getKpiBreakdown(params: KpiParams, dimension: BreakdownDimension, signal?: AbortSignal): Promise<KpiBreakdown> {
  const { granularity: _granularity, ...query } = params;
  return apiRequest('/api/kpis/breakdown', { query: { ...query, dimension }, schema: kpiBreakdownSchema, signal });
}

export function useKpiBreakdown(params: KpiParams | undefined, dimension: BreakdownDimension) {
  const { granularity: _granularity, ...key } = params ?? ({} as Partial<KpiParams>);
  return useQuery({
    queryKey: ['kpis', 'breakdown', dimension, key],
    queryFn: ({ signal }) => getKpiBreakdown(params as KpiParams, dimension, signal),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
    staleTime: kpiStaleTimeMs,
    refetchInterval: 60_000,
  });
}
