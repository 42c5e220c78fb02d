/**
 * Scenario recalculation and CCC timing. Run: npx tsx packages/domain/bench/project-cash.bench.ts
 * Builds a realistic 365-day input (3 channels with 80/95 % intervals, 2,000 open receivables, 500 payables,
 * 300 purchase orders, 10 recurring costs), then times applyCashScenario + projectCash (fan included).
 */
import { addDays } from '../src/calendar/utc-date.ts';
import { createRng } from '@sentia/forecast/math/prng';
import { applyCashScenario } from '../src/working-capital/apply-cash-scenario.ts';
import { computeWorkingCapital } from '../src/working-capital/compute-working-capital.ts';
import { projectCash, type CashProjectionInput } from '../src/working-capital/project-cash.ts';
import { workingCapitalTrend } from '../src/working-capital/working-capital-trend.ts';

const rng = createRng(42);
const start = '2026-01-01';
const horizon = 365;
const money = (x: number): string => x.toFixed(2);
const channel = (mean: number) => {
  const m = Array.from({ length: horizon }, () => mean * (0.8 + 0.4 * rng.next()));
  return {
    mean: m.map(money),
    intervals: [80, 95].map((level) => ({ level, lower: m.map((v) => money(v * (level === 80 ? 0.8 : 0.7))), upper: m.map((v) => money(v * (level === 80 ? 1.2 : 1.3))) })),
  };
};
const input: CashProjectionInput = {
  currency: 'GBP',
  startDate: start,
  horizonDays: horizon,
  openingBalance: '250000.00',
  receivables: Array.from({ length: 2000 }, (_, i) => ({ id: `R${i}`, customerId: `C${i % 80}`, amount: money(200 + 5000 * rng.next()), dueDate: addDays(start, Math.floor(rng.next() * 120) - 30) })),
  customerPaymentDelays: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`C${i}`, Math.floor(rng.next() * 20)])),
  payables: Array.from({ length: 500 }, (_, i) => ({ id: `P${i}`, supplierId: `S${i % 30}`, amount: money(500 + 8000 * rng.next()), dueDate: addDays(start, Math.floor(rng.next() * 90)) })),
  purchaseOrders: Array.from({ length: 300 }, (_, i) => ({ id: `PO${i}`, supplierId: `S${i % 30}`, status: i % 3 === 0 ? 'proposed' as const : 'open' as const, amount: money(2000 + 30000 * rng.next()), expectedReceiptDate: addDays(start, Math.floor(rng.next() * 200)), paymentTermsDays: 30, depositRate: '0.2' })),
  recurringCosts: Array.from({ length: 10 }, (_, i) => ({ label: `cost${i}`, amount: money(1000 + 20000 * rng.next()), firstDate: addDays(start, i), every: i % 2 === 0 ? 'month' as const : 'week' as const })),
  salesForecasts: [
    { channel: 'amazon', payout: { kind: 'settlement', cycleDays: 14, anchorDate: '2025-12-28', disbursementLagDays: 3, reserveRate: '0.1' }, feeRate: '0.15', ...channel(6000) },
    { channel: 'shopify', payout: { kind: 'business_days', days: 2 }, feeRate: '0.029', ...channel(4000) },
    { channel: 'wholesale', payout: { kind: 'terms', days: 45 }, ...channel(3000) },
  ],
};

function time(label: string, runs: number, fn: () => unknown): void {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label}: median ${p(0.5)} ms, p90 ${p(0.9)} ms, max ${samples.at(-1)!.toFixed(1)} ms (${runs} runs)`);
}

time('scenario recalculation, 365 days with 2 fan levels', 15, () =>
  projectCash(applyCashScenario(input, { name: 'stress', demandChangePct: -15, priceChangePct: 5, supplierTermsChangeDays: 15, leadTimeChangeDays: 7, oneOffCosts: [{ label: 'x', date: '2026-03-01', amount: '50000' }] })),
);
const month = { periodStart: '2026-01-01', periodEnd: '2026-01-31', netRevenue: '412345.67', cogs: '245678.90', receivables: ['300000', '310000'], inventory: ['420000', '415000'], payables: ['150000', '155000'] };
time('CCC current period', 50, () => computeWorkingCapital(month));
const months = Array.from({ length: 24 }, (_, i) => ({
  month: `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  netRevenue: money(380000 + 60000 * rng.next()), cogs: money(220000 + 40000 * rng.next()),
  closingReceivables: money(280000 + 50000 * rng.next()), closingInventory: money(400000 + 50000 * rng.next()), closingPayables: money(140000 + 30000 * rng.next()),
}));
time('CCC 24-month history with breach classification', 50, () => workingCapitalTrend({ receivables: '300000', inventory: '420000', payables: '150000' }, months));
