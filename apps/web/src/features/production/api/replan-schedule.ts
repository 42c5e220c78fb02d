import { scheduleSchema, type ReplanSchedule } from '@sentia/contracts/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Re-plans the open orders now and publishes the run (MANAGER, ADMIN). */
export function replanSchedule(body: ReplanSchedule) {
  return apiRequest('/api/production/schedule/runs', { method: 'POST', body, schema: scheduleSchema });
}

export function useReplanSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplanSchedule) => replanSchedule(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['production', 'schedule'] }),
  });
}
