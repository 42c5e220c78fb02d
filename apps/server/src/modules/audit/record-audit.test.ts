import type { DbHandle } from '@sentia/db/create-db';
import { auditChainHead, auditLogs } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditEntryHash } from './audit-hash.ts';
import { recordAudit } from './record-audit.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

let h: DbHandle;
beforeEach(async () => {
  h = await createTestDb();
});
afterEach(async () => h?.close());

const entry = (i: number) => ({
  actor: 'ada@test.sentia.local',
  userId: '00000000-0000-4000-8000-000000000001',
  actorRole: 'ADMIN',
  action: 'product.update',
  entityType: 'product',
  entityId: `SKU-${i}`,
  before: { price: '10.00', tags: ['a'] },
  after: { price: `${10 + i}.00`, tags: ['a', 'b'], at: new Date(Date.UTC(2026, 0, 1)) },
  ipAddress: '203.0.113.7',
  userAgent: 'vitest',
  requestId: `req-${i}`,
});

/** Runs statements as the superuser with triggers off, the way an attacker with database access would. */
const asSuperuserBypassingTriggers = (statement: ReturnType<typeof sql>) =>
  h.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });

describe('recordAudit', () => {
  it('when entries are appended, then each links to the previous hash with consecutive sequence numbers and the chain verifies', async () => {
    const a = await recordAudit(h.db, entry(1));
    const b = await recordAudit(h.db, entry(2));
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    const rows = await h.db.select().from(auditLogs).orderBy(asc(auditLogs.seq));
    expect(rows.map((r) => [r.seq, r.actorRole, r.actionType, r.requestId])).toEqual([
      [1, 'ADMIN', 'product.update', 'req-1'],
      [2, 'ADMIN', 'product.update', 'req-2'],
    ]);
    expect(rows[0]?.newValues).toEqual({ price: '11.00', tags: ['a', 'b'], at: '2026-01-01T00:00:00.000Z' });
    const [head] = await h.db.select().from(auditChainHead);
    expect(head).toMatchObject({ seq: 2, hash: b.hash });
    expect(await verifyAuditChain(h.db)).toMatchObject({ intact: true, checked: 2, lastSeq: 2, lastHash: b.hash, firstBroken: null });
  });

  it('when the log is empty, then verification reports an intact chain of zero entries', async () => {
    expect(await verifyAuditChain(h.db)).toMatchObject({ intact: true, checked: 0, lastSeq: 0, lastHash: GENESIS_HASH });
  });

  it('when the surrounding transaction rolls back, then the entry and the head advance roll back with it', async () => {
    await recordAudit(h.db, entry(1));
    await expect(
      h.db.transaction(async (tx) => {
        await recordAudit(tx, entry(2));
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    const next = await recordAudit(h.db, entry(3));
    expect(next.seq).toBe(2);
    expect((await verifyAuditChain(h.db)).intact).toBe(true);
  });

  it('when 25 writers append concurrently, then the chain does not fork: sequence 1..25, one entry each, intact', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(h.db, entry(i))));
    expect(results.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await verifyAuditChain(h.db)).toMatchObject({ intact: true, checked: 25 });
  });

  it('when the application updates, deletes or truncates an entry, then the database refuses', async () => {
    await recordAudit(h.db, entry(1));
    const causeOf = async (p: PromiseLike<unknown>) => {
      try {
        await p;
        return 'no error';
      } catch (error) {
        const e = error as { cause?: { message?: string }; message: string };
        return e.cause?.message ?? e.message;
      }
    };
    expect(await causeOf(h.db.update(auditLogs).set({ actor: 'mallory' }))).toMatch(/append-only: UPDATE/);
    expect(await causeOf(h.db.delete(auditLogs))).toMatch(/append-only: DELETE/);
    expect(await causeOf(h.db.update(auditChainHead).set({ seq: 0, hash: GENESIS_HASH }))).toMatch(/may only advance/);
    expect(await causeOf(h.db.delete(auditChainHead))).toMatch(/cannot be deleted/);
    expect((await verifyAuditChain(h.db)).intact).toBe(true);
  });
});

describe('verifyAuditChain on a tampered log', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 5; i += 1) await recordAudit(h.db, entry(i));
  });

  it('when a superuser edits an entry directly in the database, then verification names that entry as a hash mismatch', async () => {
    await asSuperuserBypassingTriggers(sql`update audit_logs set new_values = '{"price":"0.01"}'::jsonb where seq = 3`);
    const report = await verifyAuditChain(h.db);
    expect(report.intact).toBe(false);
    expect(report.checked).toBe(2);
    expect(report.firstBroken).toMatchObject({ seq: 3, reason: 'hash-mismatch' });
  });

  it('when the edited entry is given a correctly recomputed hash, then the next entry no longer links to it', async () => {
    const [row] = await h.db.select().from(auditLogs).where(eq(auditLogs.seq, 2));
    const forged = auditEntryHash({ ...row!, seq: 2, prevHash: row!.prevHash!, actor: 'mallory' });
    await asSuperuserBypassingTriggers(sql`update audit_logs set actor = 'mallory', hash = ${forged} where seq = 2`);
    const report = await verifyAuditChain(h.db);
    expect(report.checked).toBe(2);
    expect(report.firstBroken).toMatchObject({ seq: 3, reason: 'prev-hash-mismatch' });
  });

  it('when an entry in the middle is deleted, then verification reports the gap', async () => {
    await asSuperuserBypassingTriggers(sql`delete from audit_logs where seq = 4`);
    expect((await verifyAuditChain(h.db)).firstBroken).toMatchObject({ seq: 5, reason: 'sequence-gap' });
  });

  it('when the last entries are cut off, then the head no longer matches', async () => {
    await asSuperuserBypassingTriggers(sql`delete from audit_logs where seq >= 4`);
    expect((await verifyAuditChain(h.db)).firstBroken).toMatchObject({ seq: 4, reason: 'head-mismatch' });
  });

  it('when a row is inserted around recordAudit, then it is reported as unchained', async () => {
    await h.db.insert(auditLogs).values({ actor: 'mallory', actionType: 'user.update', entityType: 'user' });
    const report = await verifyAuditChain(h.db);
    expect(report.firstBroken).toMatchObject({ seq: null, reason: 'unchained-entry' });
    const [row] = await h.db.select({ id: auditLogs.id }).from(auditLogs).where(eq(auditLogs.actor, 'mallory'));
    expect(report.firstBroken?.id).toBe(row?.id);
  });
});
