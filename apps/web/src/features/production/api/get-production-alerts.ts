import { productionAlertListSchema } from '@sentia/contracts/production';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Open OEE alerts, newest first. Keyed under `alerts` so a live alert.raised refreshes it. */
export function useProductionAlerts(limit = 20) {
  return useQuery({
    queryKey: ['alerts', 'production', limit],
    queryFn: ({ signal }) => apiRequest('/api/production/alerts', { query: { limit }, schema: productionAlertListSchema, signal }),
  });
}
