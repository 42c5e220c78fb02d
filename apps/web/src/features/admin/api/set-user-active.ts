import { adminUserSchema, type AdminUser } from '@sentia/contracts/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Deactivates (ending every session) or reactivates an account. */
export function setUserActive({ userId, isActive }: { userId: string; isActive: boolean }): Promise<AdminUser> {
  return apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/${isActive ? 'reactivate' : 'deactivate'}`, { method: 'POST', schema: adminUserSchema });
}

export function useSetUserActive() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: setUserActive, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin'] }) });
}
