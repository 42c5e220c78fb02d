import { z } from 'zod';
import { isoDateSchema } from './common.ts';

const instantSchema = z.iso.datetime({ offset: true });
const codeSchema = z.string().trim().min(1).max(64);

/** Query of GET /api/production/oee: a day range (UTC, both inclusive, at most 366 days), optionally one line. */
export const oeeQuerySchema = z
  .strictObject({
    from: isoDateSchema,
    to: isoDateSchema,
    line: codeSchema.optional().describe('work-centre code; all lines when absent'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must be on or after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 365 * 86_400_000, { path: ['from'], message: 'the range may span at most 366 days' });
export type OeeQuery = z.infer<typeof oeeQuerySchema>;

export const oeeStatusSchema = z.enum(['good', 'warning', 'critical', 'no_data']);

/** OEE and its factors for one group; ratios are fractions (0–1) rounded to 4 places, null when undefined. */
export const oeeFiguresSchema = z.object({
  line: z.string().optional(),
  equipment: z.string().optional(),
  shift: z.string().optional(),
  date: isoDateSchema.optional(),
  plannedProductionMinutes: z.number(),
  runMinutes: z.number(),
  plannedDowntimeMinutes: z.number(),
  unplannedDowntimeMinutes: z.number(),
  totalCount: z.number().int(),
  goodCount: z.number().int(),
  availability: z.number().nullable(),
  performance: z.number().nullable(),
  quality: z.number().nullable(),
  oee: z.number().nullable(),
  /** First-pass yield from first inspections: units without defects ÷ units inspected. */
  firstPassYield: z.number().nullable(),
  status: oeeStatusSchema,
});
export type OeeFigures = z.infer<typeof oeeFiguresSchema>;

export const paretoBarSchema = z.object({
  reason: z.string(),
  minutes: z.number(),
  occurrences: z.number().int(),
  share: z.number(),
  cumulativeShare: z.number(),
  isVitalFew: z.boolean(),
});

export const oeeReportSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  line: z.string().nullable(),
  target: z.number(),
  overall: oeeFiguresSchema,
  byLine: z.array(oeeFiguresSchema),
  byEquipment: z.array(oeeFiguresSchema),
  byShift: z.array(oeeFiguresSchema),
  byDay: z.array(oeeFiguresSchema),
  byLineDay: z.array(oeeFiguresSchema),
  /** Unplanned downtime minutes by reason, largest first (all stops on the lines, not only those against orders). */
  pareto: z.array(paretoBarSchema),
  definitions: z.array(z.string()),
});
export type OeeReport = z.infer<typeof oeeReportSchema>;

export const productionAlertSchema = z.object({
  id: z.string(),
  severity: z.enum(['INFO', 'WARNING', 'CRITICAL']),
  status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']),
  title: z.string(),
  message: z.string(),
  line: z.string().nullable(),
  date: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});
export const productionAlertListSchema = z.object({ alerts: z.array(productionAlertSchema) });
export type ProductionAlert = z.infer<typeof productionAlertSchema>;

export const productionStatusSchema = z.enum(['PLANNED', 'RELEASED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED']);
export type ProductionStatus = z.infer<typeof productionStatusSchema>;

export const qualityCheckSchema = z.object({
  id: z.string(),
  checkedAt: z.string(),
  checkType: z.string(),
  result: z.enum(['PASS', 'FAIL', 'REWORK']),
  isFirstPass: z.boolean(),
  sampleSize: z.number().int(),
  defects: z.number().int(),
  inspector: z.string(),
});

export const productionOrderSchema = z.object({
  id: z.string(),
  orderNumber: z.string(),
  sku: z.string(),
  productName: z.string(),
  line: z.string(),
  lineName: z.string(),
  status: productionStatusSchema,
  priority: z.number().int(),
  quantityPlanned: z.number().int(),
  goodUnits: z.number().int(),
  scrapUnits: z.number().int(),
  reworkUnits: z.number().int(),
  runMinutes: z.number().int(),
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  /** Result of the latest quality check, null when none. */
  latestQualityResult: z.enum(['PASS', 'FAIL', 'REWORK']).nullable(),
  /** What the workflow allows next (ignoring the caller's role). */
  nextActions: z.array(z.enum(['release', 'start', 'complete', 'cancel'])),
});
export type ProductionOrder = z.infer<typeof productionOrderSchema>;

export const productionOrderDetailSchema = productionOrderSchema.extend({
  qualityChecks: z.array(qualityCheckSchema),
  downtime: z.array(z.object({ id: z.string(), kind: z.enum(['PLANNED', 'UNPLANNED']), reasonCode: z.string(), startedAt: z.string(), endedAt: z.string().nullable(), minutes: z.number() })),
});
export type ProductionOrderDetail = z.infer<typeof productionOrderDetailSchema>;

export const productionOrderListQuerySchema = z.strictObject({
  status: z.enum(['open', 'active', 'all']).default('open').describe('open: planned, released, in progress; active: released and in progress'),
  line: codeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ProductionOrderListQuery = z.infer<typeof productionOrderListQuerySchema>;
export const productionOrderListSchema = z.object({ orders: z.array(productionOrderSchema) });

export const productionActionSchema = z.enum(['release', 'start', 'complete', 'cancel']);
export type ProductionAction = z.infer<typeof productionActionSchema>;

/** POST /api/production/orders/:id/transitions. */
export const productionTransitionSchema = z.strictObject({
  action: productionActionSchema,
  reason: z.string().trim().max(500).optional().describe('required to cancel'),
});
export type ProductionTransition = z.infer<typeof productionTransitionSchema>;

const count = z.number().int().min(0, 'must not be negative').max(10_000_000);

/** POST /api/production/orders/:id/output: counts since the last recording; scrap = total − good − rework. */
export const recordOutputSchema = z
  .strictObject({
    goodUnits: count,
    totalUnits: count,
    reworkUnits: count.default(0),
    runMinutes: z.number().int().min(1, 'must be at least 1').max(24 * 60),
    equipmentCode: codeSchema.optional(),
  })
  .refine((b) => b.totalUnits >= b.goodUnits + b.reworkUnits, { path: ['totalUnits'], message: 'must be at least good + rework units' })
  .refine((b) => b.totalUnits > 0, { path: ['totalUnits'], message: 'record at least one unit' });
export type RecordOutput = z.input<typeof recordOutputSchema>;

/** POST /api/production/orders/:id/quality-checks. */
export const recordQualityCheckSchema = z
  .strictObject({
    checkType: codeSchema,
    result: z.enum(['PASS', 'FAIL', 'REWORK']),
    sampleSize: z.number().int().min(1).max(1_000_000),
    defects: count.default(0),
  })
  .refine((b) => b.defects <= b.sampleSize, { path: ['defects'], message: 'must not exceed the sample size' });
export type RecordQualityCheck = z.input<typeof recordQualityCheckSchema>;

/** POST /api/production/downtime. */
export const recordDowntimeSchema = z
  .strictObject({
    line: codeSchema,
    productionOrderId: z.uuid().optional(),
    equipmentCode: codeSchema.optional(),
    kind: z.enum(['PLANNED', 'UNPLANNED']),
    reasonCode: z.string().trim().min(1).max(64),
    startedAt: instantSchema,
    endedAt: instantSchema,
    notes: z.string().trim().max(500).optional(),
  })
  .refine((b) => Date.parse(b.endedAt) > Date.parse(b.startedAt), { path: ['endedAt'], message: 'must be after startedAt' })
  .refine((b) => Date.parse(b.endedAt) - Date.parse(b.startedAt) <= 7 * 86_400_000, { path: ['endedAt'], message: 'a stop may last at most 7 days' });
export type RecordDowntime = z.infer<typeof recordDowntimeSchema>;

export const downtimeRecordSchema = z.object({ id: z.string(), line: z.string(), kind: z.enum(['PLANNED', 'UNPLANNED']), reasonCode: z.string(), startedAt: z.string(), endedAt: z.string(), minutes: z.number() });

export const productionLinesSchema = z.object({
  lines: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string(), ratePerHour: z.string(), unitOfMeasure: z.string(), equipment: z.array(z.object({ code: z.string(), name: z.string(), idealRatePerHour: z.string() })) })),
  /** Downtime reasons seen so far plus the standard ones, for pick lists. */
  downtimeReasons: z.array(z.object({ code: z.string(), kind: z.enum(['PLANNED', 'UNPLANNED']) })),
});
export type ProductionLines = z.infer<typeof productionLinesSchema>;

export const scheduleQuerySchema = z.strictObject({
  line: codeSchema.optional().describe('only this work centre\u2019s operations and utilisation'),
});
export type ScheduleQuery = z.infer<typeof scheduleQuerySchema>;

/** POST /api/production/schedule/runs: re-plan now (MANAGER, ADMIN) and publish the result. */
export const replanScheduleSchema = z.strictObject({
  startAt: instantSchema.optional().describe('default: now, to the minute'),
  horizonDays: z.number().int().min(1).max(365).default(90),
});
export type ReplanSchedule = z.input<typeof replanScheduleSchema>;

export const scheduleTriggerSchema = z.enum(['manual', 'orders_changed', 'initial']);

const orderMoveSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  previousStart: z.string(),
  previousEnd: z.string(),
  start: z.string(),
  end: z.string(),
  /** New end − previous end, minutes (positive = later). */
  shiftMinutes: z.number(),
});

/** What moved against the previous published run. */
export const scheduleChangesSchema = z.object({
  previousRunId: z.string().nullable(),
  moved: z.array(orderMoveSchema),
  movedCount: z.number().int(),
  added: z.array(z.object({ orderId: z.string(), orderNumber: z.string() })),
  removed: z.array(z.object({ orderId: z.string(), orderNumber: z.string() })),
  unchanged: z.number().int(),
});
export type ScheduleChanges = z.infer<typeof scheduleChangesSchema>;

/** The order fields every schedule row carries. */
const scheduledOrderKey = { orderId: z.string(), orderNumber: z.string(), sku: z.string(), status: productionStatusSchema, priority: z.number().int() };

export const scheduleSchema = z.object({
  runId: z.string(),
  status: z.enum(['PUBLISHED', 'SUPERSEDED']),
  trigger: scheduleTriggerSchema,
  triggeredBy: z.string().nullable(),
  createdAt: z.string(),
  /** Hash of the inputs the run was planned from (open orders, routings, work centres). */
  inputsVersion: z.string(),
  /** True when the open orders, routings or work centres changed since this run: a re-plan is due (queued automatically). */
  isStale: z.boolean(),
  startAt: z.string(),
  horizonDays: z.number().int(),
  workCentres: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      calendar: z.string(),
      /** The weekly shift pattern the plan used (UTC HH:MM, ISO weekdays 1 = Monday), for shading closed time. */
      shifts: z.array(z.object({ name: z.string(), start: z.string(), end: z.string(), weekdays: z.array(z.number().int()) })).default([]),
      closedDates: z.array(isoDateSchema).default([]),
      changeoverMinutes: z.number().int(),
    }),
  ),
  operations: z.array(
    z.object({
      ...scheduledOrderKey,
      /** 1-based position in the order's routing, of `stepCount`. */
      step: z.number().int(),
      stepCount: z.number().int(),
      operation: z.string(),
      workCentre: z.string(),
      start: z.string(),
      end: z.string(),
      dueAt: z.string(),
      changeoverMinutes: z.number(),
      setupMinutes: z.number(),
      runMinutes: z.number(),
      transferMinutes: z.number(),
      /** The order's lateness (its last operation's end − due), minutes. */
      latenessMinutes: z.number(),
      isLate: z.boolean(),
    }),
  ),
  orders: z.array(
    z.object({
      ...scheduledOrderKey,
      line: z.string(),
      start: z.string(),
      end: z.string(),
      dueAt: z.string(),
      latenessMinutes: z.number(),
      isLate: z.boolean(),
    }),
  ),
  utilisation: z.array(z.object({ workCentre: z.string(), date: isoDateSchema, capacityMinutes: z.number(), loadedMinutes: z.number(), utilisation: z.number().nullable() })),
  unscheduled: z.array(z.object({ orderId: z.string(), orderNumber: z.string(), reason: z.string() })),
  lateOrders: z.number().int(),
  totalTardinessMinutes: z.number(),
  totalChangeoverMinutes: z.number(),
  makespanEnd: z.string().nullable(),
  computeMs: z.number(),
  changes: scheduleChangesSchema,
  assumptions: z.array(z.string()),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const scheduleRunListSchema = z.object({
  runs: z.array(
    z.object({
      runId: z.string(),
      status: z.enum(['PUBLISHED', 'SUPERSEDED']),
      trigger: scheduleTriggerSchema,
      triggeredBy: z.string().nullable(),
      createdAt: z.string(),
      orderCount: z.number().int(),
      operationCount: z.number().int(),
      lateOrders: z.number().int(),
      movedCount: z.number().int(),
    }),
  ),
});
export type ScheduleRunList = z.infer<typeof scheduleRunListSchema>;

/** POST /api/production/orders: plan an order (production:write); the schedule places it. */
export const createProductionOrderSchema = z.strictObject({
  sku: codeSchema,
  line: codeSchema,
  quantity: z.number().int().min(1, 'must be at least 1').max(1_000_000),
  dueAt: instantSchema,
  priority: z.number().int().min(1).max(9).default(5),
});
export type CreateProductionOrder = z.input<typeof createProductionOrderSchema>;
