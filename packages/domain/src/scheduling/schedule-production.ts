import { shiftIntervals, validateShiftCalendar, type ShiftCalendar, type WorkingInterval } from '../calendar/shift-calendar.ts';
import { fromDayNumber, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';

export interface WorkCentre {
  readonly id: string;
  readonly calendar: ShiftCalendar;
  /** Sequence-dependent changeover minutes between product families (from → to). */
  readonly changeovers?: readonly { from: string; to: string; minutes: number }[];
  /** Changeover between two different families not listed in `changeovers` (default 0). */
  readonly defaultChangeoverMinutes?: number;
  /** Family set up on the centre at the start; with none, the first job needs no changeover. */
  readonly initialFamily?: string;
}

export interface RoutingStep {
  readonly workCentreId: string;
  /** Fixed set-up per operation, on top of any changeover. */
  readonly setupMinutes?: number;
  readonly runMinutesPerUnit: number;
  /**
   * Elapsed minutes after the previous step ends before this one may start (transfer, queue, resting a blend);
   * calendar time, not working time, so it also passes overnight. Ignored on the first step.
   */
  readonly transferMinutes?: number;
}

export interface OrderToSchedule {
  readonly id: string;
  readonly productFamily: string;
  readonly quantity: number;
  /** ISO timestamp, or an ISO date meaning the end of that day (UTC). */
  readonly dueAt: string;
  /** 1 = most urgent. */
  readonly priority: number;
  /** Earliest start (e.g. material arrival); defaults to the schedule start. */
  readonly releaseAt?: string;
  /** Work centres in processing order. */
  readonly routing: readonly RoutingStep[];
}

export interface ScheduleOptions {
  /** ISO timestamp from which capacity is available. */
  readonly startAt: string;
  /** Furthest the loader looks for capacity (default 365 days). */
  readonly horizonDays?: number;
  /** A same-family job may jump the earliest-due job if due at most this many hours later (default 24). */
  readonly familyWindowHours?: number;
}

export interface ScheduledOperation {
  readonly orderId: string;
  readonly step: number;
  readonly workCentreId: string;
  readonly productFamily: string;
  readonly start: string;
  readonly end: string;
  readonly changeoverMinutes: number;
  readonly setupMinutes: number;
  readonly runMinutes: number;
}

export interface ScheduledOrder {
  readonly orderId: string;
  readonly priority: number;
  readonly start: string;
  readonly end: string;
  readonly dueAt: string;
  /** End − due in minutes (negative = early). */
  readonly latenessMinutes: number;
  readonly isLate: boolean;
}

export interface WorkCentreDay {
  readonly workCentreId: string;
  readonly date: IsoDate;
  readonly capacityMinutes: number;
  /** Changeover + set-up + run minutes loaded on the day. */
  readonly loadedMinutes: number;
  /** loaded / capacity, null on a day without capacity. */
  readonly utilisation: number | null;
}

export interface ProductionSchedule {
  readonly operations: readonly ScheduledOperation[];
  readonly orders: readonly ScheduledOrder[];
  readonly utilisation: readonly WorkCentreDay[];
  /** Orders that did not fit in the horizon. */
  readonly unscheduled: readonly { orderId: string; reason: 'beyond_horizon' }[];
  readonly lateOrders: number;
  readonly totalTardinessMinutes: number;
  readonly totalChangeoverMinutes: number;
  readonly makespanEnd: string | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function parseInstant(value: string, field: string, endOfDay = false): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isNaN(ms)) return endOfDay ? ms + DAY : ms;
  } else if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new DomainError('invalid_input', `${field} must be an ISO date or a timestamp with a zone, got "${value}"`, field);
}

interface CentreState {
  readonly centre: WorkCentre;
  readonly changeover: Map<string, number>;
  intervals: WorkingInterval[];
  generatedToDay: number;
  /** Index of the first interval that may still have free time (freeAt only moves forward). */
  cursor: number;
  freeAt: number;
  lastFamily: string | undefined;
  queue: OpRef[];
  /** Busy minutes per day number. */
  loaded: Map<number, number>;
}

interface OpRef {
  readonly order: OrderToSchedule;
  readonly step: number;
  readonly ready: number;
  readonly due: number;
}

function addByDay(target: Map<number, number>, start: number, end: number): void {
  for (let t = start; t < end; ) {
    const day = Math.floor(t / DAY);
    const next = Math.min(end, (day + 1) * DAY);
    target.set(day, (target.get(day) ?? 0) + (next - t) / MINUTE);
    t = next;
  }
}

/**
 * Finite-capacity forward scheduling of production orders across work centres.
 *
 * Heuristic (a non-delay list scheduler, Giffler–Thompson style, with a changeover-aware dispatching rule):
 * 1. An operation becomes ready when its order is released and the previous routing step has finished, plus the
 *    step's transfer/queue time (precedence: a step never starts before its predecessor ends).
 * 2. Repeatedly pick the work centre that can start something soonest (max of when it is free and when its
 *    earliest queued operation is ready).
 * 3. Among the operations ready by then, keep the most urgent priority class; within it take the earliest due
 *    date (EDD), unless an operation of the family already set up is due no more than `familyWindowHours`
 *    later, in which case that one goes first and saves the changeover.
 * 4. Load it forward on the centre's shift calendar: sequence-dependent changeover + set-up + quantity × run
 *    time, consuming working intervals and pausing over non-working time (operations may span shifts).
 * The result is feasible (no overlaps, routing order and calendars respected); it is not guaranteed optimal.
 */
export function scheduleProduction(args: { readonly workCentres: readonly WorkCentre[]; readonly orders: readonly OrderToSchedule[]; readonly options: ScheduleOptions }): ProductionSchedule {
  const { workCentres, orders, options } = args;
  const startAt = parseInstant(options.startAt, 'startAt');
  const horizonDays = options.horizonDays ?? 365;
  if (!(Number.isInteger(horizonDays) && horizonDays >= 1)) throw new DomainError('invalid_input', 'horizonDays must be a whole number ≥ 1', 'horizonDays');
  const horizonEnd = startAt + horizonDays * DAY;
  const windowMs = (options.familyWindowHours ?? 24) * 3_600_000;
  const startDay = Math.floor(startAt / DAY);

  const centres = new Map<string, CentreState>();
  for (const centre of workCentres) {
    if (centres.has(centre.id)) throw new DomainError('invalid_input', `duplicate work centre ${centre.id}`, 'workCentres.id');
    validateShiftCalendar(centre.calendar);
    const changeover = new Map<string, number>();
    for (const c of centre.changeovers ?? []) {
      if (!(c.minutes >= 0)) throw new DomainError('invalid_input', `changeover minutes must be ≥ 0 (${centre.id})`, 'changeovers.minutes');
      changeover.set(`${c.from}\u0000${c.to}`, c.minutes);
    }
    centres.set(centre.id, { centre, changeover, intervals: [], generatedToDay: startDay - 1, cursor: 0, freeAt: startAt, lastFamily: centre.initialFamily, queue: [], loaded: new Map() });
  }

  const seen = new Set<string>();
  const dueOf = new Map<string, number>();
  for (const order of orders) {
    if (seen.has(order.id)) throw new DomainError('invalid_input', `duplicate order ${order.id}`, 'orders.id');
    seen.add(order.id);
    if (!(order.quantity > 0)) throw new DomainError('invalid_input', `order ${order.id}: quantity must be > 0`, 'quantity');
    if (!Number.isFinite(order.priority)) throw new DomainError('invalid_input', `order ${order.id}: priority must be a number`, 'priority');
    if (order.routing.length === 0) throw new DomainError('invalid_input', `order ${order.id} has no routing`, 'routing');
    for (const step of order.routing) {
      if (!centres.has(step.workCentreId)) throw new DomainError('unknown_reference', `order ${order.id}: unknown work centre ${step.workCentreId}`, 'routing.workCentreId');
      if (!(step.runMinutesPerUnit >= 0) || !((step.setupMinutes ?? 0) >= 0)) throw new DomainError('invalid_input', `order ${order.id}: run and set-up minutes must be ≥ 0`, 'routing.runMinutesPerUnit');
      if (!((step.transferMinutes ?? 0) >= 0)) throw new DomainError('invalid_input', `order ${order.id}: transfer minutes must be ≥ 0`, 'routing.transferMinutes');
    }
    const due = parseInstant(order.dueAt, 'dueAt', true);
    dueOf.set(order.id, due);
    const ready = Math.max(startAt, order.releaseAt ? parseInstant(order.releaseAt, 'releaseAt') : startAt);
    (centres.get(order.routing[0]!.workCentreId) as CentreState).queue.push({ order, step: 0, ready, due });
  }

  const ensureIntervals = (state: CentreState, untilDay: number): boolean => {
    const limitDay = Math.floor(horizonEnd / DAY) + 1;
    if (state.generatedToDay >= limitDay) return false;
    const to = Math.min(limitDay, Math.max(untilDay, state.generatedToDay + 31));
    // Start one day early so a night shift that began before the start still contributes its tail.
    // Clip to the schedule start and to the end of the previous chunk, so capacity is never counted twice.
    const previousEnd = state.intervals.length === 0 ? startAt : Math.max(startAt, (state.intervals[state.intervals.length - 1] as WorkingInterval).end);
    const fresh = shiftIntervals(state.centre.calendar, state.generatedToDay + 1 - (state.intervals.length === 0 ? 1 : 0), to + 1)
      .map((iv) => ({ ...iv, start: Math.max(iv.start, previousEnd) }))
      .filter((iv) => iv.end > iv.start);
    state.intervals.push(...fresh);
    state.generatedToDay = to;
    return true;
  };

  /** Consumes `minutes` of working time from `from`; returns the span or null if it runs past the horizon. */
  const load = (state: CentreState, from: number, minutes: number): { start: number; end: number; segments: [number, number][] } | null => {
    let remaining = minutes * MINUTE;
    let i = state.cursor;
    let t = from;
    let start = -1;
    const segments: [number, number][] = [];
    for (;;) {
      if (i >= state.intervals.length) {
        if (!ensureIntervals(state, Math.floor(t / DAY) + 31)) return null;
        continue;
      }
      const iv = state.intervals[i] as WorkingInterval;
      if (iv.end <= t) {
        i++;
        continue;
      }
      const segStart = Math.max(t, iv.start);
      if (segStart >= horizonEnd) return null;
      if (start < 0) start = segStart;
      if (remaining <= 0) return { start, end: segStart, segments };
      const take = Math.min(remaining, iv.end - segStart);
      segments.push([segStart, segStart + take]);
      remaining -= take;
      t = segStart + take;
      if (remaining <= 0) {
        if (t > horizonEnd) return null;
        state.cursor = iv.end > t ? i : i + 1;
        return { start, end: t, segments };
      }
      i++;
    }
  };

  const changeoverMinutes = (state: CentreState, family: string): number => {
    if (state.lastFamily === undefined) return 0;
    const listed = state.changeover.get(`${state.lastFamily}\u0000${family}`);
    if (listed !== undefined) return listed;
    return state.lastFamily === family ? 0 : state.centre.defaultChangeoverMinutes ?? 0;
  };

  const operations: ScheduledOperation[] = [];
  const orderSpans = new Map<string, { start: number; end: number }>();
  const unscheduled = new Set<string>();
  let totalChangeover = 0;
  const states = [...centres.values()];

  for (;;) {
    let best: CentreState | undefined;
    let bestAt = Infinity;
    for (const state of states) {
      if (state.queue.length === 0) continue;
      let earliestReady = Infinity;
      for (const op of state.queue) if (op.ready < earliestReady) earliestReady = op.ready;
      const at = Math.max(state.freeAt, earliestReady);
      if (at < bestAt || (at === bestAt && best !== undefined && state.centre.id < best.centre.id)) {
        best = state;
        bestAt = at;
      }
    }
    if (!best) break;

    let topPriority = Infinity;
    for (const op of best.queue) if (op.ready <= bestAt && op.order.priority < topPriority) topPriority = op.order.priority;
    let edd: OpRef | undefined;
    for (const op of best.queue) {
      if (op.ready > bestAt || op.order.priority !== topPriority) continue;
      if (!edd || op.due < edd.due || (op.due === edd.due && op.order.id < edd.order.id)) edd = op;
    }
    let chosen = edd as OpRef;
    if (best.lastFamily !== undefined && chosen.order.productFamily !== best.lastFamily) {
      for (const op of best.queue) {
        if (op.ready > bestAt || op.order.priority !== topPriority || op.order.productFamily !== best.lastFamily) continue;
        if (op.due <= chosen.due + windowMs && (chosen.order.productFamily !== best.lastFamily || op.due < chosen.due)) chosen = op;
      }
    }
    best.queue.splice(best.queue.indexOf(chosen), 1);

    const step = chosen.order.routing[chosen.step] as RoutingStep;
    const change = changeoverMinutes(best, chosen.order.productFamily);
    const setup = step.setupMinutes ?? 0;
    const run = chosen.order.quantity * step.runMinutesPerUnit;
    const span = load(best, Math.max(best.freeAt, chosen.ready), change + setup + run);
    if (!span) {
      unscheduled.add(chosen.order.id);
      continue;
    }
    for (const [a, b] of span.segments) addByDay(best.loaded, a, b);
    best.freeAt = span.end;
    best.lastFamily = chosen.order.productFamily;
    totalChangeover += change;
    operations.push({
      orderId: chosen.order.id,
      step: chosen.step,
      workCentreId: best.centre.id,
      productFamily: chosen.order.productFamily,
      start: new Date(span.start).toISOString(),
      end: new Date(span.end).toISOString(),
      changeoverMinutes: change,
      setupMinutes: setup,
      runMinutes: run,
    });
    const orderSpan = orderSpans.get(chosen.order.id);
    orderSpans.set(chosen.order.id, { start: orderSpan ? orderSpan.start : span.start, end: span.end });
    const nextStep = chosen.step + 1;
    if (nextStep < chosen.order.routing.length) {
      const nextRouting = chosen.order.routing[nextStep] as RoutingStep;
      const next = centres.get(nextRouting.workCentreId) as CentreState;
      next.queue.push({ order: chosen.order, step: nextStep, ready: span.end + (nextRouting.transferMinutes ?? 0) * MINUTE, due: chosen.due });
    }
  }

  const scheduledOrders: ScheduledOrder[] = [];
  let late = 0;
  let tardiness = 0;
  let makespan = -Infinity;
  for (const order of orders) {
    const span = orderSpans.get(order.id);
    if (!span || unscheduled.has(order.id)) continue;
    const due = dueOf.get(order.id) as number;
    const lateness = (span.end - due) / MINUTE;
    if (lateness > 0) {
      late++;
      tardiness += lateness;
    }
    makespan = Math.max(makespan, span.end);
    scheduledOrders.push({ orderId: order.id, priority: order.priority, start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString(), dueAt: new Date(due).toISOString(), latenessMinutes: lateness, isLate: lateness > 0 });
  }

  const lastDay = Number.isFinite(makespan) ? Math.floor((makespan - 1) / DAY) : startDay;
  const utilisation: WorkCentreDay[] = [];
  for (const state of states) {
    ensureIntervals(state, lastDay + 1);
    const capacity = new Map<number, number>();
    for (const iv of state.intervals) {
      if (iv.start > (lastDay + 1) * DAY) break;
      addByDay(capacity, iv.start, iv.end);
    }
    for (let day = startDay; day <= lastDay; day++) {
      const cap = capacity.get(day) ?? 0;
      const loaded = state.loaded.get(day) ?? 0;
      utilisation.push({ workCentreId: state.centre.id, date: fromDayNumber(day), capacityMinutes: cap, loadedMinutes: loaded, utilisation: cap === 0 ? null : loaded / cap });
    }
  }

  return {
    operations,
    orders: scheduledOrders,
    utilisation,
    unscheduled: [...unscheduled].map((orderId) => ({ orderId, reason: 'beyond_horizon' as const })),
    lateOrders: late,
    totalTardinessMinutes: tardiness,
    totalChangeoverMinutes: totalChangeover,
    makespanEnd: Number.isFinite(makespan) ? new Date(makespan).toISOString() : null,
  };
}
