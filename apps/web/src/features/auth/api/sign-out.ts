import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { sessionQueryKey } from './get-session.ts';

/** Ends the session on the server (clears the cookie). */
export function signOut(): Promise<void> {
  return apiRequest('/api/auth/sign-out', { method: 'POST' });
}

/** Sign-out mutation; whatever the server says, the local cache is cleared so no data lingers. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, null);
    },
  });
}
