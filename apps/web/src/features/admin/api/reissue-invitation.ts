import { issuedInvitationSchema, type IssuedInvitation } from '@sentia/contracts/invitations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** A new link with a fresh expiry; the previous link stops working. */
export function reissueInvitation(id: string): Promise<IssuedInvitation> {
  return apiRequest(`/api/admin/invitations/${encodeURIComponent(id)}/reissue`, { method: 'POST', schema: issuedInvitationSchema });
}

export function useReissueInvitation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: reissueInvitation, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'invitations'] }) });
}
