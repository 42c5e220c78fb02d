import { forecastRunSchema, type ForecastRun } from '@sentia/contracts/forecasting';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { useLiveEvent } from '@/lib/live-events/use-live-events.ts';

export function getForecastRun(id: string, signal?: AbortSignal): Promise<ForecastRun> {
  return apiRequest(`/api/forecasts/runs/${encodeURIComponent(id)}`, { schema: forecastRunSchema, signal });
}

const isFinished = (run: ForecastRun | undefined) => run !== undefined && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);

/**
 * A run's status and progress. Live `job.updated` events for the run's job refresh it at once; a slow poll
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
  const jobId = query.data?.jobId;
  useLiveEvent(['job.updated'], (event) => {
    const data = event.data as { jobId?: string; progress?: number | null };
    if (!jobId || data.jobId !== jobId) return;
    queryClient.setQueryData<ForecastRun>(['forecasts', 'run', id], (old) => (old && typeof data.progress === 'number' ? { ...old, status: old.status === 'QUEUED' ? 'RUNNING' : old.status, progress: data.progress } : old));
    void queryClient.invalidateQueries({ queryKey: ['forecasts', 'run', id] });
  });
  return { ...query, isFinished: isFinished(query.data) };
}
