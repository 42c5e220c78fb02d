import { invitationListSchema, type Invitation } from '@sentia/contracts/invitations';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Open invitations (pending or expired), newest first. */
export async function getInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  const { invitations } = await apiRequest('/api/admin/invitations', { schema: invitationListSchema, signal });
  return invitations;
}

export function useInvitations() {
  return useQuery({ queryKey: ['admin', 'invitations'], queryFn: ({ signal }) => getInvitations(signal) });
}
