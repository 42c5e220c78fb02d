import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { createdAt, instant } from './columns.ts';
import { products } from './catalog.ts';

/** Work centres (distillation, blending, bottling lines, labelling/packing); `ratePerHour` is the ideal rate in units. */
export const workCentres = pgTable('work_centres', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  ratePerHour: numeric('rate_per_hour', { precision: 12, scale: 2 }).notNull(),
  unitOfMeasure: text('unit_of_measure').notNull(),
  /** Changeover between two different SKUs on this centre (cleaning, set-up), used by the scheduler. */
  changeoverMinutes: integer('changeover_minutes').notNull().default(40),
});

/**
 * Routing of a product: the operations in order (e.g. blend → bottle → label and pack), each on a work centre
 * at a rate in the product's units per hour, with a fixed set-up and the elapsed transfer/queue time after the
 * previous step (resting a blend, moving pallets) before it may start.
 */
export const productRoutings = pgTable(
  'product_routings',
  {
    sku: text('sku').notNull().references(() => products.sku, { onDelete: 'cascade' }),
    step: smallint('step').notNull(),
    operation: text('operation').notNull(),
    workCentreCode: text('work_centre_code').notNull().references(() => workCentres.code),
    ratePerHour: numeric('rate_per_hour', { precision: 12, scale: 2 }).notNull(),
    setupMinutes: integer('setup_minutes').notNull().default(0),
    transferMinutes: integer('transfer_minutes').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.sku, t.step] }),
    check('product_routings_step_positive', sql`${t.step} >= 1`),
    check('product_routings_rate_positive', sql`${t.ratePerHour} > 0`),
    check('product_routings_minutes_nonnegative', sql`${t.setupMinutes} >= 0 and ${t.transferMinutes} >= 0`),
  ],
);

export const equipment = pgTable(
  'equipment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    workCentreCode: text('work_centre_code').notNull().references(() => workCentres.code),
    name: text('name').notNull(),
    idealRatePerHour: numeric('ideal_rate_per_hour', { precision: 12, scale: 2 }).notNull(),
    commissionedOn: date('commissioned_on').notNull(),
    status: text('status').notNull().default('ACTIVE'),
  },
  (t) => [index('equipment_work_centre_idx').on(t.workCentreCode), check('equipment_status_check', sql`${t.status} in ('ACTIVE', 'MAINTENANCE', 'RETIRED')`)],
);

/** The shift calendar: one row per work centre × shift actually staffed. */
export const shifts = pgTable(
  'shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workCentreCode: text('work_centre_code').notNull().references(() => workCentres.code),
    shiftDate: date('shift_date').notNull(),
    shiftName: text('shift_name').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    plannedMinutes: integer('planned_minutes').notNull(),
    crewSize: smallint('crew_size').notNull(),
  },
  (t) => [uniqueIndex('shifts_work_centre_start_key').on(t.workCentreCode, t.startsAt), index('shifts_date_idx').on(t.shiftDate), check('shifts_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`)],
);

export const productionStatus = pgEnum('production_status', ['PLANNED', 'RELEASED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED']);

export const productionOrders = pgTable(
  'production_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderNumber: text('order_number').notNull().unique(),
    sku: text('sku').notNull().references(() => products.sku),
    workCentreCode: text('work_centre_code').notNull().references(() => workCentres.code),
    quantityPlanned: integer('quantity_planned').notNull(),
    scheduledStart: instant('scheduled_start').notNull(),
    scheduledEnd: instant('scheduled_end').notNull(),
    actualStart: instant('actual_start'),
    actualEnd: instant('actual_end'),
    status: productionStatus('status').notNull().default('PLANNED'),
    priority: smallint('priority').notNull().default(5),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_production_orders_status_date').on(t.status, t.scheduledStart),
    index('idx_production_orders_work_center').on(t.workCentreCode, t.status),
    index('production_orders_sku_idx').on(t.sku),
    check('production_orders_quantity_positive', sql`${t.quantityPlanned} > 0`),
  ],
);

/** Output recorded against a production order per shift: good, scrap and rework units plus run time. */
export const outputCounts = pgTable(
  'output_counts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productionOrderId: uuid('production_order_id').notNull().references(() => productionOrders.id, { onDelete: 'cascade' }),
    shiftId: uuid('shift_id').references(() => shifts.id),
    equipmentId: uuid('equipment_id').references(() => equipment.id),
    recordedAt: instant('recorded_at').notNull(),
    runMinutes: integer('run_minutes').notNull(),
    goodUnits: integer('good_units').notNull(),
    scrapUnits: integer('scrap_units').notNull().default(0),
    reworkUnits: integer('rework_units').notNull().default(0),
  },
  (t) => [
    index('output_counts_order_idx').on(t.productionOrderId),
    index('output_counts_recorded_idx').on(t.recordedAt),
    check('output_counts_nonnegative', sql`${t.goodUnits} >= 0 and ${t.scrapUnits} >= 0 and ${t.reworkUnits} >= 0`),
  ],
);

export const downtimeKind = pgEnum('downtime_kind', ['PLANNED', 'UNPLANNED']);

export const downtimeEvents = pgTable(
  'downtime_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workCentreCode: text('work_centre_code').notNull().references(() => workCentres.code),
    equipmentId: uuid('equipment_id').references(() => equipment.id),
    productionOrderId: uuid('production_order_id').references(() => productionOrders.id, { onDelete: 'set null' }),
    kind: downtimeKind('kind').notNull(),
    reasonCode: text('reason_code').notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
    notes: text('notes'),
  },
  (t) => [
    index('downtime_events_work_centre_start_idx').on(t.workCentreCode, t.startedAt),
    index('downtime_events_start_idx').on(t.startedAt),
    check('downtime_events_ends_after_start', sql`${t.endedAt} is null or ${t.endedAt} > ${t.startedAt}`),
  ],
);

export const qualityResult = pgEnum('quality_result', ['PASS', 'FAIL', 'REWORK']);

/** Quality checks on production orders; `isFirstPass` marks the first inspection of a batch (first-pass yield). */
export const qualityChecks = pgTable(
  'quality_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productionOrderId: uuid('production_order_id').notNull().references(() => productionOrders.id, { onDelete: 'cascade' }),
    checkedAt: instant('checked_at').notNull(),
    checkType: text('check_type').notNull(),
    result: qualityResult('result').notNull(),
    isFirstPass: boolean('is_first_pass').notNull().default(true),
    sampleSize: integer('sample_size').notNull(),
    defects: integer('defects').notNull().default(0),
    inspector: text('inspector').notNull(),
    notes: text('notes'),
  },
  (t) => [index('quality_checks_order_idx').on(t.productionOrderId), index('quality_checks_checked_at_idx').on(t.checkedAt)],
);

export const scheduleRunStatus = pgEnum('schedule_run_status', ['PUBLISHED', 'SUPERSEDED']);

/**
 * A stored finite-capacity schedule: one run per (re-)plan, written with its operations in one transaction. The
 * newest run is PUBLISHED (at most one) and shown until the next re-plan supersedes it; runs are never edited.
 * `inputsVersion` is a hash of what the plan was made from (open orders, routings, work centres), so a reader can
 * tell the plan is out of date. `details` holds the derived views: utilisation by day, unscheduled orders, the
 * work centres' calendars and the changes against the previous run.
 */
export const productionScheduleRuns = pgTable(
  'production_schedule_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: scheduleRunStatus('status').notNull().default('PUBLISHED'),
    trigger: text('trigger').notNull(),
    triggeredBy: uuid('triggered_by').references(() => users.id, { onDelete: 'set null' }),
    previousRunId: uuid('previous_run_id'),
    inputsVersion: text('inputs_version').notNull(),
    startAt: instant('start_at').notNull(),
    horizonDays: smallint('horizon_days').notNull(),
    orderCount: integer('order_count').notNull(),
    operationCount: integer('operation_count').notNull(),
    lateOrders: integer('late_orders').notNull(),
    totalTardinessMinutes: numeric('total_tardiness_minutes', { precision: 14, scale: 1 }).notNull(),
    totalChangeoverMinutes: integer('total_changeover_minutes').notNull(),
    makespanEnd: instant('makespan_end'),
    computeMs: numeric('compute_ms', { precision: 10, scale: 1 }).notNull(),
    details: jsonb('details').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('production_schedule_runs_created_idx').on(t.createdAt),
    uniqueIndex('production_schedule_runs_one_published').on(t.status).where(sql`${t.status} = 'PUBLISHED'`),
    check('production_schedule_runs_trigger_check', sql`${t.trigger} in ('manual', 'orders_changed', 'initial')`),
  ],
);

/** The operations of a stored schedule run: one per order × routing step, on its work centre. */
export const productionScheduleOperations = pgTable(
  'production_schedule_operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull().references(() => productionScheduleRuns.id, { onDelete: 'cascade' }),
    productionOrderId: uuid('production_order_id').notNull().references(() => productionOrders.id, { onDelete: 'cascade' }),
    step: smallint('step').notNull(),
    stepCount: smallint('step_count').notNull(),
    operation: text('operation').notNull(),
    workCentreCode: text('work_centre_code').notNull().references(() => workCentres.code),
    startAt: instant('start_at').notNull(),
    endAt: instant('end_at').notNull(),
    changeoverMinutes: integer('changeover_minutes').notNull(),
    setupMinutes: integer('setup_minutes').notNull(),
    runMinutes: numeric('run_minutes', { precision: 12, scale: 1 }).notNull(),
    transferMinutes: integer('transfer_minutes').notNull(),
  },
  (t) => [
    index('production_schedule_operations_run_idx').on(t.runId, t.workCentreCode, t.startAt),
    index('production_schedule_operations_order_idx').on(t.productionOrderId),
    check('production_schedule_operations_ends_after_start', sql`${t.endAt} >= ${t.startAt}`),
  ],
);
