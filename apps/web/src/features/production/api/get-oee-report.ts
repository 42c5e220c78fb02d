import { oeeReportSchema, type OeeQuery, type OeeReport } from '@sentia/contracts/production';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** OEE, its factors and FPY by line, equipment, shift and day, with the downtime Pareto. */
export function getOeeReport(params: OeeQuery, signal?: AbortSignal): Promise<OeeReport> {
  return apiRequest('/api/production/oee', { query: { ...params }, schema: oeeReportSchema, signal });
}

export function useOeeReport(params: OeeQuery) {
  return useQuery({ queryKey: ['production', 'oee', params], queryFn: ({ signal }) => getOeeReport(params, signal), placeholderData: keepPreviousData, staleTime: 30_000 });
}
