import { z } from 'zod';
import { roleSchema } from './common.ts';

/** POST /api/admin/invitations: invite a person by e-mail to create an account with the role. */
export const createInvitationRequestSchema = z.strictObject({
  email: z.email().max(254),
  /** Optional: the invitee can correct it when accepting. */
  name: z.string().trim().max(200).optional(),
  role: roleSchema,
});
export type CreateInvitationRequest = z.infer<typeof createInvitationRequestSchema>;

export const invitationStatusSchema = z.enum(['pending', 'expired', 'revoked', 'accepted']);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

/** An invitation as the admin portal lists it (never the token). */
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  status: invitationStatusSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
  invitedBy: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationQuerySchema = z.strictObject({ status: z.enum(['open', 'all']).default('open') });
export const invitationListSchema = z.object({ invitations: z.array(invitationSchema) });

/**
 * The answer to creating or re-issuing an invitation: the accept link, returned this once (the server keeps only a hash
 * of its token), and whether the mailer delivered it.
 */
export const issuedInvitationSchema = z.object({
  invitation: invitationSchema,
  acceptUrl: z.string(),
  delivery: z.object({ channel: z.string(), delivered: z.boolean() }),
});
export type IssuedInvitation = z.infer<typeof issuedInvitationSchema>;

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'is not an invitation token');

/** POST /api/auth/invitations/lookup (public): what the link is for, before the invitee sets a password. */
export const invitationLookupRequestSchema = z.strictObject({ token: tokenSchema });
export const invitationLookupResponseSchema = z.object({
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
  passwordPolicy: z.object({ minLength: z.number().int(), requireUppercase: z.boolean(), requireLowercase: z.boolean(), requireDigit: z.boolean(), requireSymbol: z.boolean() }),
});
export type InvitationLookupResponse = z.infer<typeof invitationLookupResponseSchema>;

/** POST /api/auth/invitations/accept (public): creates the account and signs the invitee in. */
export const acceptInvitationRequestSchema = z.strictObject({
  token: tokenSchema,
  name: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(256),
});
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequestSchema>;
