import type { Currency } from '@sentia/contracts/common';
import { mitigationPlanSchema, type MitigationPlanDto } from '@sentia/contracts/working-capital';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Actions ranked by the CCC days each removes, over the last 90 days. */
export function getCccMitigations(currency: Currency, signal?: AbortSignal): Promise<MitigationPlanDto> {
  return apiRequest('/api/working-capital/mitigations', { query: { currency }, schema: mitigationPlanSchema, signal });
}

export function useCccMitigations(currency: Currency) {
  return useQuery({ queryKey: ['working-capital', 'mitigations', currency], queryFn: ({ signal }) => getCccMitigations(currency, signal), staleTime: 5 * 60_000 });
}
