import { jobListSchema, type JobStateName, type JobSummary } from '@sentia/contracts/jobs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Jobs of one queue in one state, newest first for finished ones. */
export async function getJobList(queue: string, state: JobStateName, signal?: AbortSignal): Promise<JobSummary[]> {
  const { jobs } = await apiRequest('/api/admin/jobs/list', { query: { queue, state, limit: 50 }, schema: jobListSchema, signal });
  return jobs;
}

export function useJobList(queue: string | undefined, state: JobStateName) {
  return useQuery({
    queryKey: ['jobs', 'list', queue, state],
    queryFn: ({ signal }) => getJobList(queue as string, state, signal),
    enabled: queue !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}
