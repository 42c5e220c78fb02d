import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Removes a connection, its schedules and sync history; synced data stays (admin:manage + step-up). */
export function removeConnection(id: string): Promise<void> {
  return apiRequest(`/api/integrations/connections/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useRemoveConnection() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: removeConnection, onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }) });
}
