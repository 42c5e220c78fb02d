import type { AdminUserQuery } from '@sentia/contracts/admin';
import type { Role } from '@sentia/contracts/common';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { permissions, rolePermissions, roles, sessionStepUps, sessions, userMfa, users } from '@sentia/db/schema';
import { type SQL, and, asc, desc, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';

type Tx = Db | DbTransaction;

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  isActive: boolean;
  lockedUntil: Date | null;
  failedLoginCount: number;
  mfaEnrolled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  activeSessions: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Accounts matching the filters, by e-mail, with MFA state and live-session counts. */
export async function findUsers(db: Tx, q: AdminUserQuery, now: Date, userId?: string): Promise<AdminUserRow[]> {
  const where: SQL[] = [];
  if (userId) where.push(eq(users.id, userId));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(or(ilike(users.email, like), ilike(users.name, like))!);
  }
  if (q.role) where.push(eq(users.role, q.role));
  if (q.status === 'active') where.push(eq(users.isActive, true));
  if (q.status === 'inactive') where.push(eq(users.isActive, false));
  if (q.status === 'locked') where.push(gt(users.lockedUntil, now));
  const liveSessions = db
    .select({ userId: sessions.userId, n: sql<number>`count(*)::int`.as('n') })
    .from(sessions)
    .where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .groupBy(sessions.userId)
    .as('live_sessions');
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      isActive: users.isActive,
      lockedUntil: users.lockedUntil,
      failedLoginCount: users.failedLoginCount,
      mfaEnabledAt: userMfa.enabledAt,
      mustChangePassword: users.mustChangePassword,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
      activeSessions: liveSessions.n,
    })
    .from(users)
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .leftJoin(liveSessions, eq(liveSessions.userId, users.id))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(asc(users.email))
    .limit(1000);
  return rows.map(({ mfaEnabledAt, activeSessions, ...r }) => ({ ...r, mfaEnrolled: mfaEnabledAt !== null, activeSessions: Number(activeSessions ?? 0) }));
}

export async function emailTaken(db: Tx, email: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return rows.length > 0;
}

export async function insertUser(tx: DbTransaction, input: { email: string; name: string; role: Role; passwordHash: string; mustChangePassword: boolean }): Promise<string> {
  const [row] = await tx.insert(users).values({ ...input, email: input.email.toLowerCase() }).returning({ id: users.id });
  if (!row) throw new Error('user insert returned no row');
  return row.id;
}

/** The user row locked for update until the transaction ends. */
export async function lockUserRow(tx: DbTransaction, userId: string) {
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive, hasPassword: sql<boolean>`${users.passwordHash} is not null`, externalId: users.externalId })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  return row;
}

export async function updateUser(tx: DbTransaction, userId: string, set: { role?: Role; isActive?: boolean }, now: Date): Promise<void> {
  await tx.update(users).set({ ...set, updatedAt: now }).where(eq(users.id, userId));
}

/** Replaces the password with a temporary one the user must change at their next sign-in; clears any lockout. */
export async function setTemporaryPassword(tx: DbTransaction, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx.update(users).set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, updatedAt: now }).where(eq(users.id, userId));
}

/** How many active ADMIN accounts there are (serialised by locking them). */
export async function countActiveAdmins(tx: DbTransaction): Promise<number> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'ADMIN'), eq(users.isActive, true))).for('update');
  return rows.length;
}

/** Revokes every live session of the user; returns their ids. */
export async function revokeUserSessions(tx: Tx, userId: string, now: Date): Promise<string[]> {
  const rows = await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

/** Removes the user's second factor and every step-up their sessions proved with it. */
export async function deleteMfa(tx: DbTransaction, userId: string): Promise<{ enabledAt: Date | null } | undefined> {
  const [removed] = await tx.delete(userMfa).where(eq(userMfa.userId, userId)).returning({ enabledAt: userMfa.enabledAt });
  await tx.delete(sessionStepUps).where(sql`${sessionStepUps.sessionId} in (select ${sessions.id} from ${sessions} where ${sessions.userId} = ${userId})`);
  return removed;
}

export async function readMatrix(db: Tx) {
  const [roleRows, permissionRows, grantRows] = await Promise.all([
    db.select().from(roles).orderBy(desc(roles.rank)),
    db.select().from(permissions).orderBy(asc(permissions.code)),
    db.select().from(rolePermissions).orderBy(asc(rolePermissions.roleCode), asc(rolePermissions.permissionCode)),
  ]);
  return { roleRows, permissionRows, grantRows };
}

/** Locks the grants of the roles (and the permission catalogue rows) so concurrent edits queue. */
export async function lockGrants(tx: DbTransaction, roleCodes: readonly Role[]): Promise<{ roleCode: Role; permissionCode: string }[]> {
  await tx.select({ code: roles.code }).from(roles).where(sql`${roles.code} in ${roleCodes}`).for('update');
  return tx.select().from(rolePermissions).where(sql`${rolePermissions.roleCode} in ${roleCodes}`);
}

export async function knownPermissionCodes(tx: Tx): Promise<Set<string>> {
  return new Set((await tx.select({ code: permissions.code }).from(permissions)).map((r) => r.code));
}

export async function grant(tx: DbTransaction, roleCode: Role, permissionCode: string): Promise<void> {
  await tx.insert(rolePermissions).values({ roleCode, permissionCode }).onConflictDoNothing();
}

export async function revoke(tx: DbTransaction, roleCode: Role, permissionCode: string): Promise<void> {
  await tx.delete(rolePermissions).where(and(eq(rolePermissions.roleCode, roleCode), eq(rolePermissions.permissionCode, permissionCode)));
}

export interface AdminSessionRow {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

/** Live sessions of every user (or one), most recently active first. */
export async function findLiveSessions(db: Tx, now: Date, userId?: string): Promise<AdminSessionRow[]> {
  const where = [isNull(sessions.revokedAt), gt(sessions.expiresAt, now)];
  if (userId) where.push(eq(sessions.userId, userId));
  return db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(...where))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(1000);
}

/** Revokes one live session by id; returns its owner, or undefined when it is unknown or already ended. */
export async function revokeSessionById(tx: DbTransaction, sessionId: string, now: Date): Promise<{ userId: string } | undefined> {
  const [row] = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .returning({ userId: sessions.userId });
  return row;
}

export const lockedNow = (lockedUntil: Date | null, now: Date) => lockedUntil !== null && lockedUntil > now;
