import { policySimulationSchema, type PolicySimulation } from '@sentia/contracts/inventory';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** The held-out replay of demand against the recommended policy and the 8-weeks-of-cover baseline. */
export function getPolicySimulation(holdoutDays: number, signal?: AbortSignal): Promise<PolicySimulation> {
  return apiRequest('/api/inventory/simulation', { query: { holdoutDays }, schema: policySimulationSchema, signal });
}

export function usePolicySimulation(holdoutDays: number, enabled: boolean) {
  return useQuery({ queryKey: ['purchasing', 'simulation', holdoutDays], queryFn: ({ signal }) => getPolicySimulation(holdoutDays, signal), enabled, staleTime: 10 * 60_000 });
}
