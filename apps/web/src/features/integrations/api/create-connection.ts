import { connectionHealthSchema, type ConnectionHealth, type CreateConnection } from '@sentia/contracts/integration-connections';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Adds a connection; its credentials go to the server once and are never shown again (admin:manage + step-up). */
export function createConnection(body: CreateConnection): Promise<ConnectionHealth> {
  return apiRequest('/api/integrations/connections', { method: 'POST', body, schema: connectionHealthSchema });
}

export function useCreateConnection() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createConnection, onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }) });
}
