import { sessionResponseSchema, type SessionResponse, type SignInRequest } from '@sentia/contracts/auth';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { sessionQueryKey } from './get-session.ts';

/** Signs in with email and password; the server sets the httpOnly session cookie. */
export function signIn(credentials: SignInRequest): Promise<SessionResponse> {
  return apiRequest('/api/auth/sign-in', { method: 'POST', body: credentials, schema: sessionResponseSchema, handleStepUp: false });
}

/** Sign-in mutation that stores the new session and drops any data cached for a previous user. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}
