import { seriesListSchema, type Granularity, type SeriesList } from '@sentia/contracts/forecasting';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Every demand series (cells and aggregates) with its history length and latest run. */
export function getForecastSeriesList(granularity: Granularity, signal?: AbortSignal): Promise<SeriesList> {
  return apiRequest('/api/forecasts/series', { query: { granularity }, schema: seriesListSchema, signal });
}

export function useForecastSeriesList(granularity: Granularity) {
  return useQuery({ queryKey: ['forecasts', 'series', granularity], queryFn: ({ signal }) => getForecastSeriesList(granularity, signal), staleTime: 60_000 });
}
