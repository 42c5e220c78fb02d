import { z } from 'zod';
import { roleSchema } from './common.ts';

export const signInRequestSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
  /** The current code from the authenticator app; required once the account has TOTP enabled. */
  totpCode: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app').optional(),
  /** A one-time recovery code instead of `totpCode` (lost phone). */
  recoveryCode: z.string().min(8).max(32).optional(),
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

/** Second-factor state of the session's user: `enrolmentRequired` means only TOTP enrolment and sign-out are open. */
export const sessionMfaSchema = z.object({ enrolled: z.boolean(), enrolmentRequired: z.boolean() });
export type SessionMfa = z.infer<typeof sessionMfaSchema>;

export const sessionResponseSchema = z.object({
  user: sessionUserSchema,
  expiresAt: z.string(),
  mfa: sessionMfaSchema.optional(),
  /** An ADMIN set the password (temporary password): until the user changes it only `me`, the password change and sign-out are open. */
  passwordChangeRequired: z.boolean().optional(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
