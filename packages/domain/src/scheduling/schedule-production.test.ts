import { createRng } from '@sentia/forecast/math/prng';
import { describe, expect, it } from 'vitest';
import { scheduleProduction, type OrderToSchedule, type WorkCentre } from './schedule-production.ts';

const dayShift = { shifts: [{ name: 'day', start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5] }] };
const mix: WorkCentre = { id: 'MIX', calendar: dayShift };
const fill: WorkCentre = { id: 'FILL', calendar: dayShift, defaultChangeoverMinutes: 30 };
const monday = '2026-11-30T08:00:00Z';

describe('scheduleProduction', () => {
  // Hand-worked: O3 (priority 1) goes first on MIX 08:00–08:50 and FILL 08:50–09:40. O2 (due Monday noon)
  // beats O1 on MIX 08:50–09:50, then FILL 09:50: 30 min changeover RED→BLUE + 120 run → 12:20 (20 min late).
  // O1 on MIX 09:50–11:30; FILL from 12:20: 30 changeover + 200 run = 230 min, 220 fit on Monday → Tue 08:10.
  const orders: OrderToSchedule[] = [
    { id: 'O1', productFamily: 'RED', quantity: 100, dueAt: '2026-12-02', priority: 2, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }, { workCentreId: 'FILL', runMinutesPerUnit: 2 }] },
    { id: 'O2', productFamily: 'BLUE', quantity: 60, dueAt: '2026-11-30T12:00:00Z', priority: 2, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }, { workCentreId: 'FILL', runMinutesPerUnit: 2 }] },
    { id: 'O3', productFamily: 'RED', quantity: 50, dueAt: '2026-12-01', priority: 1, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }, { workCentreId: 'FILL', runMinutesPerUnit: 1 }] },
  ];
  const schedule = scheduleProduction({ workCentres: [mix, fill], orders, options: { startAt: monday } });
  const op = (orderId: string, wc: string) => schedule.operations.find((o) => o.orderId === orderId && o.workCentreId === wc)!;

  it('when scheduling the hand-worked example, then each operation has the worked start and end', () => {
    expect([op('O3', 'MIX').start, op('O3', 'MIX').end]).toEqual(['2026-11-30T08:00:00.000Z', '2026-11-30T08:50:00.000Z']);
    expect([op('O3', 'FILL').start, op('O3', 'FILL').end]).toEqual(['2026-11-30T08:50:00.000Z', '2026-11-30T09:40:00.000Z']);
    expect([op('O2', 'MIX').start, op('O2', 'MIX').end]).toEqual(['2026-11-30T08:50:00.000Z', '2026-11-30T09:50:00.000Z']);
    expect([op('O2', 'FILL').start, op('O2', 'FILL').end, op('O2', 'FILL').changeoverMinutes]).toEqual(['2026-11-30T09:50:00.000Z', '2026-11-30T12:20:00.000Z', 30]);
    expect([op('O1', 'MIX').start, op('O1', 'MIX').end]).toEqual(['2026-11-30T09:50:00.000Z', '2026-11-30T11:30:00.000Z']);
    expect([op('O1', 'FILL').start, op('O1', 'FILL').end]).toEqual(['2026-11-30T12:20:00.000Z', '2026-12-01T08:10:00.000Z']);
    expect(schedule.totalChangeoverMinutes).toBe(60);
  });

  it('when orders finish, then lateness is end − due and a date-only due date means the end of that day', () => {
    const o2 = schedule.orders.find((o) => o.orderId === 'O2')!;
    expect(o2).toMatchObject({ latenessMinutes: 20, isLate: true });
    expect(schedule.orders.find((o) => o.orderId === 'O3')).toMatchObject({ dueAt: '2026-12-02T00:00:00.000Z', isLate: false });
    expect(schedule.lateOrders).toBe(1);
    expect(schedule.totalTardinessMinutes).toBe(20);
    expect(schedule.makespanEnd).toBe('2026-12-01T08:10:00.000Z');
  });

  it('when reporting utilisation, then loaded minutes per centre and day are divided by shift capacity', () => {
    const u = (wc: string, date: string) => schedule.utilisation.find((x) => x.workCentreId === wc && x.date === date)!;
    expect(u('MIX', '2026-11-30')).toMatchObject({ capacityMinutes: 480, loadedMinutes: 210, utilisation: 210 / 480 });
    expect(u('FILL', '2026-11-30')).toMatchObject({ loadedMinutes: 420, utilisation: 0.875 });
    expect(u('FILL', '2026-12-01')).toMatchObject({ loadedMinutes: 10 });
  });

  it('when a same-family job is due within the window, then it jumps the queue and saves a changeover', () => {
    const line: WorkCentre = { id: 'FILL', calendar: dayShift, defaultChangeoverMinutes: 30, initialFamily: 'RED' };
    const jobs: OrderToSchedule[] = [
      { id: 'A', productFamily: 'BLUE', quantity: 60, dueAt: '2026-11-30T12:00:00Z', priority: 1, routing: [{ workCentreId: 'FILL', runMinutesPerUnit: 1 }] },
      { id: 'B', productFamily: 'RED', quantity: 60, dueAt: '2026-11-30T20:00:00Z', priority: 1, routing: [{ workCentreId: 'FILL', runMinutesPerUnit: 1 }] },
    ];
    const wide = scheduleProduction({ workCentres: [line], orders: jobs, options: { startAt: monday, familyWindowHours: 24 } });
    expect(wide.operations.map((o) => o.orderId)).toEqual(['B', 'A']);
    expect(wide.totalChangeoverMinutes).toBe(30);
    const narrow = scheduleProduction({ workCentres: [line], orders: jobs, options: { startAt: monday, familyWindowHours: 4 } });
    expect(narrow.operations.map((o) => o.orderId)).toEqual(['A', 'B']);
    expect(narrow.totalChangeoverMinutes).toBe(60);
  });

  it('when a job is longer than a shift, then it pauses over the weekend; past the horizon it is unscheduled', () => {
    const friday = '2026-12-04T08:00:00Z';
    const long = scheduleProduction({ workCentres: [mix], orders: [{ id: 'L', productFamily: 'X', quantity: 600, dueAt: '2026-12-10', priority: 1, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }] }], options: { startAt: friday } });
    expect(long.operations[0]?.end).toBe('2026-12-07T10:00:00.000Z');
    const tooLong = scheduleProduction({ workCentres: [mix], orders: [{ id: 'L', productFamily: 'X', quantity: 5000, dueAt: '2026-12-10', priority: 1, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }] }], options: { startAt: friday, horizonDays: 7 } });
    expect(tooLong.unscheduled).toEqual([{ orderId: 'L', reason: 'beyond_horizon' }]);
    expect(tooLong.orders).toEqual([]);
  });

  it('when a night shift crosses midnight, then work continues through it', () => {
    const nights: WorkCentre = { id: 'N', calendar: { shifts: [{ name: 'night', start: '22:00', end: '06:00', weekdays: [1, 2, 3, 4, 5] }] } };
    const s = scheduleProduction({ workCentres: [nights], orders: [{ id: 'J', productFamily: 'X', quantity: 600, dueAt: '2026-12-05', priority: 1, routing: [{ workCentreId: 'N', runMinutesPerUnit: 1 }] }], options: { startAt: '2026-11-30T00:00:00Z' } });
    // Mon 22:00 → Tue 06:00 (480) then Tue 22:00 → Wed 00:00 (120).
    expect([s.operations[0]?.start, s.operations[0]?.end]).toEqual(['2026-11-30T22:00:00.000Z', '2026-12-02T00:00:00.000Z']);
  });

  // Hand-worked, three-step routing BLEND → BOTTLE → PACK on day shifts (08–16 Mon–Fri), Monday 30 Nov:
  // A (GIN ×100, priority 1, due Tue 12:00): BLEND 20 set-up + 50 run 08:00–09:10; rests 60 → BOTTLE 10:10–11:50;
  //   30 transfer → PACK 12:20–13:10 (on time).
  // B (RUM ×200, priority 2, due Tue 10:00): BLEND 30 changeover + 20 + 100 = 09:10–11:40; rests 60 → ready 12:40;
  //   BOTTLE 40 changeover + 200 run = 240 min: 12:40–16:00 (200) then Tue 08:00–08:40; 30 transfer (calendar time)
  //   → PACK Tue 09:10–10:50, 50 minutes late.
  it('when orders have multi-step routings with transfer times, then each step waits for its predecessor plus the transfer', () => {
    const centres: WorkCentre[] = [
      { id: 'BLEND', calendar: dayShift, defaultChangeoverMinutes: 30 },
      { id: 'BOTTLE', calendar: dayShift, defaultChangeoverMinutes: 40 },
      { id: 'PACK', calendar: dayShift },
    ];
    const routing = [
      { workCentreId: 'BLEND', setupMinutes: 20, runMinutesPerUnit: 0.5 },
      { workCentreId: 'BOTTLE', runMinutesPerUnit: 1, transferMinutes: 60 },
      { workCentreId: 'PACK', runMinutesPerUnit: 0.5, transferMinutes: 30 },
    ];
    const s = scheduleProduction({
      workCentres: centres,
      orders: [
        { id: 'B', productFamily: 'RUM', quantity: 200, dueAt: '2026-12-01T10:00:00Z', priority: 2, routing },
        { id: 'A', productFamily: 'GIN', quantity: 100, dueAt: '2026-12-01T12:00:00Z', priority: 1, routing },
      ],
      options: { startAt: monday },
    });
    const span = (id: string, step: number) => {
      const o = s.operations.find((x) => x.orderId === id && x.step === step)!;
      return [o.workCentreId, o.start.slice(0, 16), o.end.slice(0, 16), o.changeoverMinutes];
    };
    expect(span('A', 0)).toEqual(['BLEND', '2026-11-30T08:00', '2026-11-30T09:10', 0]);
    expect(span('A', 1)).toEqual(['BOTTLE', '2026-11-30T10:10', '2026-11-30T11:50', 0]);
    expect(span('A', 2)).toEqual(['PACK', '2026-11-30T12:20', '2026-11-30T13:10', 0]);
    expect(span('B', 0)).toEqual(['BLEND', '2026-11-30T09:10', '2026-11-30T11:40', 30]);
    expect(span('B', 1)).toEqual(['BOTTLE', '2026-11-30T12:40', '2026-12-01T08:40', 40]);
    expect(span('B', 2)).toEqual(['PACK', '2026-12-01T09:10', '2026-12-01T10:50', 0]);
    expect(s.orders.find((o) => o.orderId === 'A')).toMatchObject({ start: '2026-11-30T08:00:00.000Z', end: '2026-11-30T13:10:00.000Z', isLate: false });
    expect(s.orders.find((o) => o.orderId === 'B')).toMatchObject({ end: '2026-12-01T10:50:00.000Z', latenessMinutes: 50, isLate: true });
    expect(s.utilisation.find((u) => u.workCentreId === 'BLEND' && u.date === '2026-11-30')).toMatchObject({ loadedMinutes: 220 });
    expect(s.totalChangeoverMinutes).toBe(70);
  });

  it('when a transfer time is negative, then a DomainError names it', () => {
    expect(() =>
      scheduleProduction({ workCentres: [mix, fill], orders: [{ id: 'X', productFamily: 'F', quantity: 1, dueAt: '2026-12-01', priority: 1, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }, { workCentreId: 'FILL', runMinutesPerUnit: 1, transferMinutes: -5 }] }], options: { startAt: monday } }),
    ).toThrow(expect.objectContaining({ field: 'routing.transferMinutes' }));
  });

  it('when input references an unknown work centre or has bad values, then a DomainError names the field', () => {
    const run = (o: Partial<OrderToSchedule>) => () => scheduleProduction({ workCentres: [mix], orders: [{ ...orders[0]!, routing: [{ workCentreId: 'MIX', runMinutesPerUnit: 1 }], ...o }], options: { startAt: monday } });
    expect(run({ routing: [{ workCentreId: 'OVEN', runMinutesPerUnit: 1 }] })).toThrow(expect.objectContaining({ code: 'unknown_reference', field: 'routing.workCentreId' }));
    expect(run({ quantity: 0 })).toThrow(expect.objectContaining({ field: 'quantity' }));
    expect(run({ dueAt: 'tomorrow' })).toThrow(expect.objectContaining({ field: 'dueAt' }));
    expect(run({ routing: [] })).toThrow(expect.objectContaining({ field: 'routing' }));
  });

  it('when 80 random orders are scheduled on 4 centres, then there are no overlaps, routing order holds and work sits in shifts', () => {
    const rng = createRng(5);
    const centres: WorkCentre[] = ['A', 'B', 'C', 'D'].map((id) => ({ id, calendar: { shifts: [{ name: 'e', start: '06:00', end: '14:00', weekdays: [1, 2, 3, 4, 5] }, { name: 'l', start: '14:00', end: '22:00', weekdays: [1, 2, 3, 4, 5] }] }, defaultChangeoverMinutes: 45 }));
    const random: OrderToSchedule[] = Array.from({ length: 80 }, (_, i) => ({
      id: `R${i}`, productFamily: `F${Math.floor(rng.next() * 4)}`, quantity: 10 + Math.floor(rng.next() * 200),
      dueAt: `2026-12-${String(1 + Math.floor(rng.next() * 28)).padStart(2, '0')}`, priority: 1 + Math.floor(rng.next() * 3),
      routing: ['A', 'B', 'C', 'D'].filter(() => rng.next() < 0.6).map((workCentreId) => ({ workCentreId, setupMinutes: 15, runMinutesPerUnit: 0.5 + rng.next() })),
    })).filter((o) => o.routing.length > 0);
    const s = scheduleProduction({ workCentres: centres, orders: random, options: { startAt: monday } });
    expect(s.operations).toHaveLength(random.reduce((n, o) => n + o.routing.length, 0));
    for (const id of ['A', 'B', 'C', 'D']) {
      const ops = s.operations.filter((o) => o.workCentreId === id).sort((a, b) => a.start.localeCompare(b.start));
      for (let i = 1; i < ops.length; i++) expect(ops[i]!.start >= ops[i - 1]!.end).toBe(true);
      for (const o of ops) {
        const hour = new Date(o.start).getUTCHours();
        expect(hour >= 6 && hour < 22).toBe(true);
        expect([0, 6].includes(new Date(o.start).getUTCDay())).toBe(false);
      }
    }
    for (const order of random) {
      const ops = s.operations.filter((o) => o.orderId === order.id).sort((a, b) => a.step - b.step);
      for (let i = 1; i < ops.length; i++) expect(ops[i]!.start >= ops[i - 1]!.end).toBe(true);
    }
    for (const u of s.utilisation) if (u.utilisation !== null) expect(u.utilisation).toBeLessThanOrEqual(1 + 1e-9);
  });
});
