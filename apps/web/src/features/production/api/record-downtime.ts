import { downtimeRecordSchema, type RecordDowntime } from '@sentia/contracts/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Records a stop on a line, optionally against a started order. */
export function recordDowntime(body: RecordDowntime) {
  return apiRequest('/api/production/downtime', { method: 'POST', body, schema: downtimeRecordSchema });
}

export function useRecordDowntime() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: recordDowntime, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['production'] }) });
}
