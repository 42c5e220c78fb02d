import { invitationSchema, type Invitation } from '@sentia/contracts/invitations';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Withdraws an invitation: its link stops working. */
export function revokeInvitation(id: string): Promise<Invitation> {
  return apiRequest(`/api/admin/invitations/${encodeURIComponent(id)}/revoke`, { method: 'POST', schema: invitationSchema });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeInvitation, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'invitations'] }) });
}
