import { sessionResponseSchema, type SessionResponse } from '@sentia/contracts/auth';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from '@/lib/api-client.ts';

/** The signed-in session, or null when nobody is signed in (the API answers 401). */
export async function getSession(signal?: AbortSignal): Promise<SessionResponse | null> {
  try {
    return await apiRequest('/api/auth/me', { schema: sessionResponseSchema, signal });
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

export const sessionQueryKey = ['auth', 'session'] as const;

export const sessionQueryOptions = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: ({ signal }) => getSession(signal),
  staleTime: 5 * 60_000,
  retry: (failureCount, error) => !isApiError(error) && failureCount < 2,
});

/** The current session; `data` is null when signed out. */
export function useSession() {
  return useQuery(sessionQueryOptions);
}
