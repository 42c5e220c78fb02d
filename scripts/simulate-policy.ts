/**
 * Policy simulation for the demo company (`npm run bench:policy`): not a test, a measurement.
 *
 * Generates the demo world into a fresh embedded database, then replays the held-out stretch of every finished
 * SKU × warehouse's demand against the recommended inventory policy and the baseline (8 weeks of cover of the demand
 * rate read at each monthly review; its variant with the rate frozen at the start of the hold-out is a sensitivity)
 * through the same service the API uses (GET /api/inventory/simulation), and prints the totals: fill rate,
 * stock-out days, on-time share, average inventory value and carrying cost. It also times the policy table.
 *
 * Options (environment): HOLDOUT_DAYS (default 182), SEEDS (comma-separated lead-time seeds, default 1,2,3),
 * DEMO_SEED (demo world seed, default the product's), END_DATE (demo end date, default today), KEEP_DB (a folder to keep
 * and reuse the generated world in), PER_ITEM=1 (print each item), ORDERING_COST_GBP and HOLDING_RATE (policy cost
 * parameters, defaults as in the service), SERVICE_MEASURE (fill_rate, the default, or cycle) and
 * BASELINE_WINDOW_DAYS (days of demand the baseline averages at each review, default 91), SERVICE_LEVELS (class A,B,C
 * targets, e.g. 0.99,0.97,0.95; default 0.98,0.95,0.90).
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_DEMO_SEED, seedDemoWorld } from '@sentia/db/demo/seed-demo-world';
import { existsSync } from 'node:fs';
import { createDb } from '@sentia/db/create-db';
import { migrateDb } from '@sentia/db/migrate-db';
import { createInventoryService } from '../apps/server/src/modules/inventory/inventory.service.ts';

const holdoutDays = Number(process.env.HOLDOUT_DAYS ?? 182);
const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const endDate = process.env.END_DATE ?? new Date().toISOString().slice(0, 10);

// KEEP_DB=<dir> keeps the generated world in <dir> and reuses it on the next run (same end date).
const keep = process.env.KEEP_DB;
const reuse = keep !== undefined && existsSync(`${keep}/pglite`);
const db = await createDb(keep ? { dataDir: keep } : {});
await migrateDb(db);
let started = performance.now();
if (!reuse) {
  await seedDemoWorld(db, { seed: Number(process.env.DEMO_SEED ?? DEFAULT_DEMO_SEED), endDate });
  console.log(`demo world generated in ${((performance.now() - started) / 1000).toFixed(1)} s (end date ${endDate})`);
}

const levels = process.env.SERVICE_LEVELS?.split(',').map(Number);
if (levels && (levels.length !== 3 || !levels.every((v) => v > 0 && v < 1))) throw new Error('SERVICE_LEVELS: three levels between 0 and 1 for classes A,B,C, e.g. 0.99,0.97,0.95');
const serviceLevels = levels ? { serviceLevels: { A: levels[0]!, B: levels[1]!, C: levels[2]! } } : {};
const options = { ...(process.env.ORDERING_COST_GBP ? { orderingCostGbp: process.env.ORDERING_COST_GBP } : {}), ...(process.env.HOLDING_RATE ? { holdingRate: Number(process.env.HOLDING_RATE) } : {}), ...(process.env.SERVICE_MEASURE ? { serviceMeasure: process.env.SERVICE_MEASURE as 'cycle' | 'fill_rate' } : {}), ...(process.env.BASELINE_WINDOW_DAYS ? { baselineWindowDays: Number(process.env.BASELINE_WINDOW_DAYS) } : {}), ...serviceLevels };
const service = createInventoryService({ db, now: () => new Date(`${endDate}T12:00:00Z`), options });
console.log(`ordering cost ${options.orderingCostGbp ?? 'default'} GBP per replenishment line, holding rate ${options.holdingRate ?? 'default'}, service measure ${options.serviceMeasure ?? 'default'}, baseline window ${options.baselineWindowDays ?? 'default'} days, class service levels ${process.env.SERVICE_LEVELS ?? 'default'}`);
started = performance.now();
const table = await service.list({});
console.log(`policy table: ${table.rows.length} rows in ${Math.round(performance.now() - started)} ms`);

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
for (const seed of seeds) {
  started = performance.now();
  const s = await service.simulate({ holdoutDays, seed });
  const ms = Math.round(performance.now() - started);
  console.log(`\nhold-out ${s.from} … ${s.to} (${s.holdoutDays} days), ${s.items} SKU × warehouse items, lead-time seed ${seed}, ${ms} ms`);
  console.log('policy             fill rate  on-time  stock-out days  avg inventory GBP  carrying cost GBP  orders');
  for (const [name, f] of [['recommended', s.recommended], ['baseline', s.baseline], ...s.variants.map((v) => [v.name, v.figures] as const)] as const) {
    console.log(
      `${name.padEnd(18)} ${pct(f.fillRate).padStart(9)}  ${pct(f.onTimeShare).padStart(7)}  ${String(f.stockoutDays).padStart(14)}  ${f.averageInventoryValueGbp.padStart(17)}  ${f.carryingCostGbp.padStart(17)}  ${String(f.ordersPlaced).padStart(6)}`,
    );
  }
  if (process.env.PER_ITEM) {
    for (const i of s.perItem) {
      console.log(`  ${i.code.padEnd(14)} ${i.warehouseCode.padEnd(8)} fill ${pct(i.recommendedFillRate)} vs ${pct(i.baselineFillRate)} (frozen ${pct(i.frozenBaselineFillRate)})  carrying ${i.recommendedCarryingCostGbp} vs ${i.baselineCarryingCostGbp} (frozen ${i.frozenBaselineCarryingCostGbp})`);
    }
  }
  const change = (v: number | null) => (v === null ? 'n/a' : `${v > 0 ? '+' : ''}${v.toFixed(1)} %`);
  for (const v of s.variants) console.log(`${v.name}: carrying cost change ${change(v.carryingCostChangePct)} vs baseline`);
  console.log(`carrying cost change: ${change(s.carryingCostChangePct)} vs baseline, ${change(s.carryingCostChangeVsFrozenBaselinePct)} vs frozen baseline (spec: −20 %); on-time share recommended ${pct(s.recommended.onTimeShare)} (spec: > 90 %)`);
}
await db.close();
// PGlite leaves a handle open; the measurement is done.
process.exit(0);
