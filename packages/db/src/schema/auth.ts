import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from './columns.ts';
import { roleCode } from './reference.ts';

/** The four roles; `rank` orders them (ADMIN 4 > MANAGER 3 > OPERATOR 2 > VIEWER 1). */
export const roles = pgTable('roles', {
  code: roleCode('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  rank: smallint('rank').notNull().unique(),
});

/** A permission named `resource:action`, e.g. `dashboard:read`. Access is denied unless granted. */
export const permissions = pgTable('permissions', {
  code: text('code').primaryKey(),
  resource: text('resource').notNull(),
  action: text('action').notNull(),
  description: text('description').notNull().default(''),
});

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleCode: roleCode('role_code').notNull().references(() => roles.code, { onDelete: 'cascade' }),
    permissionCode: text('permission_code').notNull().references(() => permissions.code, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roleCode, t.permissionCode] })],
);

/**
 * The grants as last seeded from the code's matrix (`rolePermissionMatrix`). Start-up seeding applies only what the
 * code changed since (a three-way merge), so grants an administrator edited in the admin portal survive restarts.
 */
export const rbacSeededGrants = pgTable(
  'rbac_seeded_grants',
  {
    roleCode: roleCode('role_code').notNull().references(() => roles.code, { onDelete: 'cascade' }),
    permissionCode: text('permission_code').notNull().references(() => permissions.code, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roleCode, t.permissionCode] })],
);

/** Users. `email` is stored lower-cased; uniqueness is enforced on lower(email) as well. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: roleCode('role').notNull().default('VIEWER').references(() => roles.code),
    passwordHash: text('password_hash'),
    externalId: text('external_id'),
    isActive: boolean('is_active').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: instant('locked_until'),
    /** Set when an ADMIN chose the password (temporary password at creation or reset): the user must pick their own first. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    lastLoginAt: instant('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`), uniqueIndex('users_external_id_key').on(t.externalId)],
);

/** Server-side sessions; the cookie carries a random token, the table keeps only its SHA-256 hash. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    revokedAt: instant('revoked_at'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Append-only audit trail. A trigger (migration 0001) raises on UPDATE and DELETE, so rows can
 * only ever be inserted. `userId` is null for system actions (jobs, connectors); `actor` is always a
 * readable name (an email or `system:<job>`).
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    createdAt: createdAt(),
    // No foreign key: the trail must outlive the user row, and ON DELETE SET NULL would be an UPDATE.
    userId: uuid('user_id'),
    actor: text('actor').notNull(),
    actionType: text('action_type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    oldValues: jsonb('old_values'),
    newValues: jsonb('new_values'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    // Hash chain (written by the server's recordAudit): position, role at the time, and SHA-256 links.
    seq: bigint('seq', { mode: 'number' }).unique(),
    actorRole: text('actor_role'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('idx_audit_logs_user_date').on(t.userId, t.createdAt),
    index('idx_audit_logs_entity_action').on(t.entityType, t.actionType, t.createdAt),
    index('idx_audit_logs_created').on(t.createdAt),
  ],
);
