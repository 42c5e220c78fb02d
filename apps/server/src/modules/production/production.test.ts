import type { DbHandle } from '@sentia/db/create-db';
import { alerts, auditLogs, domainEvents, downtimeEvents, equipment, outputCounts, productionOrders, products, qualityChecks, shifts, workCentres } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { productionModule } from './production.routes.ts';

/*
 * A world small enough to work by hand; "now" is Monday 2 March 2026, 12:00 UTC.
 *
 * Line T-BOT, ideal 60 bottles/h (1 min a bottle): filler FILL-T (60/h, the bottleneck) and capper CAP-T (120/h).
 * Shifts EARLY 06–14 and LATE 14–22 on Mon 2 and Tue 3 March.
 * T-PO-1 (completed): 480 run minutes in EARLY on FILL-T, 300 good, 10 scrap, 20 rework (330 made); against it a
 *   40-min planned CHANGEOVER (06:00–06:40) and a 60-min unplanned JAM (10:00–11:00).
 *   → planned production 480 − 40 = 440, run 440 − 60 = 380, ideal 330 min:
 *     A = 380/440 = 0.8636, P = 330/380 = 0.8684, Q = 300/330 = 0.9091, OEE = 300/440 = 0.6818 (warning: < 85 %, > 65 %).
 * A 30-min STEAM_SUPPLY stop on T-BOT not against an order: not an OEE loss, but in the Pareto (JAM 60, STEAM 30).
 * First inspections of 100 (5 defective) and 50 (0) → FPY 145/150 = 0.9667; a re-inspection is ignored.
 * T-PO-2 released (500 bottles, due 3 Mar 14:00, priority 2); T-PO-3 planned (240 bottles, due 3 Mar 10:00, priority 1).
 */
const NOW = new Date('2026-03-02T12:00:00Z');
let ids: Record<string, string> = {};

async function seedWorld(handle: DbHandle): Promise<void> {
  const db = handle.db;
  await db.insert(products).values([
    { sku: 'T-A', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2020-01-01' },
    { sku: 'T-B', name: 'Test vodka', category: 'VODKA', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2020-01-01' },
  ]);
  await db.insert(workCentres).values({ code: 'T-BOT', name: 'Test bottling', kind: 'BOTTLING', ratePerHour: '60', unitOfMeasure: 'bottle' });
  const [fill] = await db.insert(equipment).values([
    { code: 'FILL-T', workCentreCode: 'T-BOT', name: 'Filler', idealRatePerHour: '60', commissionedOn: '2020-01-01' },
    { code: 'CAP-T', workCentreCode: 'T-BOT', name: 'Capper', idealRatePerHour: '120', commissionedOn: '2020-01-01' },
  ]).returning();
  const shiftRows = await db
    .insert(shifts)
    .values(
      ['2026-03-02', '2026-03-03'].flatMap((d) => [
        { workCentreCode: 'T-BOT', shiftDate: d, shiftName: 'EARLY', startsAt: new Date(`${d}T06:00:00Z`), endsAt: new Date(`${d}T14:00:00Z`), plannedMinutes: 480, crewSize: 3 },
        { workCentreCode: 'T-BOT', shiftDate: d, shiftName: 'LATE', startsAt: new Date(`${d}T14:00:00Z`), endsAt: new Date(`${d}T22:00:00Z`), plannedMinutes: 480, crewSize: 3 },
      ]),
    )
    .returning();
  const po = (orderNumber: string, sku: string, quantityPlanned: number, status: 'PLANNED' | 'RELEASED' | 'COMPLETED', start: string, end: string, priority: number) => ({
    orderNumber, sku, workCentreCode: 'T-BOT', quantityPlanned, status, priority, scheduledStart: new Date(start), scheduledEnd: new Date(end),
  });
  const [p1, p2, p3] = await db
    .insert(productionOrders)
    .values([
      po('T-PO-1', 'T-A', 330, 'COMPLETED', '2026-03-02T06:00:00Z', '2026-03-02T14:00:00Z', 5),
      po('T-PO-2', 'T-A', 500, 'RELEASED', '2026-03-02T14:00:00Z', '2026-03-03T14:00:00Z', 2),
      po('T-PO-3', 'T-B', 240, 'PLANNED', '2026-03-03T06:00:00Z', '2026-03-03T10:00:00Z', 1),
    ])
    .returning();
  ids = { p1: p1!.id, p2: p2!.id, p3: p3!.id };
  await db.insert(outputCounts).values({ productionOrderId: p1!.id, shiftId: shiftRows[0]!.id, equipmentId: fill!.id, recordedAt: new Date('2026-03-02T13:00:00Z'), runMinutes: 480, goodUnits: 300, scrapUnits: 10, reworkUnits: 20 });
  await db.insert(downtimeEvents).values([
    { workCentreCode: 'T-BOT', equipmentId: fill!.id, productionOrderId: p1!.id, kind: 'PLANNED', reasonCode: 'CHANGEOVER', startedAt: new Date('2026-03-02T06:00:00Z'), endedAt: new Date('2026-03-02T06:40:00Z') },
    { workCentreCode: 'T-BOT', equipmentId: fill!.id, productionOrderId: p1!.id, kind: 'UNPLANNED', reasonCode: 'JAM', startedAt: new Date('2026-03-02T10:00:00Z'), endedAt: new Date('2026-03-02T11:00:00Z') },
    { workCentreCode: 'T-BOT', kind: 'UNPLANNED', reasonCode: 'STEAM_SUPPLY', startedAt: new Date('2026-03-02T07:00:00Z'), endedAt: new Date('2026-03-02T07:30:00Z') },
  ]);
  await db.insert(qualityChecks).values([
    { productionOrderId: p1!.id, checkedAt: new Date('2026-03-02T08:00:00Z'), checkType: 'FILL', result: 'REWORK', isFirstPass: true, sampleSize: 100, defects: 5, inspector: 'qa' },
    { productionOrderId: p1!.id, checkedAt: new Date('2026-03-02T09:00:00Z'), checkType: 'LABEL', result: 'PASS', isFirstPass: true, sampleSize: 50, defects: 0, inspector: 'qa' },
    { productionOrderId: p1!.id, checkedAt: new Date('2026-03-02T09:30:00Z'), checkType: 'FILL', result: 'PASS', isFirstPass: false, sampleSize: 100, defects: 50, inspector: 'qa' },
  ]);
}

type Role = 'ADMIN' | 'MANAGER' | 'VIEWER' | 'OPERATOR';
let t: TestApp;
let bus: EventBus | undefined;
const cookies: Partial<Record<Role, string>> = {};
beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      await seedWorld(db);
      bus = await createEventBus({ db: db.db });
    },
    modules: [productionModule({ now: () => NOW, events: () => bus })],
  });
  for (const role of ['ADMIN', 'MANAGER', 'VIEWER', 'OPERATOR'] as const) cookies[role] = await signIn(t.app, role);
});
afterAll(async () => {
  await bus?.close();
  await t?.close();
});

const get = (url: string, role: Role = 'OPERATOR') => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role]! } });
const post = (url: string, payload: unknown, role: Role = 'OPERATOR') => t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[role]! } });

describe('GET /api/production/oee', () => {
  it('when asked for the day, then A, P, Q, OEE and FPY match the hand-worked figures by line, equipment, shift and day', async () => {
    const res = await get('/api/production/oee?from=2026-03-02&to=2026-03-02', 'MANAGER');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const expected = { plannedProductionMinutes: 440, runMinutes: 380, plannedDowntimeMinutes: 40, unplannedDowntimeMinutes: 60, totalCount: 330, goodCount: 300, availability: 0.8636, performance: 0.8684, quality: 0.9091, oee: 0.6818, status: 'warning' };
    expect(body.overall).toMatchObject({ ...expected, firstPassYield: 0.9667 });
    expect(body.byLine).toEqual([expect.objectContaining({ line: 'T-BOT', ...expected, firstPassYield: 0.9667 })]);
    expect(body.byEquipment).toEqual([expect.objectContaining({ line: 'T-BOT', equipment: 'FILL-T', oee: 0.6818, firstPassYield: null })]);
    expect(body.byShift).toEqual([expect.objectContaining({ shift: 'EARLY', oee: 0.6818 })]);
    expect(body.byDay).toEqual([expect.objectContaining({ date: '2026-03-02', oee: 0.6818 })]);
    expect(body.pareto.map((b: { reason: string; minutes: number }) => [b.reason, b.minutes])).toEqual([['JAM', 60], ['STEAM_SUPPLY', 30]]);
  });

  it('when today\u2019s OEE is below 85 %, then one alert is stored and raised, however often it is asked', async () => {
    await get('/api/production/oee?from=2026-03-02&to=2026-03-02');
    const stored = await t.db.db.select().from(alerts).where(eq(alerts.kind, 'oee_below_target'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ severity: 'WARNING', entityId: 'T-BOT', dedupeKey: 'oee:T-BOT:2026-03-02:warning' });
    const raised = await t.db.db.select().from(domainEvents).where(eq(domainEvents.type, 'alert.raised'));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.data).toMatchObject({ alertId: stored[0]!.id, severity: 'medium', source: 'production' });
    const list = await get('/api/production/alerts');
    expect(list.json().alerts).toEqual([expect.objectContaining({ id: stored[0]!.id, line: 'T-BOT', date: '2026-03-02' })]);
  });

  it('when a VIEWER asks for any production route, then 403', async () => {
    for (const url of ['/api/production/oee?from=2026-03-02&to=2026-03-02', '/api/production/orders', '/api/production/schedule', '/api/production/alerts']) {
      expect((await get(url, 'VIEWER')).statusCode).toBe(403);
    }
    expect((await post(`/api/production/orders/${ids.p2}/transitions`, { action: 'start' }, 'VIEWER')).statusCode).toBe(403);
  });

  it('when the range is reversed or the line unknown, then 400 naming the field', async () => {
    const reversed = await get('/api/production/oee?from=2026-03-03&to=2026-03-02');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors[0].field).toBe('to');
    const unknown = await get('/api/production/oee?from=2026-03-02&to=2026-03-02&line=NOPE');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('line');
  });
});

describe('production order workflow', () => {
  it('when an OPERATOR releases or cancels, then 403; when a MANAGER starts a planned order, then 409 problem+json', async () => {
    expect((await post(`/api/production/orders/${ids.p3}/transitions`, { action: 'release' })).statusCode).toBe(403);
    expect((await post(`/api/production/orders/${ids.p3}/transitions`, { action: 'cancel', reason: 'no' })).statusCode).toBe(403);
    const res = await post(`/api/production/orders/${ids.p3}/transitions`, { action: 'start' }, 'MANAGER');
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 409, errors: [{ field: 'status' }] });
  });

  it('when an OPERATOR starts, records output and a passing check, then completes, then each step is audited and the order ends completed', async () => {
    const started = await post(`/api/production/orders/${ids.p2}/transitions`, { action: 'start' });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: 'IN_PROGRESS', actualStart: NOW.toISOString(), nextActions: ['complete', 'cancel'] });
    expect((await post(`/api/production/orders/${ids.p2}/transitions`, { action: 'start' })).statusCode).toBe(409);

    const early = await post(`/api/production/orders/${ids.p2}/transitions`, { action: 'complete' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('goodQuantity');

    const output = await post(`/api/production/orders/${ids.p2}/output`, { goodUnits: 90, totalUnits: 100, reworkUnits: 4, runMinutes: 120 });
    expect(output.statusCode).toBe(201);
    expect(output.json()).toMatchObject({ goodUnits: 90, scrapUnits: 6, reworkUnits: 4, runMinutes: 120 });
    const [row] = await t.db.db.select().from(outputCounts).where(eq(outputCounts.productionOrderId, ids.p2!));
    expect(row?.shiftId).not.toBeNull();
    expect(row?.equipmentId).not.toBeNull();

    const noCheck = await post(`/api/production/orders/${ids.p2}/transitions`, { action: 'complete' });
    expect(noCheck.json().errors[0].field).toBe('qualityChecks');
    const check = await post(`/api/production/orders/${ids.p2}/quality-checks`, { checkType: 'FILL', result: 'PASS', sampleSize: 20 });
    expect(check.statusCode).toBe(201);
    expect(check.json().qualityChecks).toEqual([expect.objectContaining({ checkType: 'FILL', result: 'PASS', isFirstPass: true })]);

    const done = await post(`/api/production/orders/${ids.p2}/transitions`, { action: 'complete' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'COMPLETED', actualEnd: NOW.toISOString(), nextActions: [] });
    const audit = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, ids.p2!));
    expect(audit.map((a) => a.actionType).sort()).toEqual(['production_order.complete', 'production_order.record_output', 'production_order.record_quality_check', 'production_order.start'].sort());
    expect(audit.find((a) => a.actionType === 'production_order.start')).toMatchObject({ actorRole: 'OPERATOR', oldValues: { status: 'RELEASED' }, newValues: { status: 'IN_PROGRESS' } });
  });

  it('when output is negative, inconsistent or on an order not in progress, then 4xx naming the field and nothing is written', async () => {
    const before = (await t.db.db.select().from(outputCounts)).length;
    const negative = await post(`/api/production/orders/${ids.p2}/output`, { goodUnits: -1, totalUnits: 10, runMinutes: 10 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('goodUnits');
    const inconsistent = await post(`/api/production/orders/${ids.p2}/output`, { goodUnits: 10, totalUnits: 5, runMinutes: 10 });
    expect(inconsistent.statusCode).toBe(400);
    expect(inconsistent.json().errors[0].field).toBe('totalUnits');
    const completed = await post(`/api/production/orders/${ids.p2}/output`, { goodUnits: 10, totalUnits: 10, runMinutes: 10 });
    expect(completed.statusCode).toBe(409);
    const missing = await post('/api/production/orders/00000000-0000-4000-8000-000000000000/output', { goodUnits: 10, totalUnits: 10, runMinutes: 10 });
    expect(missing.statusCode).toBe(404);
    expect((await t.db.db.select().from(outputCounts)).length).toBe(before);
  });
});

describe('POST /api/production/downtime', () => {
  const stop = { line: 'T-BOT', kind: 'UNPLANNED', reasonCode: 'Filler fault', startedAt: '2026-03-02T11:00:00Z', endedAt: '2026-03-02T11:20:00Z' };

  it('when the line is unknown, the end is before the start or the order not started, then 4xx naming the field and nothing is written', async () => {
    const before = (await t.db.db.select().from(downtimeEvents)).length;
    const unknown = await post('/api/production/downtime', { ...stop, line: 'NOPE' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('line');
    const backwards = await post('/api/production/downtime', { ...stop, endedAt: '2026-03-02T10:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endedAt');
    const notStarted = await post('/api/production/downtime', { ...stop, productionOrderId: ids.p3 });
    expect(notStarted.statusCode).toBe(409);
    expect((await t.db.db.select().from(downtimeEvents)).length).toBe(before);
  });

  it('when an OPERATOR records a stop against a started order, then it is stored on the bottleneck and counts in OEE and the Pareto', async () => {
    const res = await post('/api/production/downtime', { ...stop, productionOrderId: ids.p1 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ line: 'T-BOT', reasonCode: 'FILLER_FAULT', minutes: 20 });
    const oee = (await get('/api/production/oee?from=2026-03-02&to=2026-03-02')).json();
    // T-PO-1's EARLY record now has 80 unplanned minutes.
    expect(oee.byShift.find((s: { shift: string }) => s.shift === 'EARLY')).toMatchObject({ unplannedDowntimeMinutes: 80 });
    expect(oee.pareto.map((b: { reason: string }) => b.reason)).toContain('FILLER_FAULT');
  });
});

describe('downtime across the end of a shift', () => {
  it('when a stop runs past the last shift of the day, then the minutes after the shift still count, off shift, in OEE and the Pareto', async () => {
    const day = '/api/production/oee?from=2026-03-03&to=2026-03-03';
    const before = (await get(day, 'MANAGER')).json();
    // the LATE shift of 3 March ends at 22:00 and no shift follows: 10 minutes in it, 10 after it
    await t.db.db.insert(downtimeEvents).values({ workCentreCode: 'T-BOT', productionOrderId: ids.p2, kind: 'UNPLANNED', reasonCode: 'LABEL_REEL', startedAt: new Date('2026-03-03T21:50:00Z'), endedAt: new Date('2026-03-03T22:10:00Z') });
    const after = (await get(day, 'MANAGER')).json();
    expect(after.overall.unplannedDowntimeMinutes - before.overall.unplannedDowntimeMinutes).toBeCloseTo(20, 6);
    expect(after.pareto.find((b: { reason: string }) => b.reason === 'LABEL_REEL')).toMatchObject({ minutes: 20 });
    const late = (r: { byShift: Array<{ shift: string; unplannedDowntimeMinutes: number }> }) => r.byShift.find((s) => s.shift === 'LATE')?.unplannedDowntimeMinutes ?? 0;
    expect(late(after) - late(before)).toBeCloseTo(10, 6);
  });
});

describe('POST /api/production/schedule/runs', () => {
  it('when open orders are re-planned, then they follow the shift calendar without overlaps, urgent first, with utilisation by day', async () => {
    const res = await post('/api/production/schedule/runs', { startAt: '2026-03-03T06:00:00Z', horizonDays: 7 }, 'MANAGER');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    // Only T-PO-3 is still open (T-PO-2 was completed above): 240 bottles at 60/h = 240 min from 06:00; no routing, so one step on its line.
    expect(body.operations).toEqual([expect.objectContaining({ orderNumber: 'T-PO-3', workCentre: 'T-BOT', step: 1, stepCount: 1, start: '2026-03-03T06:00:00.000Z', end: '2026-03-03T10:00:00.000Z', isLate: false })]);
    expect(body.workCentres[0].calendar).toContain('EARLY 06:00–14:00');
    expect(body.utilisation.find((u: { date: string }) => u.date === '2026-03-03')).toMatchObject({ workCentre: 'T-BOT', capacityMinutes: 960, loadedMinutes: 240, utilisation: 0.25 });
  });
});

describe('POST /api/production/orders', () => {
  const body = { sku: 'T-B', line: 'T-BOT', quantity: 120, dueAt: '2026-03-04T14:00:00Z', priority: 2 };

  it('when an OPERATOR plans an order, then 403; when a MANAGER names an unknown SKU or line, then 400 naming the field', async () => {
    expect((await post('/api/production/orders', body)).statusCode).toBe(403);
    const sku = await post('/api/production/orders', { ...body, sku: 'NOPE' }, 'MANAGER');
    expect(sku.statusCode).toBe(400);
    expect(sku.json().errors[0].field).toBe('sku');
    const qty = await post('/api/production/orders', { ...body, quantity: -5 }, 'MANAGER');
    expect(qty.statusCode).toBe(400);
    expect(qty.json().errors[0].field).toBe('quantity');
  });

  it('when a MANAGER plans an order, then it is numbered, planned, audited and releasable', async () => {
    const res = await post('/api/production/orders', body, 'MANAGER');
    expect(res.statusCode).toBe(201);
    // 120 bottles at 60/h: a provisional two-hour slot ending at the due time.
    expect(res.json()).toMatchObject({ orderNumber: 'MO-2026-00001', status: 'PLANNED', priority: 2, scheduledStart: '2026-03-04T12:00:00.000Z', scheduledEnd: '2026-03-04T14:00:00.000Z', nextActions: ['release', 'cancel'] });
    const released = await post(`/api/production/orders/${res.json().id}/transitions`, { action: 'release' }, 'MANAGER');
    expect(released.json()).toMatchObject({ status: 'RELEASED' });
    const audit = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, res.json().id));
    expect(audit.map((a) => a.actionType).sort()).toEqual(['production_order.create', 'production_order.release']);
  });
});
