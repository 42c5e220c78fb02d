import { sessionResponseSchema, type SessionResponse } from '@sentia/contracts/auth';
import type { Role } from '@sentia/contracts/common';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { sessionQueryKey } from './get-session.ts';

/** Development mock sign-in (server AUTH_MOCK=true, web VITE_FORCE_MOCK_AUTH=true): a session for the chosen role. */
export function mockSignIn(role: Role): Promise<SessionResponse> {
  return apiRequest('/api/auth/mock/sign-in', { method: 'POST', body: { role }, schema: sessionResponseSchema, handleStepUp: false });
}

export function useMockSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mockSignIn,
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

/** True when the web build asks for the role picker instead of the sign-in form. */
export const isMockAuthForced = import.meta.env.VITE_FORCE_MOCK_AUTH === 'true';
