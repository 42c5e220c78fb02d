import type { Db, DbTransaction } from '@sentia/db/create-db';
import { type productionScheduleOperations, productionScheduleRuns } from '@sentia/db/schema';
import { type SQL, desc, eq, sql } from 'drizzle-orm';

type Row = Record<string, unknown>;
type Conn = Db | DbTransaction;
const rowsOf = async (db: Conn, query: SQL): Promise<Row[]> => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export interface LineRow {
  code: string;
  name: string;
  kind: string;
  ratePerHour: string;
  unitOfMeasure: string;
  changeoverMinutes: number;
  equipment: { id: string; code: string; name: string; idealRatePerHour: string }[];
}

/** Work centres with their active equipment, by code. */
export async function listLines(db: Conn): Promise<LineRow[]> {
  const rows = await rowsOf(
    db,
    sql`select wc.code, wc.name, wc.kind, wc.rate_per_hour::text as rate, wc.unit_of_measure as uom, wc.changeover_minutes as changeover,
               e.id::text as eid, e.code as ecode, e.name as ename, e.ideal_rate_per_hour::text as erate
        from work_centres wc left join equipment e on e.work_centre_code = wc.code and e.status <> 'RETIRED'
        order by wc.code, e.code`,
  );
  const out = new Map<string, LineRow>();
  for (const r of rows) {
    const code = str(r.code);
    const line = out.get(code) ?? { code, name: str(r.name), kind: str(r.kind), ratePerHour: str(r.rate), unitOfMeasure: str(r.uom), changeoverMinutes: num(r.changeover), equipment: [] };
    if (r.eid) line.equipment.push({ id: str(r.eid), code: str(r.ecode), name: str(r.ename), idealRatePerHour: str(r.erate) });
    out.set(code, line);
  }
  return [...out.values()];
}

export interface OutputAggregate {
  line: string;
  equipment: string | null;
  shift: string | null;
  date: string;
  runMinutes: number;
  good: number;
  scrap: number;
  rework: number;
  /** Ideal units per hour for the equipment (else the line). */
  rate: number;
}

/** Output counts recorded in [start, end) summed per line × equipment × shift × day (the shift's date, else the recording's). */
export async function outputAggregates(db: Conn, start: string, end: string, line?: string): Promise<OutputAggregate[]> {
  const rows = await rowsOf(
    db,
    sql`select po.work_centre_code as line, eq.code as equipment, s.shift_name as shift,
               coalesce(s.shift_date, (oc.recorded_at at time zone 'UTC')::date)::text as day,
               sum(oc.run_minutes)::int as run, sum(oc.good_units)::int as good, sum(oc.scrap_units)::int as scrap, sum(oc.rework_units)::int as rework,
               coalesce(eq.ideal_rate_per_hour, wc.rate_per_hour)::float8 as rate
        from output_counts oc
        join production_orders po on po.id = oc.production_order_id
        join work_centres wc on wc.code = po.work_centre_code
        left join equipment eq on eq.id = oc.equipment_id
        left join shifts s on s.id = oc.shift_id
        where oc.recorded_at >= ${start}::timestamptz and oc.recorded_at < ${end}::timestamptz
          ${line ? sql`and po.work_centre_code = ${line}` : sql``}
        group by 1, 2, 3, 4, 9`,
  );
  return rows.map((r) => ({ line: str(r.line), equipment: r.equipment === null ? null : str(r.equipment), shift: r.shift === null ? null : str(r.shift), date: day(r.day), runMinutes: num(r.run), good: num(r.good), scrap: num(r.scrap), rework: num(r.rework), rate: num(r.rate) }));
}

export interface DowntimeSlice {
  line: string;
  equipment: string | null;
  shift: string | null;
  date: string;
  kind: 'PLANNED' | 'UNPLANNED';
  reason: string;
  minutes: number;
  isAgainstOrder: boolean;
}

/**
 * Downtime events overlapping [start, end), cut at the staffed shifts of their line: one slice per event × shift
 * with the overlapping minutes, and one slice (shift null, dated by the event's start) with the minutes outside every
 * shift of the line — all of an event that touches no shift, or the tail of a stop that runs past a shift's end.
 * Everything is clipped to the range; open events run until `now`. (Shifts of one line do not overlap.)
 */
export async function downtimeSlices(db: Conn, start: string, end: string, now: string, line?: string): Promise<DowntimeSlice[]> {
  const rows = await rowsOf(
    db,
    sql`with e as (
          select d.id, d.work_centre_code as line, eq.code as equipment, d.kind::text as kind, d.reason_code as reason,
                 greatest(d.started_at, ${start}::timestamptz) as f, least(coalesce(d.ended_at, ${now}::timestamptz), ${end}::timestamptz) as t,
                 d.production_order_id is not null as against_order
          from downtime_events d left join equipment eq on eq.id = d.equipment_id
          where d.started_at < ${end}::timestamptz and coalesce(d.ended_at, ${now}::timestamptz) > ${start}::timestamptz
            ${line ? sql`and d.work_centre_code = ${line}` : sql``}
        ),
        parts as (
          select e.id, e.line, e.equipment, e.kind, e.reason, e.against_order, s.shift_name as shift, s.shift_date::text as day,
                 extract(epoch from (least(e.t, s.ends_at) - greatest(e.f, s.starts_at)))::float8 / 60 as minutes
          from e join shifts s on s.work_centre_code = e.line and s.starts_at < e.t and s.ends_at > e.f
          where e.t > e.f
        )
        select line, equipment, kind, reason, against_order, shift, day, minutes from parts
        union all
        select * from (
          select e.line, e.equipment, e.kind, e.reason, e.against_order, null::text as shift, ((e.f at time zone 'UTC')::date)::text as day,
                 extract(epoch from (e.t - e.f))::float8 / 60 - coalesce((select sum(p.minutes) from parts p where p.id = e.id), 0) as minutes
          from e where e.t > e.f
        ) off_shift where minutes > 1e-6`,
  );
  return rows.map((r) => ({
    line: str(r.line),
    equipment: r.equipment === null ? null : str(r.equipment),
    shift: r.shift === null ? null : str(r.shift),
    date: day(r.day),
    kind: str(r.kind) as 'PLANNED' | 'UNPLANNED',
    reason: str(r.reason),
    minutes: Math.max(0, num(r.minutes)),
    isAgainstOrder: Boolean(r.against_order),
  }));
}

export interface InspectionAggregate {
  line: string;
  equipment: null;
  shift: string | null;
  date: string;
  inspected: number;
  defective: number;
}

/** First inspections in [start, end) per line × shift × day: units inspected and units found defective. */
export async function firstPassInspections(db: Conn, start: string, end: string, line?: string): Promise<InspectionAggregate[]> {
  const rows = await rowsOf(
    db,
    sql`select po.work_centre_code as line, s.shift_name as shift, coalesce(s.shift_date, (q.checked_at at time zone 'UTC')::date)::text as day,
               sum(q.sample_size)::int as inspected, sum(least(q.defects, q.sample_size))::int as defective
        from quality_checks q
        join production_orders po on po.id = q.production_order_id
        left join lateral (select sh.shift_name, sh.shift_date from shifts sh where sh.work_centre_code = po.work_centre_code and sh.starts_at <= q.checked_at and sh.ends_at > q.checked_at limit 1) s on true
        where q.is_first_pass and q.checked_at >= ${start}::timestamptz and q.checked_at < ${end}::timestamptz
          ${line ? sql`and po.work_centre_code = ${line}` : sql``}
        group by 1, 2, 3`,
  );
  return rows.map((r) => ({ line: str(r.line), equipment: null, shift: r.shift === null ? null : str(r.shift), date: day(r.day), inspected: num(r.inspected), defective: num(r.defective) }));
}

export interface OrderRow {
  id: string;
  orderNumber: string;
  sku: string;
  productName: string;
  line: string;
  lineName: string;
  status: 'PLANNED' | 'RELEASED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
  priority: number;
  quantityPlanned: number;
  goodUnits: number;
  scrapUnits: number;
  reworkUnits: number;
  runMinutes: number;
  scheduledStart: string;
  scheduledEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  latestQualityResult: 'PASS' | 'FAIL' | 'REWORK' | null;
}

const orderSelect = sql`
  select po.id::text as id, po.order_number, po.sku, p.name as product_name, po.work_centre_code as line, wc.name as line_name, po.status::text as status,
         po.priority, po.quantity_planned, po.scheduled_start, po.scheduled_end, po.actual_start, po.actual_end,
         coalesce(o.good, 0) as good, coalesce(o.scrap, 0) as scrap, coalesce(o.rework, 0) as rework, coalesce(o.run, 0) as run,
         (select q.result::text from quality_checks q where q.production_order_id = po.id order by q.checked_at desc, q.id desc limit 1) as latest_quality
  from production_orders po
  join products p on p.sku = po.sku
  join work_centres wc on wc.code = po.work_centre_code
  left join lateral (select sum(good_units)::int as good, sum(scrap_units)::int as scrap, sum(rework_units)::int as rework, sum(run_minutes)::int as run
                     from output_counts oc where oc.production_order_id = po.id) o on true`;

const toOrder = (r: Row): OrderRow => ({
  id: str(r.id),
  orderNumber: str(r.order_number),
  sku: str(r.sku),
  productName: str(r.product_name),
  line: str(r.line),
  lineName: str(r.line_name),
  status: str(r.status) as OrderRow['status'],
  priority: num(r.priority),
  quantityPlanned: num(r.quantity_planned),
  goodUnits: num(r.good),
  scrapUnits: num(r.scrap),
  reworkUnits: num(r.rework),
  runMinutes: num(r.run),
  scheduledStart: iso(r.scheduled_start),
  scheduledEnd: iso(r.scheduled_end),
  actualStart: isoOrNull(r.actual_start),
  actualEnd: isoOrNull(r.actual_end),
  latestQualityResult: r.latest_quality === null || r.latest_quality === undefined ? null : (str(r.latest_quality) as OrderRow['latestQualityResult']),
});

/** Production orders by status set, optionally one line: in progress first, then by scheduled start. */
export async function listOrders(db: Conn, statuses: readonly string[], limit: number, line?: string): Promise<OrderRow[]> {
  const rows = await rowsOf(
    db,
    sql`${orderSelect}
        where po.status::text in (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)}) ${line ? sql`and po.work_centre_code = ${line}` : sql``}
        order by case po.status when 'IN_PROGRESS' then 0 when 'RELEASED' then 1 when 'PLANNED' then 2 else 3 end, po.scheduled_start, po.order_number
        limit ${limit}`,
  );
  return rows.map(toOrder);
}

/** One order; with `lock`, the row is locked for the rest of the transaction (serialises writers on one order). */
export async function findOrder(db: Conn, id: string, lock = false): Promise<OrderRow | null> {
  if (lock) await db.execute(sql`select 1 from production_orders where id = ${id}::uuid for update`);
  const rows = await rowsOf(db, sql`${orderSelect} where po.id = ${id}::uuid`);
  return rows[0] ? toOrder(rows[0]) : null;
}

export interface QualityRow {
  id: string;
  checkedAt: string;
  checkType: string;
  result: 'PASS' | 'FAIL' | 'REWORK';
  isFirstPass: boolean;
  sampleSize: number;
  defects: number;
  inspector: string;
}

export async function qualityChecksOf(db: Conn, orderId: string): Promise<QualityRow[]> {
  const rows = await rowsOf(
    db,
    sql`select id::text as id, checked_at, check_type, result::text as result, is_first_pass, sample_size, defects, inspector
        from quality_checks where production_order_id = ${orderId}::uuid order by checked_at, id`,
  );
  return rows.map((r) => ({ id: str(r.id), checkedAt: iso(r.checked_at), checkType: str(r.check_type), result: str(r.result) as QualityRow['result'], isFirstPass: Boolean(r.is_first_pass), sampleSize: num(r.sample_size), defects: num(r.defects), inspector: str(r.inspector) }));
}

export async function downtimeOf(db: Conn, orderId: string, now: string) {
  const rows = await rowsOf(
    db,
    sql`select id::text as id, kind::text as kind, reason_code, started_at, ended_at,
               extract(epoch from (coalesce(ended_at, ${now}::timestamptz) - started_at))::float8 / 60 as minutes
        from downtime_events where production_order_id = ${orderId}::uuid order by started_at`,
  );
  return rows.map((r) => ({ id: str(r.id), kind: str(r.kind) as 'PLANNED' | 'UNPLANNED', reasonCode: str(r.reason_code), startedAt: iso(r.started_at), endedAt: isoOrNull(r.ended_at), minutes: Math.round(num(r.minutes) * 10) / 10 }));
}

/** The shift of a line that contains the instant, if any. */
export async function shiftAt(db: Conn, line: string, at: string): Promise<{ id: string } | null> {
  const rows = await rowsOf(db, sql`select id::text as id from shifts where work_centre_code = ${line} and starts_at <= ${at}::timestamptz and ends_at > ${at}::timestamptz limit 1`);
  return rows[0] ? { id: str(rows[0].id) } : null;
}

/** Reason codes used so far with their kind, most used first. */
export async function downtimeReasonCodes(db: Conn): Promise<{ code: string; kind: 'PLANNED' | 'UNPLANNED' }[]> {
  const rows = await rowsOf(db, sql`select reason_code as code, kind::text as kind from downtime_events group by 1, 2 order by count(*) desc limit 50`);
  return rows.map((r) => ({ code: str(r.code), kind: str(r.kind) as 'PLANNED' | 'UNPLANNED' }));
}

export interface ShiftRow {
  line: string;
  name: string;
  startsAt: number;
  endsAt: number;
}

/** Staffed shifts of every line starting in [from, to). */
export async function shiftsBetween(db: Conn, from: string, to: string): Promise<ShiftRow[]> {
  const rows = await rowsOf(
    db,
    sql`select work_centre_code as line, shift_name as name, starts_at, ends_at from shifts
        where starts_at >= ${from}::timestamptz and starts_at < ${to}::timestamptz order by starts_at`,
  );
  return rows.map((r) => ({ line: str(r.line), name: str(r.name), startsAt: Date.parse(iso(r.starts_at)), endsAt: Date.parse(iso(r.ends_at)) }));
}

export interface ProductionAlertRow {
  id: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  title: string;
  message: string;
  line: string | null;
  date: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/** The newest unresolved alerts of a kind. */
export async function openAlerts(db: Conn, kind: string, limit: number): Promise<ProductionAlertRow[]> {
  const rows = await rowsOf(
    db,
    sql`select id::text as id, severity::text as severity, status::text as status, title, message, entity_id, data->>'date' as date, created_at, last_seen_at
        from alerts where kind = ${kind} and status <> 'RESOLVED' order by created_at desc, id limit ${limit}`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    severity: str(r.severity) as ProductionAlertRow['severity'],
    status: str(r.status) as ProductionAlertRow['status'],
    title: str(r.title),
    message: str(r.message),
    line: r.entity_id === null ? null : str(r.entity_id),
    date: r.date === null || r.date === undefined ? null : str(r.date),
    createdAt: iso(r.created_at),
    lastSeenAt: iso(r.last_seen_at),
  }));
}

/** Stores an alert once per dedupe key (a repeat refreshes its figures and last_seen_at); says whether the row is new. */
export async function upsertAlert(
  db: Conn,
  a: { kind: string; severity: 'WARNING' | 'CRITICAL'; title: string; message: string; entityType: string; entityId: string; data: unknown; dedupeKey: string },
): Promise<{ id: string; isNew: boolean } | null> {
  const rows = await rowsOf(
    db,
    sql`insert into alerts (kind, severity, title, message, entity_type, entity_id, data, dedupe_key)
        values (${a.kind}, ${a.severity}::alert_severity, ${a.title}, ${a.message}, ${a.entityType}, ${a.entityId}, ${JSON.stringify(a.data)}::jsonb, ${a.dedupeKey})
        on conflict (dedupe_key) where status <> 'RESOLVED' do update set last_seen_at = now(), title = excluded.title, message = excluded.message, data = excluded.data
        returning id::text as id, (xmax = 0) as is_new`,
  );
  const r = rows[0];
  return r ? { id: str(r.id), isNew: Boolean(r.is_new) } : null;
}

export interface RoutingRow {
  sku: string;
  step: number;
  operation: string;
  workCentre: string;
  ratePerHour: number;
  setupMinutes: number;
  transferMinutes: number;
}

/** Every product's routing steps, by SKU and step. */
export async function listRoutings(db: Conn): Promise<RoutingRow[]> {
  const rows = await rowsOf(db, sql`select sku, step, operation, work_centre_code, rate_per_hour::text as rate, setup_minutes, transfer_minutes from product_routings order by sku, step`);
  return rows.map((r) => ({ sku: str(r.sku), step: num(r.step), operation: str(r.operation), workCentre: str(r.work_centre_code), ratePerHour: Number(r.rate), setupMinutes: num(r.setup_minutes), transferMinutes: num(r.transfer_minutes) }));
}

export type ScheduleRunRow = typeof productionScheduleRuns.$inferSelect & { triggeredByName: string | null };
export type NewScheduleRun = typeof productionScheduleRuns.$inferInsert;
export type NewScheduleOperation = typeof productionScheduleOperations.$inferInsert;

const runColumns = { run: productionScheduleRuns, triggeredByName: sql<string | null>`(select u.email from users u where u.id = ${productionScheduleRuns.triggeredBy})` };

/** The published run (at most one), or a given run. */
export async function findRun(db: Conn, id?: string): Promise<ScheduleRunRow | null> {
  const [row] = await db
    .select(runColumns)
    .from(productionScheduleRuns)
    .where(id ? eq(productionScheduleRuns.id, id) : eq(productionScheduleRuns.status, 'PUBLISHED'))
    .limit(1);
  return row ? { ...row.run, triggeredByName: row.triggeredByName } : null;
}

export async function listRuns(db: Conn, limit: number): Promise<ScheduleRunRow[]> {
  const rows = await db.select(runColumns).from(productionScheduleRuns).orderBy(desc(productionScheduleRuns.createdAt), desc(productionScheduleRuns.id)).limit(limit);
  return rows.map((r) => ({ ...r.run, triggeredByName: r.triggeredByName }));
}

export interface StoredOperationRow {
  orderId: string;
  orderNumber: string;
  sku: string;
  status: OrderRow['status'];
  priority: number;
  line: string;
  dueAt: string;
  step: number;
  stepCount: number;
  operation: string;
  workCentre: string;
  start: string;
  end: string;
  changeoverMinutes: number;
  setupMinutes: number;
  runMinutes: number;
  transferMinutes: number;
}

/** A run's operations with their order's number, SKU, current status, priority and due date, in time order. */
export async function runOperations(db: Conn, runId: string): Promise<StoredOperationRow[]> {
  const rows = await rowsOf(
    db,
    sql`select o.production_order_id::text as order_id, po.order_number, po.sku, po.status::text as status, po.priority, po.work_centre_code as line, po.scheduled_end,
               o.step, o.step_count, o.operation, o.work_centre_code, o.start_at, o.end_at, o.changeover_minutes, o.setup_minutes, o.run_minutes::float8 as run_minutes, o.transfer_minutes
        from production_schedule_operations o join production_orders po on po.id = o.production_order_id
        where o.run_id = ${runId}::uuid order by o.start_at, o.work_centre_code, o.step`,
  );
  return rows.map((r) => ({
    orderId: str(r.order_id),
    orderNumber: str(r.order_number),
    sku: str(r.sku),
    status: str(r.status) as OrderRow['status'],
    priority: num(r.priority),
    line: str(r.line),
    dueAt: iso(r.scheduled_end),
    step: num(r.step),
    stepCount: num(r.step_count),
    operation: str(r.operation),
    workCentre: str(r.work_centre_code),
    start: iso(r.start_at),
    end: iso(r.end_at),
    changeoverMinutes: num(r.changeover_minutes),
    setupMinutes: num(r.setup_minutes),
    runMinutes: num(r.run_minutes),
    transferMinutes: num(r.transfer_minutes),
  }));
}

/** Per order of a run: first start and last end (for the diff against the next run). */
export async function runOrderSpans(db: Conn, runId: string): Promise<Map<string, { orderNumber: string; start: string; end: string }>> {
  const rows = await rowsOf(
    db,
    sql`select o.production_order_id::text as order_id, po.order_number, min(o.start_at) as s, max(o.end_at) as e
        from production_schedule_operations o join production_orders po on po.id = o.production_order_id
        where o.run_id = ${runId}::uuid group by 1, 2`,
  );
  return new Map(rows.map((r) => [str(r.order_id), { orderNumber: str(r.order_number), start: iso(r.s), end: iso(r.e) }]));
}

/** Marks the published run superseded; returns its id. */
export async function supersedePublished(tx: DbTransaction): Promise<string | null> {
  const rows = await tx.update(productionScheduleRuns).set({ status: 'SUPERSEDED' }).where(eq(productionScheduleRuns.status, 'PUBLISHED')).returning({ id: productionScheduleRuns.id });
  return rows[0]?.id ?? null;
}

export type ScheduleOperationInsert = Omit<NewScheduleOperation, 'runId' | 'id' | 'startAt' | 'endAt' | 'runMinutes'> & { startAt: string; endAt: string; runMinutes: string };

/**
 * Stores a run and its operations (in the caller's transaction). The operations go in one
 * `INSERT … SELECT FROM unnest(…)` with one array per column: a 1,500-operation plan is one statement with a dozen
 * parameters instead of 20,000.
 */
export async function insertRun(tx: DbTransaction, run: NewScheduleRun, operations: ScheduleOperationInsert[]): Promise<string> {
  const [row] = await tx.insert(productionScheduleRuns).values(run).returning({ id: productionScheduleRuns.id });
  const runId = (row as { id: string }).id;
  if (operations.length === 0) return runId;
  const col = <K extends keyof ScheduleOperationInsert>(k: K) => sql.param(operations.map((o) => o[k]));
  await tx.execute(sql`
    insert into production_schedule_operations (run_id, production_order_id, step, step_count, operation, work_centre_code, start_at, end_at, changeover_minutes, setup_minutes, run_minutes, transfer_minutes)
    select ${runId}::uuid, * from unnest(${col('productionOrderId')}::text[]::uuid[], ${col('step')}::int[], ${col('stepCount')}::int[], ${col('operation')}::text[], ${col('workCentreCode')}::text[],
      ${col('startAt')}::text[]::timestamptz[], ${col('endAt')}::text[]::timestamptz[], ${col('changeoverMinutes')}::int[], ${col('setupMinutes')}::int[], ${col('runMinutes')}::text[]::numeric[], ${col('transferMinutes')}::int[])`);
  return runId;
}
