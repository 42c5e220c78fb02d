/**
 * Scheduling timing. Run: npx tsx packages/domain/bench/schedule-production.bench.ts
 * 500 open orders, 10 work centres (two shifts Mon–Fri, a Saturday morning, holidays), routings of 2–5 steps (30–240 min transfer between steps),
 * 8 product families with a full sequence-dependent changeover matrix, 3 priority classes.
 */
import { createRng } from '@sentia/forecast/math/prng';
import { scheduleProduction, type OrderToSchedule, type WorkCentre } from '../src/scheduling/schedule-production.ts';

const rng = createRng(500);
const families = Array.from({ length: 8 }, (_, i) => `FAM${i}`);
const centres: WorkCentre[] = Array.from({ length: 10 }, (_, i) => ({
  id: `WC${String(i).padStart(2, '0')}`,
  calendar: {
    shifts: [
      { name: 'early', start: '06:00', end: '14:00', weekdays: [1, 2, 3, 4, 5] },
      { name: 'late', start: '14:00', end: '22:00', weekdays: [1, 2, 3, 4, 5] },
      { name: 'saturday', start: '06:00', end: '12:00', weekdays: [6] },
    ],
    closedDates: ['2026-12-25', '2026-12-28', '2027-01-01'],
  },
  changeovers: families.flatMap((from) => families.filter((to) => to !== from).map((to) => ({ from, to, minutes: 15 + Math.floor(rng.next() * 60) }))),
  defaultChangeoverMinutes: 30,
}));
const orders: OrderToSchedule[] = Array.from({ length: 500 }, (_, i) => {
  const steps = 2 + Math.floor(rng.next() * 4);
  const first = Math.floor(rng.next() * (10 - steps + 1));
  return {
    id: `PO${String(i).padStart(4, '0')}`,
    productFamily: families[Math.floor(rng.next() * families.length)]!,
    quantity: 50 + Math.floor(rng.next() * 950),
    dueAt: new Date(Date.parse('2026-12-01T00:00:00Z') + Math.floor(rng.next() * 60) * 86_400_000).toISOString(),
    priority: 1 + Math.floor(rng.next() * 3),
    routing: Array.from({ length: steps }, (_, k) => ({ workCentreId: centres[first + k]!.id, setupMinutes: 20, runMinutesPerUnit: 0.05 + rng.next() * 0.4, transferMinutes: k === 0 ? 0 : 30 + Math.floor(rng.next() * 210) })),
  };
});

const runs = 5;
const times: number[] = [];
let result = scheduleProduction({ workCentres: centres, orders, options: { startAt: '2026-11-30T06:00:00Z' } });
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  result = scheduleProduction({ workCentres: centres, orders, options: { startAt: '2026-11-30T06:00:00Z' } });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const busy = result.utilisation.filter((u) => u.utilisation !== null);
console.log(`schedule 500 orders × 10 work centres (${result.operations.length} operations): median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (${runs} runs)`);
console.log(`late orders ${result.lateOrders}/500, tardiness ${(result.totalTardinessMinutes / 60).toFixed(0)} h, changeover ${(result.totalChangeoverMinutes / 60).toFixed(0)} h, makespan end ${result.makespanEnd}, mean utilisation ${(busy.reduce((s, u) => s + (u.utilisation ?? 0), 0) / busy.length * 100).toFixed(1)} %`);
