import type { Currency } from '@sentia/contracts/common';
import { workingCapitalTrendSchema, type WorkingCapitalTrend } from '@sentia/contracts/working-capital';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Monthly CCC history (24 months by default). */
export function getWorkingCapitalTrend(params: { months: number; currency: Currency }, signal?: AbortSignal): Promise<WorkingCapitalTrend> {
  return apiRequest('/api/working-capital/trend', { query: { ...params }, schema: workingCapitalTrendSchema, signal });
}

export function useWorkingCapitalTrend(params: { months: number; currency: Currency }) {
  return useQuery({ queryKey: ['working-capital', 'trend', params], queryFn: ({ signal }) => getWorkingCapitalTrend(params, signal), staleTime: 5 * 60_000 });
}
