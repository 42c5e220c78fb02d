import { scheduleSchema, type ScheduleQuery } from '@sentia/contracts/production';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** The finite-capacity schedule of the open orders, with utilisation by day. */
export function useProductionSchedule(params: Partial<ScheduleQuery>) {
  return useQuery({
    queryKey: ['production', 'schedule', params],
    queryFn: ({ signal }) => apiRequest('/api/production/schedule', { query: { ...params }, schema: scheduleSchema, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
