import { cashRunwaySchema, type CashRunway, type CashRunwayQuery } from '@sentia/contracts/working-capital';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Daily cash projection under the what-if levers. */
export function getCashRunway(params: CashRunwayQuery, signal?: AbortSignal): Promise<CashRunway> {
  return apiRequest('/api/working-capital/cash-runway', { query: { ...params }, schema: cashRunwaySchema, signal });
}

/** Keeps the previous projection on screen while a slider move recalculates. */
export function useCashRunway(params: CashRunwayQuery) {
  return useQuery({ queryKey: ['working-capital', 'cash-runway', params], queryFn: ({ signal }) => getCashRunway(params, signal), placeholderData: keepPreviousData, staleTime: 60_000 });
}
