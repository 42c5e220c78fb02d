import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client.ts';

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

/** Confirms enrolment with the first code; answers the one-time recovery codes (shown once). */
export function confirmTotp(code: string): Promise<z.infer<typeof recoveryCodesSchema>> {
  return apiRequest('/api/auth/mfa/totp/confirm', { method: 'POST', body: { code }, schema: recoveryCodesSchema, handleStepUp: false });
}

export function useConfirmTotp() {
  return useMutation({ mutationFn: confirmTotp });
}
