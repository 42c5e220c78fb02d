import { scheduleSchema, type ScheduleQuery } from '@sentia/contracts/production';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/**
 * The published (stored) schedule of the open orders, with utilisation by day and what moved since the previous
 * run. While it is stale (orders changed, the automatic re-plan is queued) it is polled until the new run is out.
 */
export function useProductionSchedule(params: Partial<ScheduleQuery>) {
  return useQuery({
    queryKey: ['production', 'schedule', params],
    queryFn: ({ signal }) => apiRequest('/api/production/schedule', { query: { ...params }, schema: scheduleSchema, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    refetchInterval: (query) => (query.state.data?.isStale ? 4_000 : false),
  });
}
