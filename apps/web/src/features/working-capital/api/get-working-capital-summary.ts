import { workingCapitalSummarySchema, type WorkingCapitalQuery, type WorkingCapitalSummary } from '@sentia/contracts/working-capital';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** DSO, DIO, DPO and CCC for a period, with the breach classification. */
export function getWorkingCapitalSummary(params: WorkingCapitalQuery, signal?: AbortSignal): Promise<WorkingCapitalSummary> {
  return apiRequest('/api/working-capital/summary', { query: { ...params }, schema: workingCapitalSummarySchema, signal });
}

export function useWorkingCapitalSummary(params: WorkingCapitalQuery) {
  return useQuery({ queryKey: ['working-capital', 'summary', params], queryFn: ({ signal }) => getWorkingCapitalSummary(params, signal), placeholderData: keepPreviousData, staleTime: 60_000 });
}
