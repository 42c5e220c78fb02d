import { invitationLookupResponseSchema, type InvitationLookupResponse } from '@sentia/contracts/invitations';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, isApiError } from '@/lib/api-client.ts';

/** What an invitation link is for (e-mail, role, expiry, password rules); throws the server's 404/410 problem otherwise. */
export function lookupInvitation(token: string, signal?: AbortSignal): Promise<InvitationLookupResponse> {
  return apiRequest('/api/auth/invitations/lookup', { method: 'POST', body: { token }, schema: invitationLookupResponseSchema, signal, handleStepUp: false });
}

export function useInvitationLookup(token: string | null) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => lookupInvitation(token!, signal),
    enabled: token !== null,
    staleTime: Infinity,
    retry: (failureCount, error) => !isApiError(error) && failureCount < 2,
  });
}
