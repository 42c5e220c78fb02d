import { sessionResponseSchema, type SessionResponse } from '@sentia/contracts/auth';
import type { AcceptInvitationRequest } from '@sentia/contracts/invitations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { sessionQueryKey } from './get-session.ts';

/** Creates the account from the invitation and signs in (the server sets the session cookie). */
export function acceptInvitation(input: AcceptInvitationRequest): Promise<SessionResponse> {
  return apiRequest('/api/auth/invitations/accept', { method: 'POST', body: input, schema: sessionResponseSchema, handleStepUp: false });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}
