import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Runs a dead-lettered sync again. */
export function retrySyncDeadLetter(id: string): Promise<void> {
  return apiRequest(`/api/integrations/dead-letters/${encodeURIComponent(id)}/retry`, { method: 'POST' });
}

export function useRetrySyncDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: retrySyncDeadLetter, onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }) });
}
