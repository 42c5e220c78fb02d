import { seriesDetailSchema, type Granularity, type SeriesDetail } from '@sentia/contracts/forecasting';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** History, the latest forecast with intervals, ensemble weights, model comparison and decomposition. */
export function getSeriesForecast(key: string, granularity: Granularity, signal?: AbortSignal): Promise<SeriesDetail> {
  return apiRequest(`/api/forecasts/series/${encodeURIComponent(key)}`, { query: { granularity }, schema: seriesDetailSchema, signal });
}

export function useSeriesForecast(key: string, granularity: Granularity) {
  return useQuery({ queryKey: ['forecasts', 'detail', key, granularity], queryFn: ({ signal }) => getSeriesForecast(key, granularity, signal), placeholderData: keepPreviousData });
}
