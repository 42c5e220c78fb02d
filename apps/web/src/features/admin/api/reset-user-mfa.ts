import { adminUserSchema, type AdminUser } from '@sentia/contracts/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Removes the user's authenticator (TOTP) and recovery codes. */
export function resetUserMfa(userId: string): Promise<AdminUser> {
  return apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/reset-mfa`, { method: 'POST', schema: adminUserSchema });
}

export function useResetUserMfa() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: resetUserMfa, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }) });
}
