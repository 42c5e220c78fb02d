import type { Role } from '@sentia/contracts/common';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { userInvitations, users } from '@sentia/db/schema';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';

type Tx = Db | DbTransaction;

export type InvitationRow = typeof userInvitations.$inferSelect & { invitedByEmail: string | null };

const columns = {
  id: userInvitations.id,
  email: userInvitations.email,
  name: userInvitations.name,
  role: userInvitations.role,
  tokenHash: userInvitations.tokenHash,
  expiresAt: userInvitations.expiresAt,
  invitedBy: userInvitations.invitedBy,
  createdAt: userInvitations.createdAt,
  acceptedAt: userInvitations.acceptedAt,
  acceptedUserId: userInvitations.acceptedUserId,
  revokedAt: userInvitations.revokedAt,
  revokedReason: userInvitations.revokedReason,
  invitedByEmail: users.email,
};

/** Invitations, newest first: only open ones (not accepted, not revoked; expired included) unless `all`. */
export async function findInvitations(db: Tx, all: boolean): Promise<InvitationRow[]> {
  return db
    .select(columns)
    .from(userInvitations)
    .leftJoin(users, eq(users.id, userInvitations.invitedBy))
    .where(all ? undefined : and(isNull(userInvitations.acceptedAt), isNull(userInvitations.revokedAt)))
    .orderBy(desc(userInvitations.createdAt), desc(userInvitations.id))
    .limit(500);
}

export async function findInvitationById(db: Tx, id: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select(columns).from(userInvitations).leftJoin(users, eq(users.id, userInvitations.invitedBy)).where(eq(userInvitations.id, id)).limit(1);
  return row;
}

export async function findInvitationByTokenHash(db: Tx, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select(columns).from(userInvitations).leftJoin(users, eq(users.id, userInvitations.invitedBy)).where(eq(userInvitations.tokenHash, tokenHash)).limit(1);
  return row;
}

/** The invitation row locked until the transaction ends (concurrent accepts, revokes and re-issues queue on it). */
export async function lockInvitation(tx: DbTransaction, where: { id: string } | { tokenHash: string }) {
  const [row] = await tx
    .select()
    .from(userInvitations)
    .where('id' in where ? eq(userInvitations.id, where.id) : eq(userInvitations.tokenHash, where.tokenHash))
    .for('update');
  return row;
}

/** The open (unaccepted, unrevoked) invitation for an e-mail, locked, if any. */
export async function lockOpenInvitationFor(tx: DbTransaction, email: string) {
  const [row] = await tx
    .select()
    .from(userInvitations)
    .where(and(sql`lower(${userInvitations.email}) = ${email.toLowerCase()}`, isNull(userInvitations.acceptedAt), isNull(userInvitations.revokedAt)))
    .for('update');
  return row;
}

export async function insertInvitation(tx: DbTransaction, input: { email: string; name: string; role: Role; tokenHash: string; expiresAt: Date; invitedBy: string | null; createdAt: Date }): Promise<string> {
  const [row] = await tx.insert(userInvitations).values(input).returning({ id: userInvitations.id });
  if (!row) throw new Error('invitation insert returned no row');
  return row.id;
}

/** Closes an open invitation; false when it was already accepted or revoked. */
export async function revokeInvitationRow(tx: DbTransaction, id: string, reason: 'revoked' | 'reissued' | 'superseded', at: Date): Promise<boolean> {
  const rows = await tx
    .update(userInvitations)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(userInvitations.id, id), isNull(userInvitations.acceptedAt), isNull(userInvitations.revokedAt)))
    .returning({ id: userInvitations.id });
  return rows.length > 0;
}

/** Marks the invitation used by the new account; false when another accept got there first. */
export async function markInvitationAccepted(tx: DbTransaction, id: string, userId: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(userInvitations)
    .set({ acceptedAt: at, acceptedUserId: userId })
    .where(and(eq(userInvitations.id, id), isNull(userInvitations.acceptedAt), isNull(userInvitations.revokedAt), gt(userInvitations.expiresAt, at)))
    .returning({ id: userInvitations.id });
  return rows.length > 0;
}

/** Whether an account already uses the e-mail (case-insensitive). */
export async function emailInUse(db: Tx, email: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return rows.length > 0;
}

export async function insertInvitedUser(tx: DbTransaction, input: { email: string; name: string; role: Role; passwordHash: string }): Promise<string> {
  const [row] = await tx.insert(users).values({ ...input, email: input.email.toLowerCase(), mustChangePassword: false }).returning({ id: users.id });
  if (!row) throw new Error('user insert returned no row');
  return row.id;
}
