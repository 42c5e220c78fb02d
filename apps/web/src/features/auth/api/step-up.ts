import { z } from 'zod';
import { apiRequest } from '@/lib/api-client.ts';

const stepUpResponseSchema = z.object({ verifiedAt: z.string(), validUntil: z.string() });

/** Proves the second factor for this session (valid 10 minutes for high-risk actions). */
export function stepUp(proof: { code: string } | { recoveryCode: string }): Promise<z.infer<typeof stepUpResponseSchema>> {
  return apiRequest('/api/auth/step-up', { method: 'POST', body: proof, schema: stepUpResponseSchema, handleStepUp: false });
}
