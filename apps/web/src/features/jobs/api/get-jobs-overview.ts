import { jobsOverviewSchema, type JobsOverview } from '@sentia/contracts/jobs';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Queues with counts by state, schedules and the dead-letter list. */
export function getJobsOverview(signal?: AbortSignal): Promise<JobsOverview> {
  return apiRequest('/api/admin/jobs', { schema: jobsOverviewSchema, signal });
}

/** Refreshed by `job.updated` live events; the interval only covers a lost connection. */
export function useJobsOverview() {
  return useQuery({ queryKey: ['jobs', 'overview'], queryFn: ({ signal }) => getJobsOverview(signal), refetchInterval: 15_000 });
}
