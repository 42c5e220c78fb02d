import { productionOrderListSchema, type ProductionOrderListQuery } from '@sentia/contracts/production';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Production orders with their output so far, in progress first. */
export function useProductionOrders(params: Partial<ProductionOrderListQuery>) {
  return useQuery({
    queryKey: ['production', 'orders', params],
    queryFn: ({ signal }) => apiRequest('/api/production/orders', { query: { ...params }, schema: productionOrderListSchema, signal }),
  });
}
