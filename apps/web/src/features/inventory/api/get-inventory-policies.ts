import { inventoryPolicyListSchema, type InventoryPolicyList, type PolicyListQuery } from '@sentia/contracts/inventory';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** The policy table: every SKU × warehouse and material × warehouse, filtered. */
export function getInventoryPolicies(filters: PolicyListQuery, signal?: AbortSignal): Promise<InventoryPolicyList> {
  return apiRequest('/api/inventory/policies', { query: { ...filters }, schema: inventoryPolicyListSchema, signal });
}

export function useInventoryPolicies(filters: PolicyListQuery) {
  return useQuery({ queryKey: ['inventory', 'policies', filters], queryFn: ({ signal }) => getInventoryPolicies(filters, signal), placeholderData: keepPreviousData, staleTime: 60_000 });
}
