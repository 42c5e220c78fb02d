import { purchaseOrderSchema, type PurchaseOrderDto } from '@sentia/contracts/purchasing';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** One order with its lines and audited history. */
export function getPurchaseOrder(id: string, signal?: AbortSignal): Promise<PurchaseOrderDto> {
  return apiRequest(`/api/purchasing/orders/${encodeURIComponent(id)}`, { schema: purchaseOrderSchema, signal });
}

export function usePurchaseOrder(id: string) {
  return useQuery({ queryKey: ['purchasing', 'order', id], queryFn: ({ signal }) => getPurchaseOrder(id, signal) });
}
