import { scenarioComparisonSchema, type ScenarioComparison } from '@sentia/contracts/working-capital';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Saved scenarios re-projected side by side with the base. */
export function compareCashScenarios(ids: readonly string[], signal?: AbortSignal): Promise<ScenarioComparison> {
  return apiRequest('/api/working-capital/scenarios/compare', { query: { ids: ids.join(',') }, schema: scenarioComparisonSchema, signal });
}

export function useScenarioComparison(ids: readonly string[]) {
  return useQuery({ queryKey: ['working-capital', 'compare', ids], queryFn: ({ signal }) => compareCashScenarios(ids, signal), enabled: ids.length > 0 });
}
