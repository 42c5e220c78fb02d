import { resetPasswordResponseSchema, type CreateUserResponse } from '@sentia/contracts/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Replaces the user's password with a temporary one (shown once) that they must change at sign-in. */
export function resetUserPassword(userId: string): Promise<CreateUserResponse> {
  return apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/reset-password`, { method: 'POST', schema: resetPasswordResponseSchema });
}

export function useResetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: resetUserPassword, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }) });
}
