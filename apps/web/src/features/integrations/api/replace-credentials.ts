import { replaceCredentialsResultSchema, type ReplaceCredentials, type ReplaceCredentialsResult } from '@sentia/contracts/integration-connections';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/**
 * Replaces a connection's credentials (admin:manage + step-up). The server tries them first and keeps the stored ones
 * when the test fails (400 on `credentials`), unless `saveIfTestFails`.
 */
export function replaceCredentials({ id, ...body }: ReplaceCredentials & { id: string }): Promise<ReplaceCredentialsResult> {
  return apiRequest(`/api/integrations/connections/${encodeURIComponent(id)}/credentials`, { method: 'PUT', body, schema: replaceCredentialsResultSchema });
}

export function useReplaceCredentials() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: replaceCredentials, onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations'] }) });
}
