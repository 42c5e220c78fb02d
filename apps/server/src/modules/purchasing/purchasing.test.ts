import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, billOfMaterials, inventory, stockMovements, materialInventory, materials, productionOrders, products, purchaseOrders, sessionStepUps, supplierMaterials, suppliers, warehouses, workCentres } from '@sentia/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { inventoryModule } from '../inventory/inventory.routes.ts';
import { purchasingModule } from './purchasing.routes.ts';

/*
 * A world worked by hand; "today" is 31 March 2026. Everything in GBP.
 * One product P-1 uses one bottle (no scrap) per unit; a production order of 100 units completes every day for the
 * last 70 days, so bottle use is 100 a day, flat (σ = 0, safety stock 0). Bottles on hand: 500.
 * Supplier S-GLASS sells bottles at 0.50, MOQ 1,000, multiple 500, lead time 10 ± 0 days, terms 30 days.
 *   Net requirement over lead time + review (10 + 7 days) = 1,700 − 500 = 1,200 → multiple of 500 ≥ MOQ → 1,500.
 *   Reorder point 1,000; EOQ √(2 · 36,500 · 15 / 0.125) = 2,959.7 → 2,960; max 3,960 − position 500 = 3,460 ≥ 1,500.
 *   Line value 750.00 GBP, receipt 10 April, payment due 10 May.
 * Approval limit 1,000 GBP: 750 is a MANAGER's to approve; an order of 3,000 bottles (1,500.00) needs an ADMIN with step-up.
 */
const TODAY = new Date('2026-03-31T12:00:00Z');
let supplierId = '';

async function seedWorld(handle: DbHandle): Promise<void> {
  const db = handle.db;
  await db.insert(warehouses).values({ code: 'UK-MAIN', name: 'Main', kind: 'OWN', region: 'UK', currency: 'GBP' });
  await db.insert(products).values({ sku: 'P-1', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '8.0000', costCurrency: 'GBP', launchDate: '2020-01-01' });
  await db.insert(materials).values({ code: 'BOTTLE', name: 'Glass bottle', category: 'GLASS', unitOfMeasure: 'each', standardCost: '0.5000', currency: 'GBP' });
  await db.insert(billOfMaterials).values({ sku: 'P-1', materialCode: 'BOTTLE', quantityPerUnit: '1', scrapAllowance: '0' });
  await db.insert(materialInventory).values({ materialCode: 'BOTTLE', warehouseCode: 'UK-MAIN', quantityOnHand: '500' });
  const [s] = await db
    .insert(suppliers)
    .values({ code: 'S-GLASS', name: 'Glass Co "Ltd", Bristol', category: 'GLASS', country: 'GB', currency: 'GBP', paymentTermsDays: 30, leadTimeDays: 10, leadTimeStdDays: '0' })
    .returning();
  supplierId = s!.id;
  await db.insert(supplierMaterials).values({ supplierId, materialCode: 'BOTTLE', unitPrice: '0.5000', currency: 'GBP', moq: '1000', orderMultiple: '500', leadTimeDays: 10, leadTimeStdDays: '0' });
  // Finished goods: P-1 sells 10 a day from UK-MAIN for 400 days; 3,840 counted 401 days ago, 460 received 10 days ago,
  // 300 on hand now (for the policy simulation).
  await db.insert(inventory).values({ sku: 'P-1', warehouseCode: 'UK-MAIN', quantityOnHand: 300 });
  await db.insert(stockMovements).values([
    { occurredAt: new Date(TODAY.getTime() - 401 * 86_400_000), sku: 'P-1', warehouseCode: 'UK-MAIN', movementType: 'ADJUSTMENT' as const, quantity: 3840 },
    { occurredAt: new Date(TODAY.getTime() - 10 * 86_400_000), sku: 'P-1', warehouseCode: 'UK-MAIN', movementType: 'RECEIPT' as const, quantity: 460 },
    ...Array.from({ length: 400 }, (_, i) => ({ occurredAt: new Date(TODAY.getTime() - (i + 1) * 86_400_000), sku: 'P-1', warehouseCode: 'UK-MAIN', movementType: 'SALE' as const, quantity: -10 })),
  ]);
  await db.insert(workCentres).values({ code: 'LINE', name: 'Line', kind: 'BOTTLING', ratePerHour: '1000', unitOfMeasure: 'bottle' });
  await db.insert(productionOrders).values(
    Array.from({ length: 70 }, (_, i) => {
      const end = new Date(TODAY.getTime() - (i + 1) * 86_400_000);
      return { orderNumber: `MO-${i}`, sku: 'P-1', workCentreCode: 'LINE', quantityPlanned: 100, scheduledStart: end, scheduledEnd: end, actualStart: end, actualEnd: end, status: 'COMPLETED' as const };
    }),
  );
}

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp({
    seed: seedWorld,
    now: () => TODAY,
    modules: [inventoryModule({ now: () => TODAY, useForecasts: false }), purchasingModule({ now: () => TODAY, approvalLimitGbp: '1000', inventory: { useForecasts: false } })],
  });
  for (const role of ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'] as const) cookies[role] = await signIn(t.app, role);
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, role: keyof typeof cookies = 'MANAGER') => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role]! } });
const post = (url: string, payload: unknown, role: keyof typeof cookies = 'MANAGER') => t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[role]! } });
const createOrder = async (quantity: number) => {
  const res = await post('/api/purchasing/orders', { supplierId, lines: [{ materialCode: 'BOTTLE', quantity }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; total: string; status: string; lines: { id: string }[] };
};

describe('purchase-order proposals', () => {
  it('when bottle use is 100 a day and 500 are on hand, then one order for the supplier proposes 1,500 bottles with its cash and CCC effect', async () => {
    const res = await get('/api/purchasing/proposals');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.orders).toHaveLength(1);
    const order = body.orders[0];
    expect(order).toMatchObject({ supplierCode: 'S-GLASS', total: '750.00', totalGbp: '750.00', expectedReceiptDate: '2026-04-10', paymentDueDate: '2026-05-10', requiresAdminApproval: false });
    expect(order.lines[0]).toMatchObject({ materialCode: 'BOTTLE', netRequirement: 1200, quantity: 1500, isCapped: false, moq: 1000, orderMultiple: 500 });
    expect(Number(order.effect.endingBalanceChange)).toBeCloseTo(-750, 2);
    expect(order.effect.currency).toBe('GBP');
  });

  it('when the policy table is read, then the bottle shows EOQ 2,960, reorder point 1,000 and no safety stock', async () => {
    const res = await get('/api/inventory/policies?kind=material', 'VIEWER');
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().rows.find((r: { code: string }) => r.code === 'BOTTLE');
    expect(row).toMatchObject({ abcClass: 'A', xyzClass: 'X', averageDailyDemand: 100, economicOrderQuantity: 2960, safetyStock: 0, reorderPoint: 1000, max: 3960, daysOfCover: 5, stockoutDate: '2026-04-05', stockoutRisk: 'high' });
  });
});

describe('purchase-order workflow', () => {
  it('when a manager creates, approves, sends and receives an order, then every step is audited and stock on hand grows', async () => {
    const po = await createOrder(1500);
    expect(po).toMatchObject({ status: 'proposed', version: 1, total: '750.00' });
    let res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'send', version: 2 });
    expect(res.json()).toMatchObject({ status: 'sent', version: 3 });
    res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'receive', version: 3, lines: [{ lineId: po.lines[0]!.id, quantity: 1000 }] }, 'OPERATOR');
    expect(res.json()).toMatchObject({ status: 'partially_received', version: 4 });
    res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'receive', version: 4, lines: [{ lineId: po.lines[0]!.id, quantity: 500 }] }, 'OPERATOR');
    expect(res.json()).toMatchObject({ status: 'received', version: 5 });
    res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'close', version: 5 });
    const closed = res.json();
    expect(closed).toMatchObject({ status: 'closed', version: 6 });
    expect(closed.history.map((h: { action: string }) => h.action)).toEqual([
      'purchase_order.created',
      'purchase_order.approve',
      'purchase_order.send',
      'purchase_order.receive',
      'purchase_order.receive',
      'purchase_order.close',
    ]);
    const [stock] = await t.db.db.select().from(materialInventory).where(and(eq(materialInventory.materialCode, 'BOTTLE'), eq(materialInventory.warehouseCode, 'UK-MAIN')));
    expect(Number(stock!.quantityOnHand)).toBe(2000);
    // Put the stock back so the proposal test above stays independent of order.
    await t.db.db.update(materialInventory).set({ quantityOnHand: '500' }).where(eq(materialInventory.materialCode, 'BOTTLE'));
  });

  it('when two managers approve the same order at once, then one wins and the other gets 409 with nothing half-written', async () => {
    const po = await createOrder(1000);
    const manager2 = await signIn(t.app, 'MANAGER');
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: `/api/purchasing/orders/${po.id}/transitions`, payload: { action: 'approve', version: 1 }, headers: { cookie: cookies.MANAGER! } }),
      t.app.inject({ method: 'POST', url: `/api/purchasing/orders/${po.id}/transitions`, payload: { action: 'approve', version: 1 }, headers: { cookie: manager2 } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.headers['content-type']).toContain('application/problem+json');
    expect(loser.json().errors[0].field).toBe('version');
    const [row] = await t.db.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, po.id));
    expect(row).toMatchObject({ status: 'APPROVED', version: 2 });
    const audits = await t.db.db.select().from(auditLogs).where(and(eq(auditLogs.entityId, po.id), eq(auditLogs.actionType, 'purchase_order.approve')));
    expect(audits).toHaveLength(1);
  });

  it('when an approved order is approved again, then 409 names the status', async () => {
    const po = await createOrder(1000);
    expect((await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 1 })).statusCode).toBe(200);
    const res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 2 });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'status', message: expect.stringContaining('it is approved') }]);
  });

  it('when an order is above the limit, then a manager is forbidden and an admin without a fresh second factor must step up', async () => {
    const po = await createOrder(3000);
    expect(po.total).toBe('1500.00');
    const manager = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 1 });
    expect(manager.statusCode).toBe(403);
    expect(manager.json().errors[0].field).toBe('role');
    // Signing in with TOTP counts as a step-up; forget it to stand for a session older than 10 minutes.
    await t.db.db.delete(sessionStepUps);
    const admin = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 1 }, 'ADMIN');
    expect(admin.statusCode).toBe(401);
    expect(admin.json().code).toBe('STEP_UP_REQUIRED');
    const [row] = await t.db.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, po.id));
    expect(row).toMatchObject({ status: 'DRAFT', version: 1 });
    cookies.ADMIN = await signIn(t.app, 'ADMIN');
    const stepped = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 1 }, 'ADMIN');
    expect(stepped.statusCode, stepped.body).toBe(200);
  });

  it('when an operator or viewer tries to approve, then 403; a viewer cannot create an order', async () => {
    const po = await createOrder(1000);
    for (const role of ['OPERATOR', 'VIEWER'] as const) expect((await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'approve', version: 1 }, role)).statusCode).toBe(403);
    expect((await post('/api/purchasing/orders', { supplierId, lines: [{ materialCode: 'BOTTLE', quantity: 1 }] }, 'VIEWER')).statusCode).toBe(403);
  });

  it('when a manager rejects with a reason, then the order is rejected and the reason kept; without a reason, 400 names it', async () => {
    const po = await createOrder(1000);
    const empty = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'reject', version: 1, reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('reason');
    const res = await post(`/api/purchasing/orders/${po.id}/transitions`, { action: 'reject', version: 1, reason: 'Glass price rise next week' });
    expect(res.json()).toMatchObject({ status: 'rejected', rejectedReason: 'Glass price rise next week' });
  });
});

describe('bad input', () => {
  it('when quantities are negative or the supplier is unknown or sells no such material, then 400 names the field and nothing is stored', async () => {
    const before = (await t.db.db.select().from(purchaseOrders)).length;
    const negative = await post('/api/purchasing/orders', { supplierId, lines: [{ materialCode: 'BOTTLE', quantity: -5 }] });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('lines.0.quantity');
    const unknown = await post('/api/purchasing/orders', { supplierId: '00000000-0000-4000-8000-000000000000', lines: [{ materialCode: 'BOTTLE', quantity: 5 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('supplierId');
    const material = await post('/api/purchasing/orders', { supplierId, lines: [{ materialCode: 'BOTTLE', quantity: 5 }, { materialCode: 'CORK', quantity: 5 }] });
    expect(material.statusCode).toBe(400);
    expect(material.json().errors[0].field).toBe('lines.1.materialCode');
    expect((await t.db.db.select().from(purchaseOrders)).length).toBe(before);
  });

  it('when the service level is 1.0 or the lead time 0, then 400 names the field; a valid edit is stored and audited', async () => {
    const url = '/api/inventory/policies/material/BOTTLE/UK-MAIN/settings';
    const put = (payload: object, role: keyof typeof cookies = 'MANAGER') => t.app.inject({ method: 'PUT', url, payload, headers: { cookie: cookies[role]! } });
    const sl = await put({ serviceLevel: 1 });
    expect(sl.statusCode).toBe(400);
    expect(sl.json().errors[0].field).toBe('serviceLevel');
    const lt = await put({ leadTimeDays: 0 });
    expect(lt.statusCode).toBe(400);
    expect(lt.json().errors[0].field).toBe('leadTimeDays');
    expect((await put({ serviceLevel: 0.9 }, 'VIEWER')).statusCode).toBe(403);
    const ok = await put({ serviceLevel: 0.9, leadTimeDays: 12, version: 0 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ reorderPoint: 1200, settings: { serviceLevel: 0.9, leadTimeDays: 12, version: 1, overridden: ['serviceLevel', 'leadTimeDays'] } });
    const stale = await put({ serviceLevel: 0.95, version: 0 });
    expect(stale.statusCode).toBe(409);
    const reset = await put({ serviceLevel: null, leadTimeDays: null, version: 1 });
    expect(reset.json().settings).toMatchObject({ serviceLevel: 0.98, leadTimeDays: 10, version: 2 });
  });
});

describe('service level reading', () => {
  it('when the bottle lead time varies by 2 days, then its class-A 98 % is read as a fill rate: safety stock 46, not the cycle level\'s 411', async () => {
    // σ over the lead time = √(L·σ_d² + d²·σ_L²) = √(10 · 0 + 100² · 2²) = 200; EOQ 2,960.
    // Fill rate 98 %: G(k) = Q(1 − P2)/σ = 2,960 · 0.02 / 200 = 0.296; G(0.2) = 0.3069, G(0.25) = 0.2863 → k ≈ 0.226,
    // SS = ⌈0.226 · 200⌉ = 46, reorder point 1,000 + 46 = 1,046. (As a cycle service level: z = 2.054, SS 411, ROP 1,411.)
    // Order-up-to over L + R = 17 days with Q = d·R = 700: G(k) = 700 · 0.02 / 200 = 0.07 → k ≈ 1.09, SS 218, S = 1,700 + 218.
    const url = '/api/inventory/policies/material/BOTTLE/UK-MAIN/settings';
    const put = (payload: object) => t.app.inject({ method: 'PUT', url, payload, headers: { cookie: cookies.MANAGER! } });
    const version = (await get('/api/inventory/policies/material/BOTTLE/UK-MAIN')).json().settings.version as number;
    const res = await put({ leadTimeStdDays: 2, version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ abcClass: 'A', settings: { serviceLevel: 0.98, leadTimeDays: 10, leadTimeStdDays: 2 }, economicOrderQuantity: 2960, safetyStock: 46, reorderPoint: 1046, max: 4006, orderUpTo: 1918 });
    const policies = await get('/api/inventory/policies?kind=material', 'VIEWER');
    expect(policies.json().assumptions.join(' ')).toContain('read as a fill rate');
    expect((await put({ leadTimeStdDays: null, version: version + 1 })).statusCode).toBe(200);
  });
});

describe('policy simulation', () => {
  it('when 56 held-out days of steady demand are replayed, then the recommended policy serves at least as much with less stock than 8 weeks of cover', async () => {
    const res = await get('/api/inventory/simulation?holdoutDays=56', 'VIEWER');
    expect(res.statusCode, res.body).toBe(200);
    const sim = res.json();
    // Both start from the 3,840 − 10 × 344 = 400 on hand at the start of the hold-out.
    expect(sim).toMatchObject({ from: '2026-02-03', to: '2026-03-30', holdoutDays: 56, items: 1 });
    expect(sim.recommended.fillRate).toBeGreaterThanOrEqual(sim.baseline.fillRate);
    expect(Number(sim.recommended.averageInventoryValueGbp)).toBeLessThan(Number(sim.baseline.averageInventoryValueGbp));
    expect(sim.carryingCostChangePct).toBeLessThan(0);
    // Demand is 10 a day throughout, so re-reading it at each monthly review changes nothing: the frozen-rate
    // sensitivity replays exactly like the baseline.
    expect(sim.variants.find((v: { name: string }) => v.name === 'baseline_frozen').figures).toEqual(sim.baseline);
    expect(sim.carryingCostChangeVsFrozenBaselinePct).toBe(sim.carryingCostChangePct);
    expect(sim.method.length).toBeGreaterThan(3);
  });

  it('when the simulation is asked for a hold-out under four weeks, then 400 names holdoutDays', async () => {
    const res = await get('/api/inventory/simulation?holdoutDays=7');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('holdoutDays');
  });
});

describe('exports', () => {
  it('when an order is downloaded, then the CSV lists its lines and the PDF is a well-formed PDF naming the order', async () => {
    const po = await createOrder(1000);
    const csv = await get(`/api/purchasing/orders/${po.id}.csv`, 'VIEWER');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('supplier,"S-GLASS Glass Co ""Ltd"", Bristol"');
    expect(csv.body).toContain('1,BOTTLE,Glass bottle,each,1000,0,0.5,500.00,2026-04-10');
    const pdf = await get(`/api/purchasing/orders/${po.id}.pdf`, 'VIEWER');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // The xref offsets must point at the objects they name, or readers will complain.
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    expect(text).toContain(`(Purchase order ${(await get(`/api/purchasing/orders/${po.id}`)).json().poNumber})`);
  });
});
