import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api-client.ts';

/**
 * The app's one query cache. A module singleton (not created in a component) so route loaders can
 * start requests before React renders, in parallel with loading the route's code.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Retrying a 4xx only repeats the same answer; network blips and 5xx get two more tries.
      retry: (failureCount, error) => (isApiError(error) && error.status >= 400 && error.status < 500 ? false : failureCount < 2),
      refetchOnWindowFocus: true,
    },
  },
});
