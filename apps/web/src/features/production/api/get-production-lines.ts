import { productionLinesSchema } from '@sentia/contracts/production';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Lines with their equipment, and the downtime reason codes for pick lists. */
export function useProductionLines() {
  return useQuery({ queryKey: ['production', 'lines'], queryFn: ({ signal }) => apiRequest('/api/production/lines', { schema: productionLinesSchema, signal }), staleTime: 5 * 60_000 });
}
