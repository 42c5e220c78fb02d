import { syncNowResultSchema, type SyncResourceCode } from '@sentia/contracts/integration-connections';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Queues a sync of one or every resource of a connection. */
export function syncConnectionNow({ id, resource }: { id: string; resource?: SyncResourceCode }) {
  return apiRequest(`/api/integrations/connections/${encodeURIComponent(id)}/sync`, { method: 'POST', body: resource ? { resource } : {}, schema: syncNowResultSchema });
}

export function useSyncConnectionNow() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: syncConnectionNow, onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }) });
}
