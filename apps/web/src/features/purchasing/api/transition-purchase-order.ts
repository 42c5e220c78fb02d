import { purchaseOrderSchema, type PurchaseOrderDto, type PurchaseOrderTransition } from '@sentia/contracts/purchasing';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** One workflow step (approve, reject, send, receive, close) against the version the caller read. */
export function transitionPurchaseOrder(id: string, body: PurchaseOrderTransition): Promise<PurchaseOrderDto> {
  return apiRequest(`/api/purchasing/orders/${encodeURIComponent(id)}/transitions`, { method: 'POST', body, schema: purchaseOrderSchema });
}

export function useTransitionPurchaseOrder(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PurchaseOrderTransition) => transitionPurchaseOrder(id, body),
    onSuccess: (po) => {
      queryClient.setQueryData(['purchasing', 'order', id], po);
      return queryClient.invalidateQueries({ queryKey: ['purchasing', 'orders'] });
    },
    // A 409 means someone else moved the order: show the current state.
    onError: () => queryClient.invalidateQueries({ queryKey: ['purchasing', 'order', id] }),
  });
}
