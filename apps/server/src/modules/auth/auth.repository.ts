import type { Role } from '@sentia/contracts/common';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { rolePermissions, sessions, userMfa, users } from '@sentia/db/schema';
import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';

type Tx = Db | DbTransaction;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  isActive: boolean;
  failedLoginCount: number;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
}

export interface SessionRecord {
  sessionId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: { id: string; email: string; name: string; role: Role; isActive: boolean; mustChangePassword: boolean };
  /** Whether the user has TOTP enabled (ADMINs without it may only enrol). */
  mfaEnrolled: boolean;
}

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  passwordHash: users.passwordHash,
  isActive: users.isActive,
  failedLoginCount: users.failedLoginCount,
  lockedUntil: users.lockedUntil,
  mustChangePassword: users.mustChangePassword,
};

/** Looks a user up by e-mail, case-insensitively (emails are stored lower-cased, the index is on lower(email)). */
export async function findUserByEmail(db: Tx, email: string): Promise<UserRecord | undefined> {
  const rows = await db.select(userColumns).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return rows[0];
}

/** The user row, locked for update until the transaction ends (serialises concurrent sign-in attempts for one account). */
export async function lockUser(tx: DbTransaction, userId: string): Promise<UserRecord | undefined> {
  const rows = await tx.select(userColumns).from(users).where(eq(users.id, userId)).for('update');
  return rows[0];
}

export async function findUserById(db: Tx, userId: string): Promise<UserRecord | undefined> {
  const rows = await db.select(userColumns).from(users).where(eq(users.id, userId)).limit(1);
  return rows[0];
}

/** The permission codes granted to a role, read from role_permissions (so editing the table changes access). */
export async function findPermissionsForRole(db: Db, role: Role): Promise<string[]> {
  const rows = await db.select({ code: rolePermissions.permissionCode }).from(rolePermissions).where(eq(rolePermissions.roleCode, role)).orderBy(asc(rolePermissions.permissionCode));
  return rows.map((r) => r.code);
}

export async function insertSession(db: Tx, input: { userId: string; tokenHash: string; createdAt: Date; expiresAt: Date; ipAddress: string | null; userAgent: string | null }): Promise<string> {
  const [row] = await db.insert(sessions).values({ ...input, lastSeenAt: input.createdAt }).returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned no row');
  return row.id;
}

/** A live session (not revoked, not expired) with its user. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionRecord | undefined> {
  const rows = await db
    .select({ sessionId: sessions.id, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt, id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive, mustChangePassword: users.mustChangePassword, mfaEnabledAt: userMfa.enabledAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  const r = rows[0];
  return r && { sessionId: r.sessionId, expiresAt: r.expiresAt, lastSeenAt: r.lastSeenAt, user: { id: r.id, email: r.email, name: r.name, role: r.role, isActive: r.isActive, mustChangePassword: r.mustChangePassword }, mfaEnrolled: r.mfaEnabledAt !== null };
}

/** The session's last activity, read fresh (the cached copy may be stale). */
export async function findSessionLastSeen(db: Db, sessionId: string): Promise<Date | undefined> {
  const rows = await db.select({ lastSeenAt: sessions.lastSeenAt }).from(sessions).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))).limit(1);
  return rows[0]?.lastSeenAt;
}

/** Moves last_seen_at forward (never back: another process may have recorded later activity). */
export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.id, sessionId), lt(sessions.lastSeenAt, now)));
}

export async function revokeSession(db: Tx, tokenHash: string, now: Date): Promise<{ id: string; userId: string } | undefined> {
  const rows = await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt))).returning({ id: sessions.id, userId: sessions.userId });
  return rows[0];
}

/** Revokes one of the user's sessions by id; false when it is not theirs or already ended. */
export async function revokeUserSession(db: Tx, userId: string, sessionId: string, now: Date): Promise<boolean> {
  const rows = await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt))).returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every live session of the user, optionally keeping one; returns the revoked ids. */
export async function revokeAllUserSessions(db: Tx, userId: string, now: Date, exceptSessionId?: string): Promise<string[]> {
  const where = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptSessionId) where.push(ne(sessions.id, exceptSessionId));
  const rows = await db.update(sessions).set({ revokedAt: now }).where(and(...where)).returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

/** Keeps the user's `keep` newest live sessions and revokes the rest (oldest first); returns the revoked ids. */
export async function revokeSessionsBeyond(db: Tx, userId: string, keep: number, now: Date): Promise<string[]> {
  const live = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id));
  const surplus = live.slice(keep).map((s) => s.id);
  if (surplus.length === 0) return [];
  await db.update(sessions).set({ revokedAt: now }).where(inArray(sessions.id, surplus));
  return surplus;
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

/** The user's live sessions, newest first. */
export async function listLiveSessions(db: Db, userId: string, now: Date): Promise<SessionSummary[]> {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ipAddress: sessions.ipAddress, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
}

export async function recordLoginSuccess(db: Tx, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: now, failedLoginCount: 0, lockedUntil: null, updatedAt: now }).where(eq(users.id, userId));
}

/** Stores the failure count and lock produced by a failed attempt. */
export async function recordLoginFailure(db: Tx, userId: string, state: { failedLoginCount: number; lockedUntil: Date | null }, now: Date): Promise<void> {
  await db.update(users).set({ ...state, updatedAt: now }).where(eq(users.id, userId));
}

/** Whether the user has TOTP enabled. */
export async function isMfaEnrolled(db: Tx, userId: string): Promise<boolean> {
  const rows = await db.select({ enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, userId)).limit(1);
  return Boolean(rows[0]?.enabledAt);
}

/** Replaces the password hash and clears any lockout; `mustChangePassword` marks a temporary password an ADMIN set. */
export async function updatePasswordHash(db: Tx, userId: string, passwordHash: string, now: Date, mustChangePassword = false): Promise<void> {
  await db.update(users).set({ passwordHash, mustChangePassword, failedLoginCount: 0, lockedUntil: null, updatedAt: now }).where(eq(users.id, userId));
}
