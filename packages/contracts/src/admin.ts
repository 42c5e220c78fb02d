import { z } from 'zod';
import { roleSchema } from './common.ts';

/** GET /api/admin/users filters: free text over e-mail and name, role, and account status. */
export const adminUserQuerySchema = z.strictObject({
  q: z.string().trim().max(254).optional(),
  role: roleSchema.optional(),
  status: z.enum(['active', 'inactive', 'locked']).optional(),
});
export type AdminUserQuery = z.infer<typeof adminUserQuerySchema>;

/** One account as the admin portal shows it. */
export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  isActive: z.boolean(),
  /** True while a sign-in lockout is in force. */
  isLocked: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedLoginCount: z.number().int(),
  mfaEnrolled: z.boolean(),
  /** Signed in with a temporary password an ADMIN set; must choose their own at the next sign-in. */
  passwordChangeRequired: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  activeSessions: z.number().int(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });
export type AdminUserList = z.infer<typeof adminUserListSchema>;

/** POST /api/admin/users: a new local account with a generated temporary password, shown once. */
export const createUserRequestSchema = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const createUserResponseSchema = z.object({ user: adminUserSchema, temporaryPassword: z.string() });
export type CreateUserResponse = z.infer<typeof createUserResponseSchema>;

/** POST /api/admin/users/:id/reset-password: a new temporary password, shown once; the user must change it at sign-in. */
export const resetPasswordResponseSchema = createUserResponseSchema;

/** PATCH /api/admin/users/:id/role */
export const changeRoleRequestSchema = z.strictObject({ role: roleSchema });

/** The role × permission matrix, as stored in the database. */
export const rbacMatrixSchema = z.object({
  roles: z.array(z.object({ code: roleSchema, name: z.string(), rank: z.number().int(), description: z.string() })),
  permissions: z.array(z.object({ code: z.string(), resource: z.string(), action: z.string(), description: z.string() })),
  /** Role → granted permission codes, sorted. */
  grants: z.record(roleSchema, z.array(z.string())),
});
export type RbacMatrix = z.infer<typeof rbacMatrixSchema>;

/** PATCH /api/admin/rbac: grant or revoke single cells; applied in one transaction. */
export const rbacChangeRequestSchema = z.strictObject({
  changes: z
    .array(z.strictObject({ role: roleSchema, permission: z.string().min(1).max(100), granted: z.boolean() }))
    .min(1)
    .max(500),
});
export type RbacChangeRequest = z.infer<typeof rbacChangeRequestSchema>;

export const rbacChangeResponseSchema = z.object({ matrix: rbacMatrixSchema, changed: z.number().int() });

/** A live session of any user (GET /api/admin/sessions). */
export const adminSessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  isCurrent: z.boolean(),
});
export type AdminSession = z.infer<typeof adminSessionSchema>;

export const adminSessionQuerySchema = z.strictObject({ userId: z.uuid().optional() });
export const adminSessionListSchema = z.object({ sessions: z.array(adminSessionSchema) });
