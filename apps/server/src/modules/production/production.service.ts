import { createHash, randomUUID } from 'node:crypto';
import type {
  CreateProductionOrder,
  OeeFigures,
  OeeQuery,
  OeeReport,
  ProductionAlert,
  ProductionLines,
  ProductionOrder,
  ProductionOrderDetail,
  ProductionOrderListQuery,
  ProductionTransition,
  RecordDowntime,
  RecordOutput,
  RecordQualityCheck,
  Schedule,
  ScheduleChanges,
  ScheduleQuery,
  ScheduleRunList,
} from '@sentia/contracts/production';
import type { DbHandle, DbTransaction as Tx } from '@sentia/db/create-db';
import { addDays, fromDayNumber, isoWeekday, type IsoDate } from '@sentia/domain/calendar/utc-date';
import type { ShiftCalendar, ShiftDefinition } from '@sentia/domain/calendar/shift-calendar';
import { DomainError } from '@sentia/domain/domain-error';
import { firstPassYield } from '@sentia/domain/kpi/first-pass-yield';
import { classifyOee, specOeeThresholds } from '@sentia/domain/production/classify-oee';
import { computeProductionOee, type OeeDimension, type OeeGroup, type ProductionRecord } from '@sentia/domain/production/compute-production-oee';
import { downtimePareto } from '@sentia/domain/production/downtime-pareto';
import { transitionProductionOrder, type ProductionOrderAction, type ProductionOrderState, type ProductionOrderStatus } from '@sentia/domain/production/transition-production-order';
import { scheduleProduction, type OrderToSchedule, type WorkCentre } from '@sentia/domain/scheduling/schedule-production';
import { sql } from 'drizzle-orm';
import type { Cache } from '../../cache/create-cache.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { kpiCacheTags } from '../kpis/kpis.service.ts';
import * as repo from './production.repository.ts';

const ALERT_KIND = 'oee_below_target';
const OFF_SHIFT = 'OFF_SHIFT';
/** Serialises schedule publications (two re-plans at once on one database). */
const SCHEDULE_LOCK_KEY = 727_006_001;
const DAY_MS = 86_400_000;
const OPEN_STATUSES = ['PLANNED', 'RELEASED', 'IN_PROGRESS'] as const;
const standardReasons: { code: string; kind: 'PLANNED' | 'UNPLANNED' }[] = [
  { code: 'CHANGEOVER', kind: 'PLANNED' },
  { code: 'BREAK', kind: 'PLANNED' },
  { code: 'CIP_CLEAN', kind: 'PLANNED' },
  { code: 'PREVENTIVE_MAINTENANCE', kind: 'PLANNED' },
  { code: 'FILLER_FAULT', kind: 'UNPLANNED' },
  { code: 'LABELLER_JAM', kind: 'UNPLANNED' },
  { code: 'CAPPER_FAULT', kind: 'UNPLANNED' },
  { code: 'CONVEYOR_STOP', kind: 'UNPLANNED' },
  { code: 'MATERIAL_SHORTAGE', kind: 'UNPLANNED' },
];

export const oeeDefinitions = [
  'OEE = availability × performance × quality (Nakajima; oee.com). Times and counts are summed over a group before dividing.',
  'Planned production time = time recorded against production orders (output run minutes, at least the stops booked in the shift) − planned stops against orders (changeovers). Staffed time with nothing scheduled is a schedule loss, not an OEE loss.',
  'Availability = (planned production time − unplanned stops against orders) ÷ planned production time; stops are cut at shift boundaries.',
  'Performance = ideal cycle time (equipment rate, else line rate) × total count ÷ run time. Quality = good ÷ total, where reworked and scrapped units are not good.',
  'First-pass yield = units without defects at their first inspection ÷ units inspected (quality checks marked first pass).',
  'Output and stops recorded without equipment are booked to the line\u2019s bottleneck (the equipment with the lowest ideal rate).',
  `Alerts: a line below ${specOeeThresholds.target * 100} % OEE on a day (critical at or below ${specOeeThresholds.critical * 100} %) is stored and raised live for today and yesterday.`,
];

/** The derived views stored with a schedule run. */
interface StoredScheduleDetails {
  workCentres: Schedule['workCentres'];
  utilisation: Schedule['utilisation'];
  unscheduled: Schedule['unscheduled'];
  changes: ScheduleChanges;
}

export interface ProductionServiceDeps {
  db: Pick<DbHandle, 'db'>;
  /** Called after a write that changes what the schedule is planned from (queues the automatic re-plan). */
  onOrdersChanged?: (() => Promise<unknown>) | undefined;
  cache?: Cache | undefined;
  events?: EventBus | undefined;
  now?: () => Date;
}

const round4 = (d: { toDecimalPlaces(n: number): { toNumber(): number } } | null): number | null => (d === null ? null : d.toDecimalPlaces(4).toNumber());
const round1 = (n: number): number => Math.round(n * 10) / 10;
const lower = (s: repo.OrderRow['status']): ProductionOrderStatus => s.toLowerCase() as ProductionOrderStatus;
const nextActions = (status: repo.OrderRow['status']): ProductionOrder['nextActions'] =>
  status === 'PLANNED' ? ['release', 'cancel'] : status === 'RELEASED' ? ['start', 'cancel'] : status === 'IN_PROGRESS' ? ['complete', 'cancel'] : [];

/** Turns a domain error into the HTTP error for it: invalid input 400 (with field), invalid transition 409, forbidden 403. */
export function toHttpError(error: DomainError): AppError {
  const errors = [{ field: error.field ?? '(root)', message: error.message }];
  switch (error.code) {
    case 'invalid_transition':
      return new AppError('CONFLICT', error.message, { errors });
    case 'forbidden':
    case 'step_up_required':
      return new AppError('FORBIDDEN', error.message);
    case 'unknown_reference':
    case 'invalid_input':
    case 'infeasible':
      return new AppError('VALIDATION_FAILED', error.message, { errors });
  }
}

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { errors: [{ field, message }] });

/** Production intelligence: OEE, FPY, downtime Pareto, alerts; the production-order workflow; finite-capacity schedule. */
export function createProductionService(deps: ProductionServiceDeps) {
  const { db } = deps;
  const now = () => (deps.now ?? (() => new Date()))();
  const today = (): IsoDate => now().toISOString().slice(0, 10);

  const bottleneckOf = (lines: repo.LineRow[]) =>
    new Map(lines.map((l) => [l.code, [...l.equipment].sort((a, b) => Number(a.idealRatePerHour) - Number(b.idealRatePerHour) || a.code.localeCompare(b.code))[0]]));

  async function oee(q: OeeQuery): Promise<OeeReport> {
    const start = `${q.from}T00:00:00.000Z`;
    const end = `${addDays(q.to, 1)}T00:00:00.000Z`;
    const [lines, outputs, slices, inspections] = await Promise.all([
      repo.listLines(db.db),
      repo.outputAggregates(db.db, start, end, q.line),
      repo.downtimeSlices(db.db, start, end, now().toISOString(), q.line),
      repo.firstPassInspections(db.db, start, end, q.line),
    ]);
    if (q.line && !lines.some((l) => l.code === q.line)) throw invalid('line', `No line ${q.line}.`);
    const bottleneck = bottleneckOf(lines);
    const lineRate = new Map(lines.map((l) => [l.code, Number(l.ratePerHour)]));
    const equipmentRate = new Map(lines.flatMap((l) => l.equipment.map((e) => [e.code, Number(e.idealRatePerHour)] as const)));
    const equipmentOf = (line: string, code: string | null) => code ?? bottleneck.get(line)?.code ?? '(line)';

    type Acc = { line: string; equipment: string; shift: string; date: string; run: number; good: number; total: number; idealSeconds: number; downtime: ProductionRecord['downtime'][number][] };
    const acc = new Map<string, Acc>();
    const get = (line: string, equipment: string, shift: string, date: string): Acc => {
      const key = `${line}|${equipment}|${shift}|${date}`;
      let a = acc.get(key);
      if (!a) {
        a = { line, equipment, shift, date, run: 0, good: 0, total: 0, idealSeconds: 0, downtime: [] };
        acc.set(key, a);
      }
      return a;
    };
    for (const o of outputs) {
      const a = get(o.line, equipmentOf(o.line, o.equipment), o.shift ?? OFF_SHIFT, o.date);
      const total = o.good + o.scrap + o.rework;
      a.run += o.runMinutes;
      a.good += o.good;
      a.total += total;
      a.idealSeconds += (3600 / o.rate) * total;
    }
    for (const s of slices) {
      if (!s.isAgainstOrder || s.minutes <= 0) continue;
      get(s.line, equipmentOf(s.line, s.equipment), s.shift ?? OFF_SHIFT, s.date).downtime.push({ minutes: s.minutes, isPlanned: s.kind === 'PLANNED', reason: s.reason });
    }
    const records: ProductionRecord[] = [...acc.values()].map((a) => {
      const down = a.downtime.reduce((sum, d) => sum + d.minutes, 0);
      const rate = equipmentRate.get(a.equipment) ?? lineRate.get(a.line) ?? 1;
      return {
        lineId: a.line,
        equipmentId: a.equipment,
        shift: a.shift,
        date: a.date,
        shiftMinutes: Math.max(a.run, down),
        downtime: a.downtime,
        idealCycleSeconds: a.total > 0 ? a.idealSeconds / a.total : 3600 / rate,
        totalCount: a.total,
        goodCount: a.good,
      };
    });

    const fpyKey = (dims: readonly OeeDimension[], k: Partial<Record<OeeDimension, string>>) => dims.map((d) => k[d] ?? '').join('|');
    const fpyFor = (dims: readonly OeeDimension[]) => {
      const map = new Map<string, { inspected: number; defective: number }>();
      if (dims.includes('equipmentId')) return map;
      for (const i of inspections) {
        const key = fpyKey(dims, { lineId: i.line, shift: i.shift ?? OFF_SHIFT, date: i.date });
        const v = map.get(key) ?? { inspected: 0, defective: 0 };
        v.inspected += i.inspected;
        v.defective += i.defective;
        map.set(key, v);
      }
      return map;
    };
    const view = (dims: readonly OeeDimension[]): OeeFigures[] => {
      let groups: OeeGroup[];
      try {
        groups = computeProductionOee(records, dims);
      } catch (error) {
        if (error instanceof DomainError) throw new AppError('INTERNAL', `Inconsistent production records: ${error.message}`);
        throw error;
      }
      const fpy = fpyFor(dims);
      return groups.map((g) => {
        const f = fpy.get(fpyKey(dims, g.key));
        const oeeValue = round4(g.oee);
        return {
          ...(g.key.lineId !== undefined ? { line: g.key.lineId } : {}),
          ...(g.key.equipmentId !== undefined ? { equipment: g.key.equipmentId } : {}),
          ...(g.key.shift !== undefined ? { shift: g.key.shift } : {}),
          ...(g.key.date !== undefined ? { date: g.key.date } : {}),
          plannedProductionMinutes: round1(g.plannedProductionMinutes),
          runMinutes: round1(g.runMinutes),
          plannedDowntimeMinutes: round1(g.plannedDowntimeMinutes),
          unplannedDowntimeMinutes: round1(g.unplannedDowntimeMinutes),
          totalCount: g.totalCount,
          goodCount: g.goodCount,
          availability: round4(g.availability),
          performance: round4(g.performance),
          quality: round4(g.quality),
          oee: oeeValue,
          firstPassYield: f ? round4(firstPassYield(f.inspected - f.defective, f.inspected)) : null,
          status: classifyOee(oeeValue === null ? null : String(oeeValue)).status,
        };
      });
    };
    const [overall] = view([]);
    const byLineDay = view(['lineId', 'date']);
    const report: OeeReport = {
      from: q.from,
      to: q.to,
      line: q.line ?? null,
      target: specOeeThresholds.target,
      overall: overall ?? { plannedProductionMinutes: 0, runMinutes: 0, plannedDowntimeMinutes: 0, unplannedDowntimeMinutes: 0, totalCount: 0, goodCount: 0, availability: null, performance: null, quality: null, oee: null, firstPassYield: null, status: 'no_data' },
      byLine: view(['lineId']),
      byEquipment: view(['lineId', 'equipmentId']),
      byShift: view(['shift']),
      byDay: view(['date']),
      byLineDay,
      pareto: downtimePareto(slices.map((s) => ({ minutes: s.minutes, isPlanned: s.kind === 'PLANNED', reason: s.reason }))).map((b) => ({ ...b, minutes: round1(b.minutes) })),
      definitions: oeeDefinitions,
    };
    await raiseAlerts(byLineDay.filter((g) => g.date !== undefined && g.date >= addDays(today(), -1)));
    return report;
  }

  /** Stores one alert per line, day and severity and publishes alert.raised when it is new. */
  async function raiseAlerts(groups: readonly OeeFigures[]): Promise<void> {
    for (const g of groups) {
      if (g.status !== 'warning' && g.status !== 'critical') continue;
      const pct = ((g.oee ?? 0) * 100).toFixed(1);
      const title = `OEE ${pct} % on ${g.line} (${g.date})`;
      const message = `${g.line} ran at ${pct} % OEE on ${g.date}, below the ${specOeeThresholds.target * 100} % target: availability ${((g.availability ?? 0) * 100).toFixed(1)} %, performance ${((g.performance ?? 0) * 100).toFixed(1)} %, quality ${((g.quality ?? 0) * 100).toFixed(1)} %.`;
      const stored = await repo.upsertAlert(db.db, {
        kind: ALERT_KIND,
        severity: g.status === 'critical' ? 'CRITICAL' : 'WARNING',
        title,
        message,
        entityType: 'work_centre',
        entityId: g.line as string,
        data: g,
        dedupeKey: `oee:${g.line}:${g.date}:${g.status}`,
      });
      if (stored?.isNew && deps.events) {
        await deps.events.publish('alert.raised', { alertId: stored.id, severity: g.status === 'critical' ? 'high' : 'medium', title, message, source: 'production' }, { roles: ['ADMIN', 'MANAGER', 'OPERATOR'] });
      }
    }
  }

  async function alerts(limit: number): Promise<ProductionAlert[]> {
    return repo.openAlerts(db.db, ALERT_KIND, limit);
  }

  async function lineList(): Promise<ProductionLines> {
    const [lines, used] = await Promise.all([repo.listLines(db.db), repo.downtimeReasonCodes(db.db)]);
    const reasons = [...used];
    for (const r of standardReasons) if (!reasons.some((x) => x.code === r.code && x.kind === r.kind)) reasons.push(r);
    return {
      lines: lines.map((l) => ({ code: l.code, name: l.name, kind: l.kind, ratePerHour: l.ratePerHour, unitOfMeasure: l.unitOfMeasure, equipment: l.equipment.map((e) => ({ code: e.code, name: e.name, idealRatePerHour: e.idealRatePerHour })) })),
      downtimeReasons: reasons.sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code)),
    };
  }

  const toDto = (o: repo.OrderRow): ProductionOrder => ({ ...o, nextActions: nextActions(o.status) });

  async function listOrders(q: ProductionOrderListQuery): Promise<ProductionOrder[]> {
    const statuses = q.status === 'open' ? OPEN_STATUSES : q.status === 'active' ? ['RELEASED', 'IN_PROGRESS'] : [...OPEN_STATUSES, 'COMPLETED', 'CANCELLED'];
    return (await repo.listOrders(db.db, statuses, q.limit, q.line)).map(toDto);
  }

  async function orderDetail(id: string): Promise<ProductionOrderDetail> {
    const order = await repo.findOrder(db.db, id);
    if (!order) throw new AppError('NOT_FOUND', `No production order ${id}.`);
    const [checks, downtime] = await Promise.all([repo.qualityChecksOf(db.db, id), repo.downtimeOf(db.db, id, now().toISOString())]);
    return { ...toDto(order), qualityChecks: checks, downtime };
  }

  /** Loads and locks the order and builds the workflow state the domain function needs. */
  async function loadState(tx: Tx, id: string) {
    const order = await repo.findOrder(tx, id, true);
    if (!order) throw new AppError('NOT_FOUND', `No production order ${id}.`);
    const checks = await repo.qualityChecksOf(tx, id);
    const state: ProductionOrderState = {
      id,
      status: lower(order.status),
      version: 0,
      quantity: order.quantityPlanned,
      goodQuantity: order.goodUnits + order.reworkUnits,
      scrapQuantity: order.scrapUnits,
      qualityChecks: checks.map((c) => ({ id: c.id, passed: c.result === 'PASS', at: c.checkedAt, byActorId: c.inspector })),
    };
    return { order, state, checks };
  }

  const actorOf = (p: AuthPrincipal) => ({ id: p.userId, role: p.role });
  const apply = (state: ProductionOrderState, action: ProductionOrderAction, p: AuthPrincipal, at: string) => {
    const result = transitionProductionOrder(state, action, actorOf(p), at);
    if (!result.ok) throw toHttpError(result.error);
    return result;
  };

  /** After a write that changes what the schedule is planned from: queue the automatic re-plan (never fails the write). */
  async function ordersChanged(): Promise<void> {
    try {
      await deps.onOrdersChanged?.();
    } catch {
      // The published schedule then shows as stale until the next re-plan; the write itself succeeded.
    }
  }

  /** After a write that changes production figures: drop cached KPIs, tell live clients, re-check today's OEE of the line. */
  async function afterProductionChange(line: string): Promise<void> {
    await deps.cache?.invalidate([kpiCacheTags.production]);
    await deps.events?.publish('kpi.updated', { reason: 'production', from: today(), to: today() });
    await oee({ from: today(), to: today(), line });
  }

  async function transition(id: string, body: ProductionTransition, p: AuthPrincipal, actor: AuditActor): Promise<ProductionOrder> {
    const at = now();
    await db.db.transaction(async (tx) => {
      const { order, state } = await loadState(tx, id);
      const action: ProductionOrderAction = body.action === 'cancel' ? { type: 'cancel', reason: body.reason ?? '' } : { type: body.action };
      const result = apply(state, action, p, at.toISOString());
      const to = result.order.status.toUpperCase();
      const updated = (await tx.execute(
        sql`update production_orders set status = ${to}::production_status,
              actual_start = case when ${body.action === 'start'} then ${at.toISOString()}::timestamptz else actual_start end,
              actual_end = case when ${body.action === 'complete'} then ${at.toISOString()}::timestamptz else actual_end end
            where id = ${id}::uuid and status = ${order.status}::production_status returning id`,
      )) as unknown as { rows: unknown[] };
      if (updated.rows.length === 0) throw new AppError('CONFLICT', `Production order ${order.orderNumber} changed meanwhile; reload and try again.`);
      await recordAudit(tx, { ...actor, action: `production_order.${body.action}`, entityType: 'production_order', entityId: id, before: { status: order.status }, after: { status: to, ...result.event.details } });
    });
    await ordersChanged();
    return toDto((await repo.findOrder(db.db, id)) as repo.OrderRow);
  }

  /** Plans an order due at `dueAt`, its provisional slot ending then at the line's ideal rate (the schedule re-places it). */
  async function createOrder(body: CreateProductionOrder, actor: AuditActor): Promise<ProductionOrder> {
    const lines = await repo.listLines(db.db);
    const line = lines.find((l) => l.code === body.line);
    if (!line) throw invalid('line', `No line ${body.line}.`);
    const product = (await db.db.execute(sql`select sku from products where sku = ${body.sku}`)) as unknown as { rows: unknown[] };
    if (product.rows.length === 0) throw invalid('sku', `No product ${body.sku}.`);
    const due = new Date(body.dueAt);
    const start = new Date(due.getTime() - Math.ceil((body.quantity / Number(line.ratePerHour)) * 60) * 60_000);
    const year = now().toISOString().slice(0, 4);
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await db.db.transaction(async (tx) => {
          const last = (await tx.execute(sql`select max(order_number) as n from production_orders where order_number like ${`MO-${year}-%`}`)) as unknown as { rows: { n: string | null }[] };
          const next = Number(last.rows[0]?.n?.slice(8) ?? '0') + 1 + attempt;
          const orderNumber = `MO-${year}-${String(next).padStart(5, '0')}`;
          const rows = (await tx.execute(
            sql`insert into production_orders (order_number, sku, work_centre_code, quantity_planned, scheduled_start, scheduled_end, status, priority)
                values (${orderNumber}, ${body.sku}, ${body.line}, ${body.quantity}, ${start.toISOString()}::timestamptz, ${due.toISOString()}::timestamptz, 'PLANNED', ${body.priority ?? 5})
                returning id::text as id`,
          )) as unknown as { rows: { id: string }[] };
          const newId = rows.rows[0]?.id as string;
          await recordAudit(tx, { ...actor, action: 'production_order.create', entityType: 'production_order', entityId: newId, after: { orderNumber, ...body } });
          return newId;
        });
        await ordersChanged();
        return toDto((await repo.findOrder(db.db, id)) as repo.OrderRow);
      } catch (error) {
        // Two planners taking the same number at once: the unique order number rejects one; it takes the next.
        const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
        if (code !== '23505' || attempt >= 4) throw error;
      }
    }
  }

  async function equipmentIdFor(conn: Tx | DbHandle['db'], line: string, code: string | undefined): Promise<string | null> {
    const lines = await repo.listLines(conn);
    const l = lines.find((x) => x.code === line);
    if (!code) return bottleneckOf(lines).get(line)?.id ?? null;
    const e = l?.equipment.find((x) => x.code === code);
    if (!e) throw invalid('equipmentCode', `Equipment ${code} is not on line ${line}.`);
    return e.id;
  }

  async function recordOutput(id: string, body: RecordOutput, p: AuthPrincipal, actor: AuditActor): Promise<ProductionOrder> {
    const at = now().toISOString();
    const rework = body.reworkUnits ?? 0;
    const scrap = body.totalUnits - body.goodUnits - rework;
    const line = await db.db.transaction(async (tx) => {
      const { order, state } = await loadState(tx, id);
      apply(state, { type: 'record_output', good: body.goodUnits + rework, scrap }, p, at);
      const equipmentId = await equipmentIdFor(tx, order.line, body.equipmentCode);
      const shift = await repo.shiftAt(tx, order.line, at);
      const rows = (await tx.execute(
        sql`insert into output_counts (production_order_id, shift_id, equipment_id, recorded_at, run_minutes, good_units, scrap_units, rework_units)
            values (${id}::uuid, ${shift?.id ?? null}::uuid, ${equipmentId}::uuid, ${at}::timestamptz, ${body.runMinutes}, ${body.goodUnits}, ${scrap}, ${rework}) returning id::text as id`,
      )) as unknown as { rows: { id: string }[] };
      await recordAudit(tx, { ...actor, action: 'production_order.record_output', entityType: 'production_order', entityId: id, after: { outputId: rows.rows[0]?.id, goodUnits: body.goodUnits, scrapUnits: scrap, reworkUnits: rework, runMinutes: body.runMinutes } });
      return order.line;
    });
    await afterProductionChange(line);
    await ordersChanged();
    return toDto((await repo.findOrder(db.db, id)) as repo.OrderRow);
  }

  async function recordQualityCheck(id: string, body: RecordQualityCheck, p: AuthPrincipal, actor: AuditActor): Promise<ProductionOrderDetail> {
    const at = now().toISOString();
    const line = await db.db.transaction(async (tx) => {
      const { order, state, checks } = await loadState(tx, id);
      const checkId = randomUUID();
      apply(state, { type: 'record_quality_check', checkId, passed: body.result === 'PASS' }, p, at);
      const isFirstPass = !checks.some((c) => c.checkType === body.checkType);
      await tx.execute(
        sql`insert into quality_checks (id, production_order_id, checked_at, check_type, result, is_first_pass, sample_size, defects, inspector)
            values (${checkId}::uuid, ${id}::uuid, ${at}::timestamptz, ${body.checkType}, ${body.result}::quality_result, ${isFirstPass}, ${body.sampleSize}, ${body.defects ?? 0}, ${p.email})`,
      );
      await recordAudit(tx, { ...actor, action: 'production_order.record_quality_check', entityType: 'production_order', entityId: id, after: { checkId, ...body, isFirstPass } });
      return order.line;
    });
    await afterProductionChange(line);
    return orderDetail(id);
  }

  async function recordDowntime(body: RecordDowntime, actor: AuditActor): Promise<{ id: string; line: string; kind: 'PLANNED' | 'UNPLANNED'; reasonCode: string; startedAt: string; endedAt: string; minutes: number }> {
    const lines = await repo.listLines(db.db);
    if (!lines.some((l) => l.code === body.line)) throw invalid('line', `No line ${body.line}.`);
    if (Date.parse(body.endedAt) > now().getTime() + 5 * 60_000) throw invalid('endedAt', 'must not be in the future');
    const equipmentId = await equipmentIdFor(db.db, body.line, body.equipmentCode);
    const reasonCode = body.reasonCode.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const id = await db.db.transaction(async (tx) => {
      if (body.productionOrderId) {
        const order = await repo.findOrder(tx, body.productionOrderId, true);
        if (!order) throw invalid('productionOrderId', `No production order ${body.productionOrderId}.`);
        if (order.line !== body.line) throw invalid('productionOrderId', `Order ${order.orderNumber} runs on ${order.line}, not ${body.line}.`);
        if (order.status !== 'IN_PROGRESS' && order.status !== 'COMPLETED') throw new AppError('CONFLICT', `Order ${order.orderNumber} is ${order.status.toLowerCase().replace('_', ' ')}: stops are recorded against started orders.`, { errors: [{ field: 'productionOrderId', message: 'order not started' }] });
      }
      const rows = (await tx.execute(
        sql`insert into downtime_events (work_centre_code, equipment_id, production_order_id, kind, reason_code, started_at, ended_at, notes)
            values (${body.line}, ${equipmentId}::uuid, ${body.productionOrderId ?? null}::uuid, ${body.kind}::downtime_kind, ${reasonCode}, ${body.startedAt}::timestamptz, ${body.endedAt}::timestamptz, ${body.notes ?? null})
            returning id::text as id`,
      )) as unknown as { rows: { id: string }[] };
      const newId = rows.rows[0]?.id as string;
      await recordAudit(tx, { ...actor, action: 'production.downtime.recorded', entityType: 'downtime_event', entityId: newId, after: { ...body, reasonCode } });
      return newId;
    });
    await afterProductionChange(body.line);
    return { id, line: body.line, kind: body.kind, reasonCode, startedAt: new Date(body.startedAt).toISOString(), endedAt: new Date(body.endedAt).toISOString(), minutes: round1((Date.parse(body.endedAt) - Date.parse(body.startedAt)) / 60_000) };
  }

  /**
   * The weekly shift pattern of each line from its staffed shifts (name, start, end, weekdays seen), with the
   * dates inside the known shift rows on which nothing was staffed as closed dates. Beyond the last known
   * shift the pattern repeats.
   */
  function calendarsFrom(rows: repo.ShiftRow[]): Map<string, { calendar: ShiftCalendar; text: string }> {
    const byLine = new Map<string, repo.ShiftRow[]>();
    for (const r of rows) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
    const out = new Map<string, { calendar: ShiftCalendar; text: string }>();
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    for (const [line, list] of byLine) {
      const defs = new Map<string, { name: string; start: string; end: string; weekdays: Set<number> }>();
      const staffed = new Set<string>();
      for (const r of list) {
        const date = new Date(r.startsAt).toISOString().slice(0, 10);
        staffed.add(date);
        const key = `${r.name}|${hhmm(r.startsAt)}|${hhmm(r.endsAt)}`;
        const d = defs.get(key) ?? { name: r.name, start: hhmm(r.startsAt), end: hhmm(r.endsAt), weekdays: new Set<number>() };
        d.weekdays.add(isoWeekday(date));
        defs.set(key, d);
      }
      const shifts: ShiftDefinition[] = [...defs.values()].map((d) => ({ name: d.name, start: d.start, end: d.end, weekdays: [...d.weekdays].sort() }));
      const weekdays = new Set(shifts.flatMap((s) => s.weekdays));
      const first = Math.floor((list[0] as repo.ShiftRow).startsAt / DAY_MS);
      const last = Math.floor((list[list.length - 1] as repo.ShiftRow).startsAt / DAY_MS);
      const closedDates: IsoDate[] = [];
      for (let dayNo = first; dayNo <= last; dayNo++) {
        const date = fromDayNumber(dayNo);
        if (weekdays.has(isoWeekday(date)) && !staffed.has(date)) closedDates.push(date);
      }
      const names = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      out.set(line, { calendar: { shifts, closedDates }, text: shifts.map((s) => `${s.name} ${s.start}–${s.end} ${s.weekdays.map((w) => names[w]).join(' ')}`).join('; ') });
    }
    return out;
  }

  const assumptions = [
    'Open orders (planned, released, in progress) are loaded forward from the start on each work centre\u2019s shift calendar; in-progress orders go first with their remaining quantity, from their line\u2019s step on.',
    'Each order follows its product\u2019s routing (e.g. blend → bottle → label and pack): a step starts only after the previous one has ended plus its transfer/queue time (elapsed time); the routing step of the order\u2019s line kind runs on the order\u2019s line. A product without a routing runs on its line alone at the line\u2019s ideal rate.',
    'Due date = the order\u2019s scheduled end; priority 1 is most urgent; ties by earliest due date, and a same-SKU order due within 24 h may jump ahead to save a changeover.',
    'Changeover between different SKUs: each work centre\u2019s changeover minutes.',
    'Shift calendars: each work centre\u2019s weekly pattern from its staffed shifts (last 4 weeks and ahead); weekdays without staffed shifts inside the recorded range are closed.',
    'The schedule is stored and published; it is shown until re-planned (by a manager, or automatically shortly after orders change). Moves are measured on each order\u2019s end against the previous run.',
  ];

  /** What a plan is made from; its hash is the run's inputs version. */
  async function loadPlanInputs() {
    const [lines, orders, routings] = await Promise.all([repo.listLines(db.db), repo.listOrders(db.db, OPEN_STATUSES, 100_000), repo.listRoutings(db.db)]);
    const hash = createHash('sha256');
    for (const o of orders) hash.update(`${o.id}|${o.status}|${o.quantityPlanned - o.goodUnits - o.scrapUnits - o.reworkUnits}|${o.scheduledEnd}|${o.priority}|${o.line}\n`);
    for (const r of routings) hash.update(`${r.sku}|${r.step}|${r.workCentre}|${r.ratePerHour}|${r.setupMinutes}|${r.transferMinutes}\n`);
    for (const l of lines) hash.update(`${l.code}|${l.ratePerHour}|${l.changeoverMinutes}\n`);
    return { lines, orders, routings, inputsVersion: hash.digest('hex').slice(0, 32) };
  }

  /**
   * The steps an order runs through: its product's routing with the step of its line's kind moved onto its line
   * (a SKU made on either bottling line), or its line alone. An order in progress has passed the steps before its line.
   */
  function routingOf(o: repo.OrderRow, routings: Map<string, repo.RoutingRow[]>, lineByCode: Map<string, repo.LineRow>) {
    const line = lineByCode.get(o.line);
    const own = { operation: 'Run', workCentre: o.line, ratePerHour: Number(line?.ratePerHour ?? 1), setupMinutes: 0, transferMinutes: 0 };
    const steps = routings.get(o.sku);
    if (!steps || steps.length === 0) return [own];
    let atLine = steps.findIndex((r) => r.workCentre === o.line);
    let mapped = steps.map((r) => ({ operation: r.operation, workCentre: r.workCentre, ratePerHour: r.ratePerHour, setupMinutes: r.setupMinutes, transferMinutes: r.transferMinutes }));
    if (atLine < 0) {
      atLine = steps.findIndex((r) => lineByCode.get(r.workCentre)?.kind === line?.kind);
      if (atLine < 0) return [own];
      mapped = mapped.map((r, i) => (i === atLine ? { ...r, workCentre: o.line, ratePerHour: Number(line?.ratePerHour ?? r.ratePerHour) } : r));
    }
    return o.status === 'IN_PROGRESS' ? mapped.slice(atLine).map((r, i) => (i === 0 ? { ...r, transferMinutes: 0 } : r)) : mapped;
  }

  /** Plans the open orders from `startAt` (CPU only; nothing is written). */
  async function plan(startMs: number, horizonDays: number) {
    const t0 = performance.now();
    const inputs = await loadPlanInputs();
    const { lines, orders } = inputs;
    const shiftRows = await repo.shiftsBetween(db.db, new Date(startMs - 28 * DAY_MS).toISOString(), new Date(startMs + horizonDays * DAY_MS).toISOString());
    const calendars = calendarsFrom(shiftRows);
    const fallback: ShiftCalendar = { shifts: [{ name: 'DAY', start: '06:00', end: '14:00', weekdays: [1, 2, 3, 4, 5] }] };
    const lineByCode = new Map(lines.map((l) => [l.code, l]));
    const routings = new Map<string, repo.RoutingRow[]>();
    for (const r of inputs.routings) routings.set(r.sku, [...(routings.get(r.sku) ?? []), r]);
    const initial = new Map(orders.filter((o) => o.status === 'IN_PROGRESS').map((o) => [o.line, o.sku]));
    const centres: WorkCentre[] = lines.map((l) => ({
      id: l.code,
      calendar: calendars.get(l.code)?.calendar ?? fallback,
      defaultChangeoverMinutes: l.changeoverMinutes,
      ...(initial.has(l.code) ? { initialFamily: initial.get(l.code) as string } : {}),
    }));
    const stepsOf = new Map<string, ReturnType<typeof routingOf>>();
    const toSchedule: OrderToSchedule[] = [];
    for (const o of orders) {
      const remaining = o.status === 'IN_PROGRESS' ? o.quantityPlanned - o.goodUnits - o.scrapUnits - o.reworkUnits : o.quantityPlanned;
      if (remaining <= 0) continue;
      const steps = routingOf(o, routings, lineByCode);
      stepsOf.set(o.id, steps);
      toSchedule.push({
        id: o.id,
        productFamily: o.sku,
        quantity: remaining,
        dueAt: o.scheduledEnd,
        // Work already on the line finishes first.
        priority: o.status === 'IN_PROGRESS' ? 0 : o.priority,
        routing: steps.map((r) => ({ workCentreId: r.workCentre, setupMinutes: r.setupMinutes, runMinutesPerUnit: 60 / (r.ratePerHour || 1), transferMinutes: r.transferMinutes })),
      });
    }
    let result;
    try {
      result = scheduleProduction({ workCentres: centres, orders: toSchedule, options: { startAt: new Date(startMs).toISOString(), horizonDays } });
    } catch (error) {
      if (error instanceof DomainError) throw toHttpError(error);
      throw error;
    }
    return { ...inputs, calendars, fallback, stepsOf, result, computeMs: performance.now() - t0 };
  }

  const stored = (n: number) => Math.round(n * 10) / 10;

  /**
   * Plans the open orders and publishes the plan: the run and its operations are written in one transaction
   * that supersedes the published run (serialised by an advisory lock). Automatic re-plans (`orders_changed`,
   * `initial`) do nothing when the published run was made from the same inputs.
   */
  async function replan(args: { trigger: 'manual' | 'orders_changed' | 'initial'; actor?: AuditActor; startAt?: string | undefined; horizonDays?: number | undefined }): Promise<{ runId: string; isNew: boolean; inputsVersion: string }> {
    const startMs = args.startAt ? Date.parse(args.startAt) : Math.floor(now().getTime() / 60_000) * 60_000;
    const horizonDays = args.horizonDays ?? 90;
    const p = await plan(startMs, horizonDays);
    const byId = new Map(p.orders.map((o) => [o.id, o]));
    const spans = new Map(p.result.orders.map((o) => [o.orderId, o]));
    return db.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK_KEY})`);
      const published = await repo.findRun(tx);
      if (published && args.trigger !== 'manual' && published.inputsVersion === p.inputsVersion) return { runId: published.id, isNew: false, inputsVersion: p.inputsVersion };
      const previous = published ? await repo.runOrderSpans(tx, published.id) : new Map<string, { orderNumber: string; start: string; end: string }>();
      const moved: ScheduleChanges['moved'] = [];
      const added: ScheduleChanges['added'] = [];
      let unchanged = 0;
      for (const o of p.result.orders) {
        const before = previous.get(o.orderId);
        const orderNumber = byId.get(o.orderId)?.orderNumber ?? o.orderId;
        if (!before) added.push({ orderId: o.orderId, orderNumber });
        else {
          const shiftMinutes = stored((Date.parse(o.end) - Date.parse(before.end)) / 60_000);
          if (shiftMinutes !== 0 || before.start !== o.start) moved.push({ orderId: o.orderId, orderNumber, previousStart: before.start, previousEnd: before.end, start: o.start, end: o.end, shiftMinutes });
          else unchanged++;
        }
      }
      const removed = [...previous].filter(([id]) => !spans.has(id)).map(([orderId, v]) => ({ orderId, orderNumber: v.orderNumber }));
      moved.sort((a, b) => Math.abs(b.shiftMinutes) - Math.abs(a.shiftMinutes) || a.orderNumber.localeCompare(b.orderNumber));
      const changes: ScheduleChanges = { previousRunId: published?.id ?? null, moved: moved.slice(0, 200), movedCount: moved.length, added, removed, unchanged };
      const unscheduled = p.result.unscheduled.map((u) => ({ orderId: u.orderId, orderNumber: byId.get(u.orderId)?.orderNumber ?? u.orderId, reason: u.reason }));
      const details: StoredScheduleDetails = {
        workCentres: p.lines.map((l) => {
          const calendar = p.calendars.get(l.code);
          const used = calendar?.calendar ?? p.fallback;
          const closedDates = (used.closedDates ?? []).filter((d) => d >= new Date(startMs).toISOString().slice(0, 10));
          return { code: l.code, name: l.name, calendar: calendar?.text ?? 'DAY 06:00–14:00 Mon–Fri (no shifts recorded)', shifts: used.shifts.map((x) => ({ ...x, weekdays: [...x.weekdays] })), closedDates, changeoverMinutes: l.changeoverMinutes };
        }),
        utilisation: p.result.utilisation.map((u) => ({ workCentre: u.workCentreId, date: u.date, capacityMinutes: round1(u.capacityMinutes), loadedMinutes: round1(u.loadedMinutes), utilisation: u.utilisation === null ? null : Math.round(u.utilisation * 10_000) / 10_000 })),
        unscheduled,
        changes,
      };
      const previousId = await repo.supersedePublished(tx);
      const runId = await repo.insertRun(
        tx,
        {
          trigger: args.trigger,
          triggeredBy: args.actor?.userId ?? null,
          previousRunId: previousId,
          inputsVersion: p.inputsVersion,
          startAt: new Date(startMs),
          horizonDays,
          orderCount: p.result.orders.length,
          operationCount: p.result.operations.length,
          lateOrders: p.result.lateOrders,
          totalTardinessMinutes: stored(p.result.totalTardinessMinutes).toFixed(1),
          totalChangeoverMinutes: Math.round(p.result.totalChangeoverMinutes),
          makespanEnd: p.result.makespanEnd ? new Date(p.result.makespanEnd) : null,
          computeMs: stored(p.computeMs).toFixed(1),
          details,
          // Taken after the lock (not the transaction's start), so publication order and creation order agree.
          createdAt: new Date(),
        },
        p.result.operations.map((op) => {
          const steps = p.stepsOf.get(op.orderId) ?? [];
          const step = steps[op.step];
          return {
            productionOrderId: op.orderId,
            step: op.step + 1,
            stepCount: steps.length,
            operation: step?.operation ?? 'Run',
            workCentreCode: op.workCentreId,
            startAt: op.start,
            endAt: op.end,
            changeoverMinutes: Math.round(op.changeoverMinutes),
            setupMinutes: Math.round(op.setupMinutes),
            runMinutes: stored(op.runMinutes).toFixed(1),
            transferMinutes: op.step === 0 ? 0 : Math.round(step?.transferMinutes ?? 0),
          };
        }),
      );
      await recordAudit(tx, {
        ...(args.actor ?? { actor: `system:production.replan` }),
        action: 'production_schedule.published',
        entityType: 'production_schedule_run',
        entityId: runId,
        after: { trigger: args.trigger, inputsVersion: p.inputsVersion, orders: p.result.orders.length, operations: p.result.operations.length, lateOrders: p.result.lateOrders, moved: moved.length, added: added.length, removed: removed.length },
      });
      return { runId, isNew: true, inputsVersion: p.inputsVersion };
    });
  }

  /** A stored run as the API shows it, optionally one work centre; `isStale` compares its inputs with today's. */
  async function readRun(run: repo.ScheduleRunRow, line?: string, currentInputsVersion?: string): Promise<Schedule> {
    const t0 = performance.now();
    const [ops, inputsVersion] = await Promise.all([repo.runOperations(db.db, run.id), currentInputsVersion ?? loadPlanInputs().then((i) => i.inputsVersion)]);
    const details = run.details as StoredScheduleDetails;
    if (line && !details.workCentres.some((w) => w.code === line)) throw invalid('line', `No line ${line}.`);
    const orders = new Map<string, Schedule['orders'][number]>();
    for (const op of ops) {
      const o = orders.get(op.orderId);
      if (!o) orders.set(op.orderId, { orderId: op.orderId, orderNumber: op.orderNumber, sku: op.sku, status: op.status, priority: op.priority, line: op.line, start: op.start, end: op.end, dueAt: op.dueAt, latenessMinutes: 0, isLate: false });
      else {
        if (op.start < o.start) o.start = op.start;
        if (op.end > o.end) o.end = op.end;
      }
    }
    for (const o of orders.values()) {
      o.latenessMinutes = stored((Date.parse(o.end) - Date.parse(o.dueAt)) / 60_000);
      o.isLate = o.latenessMinutes > 0;
    }
    const shown = line ? ops.filter((op) => op.workCentre === line) : ops;
    return {
      runId: run.id,
      status: run.status,
      trigger: run.trigger as Schedule['trigger'],
      triggeredBy: run.triggeredByName,
      createdAt: run.createdAt.toISOString(),
      inputsVersion: run.inputsVersion,
      isStale: inputsVersion !== run.inputsVersion,
      startAt: run.startAt.toISOString(),
      horizonDays: run.horizonDays,
      workCentres: line ? details.workCentres.filter((w) => w.code === line) : details.workCentres,
      operations: shown.map((op) => {
        const o = orders.get(op.orderId) as Schedule['orders'][number];
        return {
          orderId: op.orderId,
          orderNumber: op.orderNumber,
          sku: op.sku,
          status: op.status,
          priority: op.priority,
          step: op.step,
          stepCount: op.stepCount,
          operation: op.operation,
          workCentre: op.workCentre,
          start: op.start,
          end: op.end,
          dueAt: op.dueAt,
          changeoverMinutes: op.changeoverMinutes,
          setupMinutes: op.setupMinutes,
          runMinutes: op.runMinutes,
          transferMinutes: op.transferMinutes,
          latenessMinutes: o.latenessMinutes,
          isLate: o.isLate,
        };
      }),
      orders: [...orders.values()].filter((o) => !line || shown.some((op) => op.orderId === o.orderId)).sort((a, b) => a.start.localeCompare(b.start) || a.orderNumber.localeCompare(b.orderNumber)),
      utilisation: line ? details.utilisation.filter((u) => u.workCentre === line) : details.utilisation,
      unscheduled: details.unscheduled,
      lateOrders: run.lateOrders,
      totalTardinessMinutes: Number(run.totalTardinessMinutes),
      totalChangeoverMinutes: run.totalChangeoverMinutes,
      makespanEnd: run.makespanEnd ? run.makespanEnd.toISOString() : null,
      computeMs: stored(Number(run.computeMs) + performance.now() - t0),
      changes: details.changes,
      assumptions,
    };
  }

  /** The published schedule; the first read ever plans one. */
  async function schedule(q: ScheduleQuery): Promise<Schedule> {
    let run = await repo.findRun(db.db);
    if (!run) {
      const { runId } = await replan({ trigger: 'initial' });
      run = await repo.findRun(db.db, runId);
    }
    return readRun(run as repo.ScheduleRunRow, q.line);
  }

  /** Re-plans now (MANAGER, ADMIN) and returns the published result. */
  async function replanNow(body: { startAt?: string | undefined; horizonDays?: number | undefined }, actor: AuditActor): Promise<Schedule> {
    const { runId, inputsVersion } = await replan({ trigger: 'manual', actor, startAt: body.startAt, horizonDays: body.horizonDays });
    // Just planned from these inputs: no need to load them again to tell whether it is stale.
    return readRun((await repo.findRun(db.db, runId)) as repo.ScheduleRunRow, undefined, inputsVersion);
  }

  async function scheduleRuns(limit: number): Promise<ScheduleRunList> {
    const runs = await repo.listRuns(db.db, limit);
    return {
      runs: runs.map((r) => ({
        runId: r.id,
        status: r.status,
        trigger: r.trigger as Schedule['trigger'],
        triggeredBy: r.triggeredByName,
        createdAt: r.createdAt.toISOString(),
        orderCount: r.orderCount,
        operationCount: r.operationCount,
        lateOrders: r.lateOrders,
        movedCount: (r.details as StoredScheduleDetails).changes.movedCount,
      })),
    };
  }

  return { oee, alerts, lineList, listOrders, orderDetail, createOrder, transition, recordOutput, recordQualityCheck, recordDowntime, schedule, replan, replanNow, scheduleRuns };
}

export type ProductionService = ReturnType<typeof createProductionService>;
