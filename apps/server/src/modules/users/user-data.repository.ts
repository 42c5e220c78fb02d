import type { Db, DbTransaction } from '@sentia/db/create-db';
import { auditLogs, sessions, userMfa, users } from '@sentia/db/schema';
import { asc, eq, or } from 'drizzle-orm';

type Tx = Db | DbTransaction;

/** Upper bound on the audit entries in one personal-data export (the export says when it was cut). */
export const EXPORT_MAX_AUDIT_ENTRIES = 50_000;

export async function findUserProfile(db: Tx, userId: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive, externalId: users.externalId, lastLoginAt: users.lastLoginAt, createdAt: users.createdAt, updatedAt: users.updatedAt })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

export async function findUserMfa(db: Tx, userId: string) {
  const [row] = await db.select({ enabledAt: userMfa.enabledAt, recoveryCodeHashes: userMfa.recoveryCodeHashes, createdAt: userMfa.createdAt }).from(userMfa).where(eq(userMfa.userId, userId));
  return row;
}

/** Every session of the user, ended ones included (they hold the IP addresses and browsers the user signed in from). */
export async function findAllSessions(db: Tx, userId: string) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, revokedAt: sessions.revokedAt, ipAddress: sessions.ipAddress, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(asc(sessions.createdAt));
}

/** Audit entries the user made or that are about the user, oldest first. */
export async function findAuditEntriesOf(db: Tx, userId: string, limit: number) {
  return db
    .select({ seq: auditLogs.seq, createdAt: auditLogs.createdAt, actor: auditLogs.actor, actorRole: auditLogs.actorRole, action: auditLogs.actionType, entityType: auditLogs.entityType, entityId: auditLogs.entityId, before: auditLogs.oldValues, after: auditLogs.newValues, ipAddress: auditLogs.ipAddress, userAgent: auditLogs.userAgent })
    .from(auditLogs)
    .where(or(eq(auditLogs.userId, userId), eq(auditLogs.entityId, userId)))
    .orderBy(asc(auditLogs.seq))
    .limit(limit);
}

/**
 * Replaces the personal data on the user row with placeholders and removes what identifies the person elsewhere: their
 * sessions (IP addresses, browsers) and second factor. The row stays so references to the user id keep resolving.
 */
export async function anonymiseUser(tx: DbTransaction, userId: string, now: Date): Promise<void> {
  await tx
    .update(users)
    .set({ email: `erased-${userId}@erased.invalid`, name: 'Erased user', passwordHash: null, externalId: null, isActive: false, failedLoginCount: 0, lockedUntil: null, updatedAt: now })
    .where(eq(users.id, userId));
  await tx.delete(sessions).where(eq(sessions.userId, userId));
  await tx.delete(userMfa).where(eq(userMfa.userId, userId));
}
