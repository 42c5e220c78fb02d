import { productionOrderSchema, type ProductionTransition } from '@sentia/contracts/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Releases, starts, completes or cancels an order (409 when the workflow does not allow it now). */
export function transitionProductionOrder(id: string, body: ProductionTransition) {
  return apiRequest(`/api/production/orders/${id}/transitions`, { method: 'POST', body, schema: productionOrderSchema });
}

export function useTransitionProductionOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProductionTransition }) => transitionProductionOrder(id, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['production'] }),
  });
}
