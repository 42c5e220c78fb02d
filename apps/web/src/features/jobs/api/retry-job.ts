import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Runs a failed job (or a dead letter, by its id) again from its first attempt. */
export function retryJob(id: string): Promise<void> {
  return apiRequest(`/api/admin/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: retryJob, onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }) });
}
