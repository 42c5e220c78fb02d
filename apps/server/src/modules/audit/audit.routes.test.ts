import { auditLogs } from '@sentia/db/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { recordAudit } from './record-audit.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, 'ADMIN');
  const base = { actorRole: 'MANAGER', ipAddress: '198.51.100.4', userAgent: 'vitest' };
  await recordAudit(t.db.db, { ...base, actor: 'maria@test.sentia.local', action: 'purchase-order.approve', entityType: 'purchase_order', entityId: 'PO-1', before: { status: 'PENDING' }, after: { status: 'APPROVED' }, requestId: 'r-1', at: new Date('2026-03-01T10:00:00Z') });
  await recordAudit(t.db.db, { ...base, actor: 'maria@test.sentia.local', action: 'purchase-order.create', entityType: 'purchase_order', entityId: 'PO-2', after: { total: '1200.50' }, requestId: 'r-2', at: new Date('2026-03-02T10:00:00Z') });
  await recordAudit(t.db.db, { ...base, actor: 'oscar@test.sentia.local', actorRole: 'OPERATOR', action: 'stock.adjust', entityType: 'inventory', entityId: 'SKU-9', before: { qty: 5 }, after: { qty: 4 }, userAgent: '=HYPERLINK("http://evil")', requestId: 'r-3', at: new Date('2026-03-03T10:00:00Z') });
});
afterAll(async () => t?.close());

describe('GET /api/admin/audit', () => {
  it('when an ADMIN searches without filters, then entries come newest first with actor, role, IP, request id and before/after', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    const seqs = items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(items.find((i: { entityId: string }) => i.entityId === 'PO-1')).toMatchObject({
      actor: 'maria@test.sentia.local', actorRole: 'MANAGER', action: 'purchase-order.approve', ipAddress: '198.51.100.4', requestId: 'r-1', before: { status: 'PENDING' }, after: { status: 'APPROVED' }, createdAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('when filtered by actor, action prefix, entity and time, then only matching entries are returned', async () => {
    const get = async (qs: string) => (await t.app.inject({ method: 'GET', url: `/api/admin/audit?${qs}`, headers: { cookie: admin } })).json().items.map((i: { entityId: string }) => i.entityId);
    expect(await get('actor=maria')).toEqual(['PO-2', 'PO-1']);
    expect(await get('action=purchase-order.*')).toEqual(['PO-2', 'PO-1']);
    expect(await get('action=stock.adjust')).toEqual(['SKU-9']);
    expect(await get('entityType=purchase_order&entityId=PO-1')).toEqual(['PO-1']);
    expect(await get(`from=${encodeURIComponent('2026-03-02T00:00:00Z')}&to=${encodeURIComponent('2026-03-02T23:59:59Z')}`)).toEqual(['PO-2']);
    expect(await get('actor=%25')).toEqual([]);
  });

  it('when paging with limit, then nextBefore continues exactly where the page ended', async () => {
    const first = (await t.app.inject({ method: 'GET', url: '/api/admin/audit?actor=maria&limit=1', headers: { cookie: admin } })).json();
    expect(first.items.map((i: { entityId: string }) => i.entityId)).toEqual(['PO-2']);
    expect(first.nextBefore).toBe(first.items[0].seq);
    const second = (await t.app.inject({ method: 'GET', url: `/api/admin/audit?actor=maria&limit=1&before=${first.nextBefore}`, headers: { cookie: admin } })).json();
    expect(second.items.map((i: { entityId: string }) => i.entityId)).toEqual(['PO-1']);
    expect(second.nextBefore).toBeNull();
  });

  it('when a filter is malformed, then 400 names the field', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit?from=yesterday&limit=9999', headers: { cookie: admin } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'limit']);
  });

  it('when a VIEWER or MANAGER asks, then 403 for every audit endpoint; anonymous gets 401', async () => {
    for (const role of ['VIEWER', 'MANAGER', 'OPERATOR'] as const) {
      const cookie = await signIn(t.app, role);
      for (const url of ['/api/admin/audit', '/api/admin/audit/export.csv', '/api/admin/audit/verify']) {
        expect((await t.app.inject({ method: 'GET', url, headers: { cookie } })).statusCode, `${role} ${url}`).toBe(403);
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify' })).statusCode).toBe(401);
  });
});

describe('GET /api/admin/audit/export.csv', () => {
  it('when exported, then a CSV attachment with a header, escaped fields and neutralised formulas; the export itself is audited', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit/export.csv?actor=oscar', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-\d{8}T\d{6}Z\.csv"$/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,createdAt,actor,actorRole,userId,action,entityType,entityId,before,after,ipAddress,userAgent,requestId,prevHash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',oscar@test.sentia.local,OPERATOR,,stock.adjust,inventory,SKU-9,"{""qty"":5}","{""qty"":4}",198.51.100.4,"\'=HYPERLINK(""http://evil"")",r-3,');
    const exported = await t.db.db.select().from(auditLogs).where(sql`${auditLogs.actionType} = 'audit.export'`);
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ actor: 'admin@test.sentia.local', actorRole: 'ADMIN', newValues: { filters: { actor: 'oscar' }, format: 'csv' } });
    expect(exported[0]?.requestId).toBe(res.headers['x-request-id']);
  });
});

describe('GET /api/admin/audit/verify', () => {
  it('when the chain is untouched, then intact; after a direct database edit, then the edited entry is reported', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: { cookie: admin } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ intact: true, firstBroken: null });
    expect(ok.json().checked).toBeGreaterThanOrEqual(3);

    await t.db.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_logs set new_values = '{"status":"REJECTED"}'::jsonb where entity_id = 'PO-1'`);
    });
    const [po1] = await t.db.db.select({ seq: auditLogs.seq }).from(auditLogs).where(sql`${auditLogs.entityId} = 'PO-1'`);
    const broken = (await t.app.inject({ method: 'GET', url: '/api/admin/audit/verify', headers: { cookie: admin } })).json();
    expect(broken).toMatchObject({ intact: false, firstBroken: { seq: po1?.seq, reason: 'hash-mismatch' } });
  });
});
