import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client.ts';

export const totpEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

/** Starts TOTP enrolment: a new secret and its otpauth:// URI for the QR code. */
export function enrolTotp(): Promise<TotpEnrolment> {
  return apiRequest('/api/auth/mfa/totp/enrol', { method: 'POST', schema: totpEnrolmentSchema, handleStepUp: false });
}

export function useEnrolTotp() {
  return useMutation({ mutationFn: enrolTotp });
}
