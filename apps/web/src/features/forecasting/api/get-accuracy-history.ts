import { accuracyHistorySchema, type AccuracyHistory, type Granularity } from '@sentia/contracts/forecasting';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Forecast made before each completed period against the actual, with accuracy = 100 − WAPE. */
export function getAccuracyHistory(key: string, granularity: Granularity, signal?: AbortSignal): Promise<AccuracyHistory> {
  return apiRequest(`/api/forecasts/series/${encodeURIComponent(key)}/accuracy`, { query: { granularity }, schema: accuracyHistorySchema, signal });
}

export function useAccuracyHistory(key: string, granularity: Granularity) {
  return useQuery({ queryKey: ['forecasts', 'accuracy', key, granularity], queryFn: ({ signal }) => getAccuracyHistory(key, granularity, signal) });
}
