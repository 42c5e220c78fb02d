import { connectionTestResultSchema, type ConnectionTestResult } from '@sentia/contracts/integration-connections';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** One authenticated call through the connector. */
export function testConnection(id: string): Promise<ConnectionTestResult> {
  return apiRequest(`/api/integrations/connections/${encodeURIComponent(id)}/test`, { method: 'POST', schema: connectionTestResultSchema });
}

export function useTestConnection() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: testConnection, onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }) });
}
