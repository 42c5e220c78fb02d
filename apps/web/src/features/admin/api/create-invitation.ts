import { issuedInvitationSchema, type CreateInvitationRequest, type IssuedInvitation } from '@sentia/contracts/invitations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Invites a person by e-mail and role; the answer carries the accept link, shown once. */
export function createInvitation(input: CreateInvitationRequest): Promise<IssuedInvitation> {
  return apiRequest('/api/admin/invitations', { method: 'POST', body: input, schema: issuedInvitationSchema });
}

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createInvitation, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'invitations'] }) });
}
