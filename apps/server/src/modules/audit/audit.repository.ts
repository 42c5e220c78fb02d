import type { AuditEntryView, AuditQuery } from '@sentia/contracts/audit';
import type { Db } from '@sentia/db/create-db';
import { auditLogs } from '@sentia/db/schema';
import { type SQL, and, desc, eq, gte, ilike, lt, lte } from 'drizzle-orm';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filters(q: Omit<AuditQuery, 'limit'>): SQL | undefined {
  const where: SQL[] = [];
  if (q.actor) where.push(ilike(auditLogs.actor, `%${escapeLike(q.actor)}%`));
  if (q.userId) where.push(eq(auditLogs.userId, q.userId));
  if (q.action) where.push(q.action.endsWith('*') ? ilike(auditLogs.actionType, `${escapeLike(q.action.slice(0, -1))}%`) : eq(auditLogs.actionType, q.action));
  if (q.entityType) where.push(eq(auditLogs.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLogs.entityId, q.entityId));
  if (q.requestId) where.push(eq(auditLogs.requestId, q.requestId));
  if (q.from) where.push(gte(auditLogs.createdAt, new Date(q.from)));
  if (q.to) where.push(lte(auditLogs.createdAt, new Date(q.to)));
  if (q.before) where.push(lt(auditLogs.seq, q.before));
  return where.length > 0 ? and(...where) : undefined;
}

type AuditRow = typeof auditLogs.$inferSelect;
const toView = (r: AuditRow): AuditEntryView => ({
  id: r.id,
  seq: r.seq,
  createdAt: r.createdAt.toISOString(),
  userId: r.userId,
  actor: r.actor,
  actorRole: r.actorRole,
  action: r.actionType,
  entityType: r.entityType,
  entityId: r.entityId,
  before: r.oldValues,
  after: r.newValues,
  ipAddress: r.ipAddress,
  userAgent: r.userAgent,
  requestId: r.requestId,
  hash: r.hash,
  prevHash: r.prevHash,
});

/** Newest-first page of audit entries matching the filters; `nextBefore` continues the listing. */
export async function searchAuditLog(db: Db, q: AuditQuery): Promise<{ items: AuditEntryView[]; nextBefore: number | null }> {
  const rows = await db.select().from(auditLogs).where(filters(q)).orderBy(desc(auditLogs.seq)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(toView), nextBefore: rows.length > q.limit && last?.seq ? last.seq : null };
}

/** Every matching entry, newest first, in batches (for exports); stops after `max` rows. */
export async function* streamAuditLog(db: Db, q: Omit<AuditQuery, 'limit' | 'before'>, max: number): AsyncGenerator<AuditEntryView> {
  let before: number | undefined;
  let sent = 0;
  for (;;) {
    const { items, nextBefore } = await searchAuditLog(db, { ...q, before, limit: 500 });
    for (const item of items) {
      if (sent >= max) return;
      sent += 1;
      yield item;
    }
    if (nextBefore === null) return;
    before = nextBefore;
  }
}
