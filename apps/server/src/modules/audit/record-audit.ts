import { randomUUID } from 'node:crypto';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { auditChainHead, auditLogs } from '@sentia/db/schema';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { GENESIS_HASH, auditEntryHash } from './audit-hash.ts';
import { toJsonValue } from './canonical-json.ts';

/** Who did something and from where: the part of an audit entry a request supplies. */
export interface AuditActor {
  /** Readable name: an e-mail, or `system:<job>` for background work. */
  actor: string;
  userId?: string | null;
  /** The actor's role at the time of the action. */
  actorRole?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  /** The request (correlation) id. */
  requestId?: string | null;
}

/** One audit entry: actor, what happened (`action`, e.g. `auth.sign-in.succeeded`) to which entity, before and after. */
export interface AuditEntry extends AuditActor {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to the current time. */
  at?: Date;
}

/** The stored entry's position in the chain. */
export interface RecordedAudit {
  id: string;
  seq: number;
  hash: string;
  prevHash: string;
  createdAt: Date;
}

const HEAD_ID = 1;

/**
 * Appends an entry to the hash-chained audit log. Pass the caller's transaction (`tx`) so the entry commits or
 * rolls back with the change it records; a plain `db` gets a transaction of its own. Appends are serialised by a
 * row lock on the chain head, held until the surrounding transaction ends, so concurrent writers (other requests,
 * other processes) queue rather than fork the chain.
 */
export async function recordAudit(db: Db | DbTransaction, entry: AuditEntry): Promise<RecordedAudit> {
  return db.transaction(async (tx) => {
    await tx.insert(auditChainHead).values({ id: HEAD_ID, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
    const [head] = await tx.select({ seq: auditChainHead.seq, hash: auditChainHead.hash }).from(auditChainHead).where(eq(auditChainHead.id, HEAD_ID)).for('update');
    if (!head) throw new Error('recordAudit: the audit chain head row is missing');

    // Timestamps are truncated to milliseconds so the stored value (microsecond column) reads back exactly as hashed.
    const createdAt = new Date((entry.at ?? new Date()).getTime());
    const fields = {
      seq: head.seq + 1,
      prevHash: head.hash,
      id: randomUUID(),
      createdAt,
      userId: entry.userId ?? null,
      actor: entry.actor,
      actorRole: entry.actorRole ?? null,
      actionType: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      oldValues: entry.before === undefined ? null : toJsonValue(entry.before),
      newValues: entry.after === undefined ? null : toJsonValue(entry.after),
      ipAddress: entry.ipAddress ?? null,
      userAgent: entry.userAgent ?? null,
      requestId: entry.requestId ?? null,
    };
    const hash = auditEntryHash(fields);
    await tx.insert(auditLogs).values({ ...fields, hash });
    await tx.update(auditChainHead).set({ seq: fields.seq, hash, updatedAt: sql`now()` }).where(eq(auditChainHead.id, HEAD_ID));
    return { id: fields.id, seq: fields.seq, hash, prevHash: fields.prevHash, createdAt };
  });
}

/** The actor fields for an entry recorded while handling a request (signed-in principal, client IP, user agent, request id). */
export function auditActorFromRequest(request: FastifyRequest, fallback?: { actor: string; userId?: string | null; actorRole?: string | null }): AuditActor {
  const p = request.principal;
  const userAgent = request.headers['user-agent'];
  return {
    actor: p?.email ?? fallback?.actor ?? 'anonymous',
    userId: p?.userId ?? fallback?.userId ?? null,
    actorRole: p?.role ?? fallback?.actorRole ?? null,
    ipAddress: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    requestId: request.id,
  };
}
