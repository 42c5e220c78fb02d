import { metaSchema, type Meta } from '@sentia/contracts/meta';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Reference data for the filter pickers: regions, channels, SKUs and the span of the data. */
export function getMeta(signal?: AbortSignal): Promise<Meta> {
  return apiRequest('/api/meta', { schema: metaSchema, signal });
}

export const metaQueryOptions = queryOptions({
  queryKey: ['meta'],
  queryFn: ({ signal }) => getMeta(signal),
  staleTime: 5 * 60_000,
});

export function useMeta() {
  return useQuery(metaQueryOptions);
}
