import { productionOrderSchema, type RecordOutput } from '@sentia/contracts/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Records good, total and rework units over run minutes on an order in progress. */
export function recordOutput(id: string, body: RecordOutput) {
  return apiRequest(`/api/production/orders/${id}/output`, { method: 'POST', body, schema: productionOrderSchema });
}

export function useRecordOutput() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RecordOutput }) => recordOutput(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['production'] }),
  });
}
