import { savedScenarioListSchema, savedScenarioSchema, type CreateScenario, type SavedScenario } from '@sentia/contracts/working-capital';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Saves a named scenario (workingcapital:write). */
export function saveCashScenario(body: CreateScenario): Promise<SavedScenario> {
  return apiRequest('/api/working-capital/scenarios', { method: 'POST', body, schema: savedScenarioSchema });
}

export function useSaveCashScenario() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: saveCashScenario, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['working-capital', 'scenarios'] }) });
}

/** Saved scenarios, oldest first. */
export function useSavedScenarios() {
  return useQuery({
    queryKey: ['working-capital', 'scenarios'],
    queryFn: ({ signal }) => apiRequest('/api/working-capital/scenarios', { schema: savedScenarioListSchema, signal }),
  });
}
