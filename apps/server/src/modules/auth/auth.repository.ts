import type { Role } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { rolePermissions, sessions, users } from '@sentia/db/schema';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  isActive: boolean;
}

export interface SessionRecord {
  sessionId: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: Role; isActive: boolean };
}

/** Looks a user up by e-mail, case-insensitively (emails are stored lower-cased, the index is on lower(email)). */
export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, passwordHash: users.passwordHash, isActive: users.isActive })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return rows[0];
}

/** The permission codes granted to a role, read from role_permissions (so editing the table changes access). */
export async function findPermissionsForRole(db: Db, role: Role): Promise<string[]> {
  const rows = await db.select({ code: rolePermissions.permissionCode }).from(rolePermissions).where(eq(rolePermissions.roleCode, role)).orderBy(asc(rolePermissions.permissionCode));
  return rows.map((r) => r.code);
}

export async function insertSession(db: Db, input: { userId: string; tokenHash: string; expiresAt: Date; ipAddress: string | null; userAgent: string | null }): Promise<string> {
  const [row] = await db.insert(sessions).values(input).returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned no row');
  return row.id;
}

/** A live session (not revoked, not expired) with its user. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionRecord | undefined> {
  const rows = await db
    .select({ sessionId: sessions.id, expiresAt: sessions.expiresAt, id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  const r = rows[0];
  return r && { sessionId: r.sessionId, expiresAt: r.expiresAt, user: { id: r.id, email: r.email, name: r.name, role: r.role, isActive: r.isActive } };
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt))).returning({ id: sessions.id });
  return rows.length > 0;
}

export async function recordLoginSuccess(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: now, failedLoginCount: 0, updatedAt: now }).where(eq(users.id, userId));
}

/** Counts failures now so the later lockout policy has the history it needs. */
export async function recordLoginFailure(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ failedLoginCount: sql`${users.failedLoginCount} + 1`, updatedAt: now }).where(eq(users.id, userId));
}
