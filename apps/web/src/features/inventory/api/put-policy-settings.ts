import { inventoryPolicyDetailSchema, type InventoryPolicyDetail, type PutPolicySettings } from '@sentia/contracts/inventory';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { policyItemPath, type PolicyItemKey } from './get-inventory-policy.ts';

/** Sets (null: resets) an item's service level, lead time or review period (inventory:write). */
export function putPolicySettings(key: PolicyItemKey, body: PutPolicySettings): Promise<InventoryPolicyDetail> {
  return apiRequest(`${policyItemPath(key)}/settings`, { method: 'PUT', body, schema: inventoryPolicyDetailSchema });
}

export function usePutPolicySettings(key: PolicyItemKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutPolicySettings) => putPolicySettings(key, body),
    onSuccess: (detail) => {
      queryClient.setQueryData(['inventory', 'policy', key], detail);
      return queryClient.invalidateQueries({ queryKey: ['inventory', 'policies'] });
    },
  });
}
