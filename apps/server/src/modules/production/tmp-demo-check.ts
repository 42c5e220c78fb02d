import { createTestDb } from '@sentia/db/testing/create-test-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { seedDemoWorld } from '@sentia/db/demo/seed-demo-world';
import { sql } from 'drizzle-orm';
import { createProductionService } from './production.service.ts';

const db = await createTestDb();
await seedReferenceData(db);
let t = performance.now();
await seedDemoWorld(db, {});
await db.db.execute(sql`analyze`);
console.log('seed', Math.round(performance.now() - t));
const s = createProductionService({ db });
const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
for (let i = 0; i < 2; i++) {
  t = performance.now();
  const r = await s.oee({ from, to: today });
  console.log('oee 30d ms', Math.round(performance.now() - t), JSON.stringify(r.overall), r.byLine.map((l) => `${l.line} ${l.oee} fpy ${l.firstPassYield}`), r.byShift.map((l) => `${l.shift} ${l.oee}`), r.pareto.slice(0, 5).map((p) => `${p.reason} ${p.minutes}`), r.byEquipment.map((e) => `${e.line}/${e.equipment} ${e.oee}`));
}
t = performance.now();
const y = await s.oee({ from: new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10), to: today });
console.log('oee 1y ms', Math.round(performance.now() - t), y.overall.oee, y.byDay.length);
console.log((await s.alerts(10)).map((a) => a.title));
const orders = await s.listOrders({ status: 'open', limit: 100 });
console.log(orders.length, orders.slice(0, 5).map((o) => `${o.orderNumber} ${o.status} ${o.line} ${o.sku} ${o.quantityPlanned} good ${o.goodUnits} ${o.scheduledStart}`));
t = performance.now();
const sch = await s.schedule({ horizonDays: 90 });
console.log('schedule ms', Math.round(performance.now() - t), sch.computeMs, sch.operations.length, sch.lateOrders, sch.workCentres, sch.unscheduled.length, sch.operations.slice(0, 3));
await db.close();
