import { overrideSchema, type PutOverride } from '@sentia/contracts/forecasting';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Saves (value) or clears (null) a planner override of one forecast period, with a reason. */
export function putForecastOverride(body: PutOverride) {
  return apiRequest('/api/forecasts/overrides', { method: 'PUT', body, schema: overrideSchema });
}

export function usePutForecastOverride() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: putForecastOverride, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['forecasts'] }) });
}
