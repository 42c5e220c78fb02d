import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client.ts';

const unlockResultSchema = z.object({ wasLocked: z.boolean() });

/** Clears a sign-in lockout. */
export function unlockUser(userId: string): Promise<{ wasLocked: boolean }> {
  return apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/unlock`, { method: 'POST', schema: unlockResultSchema });
}

export function useUnlockUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: unlockUser, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }) });
}
