import { purchaseOrderListSchema, type PurchaseOrderList, type PurchaseOrderStatusDto } from '@sentia/contracts/purchasing';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Purchase orders, newest first. */
export function getPurchaseOrders(status: PurchaseOrderStatusDto | undefined, signal?: AbortSignal): Promise<PurchaseOrderList> {
  return apiRequest('/api/purchasing/orders', { query: { status, limit: 100 }, schema: purchaseOrderListSchema, signal });
}

export function usePurchaseOrders(status: PurchaseOrderStatusDto | undefined) {
  return useQuery({ queryKey: ['purchasing', 'orders', status ?? 'all'], queryFn: ({ signal }) => getPurchaseOrders(status, signal), placeholderData: keepPreviousData });
}
