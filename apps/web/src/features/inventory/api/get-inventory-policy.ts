import { inventoryPolicyDetailSchema, type InventoryPolicyDetail, type ItemKind } from '@sentia/contracts/inventory';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

export interface PolicyItemKey {
  kind: ItemKind;
  code: string;
  warehouse: string;
}

export const policyItemPath = (k: PolicyItemKey): string => `/api/inventory/policies/${k.kind}/${encodeURIComponent(k.code)}/${encodeURIComponent(k.warehouse)}`;

/** One item's policy with its 90-day projection and recent demand. */
export function getInventoryPolicy(key: PolicyItemKey, signal?: AbortSignal): Promise<InventoryPolicyDetail> {
  return apiRequest(policyItemPath(key), { schema: inventoryPolicyDetailSchema, signal });
}

export function useInventoryPolicy(key: PolicyItemKey) {
  return useQuery({ queryKey: ['inventory', 'policy', key], queryFn: ({ signal }) => getInventoryPolicy(key, signal) });
}
