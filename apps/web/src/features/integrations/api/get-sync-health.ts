import { syncHealthSchema, type SyncHealth } from '@sentia/contracts/integration-connections';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Every connection with its sync health (integrations:read). */
export function getSyncHealth(signal?: AbortSignal): Promise<SyncHealth> {
  return apiRequest('/api/integrations/health', { schema: syncHealthSchema, signal });
}

/** Polled every 10 s besides the live `sync.completed` invalidation: running syncs and breakers change without events. */
export function useSyncHealth() {
  return useQuery({ queryKey: ['integrations', 'health'], queryFn: ({ signal }) => getSyncHealth(signal), refetchInterval: 10_000 });
}
