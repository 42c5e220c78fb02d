import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, productionOrders, productionScheduleOperations, productionScheduleRuns, productRoutings, products, shifts, workCentres } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { productionModule } from './production.routes.ts';
import { createReplanScheduleJob } from './replan-schedule.job.ts';

/*
 * Multi-step routings, stored schedules. "Now" is Monday 2 March 2026, 06:00 UTC; every centre works 06:00–14:00 Mon–Fri.
 * Routing of S-GIN and S-RUM: 1 Blend on S-BLEND (120/h, 20 min set-up) → 2 Fill on S-BOT (60/h, 60 min rest after
 * blending) → 3 Pack on S-PACK (120/h, 30 min transfer). S-BLEND changes over in 30 min, S-BOT 40, S-PACK 0.
 * O1 S-GIN ×120 on S-BOT, released, priority 1, due Mon 14:00. O2 S-RUM ×60 on S-BOT2 (the fill step moves to its
 * line, both are BOTTLING), planned, priority 2, due Mon 12:00. Worked by hand:
 *   O1 Blend 06:00–07:20 (20 + 60) → Fill ready 08:20, 08:20–10:20 (120) → Pack ready 10:50, 10:50–11:50 (60): on time.
 *   O2 Blend 07:20–08:40 (30 changeover + 20 + 30) → Fill ready 09:40 on S-BOT2, 09:40–10:40 → Pack ready 11:10,
 *      but S-PACK is busy until 11:50: 11:50–12:20, 20 minutes late.
 */
const NOW = new Date('2026-03-02T06:00:00Z');
const ids: Record<string, string> = {};
const queued: { name: string; payload: unknown; delayMs: number | undefined }[] = [];

async function seedWorld(handle: DbHandle): Promise<void> {
  const db = handle.db;
  await db.insert(products).values(['S-GIN', 'S-RUM'].map((sku) => ({ sku, name: sku, category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP' as const, launchDate: '2020-01-01' })));
  await db.insert(workCentres).values([
    { code: 'S-BLEND', name: 'Blending', kind: 'BLENDING', ratePerHour: '120', unitOfMeasure: 'litre', changeoverMinutes: 30 },
    { code: 'S-BOT', name: 'Bottling 1', kind: 'BOTTLING', ratePerHour: '60', unitOfMeasure: 'bottle', changeoverMinutes: 40 },
    { code: 'S-BOT2', name: 'Bottling 2', kind: 'BOTTLING', ratePerHour: '60', unitOfMeasure: 'bottle', changeoverMinutes: 40 },
    { code: 'S-PACK', name: 'Packing', kind: 'PACKING', ratePerHour: '120', unitOfMeasure: 'bottle', changeoverMinutes: 0 },
  ]);
  await db.insert(productRoutings).values(
    ['S-GIN', 'S-RUM'].flatMap((sku) => [
      { sku, step: 1, operation: 'Blend', workCentreCode: 'S-BLEND', ratePerHour: '120', setupMinutes: 20, transferMinutes: 0 },
      { sku, step: 2, operation: 'Fill', workCentreCode: 'S-BOT', ratePerHour: '60', setupMinutes: 0, transferMinutes: 60 },
      { sku, step: 3, operation: 'Pack', workCentreCode: 'S-PACK', ratePerHour: '120', setupMinutes: 0, transferMinutes: 30 },
    ]),
  );
  const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
  await db.insert(shifts).values(days.flatMap((d) => ['S-BLEND', 'S-BOT', 'S-BOT2', 'S-PACK'].map((wc) => ({ workCentreCode: wc, shiftDate: d, shiftName: 'DAY', startsAt: new Date(`${d}T06:00:00Z`), endsAt: new Date(`${d}T14:00:00Z`), plannedMinutes: 480, crewSize: 2 }))));
  const [o1, o2] = await db
    .insert(productionOrders)
    .values([
      { orderNumber: 'S-O1', sku: 'S-GIN', workCentreCode: 'S-BOT', quantityPlanned: 120, status: 'RELEASED', priority: 1, scheduledStart: new Date('2026-03-02T08:00:00Z'), scheduledEnd: new Date('2026-03-02T14:00:00Z') },
      { orderNumber: 'S-O2', sku: 'S-RUM', workCentreCode: 'S-BOT2', quantityPlanned: 60, status: 'PLANNED', priority: 2, scheduledStart: new Date('2026-03-02T10:00:00Z'), scheduledEnd: new Date('2026-03-02T12:00:00Z') },
    ])
    .returning();
  ids.o1 = o1!.id;
  ids.o2 = o2!.id;
}

type Role = 'ADMIN' | 'MANAGER' | 'VIEWER' | 'OPERATOR';
let t: TestApp;
const cookies: Partial<Record<Role, string>> = {};
beforeAll(async () => {
  t = await createTestApp({ seed: seedWorld, modules: [productionModule({ now: () => NOW, jobs: () => ({ enqueue: async (definition, payload, options) => (queued.push({ name: definition.name, payload, delayMs: options?.delayMs }), { id: `job-${queued.length}`, deduplicated: false }) }) })] });
  for (const role of ['MANAGER', 'OPERATOR'] as const) cookies[role] = await signIn(t.app, role);
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, role: Role = 'OPERATOR') => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role]! } });
const post = (url: string, payload: unknown, role: Role = 'OPERATOR') => t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[role]! } });
type Op = { orderNumber: string; step: number; stepCount: number; operation: string; workCentre: string; start: string; end: string; changeoverMinutes: number; transferMinutes: number };
const spans = (ops: Op[]) => ops.map((o) => [o.orderNumber, o.step, o.workCentre, o.start.slice(11, 16), o.end.slice(11, 16)]);
const runs = () => t.db.db.select().from(productionScheduleRuns).orderBy(productionScheduleRuns.createdAt);

describe('the stored production schedule', () => {
  let firstRunId = '';

  it('when the schedule is first read, then a run is planned over the multi-step routings, stored and published with the hand-worked times', async () => {
    const res = await get('/api/production/schedule');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'PUBLISHED', trigger: 'initial', isStale: false, lateOrders: 1, startAt: '2026-03-02T06:00:00.000Z' });
    const byOrder = [...body.operations].sort((a: Op, b: Op) => a.orderNumber.localeCompare(b.orderNumber) || a.step - b.step);
    expect(spans(byOrder)).toEqual([
      ['S-O1', 1, 'S-BLEND', '06:00', '07:20'],
      ['S-O1', 2, 'S-BOT', '08:20', '10:20'],
      ['S-O1', 3, 'S-PACK', '10:50', '11:50'],
      ['S-O2', 1, 'S-BLEND', '07:20', '08:40'],
      ['S-O2', 2, 'S-BOT2', '09:40', '10:40'],
      ['S-O2', 3, 'S-PACK', '11:50', '12:20'],
    ]);
    expect(byOrder[3]).toMatchObject({ operation: 'Blend', stepCount: 3, changeoverMinutes: 30 });
    expect(byOrder[4]).toMatchObject({ operation: 'Fill', transferMinutes: 60 });
    expect(body.orders.find((o: { orderNumber: string }) => o.orderNumber === 'S-O2')).toMatchObject({ start: '2026-03-02T07:20:00.000Z', end: '2026-03-02T12:20:00.000Z', latenessMinutes: 20, isLate: true });
    expect(body.orders.find((o: { orderNumber: string }) => o.orderNumber === 'S-O1')).toMatchObject({ isLate: false });
    expect(body.utilisation.find((u: { workCentre: string; date: string }) => u.workCentre === 'S-BLEND' && u.date === '2026-03-02')).toMatchObject({ capacityMinutes: 480, loadedMinutes: 160 });
    expect(body.changes).toMatchObject({ previousRunId: null, movedCount: 0, added: [expect.anything(), expect.anything()] });
    expect(body.workCentres.find((w: { code: string }) => w.code === 'S-PACK')).toMatchObject({ changeoverMinutes: 0, shifts: [{ name: 'DAY', start: '06:00', end: '14:00', weekdays: [1, 2, 3, 4, 5] }], closedDates: [] });
    const stored = await runs();
    expect(stored).toHaveLength(1);
    firstRunId = stored[0]!.id;
    expect(body.runId).toBe(firstRunId);
    expect(await t.db.db.select().from(productionScheduleOperations).where(eq(productionScheduleOperations.runId, firstRunId))).toHaveLength(6);
  });

  it('when it is read again, then the stored run is shown (not recomputed) and one work centre can be asked for', async () => {
    const again = await get('/api/production/schedule');
    expect(again.json().runId).toBe(firstRunId);
    expect(await runs()).toHaveLength(1);
    const pack = (await get('/api/production/schedule?line=S-PACK')).json();
    expect(pack.operations.map((o: Op) => o.workCentre)).toEqual(['S-PACK', 'S-PACK']);
    expect(pack.workCentres.map((w: { code: string }) => w.code)).toEqual(['S-PACK']);
    const unknown = await get('/api/production/schedule?line=NOPE');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('line');
  });

  it('when an OPERATOR asks to re-plan, then 403; when a MANAGER sends a bad horizon, then 400 naming it and nothing is stored', async () => {
    expect((await post('/api/production/schedule/runs', {})).statusCode).toBe(403);
    const bad = await post('/api/production/schedule/runs', { horizonDays: 0 }, 'MANAGER');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('horizonDays');
    expect(await runs()).toHaveLength(1);
  });

  it('when an order is planned or released, then the re-plan job is queued, the published run shows as stale and the job publishes a new run with what moved; a second job changes nothing', async () => {
    const planned = await post('/api/production/orders', { sku: 'S-GIN', line: 'S-BOT', quantity: 60, dueAt: '2026-03-02T10:00:00Z', priority: 1 }, 'MANAGER');
    expect(planned.statusCode).toBe(201);
    const stale = (await get('/api/production/schedule')).json();
    expect(stale).toMatchObject({ runId: firstRunId, isStale: true });
    expect(queued).toEqual([{ name: 'production.replan', payload: { reason: 'orders_changed' }, delayMs: 5000 }]);
    expect((await post(`/api/production/orders/${planned.json().id}/transitions`, { action: 'release' }, 'MANAGER')).statusCode).toBe(200);
    expect(queued.map((q) => q.name)).toEqual(['production.replan', 'production.replan']);

    const job = createReplanScheduleJob({ db: t.db.db, now: () => NOW });
    const ctx = { jobId: 'j', queue: 'production', name: job.name, attempt: 1, maxAttempts: 1, signal: new AbortController().signal, reportProgress: async () => {} };
    expect(await job.handler({ reason: 'orders_changed' }, ctx)).toMatchObject({ isNew: true });
    const body = (await get('/api/production/schedule')).json();
    expect(body).toMatchObject({ trigger: 'orders_changed', isStale: false, triggeredBy: null });
    expect(body.runId).not.toBe(firstRunId);
    // The new order (due 10:00, priority 1) blends first, so S-O1 and S-O2 finish later.
    expect(body.changes.previousRunId).toBe(firstRunId);
    expect(body.changes.added).toEqual([{ orderId: planned.json().id, orderNumber: planned.json().orderNumber }]);
    expect(body.changes.moved.map((m: { orderNumber: string }) => m.orderNumber).sort()).toEqual(['S-O1', 'S-O2']);
    expect(body.changes.moved.every((m: { shiftMinutes: number }) => m.shiftMinutes > 0)).toBe(true);
    const stored = await runs();
    expect(stored.map((r) => r.status)).toEqual(['SUPERSEDED', 'PUBLISHED']);

    expect(await job.handler({ reason: 'orders_changed' }, ctx)).toMatchObject({ isNew: false, runId: body.runId });
    expect(await runs()).toHaveLength(2);
  });

  it('when a MANAGER re-plans, then a new run is published by them and audited, and the run list shows the history newest first', async () => {
    const res = await post('/api/production/schedule/runs', { horizonDays: 30 }, 'MANAGER');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ trigger: 'manual', triggeredBy: expect.stringContaining('@'), horizonDays: 30, changes: { movedCount: 0, unchanged: 3 } });
    const audit = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, res.json().runId));
    expect(audit.map((a) => a.actionType)).toEqual(['production_schedule.published']);
    const list = (await get('/api/production/schedule/runs')).json();
    expect(list.runs.map((r: { trigger: string; status: string }) => [r.trigger, r.status])).toEqual([
      ['manual', 'PUBLISHED'],
      ['orders_changed', 'SUPERSEDED'],
      ['initial', 'SUPERSEDED'],
    ]);
  });

  it('when two managers re-plan at the same moment, then both runs are stored whole, one after the other, and exactly one is published', async () => {
    const before = (await runs()).length;
    const [a, b] = await Promise.all([post('/api/production/schedule/runs', {}, 'MANAGER'), post('/api/production/schedule/runs', {}, 'MANAGER')]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const stored = await runs();
    expect(stored).toHaveLength(before + 2);
    expect(stored.filter((r) => r.status === 'PUBLISHED')).toHaveLength(1);
    for (const run of stored.slice(-2)) expect(await t.db.db.select().from(productionScheduleOperations).where(eq(productionScheduleOperations.runId, run.id))).toHaveLength(run.operationCount);
    // The second to take the lock supersedes the first, and is the newest.
    const [first, second] = stored.slice(-2);
    expect(second).toMatchObject({ status: 'PUBLISHED', previousRunId: first!.id });
    expect(first).toMatchObject({ status: 'SUPERSEDED', previousRunId: stored[before - 1]!.id });
  });
});
