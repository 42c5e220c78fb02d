import { randomUUID } from 'node:crypto';
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
  ScheduleQuery,
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
/** Changeover between two different SKUs on a line (the demo company's standard changeover stop). */
const CHANGEOVER_MINUTES = 40;
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

export interface ProductionServiceDeps {
  db: DbHandle;
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

  async function schedule(q: ScheduleQuery): Promise<Schedule> {
    const t0 = performance.now();
    const startMs = q.startAt ? Date.parse(q.startAt) : Math.floor(now().getTime() / 60_000) * 60_000;
    const startAt = new Date(startMs).toISOString();
    const [lines, orders, shiftRows] = await Promise.all([
      repo.listLines(db.db),
      repo.listOrders(db.db, OPEN_STATUSES, 100_000, q.line),
      repo.shiftsBetween(db.db, new Date(startMs - 28 * DAY_MS).toISOString(), new Date(startMs + q.horizonDays * DAY_MS).toISOString()),
    ]);
    if (q.line && !lines.some((l) => l.code === q.line)) throw invalid('line', `No line ${q.line}.`);
    const calendars = calendarsFrom(shiftRows);
    const fallback: ShiftCalendar = { shifts: [{ name: 'DAY', start: '06:00', end: '14:00', weekdays: [1, 2, 3, 4, 5] }] };
    const usedLines = lines.filter((l) => (q.line ? l.code === q.line : true));
    const initial = new Map(orders.filter((o) => o.status === 'IN_PROGRESS').map((o) => [o.line, o.sku]));
    const centres: WorkCentre[] = usedLines.map((l) => ({
      id: l.code,
      calendar: calendars.get(l.code)?.calendar ?? fallback,
      defaultChangeoverMinutes: CHANGEOVER_MINUTES,
      ...(initial.has(l.code) ? { initialFamily: initial.get(l.code) as string } : {}),
    }));
    const rate = new Map(lines.map((l) => [l.code, Number(l.ratePerHour)]));
    const byId = new Map(orders.map((o) => [o.id, o]));
    const toSchedule: OrderToSchedule[] = [];
    for (const o of orders) {
      const remaining = o.status === 'IN_PROGRESS' ? o.quantityPlanned - o.goodUnits - o.scrapUnits - o.reworkUnits : o.quantityPlanned;
      if (remaining <= 0) continue;
      toSchedule.push({
        id: o.id,
        productFamily: o.sku,
        quantity: remaining,
        dueAt: o.scheduledEnd,
        // Work already on the line finishes first.
        priority: o.status === 'IN_PROGRESS' ? 0 : o.priority,
        routing: [{ workCentreId: o.line, setupMinutes: 0, runMinutesPerUnit: 60 / (rate.get(o.line) || 1) }],
      });
    }
    let result;
    try {
      result = scheduleProduction({ workCentres: centres, orders: toSchedule, options: { startAt, horizonDays: q.horizonDays } });
    } catch (error) {
      if (error instanceof DomainError) throw toHttpError(error);
      throw error;
    }
    const orderResult = new Map(result.orders.map((o) => [o.orderId, o]));
    return {
      startAt,
      horizonDays: q.horizonDays,
      workCentres: usedLines.map((l) => ({ code: l.code, name: l.name, calendar: calendars.get(l.code)?.text ?? 'DAY 06:00–14:00 Mon–Fri (no shifts recorded)' })),
      operations: result.operations.map((op) => {
        const o = byId.get(op.orderId) as repo.OrderRow;
        const r = orderResult.get(op.orderId);
        return {
          orderId: op.orderId,
          orderNumber: o.orderNumber,
          sku: o.sku,
          status: o.status,
          priority: o.priority,
          workCentre: op.workCentreId,
          start: op.start,
          end: op.end,
          dueAt: o.scheduledEnd,
          changeoverMinutes: op.changeoverMinutes,
          setupMinutes: op.setupMinutes,
          runMinutes: round1(op.runMinutes),
          latenessMinutes: round1(r?.latenessMinutes ?? 0),
          isLate: r?.isLate ?? false,
        };
      }),
      utilisation: result.utilisation.map((u) => ({ workCentre: u.workCentreId, date: u.date, capacityMinutes: round1(u.capacityMinutes), loadedMinutes: round1(u.loadedMinutes), utilisation: u.utilisation === null ? null : Math.round(u.utilisation * 10_000) / 10_000 })),
      unscheduled: result.unscheduled.map((u) => ({ orderId: u.orderId, orderNumber: byId.get(u.orderId)?.orderNumber ?? u.orderId, reason: u.reason })),
      lateOrders: result.lateOrders,
      totalTardinessMinutes: round1(result.totalTardinessMinutes),
      totalChangeoverMinutes: result.totalChangeoverMinutes,
      makespanEnd: result.makespanEnd,
      computeMs: Math.round((performance.now() - t0) * 10) / 10,
      assumptions: [
        'Open orders (planned, released, in progress) are loaded forward from the start on their line\u2019s shift calendar; in-progress orders go first with their remaining quantity.',
        'Due date = the order\u2019s scheduled end; priority 1 is most urgent; ties by earliest due date, and a same-SKU order due within 24 h may jump ahead to save a changeover.',
        `Run time at the line\u2019s ideal rate; ${CHANGEOVER_MINUTES} minutes changeover between different SKUs.`,
        'Shift calendars: each line\u2019s weekly pattern from its staffed shifts (last 4 weeks and ahead); weekdays without staffed shifts inside the recorded range are closed.',
      ],
    };
  }

  return { oee, alerts, lineList, listOrders, orderDetail, createOrder, transition, recordOutput, recordQualityCheck, recordDowntime, schedule };
}

export type ProductionService = ReturnType<typeof createProductionService>;
