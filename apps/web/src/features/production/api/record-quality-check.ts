import { productionOrderDetailSchema, type RecordQualityCheck } from '@sentia/contracts/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Records a quality check on an order in progress. */
export function recordQualityCheck(id: string, body: RecordQualityCheck) {
  return apiRequest(`/api/production/orders/${id}/quality-checks`, { method: 'POST', body, schema: productionOrderDetailSchema });
}

export function useRecordQualityCheck() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RecordQualityCheck }) => recordQualityCheck(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['production'] }),
  });
}
