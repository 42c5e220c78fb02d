import { metaSchema } from '@sentia/contracts/meta';
import { productionOrderSchema, type CreateProductionOrder } from '@sentia/contracts/production';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Plans a production order (production:write). */
export function createProductionOrder(body: CreateProductionOrder) {
  return apiRequest('/api/production/orders', { method: 'POST', body, schema: productionOrderSchema });
}

export function useCreateProductionOrder() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createProductionOrder, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['production'] }) });
}

/** The SKUs to plan, from the reference data. */
export function usePlannableSkus() {
  return useQuery({ queryKey: ['production', 'skus'], queryFn: async ({ signal }) => (await apiRequest('/api/meta', { schema: metaSchema, signal })).skus, staleTime: 5 * 60_000 });
}
