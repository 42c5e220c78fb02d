import { z } from 'zod';
import { roleSchema } from './common.ts';

export const signInRequestSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  /** Permissions named resource:action, e.g. "dashboard:read". */
  permissions: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionResponseSchema = z.object({ user: sessionUserSchema, expiresAt: z.string() });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
