import { purchaseOrderSchema, type CreatePurchaseOrder, type PurchaseOrderDto } from '@sentia/contracts/purchasing';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Creates a proposed order, e.g. from a proposal (inventory:write). */
export function createPurchaseOrder(body: CreatePurchaseOrder): Promise<PurchaseOrderDto> {
  return apiRequest('/api/purchasing/orders', { method: 'POST', body, schema: purchaseOrderSchema });
}

export function useCreatePurchaseOrder() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createPurchaseOrder, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['purchasing'] }) });
}
