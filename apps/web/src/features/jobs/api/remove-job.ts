import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Removes a job that is not running, or discards a dead letter. */
export function removeJob(id: string): Promise<void> {
  return apiRequest(`/api/admin/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useRemoveJob() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removeJob, onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }) });
}
