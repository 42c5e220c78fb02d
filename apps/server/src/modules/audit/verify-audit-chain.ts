import type { Db } from '@sentia/db/create-db';
import { auditChainHead, auditLogs } from '@sentia/db/schema';
import { asc, count, eq, gt, isNull } from 'drizzle-orm';
import { GENESIS_HASH, auditEntryHash } from './audit-hash.ts';

/** Why verification stopped at an entry. */
export type AuditBreakReason =
  /** The stored fields no longer hash to the stored hash: the row was edited. */
  | 'hash-mismatch'
  /** The entry does not point at the previous entry's hash: an entry was removed, inserted or rewritten before it. */
  | 'prev-hash-mismatch'
  /** A sequence number is missing. */
  | 'sequence-gap'
  /** A row without a chain position, written around recordAudit. */
  | 'unchained-entry'
  /** The chain head does not name the last entry: entries were cut off the end (or the head was edited). */
  | 'head-mismatch';

export interface AuditChainReport {
  intact: boolean;
  /** Entries whose hash was recomputed. */
  checked: number;
  lastSeq: number;
  lastHash: string;
  firstBroken: { seq: number | null; id: string | null; reason: AuditBreakReason; detail: string } | null;
  verifiedAt: string;
  ms: number;
}

const BATCH = 2_000;

/**
 * Recomputes the whole audit hash chain in sequence order and reports whether it is intact, or the first entry
 * where it breaks. Reads in keyset-paged batches, so memory stays flat however long the log grows.
 */
export async function verifyAuditChain(db: Db): Promise<AuditChainReport> {
  const started = performance.now();
  const finish = (r: Omit<AuditChainReport, 'verifiedAt' | 'ms'>): AuditChainReport => ({ ...r, verifiedAt: new Date().toISOString(), ms: Math.round(performance.now() - started) });

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLogs).where(gt(auditLogs.seq, expectedSeq - 1)).orderBy(asc(auditLogs.seq)).limit(BATCH);
    for (const row of rows) {
      const seq = row.seq as number;
      const broken = (reason: AuditBreakReason, detail: string) => finish({ intact: false, checked, lastSeq: expectedSeq - 1, lastHash: prevHash, firstBroken: { seq, id: row.id, reason, detail } });
      if (seq !== expectedSeq) return broken('sequence-gap', `expected entry ${expectedSeq}, found ${seq}`);
      if (row.prevHash !== prevHash) return broken('prev-hash-mismatch', `entry ${seq} points at ${row.prevHash ?? 'nothing'}, the previous entry's hash is ${prevHash}`);
      const recomputed = auditEntryHash({ ...row, seq, prevHash: row.prevHash });
      if (recomputed !== row.hash) return broken('hash-mismatch', `entry ${seq} hashes to ${recomputed}, stored ${row.hash ?? 'nothing'}`);
      checked += 1;
      prevHash = recomputed;
      expectedSeq += 1;
    }
    if (rows.length < BATCH) break;
  }

  const lastSeq = expectedSeq - 1;
  const [unchained] = await db.select({ id: auditLogs.id }).from(auditLogs).where(isNull(auditLogs.seq)).orderBy(asc(auditLogs.createdAt)).limit(1);
  if (unchained) {
    const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(auditLogs).where(isNull(auditLogs.seq));
    return finish({ intact: false, checked, lastSeq, lastHash: prevHash, firstBroken: { seq: null, id: unchained.id, reason: 'unchained-entry', detail: `${n} entr${n === 1 ? 'y has' : 'ies have'} no chain position` } });
  }

  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== lastSeq || headHash !== prevHash) {
    return finish({
      intact: false,
      checked,
      lastSeq,
      lastHash: prevHash,
      firstBroken: { seq: lastSeq + 1, id: null, reason: 'head-mismatch', detail: `the chain head names entry ${headSeq} (${headHash}); the log ends at entry ${lastSeq} (${prevHash})` },
    });
  }
  return finish({ intact: true, checked, lastSeq, lastHash: prevHash, firstBroken: null });
}
