import { demandEventListSchema, demandEventSchema, type DemandEventInput, type DemandEventList } from '@sentia/contracts/forecasting';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** The demand calendar's events that reach a series (its SKU, region and channel within the event's scope). */
export function getDemandEvents(seriesKey: string, signal?: AbortSignal): Promise<DemandEventList> {
  return apiRequest('/api/forecasts/events', { query: { seriesKey }, schema: demandEventListSchema, signal });
}

export function useDemandEvents(seriesKey: string) {
  return useQuery({ queryKey: ['forecasts', 'events', seriesKey], queryFn: ({ signal }) => getDemandEvents(seriesKey, signal), staleTime: 30_000 });
}

/** Adds an event (id null) or replaces one. */
export function saveDemandEvent({ id, input }: { id: string | null; input: DemandEventInput }) {
  return id === null
    ? apiRequest('/api/forecasts/events', { method: 'POST', body: input, schema: demandEventSchema })
    : apiRequest(`/api/forecasts/events/${id}`, { method: 'PUT', body: input, schema: demandEventSchema });
}

export function deleteDemandEvent(id: string) {
  return apiRequest(`/api/forecasts/events/${id}`, { method: 'DELETE' });
}

export function useSaveDemandEvent() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: saveDemandEvent, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['forecasts'] }) });
}

export function useDeleteDemandEvent() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteDemandEvent, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['forecasts'] }) });
}
