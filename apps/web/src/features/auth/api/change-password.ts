import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client.ts';
import { sessionQueryKey } from './get-session.ts';

const changePasswordResponseSchema = z.object({ endedSessions: z.number().int() });

/** Changes the signed-in user's password (their other sessions end); clears a must-change flag. */
export function changePassword(input: { currentPassword: string; newPassword: string }): Promise<z.infer<typeof changePasswordResponseSchema>> {
  return apiRequest('/api/auth/password', { method: 'POST', body: input, schema: changePasswordResponseSchema });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: changePassword, onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }) });
}
