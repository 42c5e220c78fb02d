/**
 * Policy simulation over a synthetic catalogue. Run: npx tsx packages/domain/bench/simulate-policy.bench.ts
 * 60 SKUs with steady, fluctuating and intermittent demand (X/Y/Z), lead times 7–35 ± 20 % days. For each SKU
 * 365 days fix the recommended (s, S) policy at a 95 % service level (σ_d from the training year, EOQ with
 * ordering cost 60 and a 25 % carrying rate); the next 180 days are replayed against it and against the
 * baseline (8 weeks of cover, reviewed every 30 days), both starting from 4 weeks of stock and drawing the same
 * lead times.
 */
import { createRng } from '@sentia/forecast/math/prng';
import { Decimal } from 'decimal.js';
import { computeInventoryPolicy } from '../src/inventory/compute-inventory-policy.ts';
import { comparePolicies } from '../src/inventory/simulate-policy.ts';

const rng = createRng(6);
const skus = Array.from({ length: 60 }, (_, i) => {
  const kind = i % 3 === 0 ? 'steady' : i % 3 === 1 ? 'fluctuating' : 'intermittent';
  const level = 5 + rng.next() * 60;
  const demand = Array.from({ length: 545 }, (_, d) => {
    const season = 1 + 0.2 * Math.sin((2 * Math.PI * d) / 7);
    if (kind === 'steady') return Math.max(0, Math.round(level * season + 0.2 * level * rng.normal()));
    if (kind === 'fluctuating') return Math.max(0, Math.round(level * season + 0.6 * level * rng.normal()));
    return rng.next() < 0.25 ? Math.round(level * 4 * rng.next()) : 0;
  });
  return { id: `SKU${i}`, kind, demand, leadTime: 7 + Math.floor(rng.next() * 29), unitCost: (2 + rng.next() * 30).toFixed(2) };
});

const t0 = performance.now();
let recCost = new Decimal(0);
let baseCost = new Decimal(0);
let recServed = 0, baseServed = 0, demanded = 0, recStockoutDays = 0, baseStockoutDays = 0, recFullDays = 0, baseFullDays = 0, days = 0;
for (const sku of skus) {
  const train = sku.demand.slice(0, 365);
  const test = sku.demand.slice(365);
  const mean = train.reduce((s, v) => s + v, 0) / train.length;
  const sd = Math.sqrt(train.reduce((s, v) => s + (v - mean) ** 2, 0) / (train.length - 1));
  const lead = { meanDays: sku.leadTime, stdDevDays: sku.leadTime * 0.2 };
  const policy = computeInventoryPolicy({ serviceLevel: 0.95, averageDailyDemand: mean, dailyDemandStdDev: sd, leadTimeDays: lead.meanDays, leadTimeStdDevDays: lead.stdDevDays, unitCost: sku.unitCost, orderingCost: '60', holdingRate: '0.25' });
  const r = comparePolicies(
    { demand: test, initialOnHand: Math.round(mean * 28), unitCost: sku.unitCost, carryingCostRate: '0.25', leadTime: lead, seed: 17 },
    { kind: 'reorder_point', reorderPoint: policy.reorderPoint, orderUpTo: policy.max },
    { kind: 'weeks_of_cover', weeks: 8, averageDailyDemand: mean, reviewDays: 30 },
  );
  recCost = recCost.plus(r.recommended.carryingCost);
  baseCost = baseCost.plus(r.baseline.carryingCost);
  demanded += r.recommended.unitsDemanded;
  recServed += r.recommended.unitsDemanded - r.recommended.unitsLost;
  baseServed += r.baseline.unitsDemanded - r.baseline.unitsLost;
  recStockoutDays += r.recommended.stockoutDays;
  baseStockoutDays += r.baseline.stockoutDays;
  recFullDays += r.recommended.daysFullyServedShare * test.length;
  baseFullDays += r.baseline.daysFullyServedShare * test.length;
  days += test.length;
}
const ms = performance.now() - t0;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`60 SKUs × 180 held-out days simulated twice in ${ms.toFixed(0)} ms`);
console.log(`recommended (s, S): fill rate ${pct(recServed / demanded)}, days fully served ${pct(recFullDays / days)}, stock-out days ${recStockoutDays}, carrying cost ${recCost.toFixed(2)}`);
console.log(`baseline 8 weeks/monthly: fill rate ${pct(baseServed / demanded)}, days fully served ${pct(baseFullDays / days)}, stock-out days ${baseStockoutDays}, carrying cost ${baseCost.toFixed(2)}`);
console.log(`carrying cost change ${recCost.minus(baseCost).dividedBy(baseCost).times(100).toFixed(1)} %`);
