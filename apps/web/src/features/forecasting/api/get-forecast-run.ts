import { forecastRunSchema, type ForecastRun } from '@sentia/contracts/forecasting';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { useLiveEvent } from '@/lib/live-events/use-live-events.ts';

export function getForecastRun(id: string, signal?: AbortSignal): Promise<ForecastRun> {
  return apiRequest(`/api/forecasts/runs/${encodeURIComponent(id)}`, { schema: forecastRunSchema, signal });
}

const isFinished = (run: ForecastRun | undefined) => run !== undefined && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);

/**
 * A run's status and progress. Live `forecast.progress` / `forecast.completed` events refresh it at once; a slow poll
 * covers a lost live connection and stops when the run has finished.
 */
export function useForecastRun(id: string | undefined) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['forecasts', 'run', id],
    queryFn: ({ signal }) => getForecastRun(id!, signal),
    enabled: id !== undefined,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : 3000),
  });
  useLiveEvent(['forecast.progress'], (event) => {
    const data = event.data as { runId?: string; progress?: number };
    if (!id || data.runId !== id || typeof data.progress !== 'number') return;
    const progress = data.progress;
    queryClient.setQueryData<ForecastRun>(['forecasts', 'run', id], (old) => (old && !isFinished(old) ? { ...old, status: 'RUNNING', progress } : old));
  });
  useLiveEvent(['forecast.completed'], (event) => {
    if ((event.data as { runId?: string }).runId === id) void queryClient.invalidateQueries({ queryKey: ['forecasts', 'run', id] });
  });
  return { ...query, isFinished: isFinished(query.data) };
}
