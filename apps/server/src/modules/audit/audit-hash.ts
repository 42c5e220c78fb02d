import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** The previous-hash of the first entry in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the canonical form below; bump it (and keep the old one for verification) if the fields change. */
export const AUDIT_HASH_VERSION = 1;

/** The stored fields an audit entry's hash covers. */
export interface HashedAuditFields {
  seq: number;
  prevHash: string;
  id: string;
  createdAt: Date;
  userId: string | null;
  actor: string;
  actorRole: string | null;
  actionType: string;
  entityType: string;
  entityId: string | null;
  oldValues: unknown;
  newValues: unknown;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** SHA-256 (hex) over the canonical JSON of every stored field of the entry, including the previous entry's hash. */
export function auditEntryHash(e: HashedAuditFields): string {
  const canonical = canonicalJson({
    v: AUDIT_HASH_VERSION,
    seq: e.seq,
    prevHash: e.prevHash,
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    userId: e.userId,
    actor: e.actor,
    actorRole: e.actorRole,
    actionType: e.actionType,
    entityType: e.entityType,
    entityId: e.entityId,
    oldValues: e.oldValues ?? null,
    newValues: e.newValues ?? null,
    ipAddress: e.ipAddress,
    userAgent: e.userAgent,
    requestId: e.requestId,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
