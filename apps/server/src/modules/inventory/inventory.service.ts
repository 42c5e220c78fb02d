import type { InventoryPolicyDetail, InventoryPolicyList, InventoryPolicyRow, ItemKind, PolicyListQuery, PolicySettings, PolicySimulation, PutPolicySettings, SimulationQuery, StockoutRisk } from '@sentia/contracts/inventory';
import type { DbHandle, DbTransaction } from '@sentia/db/create-db';
import { inventoryPolicySettings } from '@sentia/db/schema';
import { addDays, daysBetween, type IsoDate } from '@sentia/domain/calendar/utc-date';
import { DomainError } from '@sentia/domain/domain-error';
import { classifyAbc, type AbcClass } from '@sentia/domain/inventory/classify-abc';
import { classifyXyz, type XyzClass } from '@sentia/domain/inventory/classify-xyz';
import { computeInventoryPolicy, type InventoryPolicy } from '@sentia/domain/inventory/compute-inventory-policy';
import { projectStockout } from '@sentia/domain/inventory/project-stockout';
import { rollingDemandEstimate } from '@sentia/domain/inventory/rolling-demand-estimate';
import { comparePolicies, simulatePolicy, type SimulatedPolicy } from '@sentia/domain/inventory/simulate-policy';
import { Dec } from '@sentia/domain/money/money';
import type { Decimal } from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { AppError } from '../../http/app-error.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { type DemandEstimate, demandAssumptions, estimateDemand, type ForecastReader, MOVING_AVERAGE_DAYS } from './estimate-demand.ts';
import * as repo from './inventory.repository.ts';

/** Days of demand history read for statistics and classification. */
const HISTORY_DAYS = 365;
/** Days of forward demand computed (covers the longest lead time + review period). */
const HORIZON_DAYS = 120;
/** Days over which demand variability is measured (recent enough to follow the season). */
const VARIABILITY_DAYS = 91;

export interface InventoryOptions {
  /** Marginal cost of one replenishment line (one SKU on a consolidated shipment, production order or purchase order), GBP. */
  orderingCostGbp?: string;
  /** Annual carrying cost as a fraction of unit cost. */
  holdingRate?: number;
  /**
   * How service levels are read: as fill rates (default: share of demand served from stock, P2) or as cycle
   * service levels (probability of no stock-out per replenishment cycle). See docs/decisions/0009.
   */
  serviceMeasure?: 'cycle' | 'fill_rate';
  /** Target service level by ABC class when the planner set none (default 98 % A, 95 % B, 90 % C). */
  serviceLevels?: Record<AbcClass, number>;
  /** Days of observed demand whose average the simulation's 8-weeks-of-cover baseline reads at each review (default 91). */
  baselineWindowDays?: number;
}

const defaults = {
  /** Target service level by ABC class when the planner set none (read as `serviceMeasure` says). */
  serviceLevel: { A: 0.98, B: 0.95, C: 0.9 } satisfies Record<AbcClass, number>,
  reviewPeriodDays: 7,
  /** Finished goods in the distillery warehouse are replenished by production: planned a week ahead, run within the next. */
  productionLeadTime: { mean: 14, sd: 3 },
  /** Used for a warehouse with no observed transfers, or a material without a supplier. */
  fallbackLeadTime: { mean: 14, sd: 3 },
};

/** One item × warehouse with everything computed, before it becomes a DTO. */
export interface PolicyItem {
  stock: repo.StockItem;
  history: number[];
  historyStart: IsoDate;
  estimate: DemandEstimate;
  receipts: { date: IsoDate; quantity: number }[];
  onOrder: number;
  abc: AbcClass;
  xyz: XyzClass;
  averageDailyDemand: number;
  dailyDemandStdDev: number;
  settings: PolicySettings;
  policy: InventoryPolicy;
  unitCostGbp: Decimal;
  risk: StockoutRisk;
}

const keyOf = (kind: string, code: string, warehouse: string): string => `${kind}|${code}|${warehouse}`;
const round = (v: number, d = 2): number => Number(v.toFixed(d));

function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  if (xs.length === 0) return { mean: 0, sd: 0 };
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const sd = xs.length < 2 ? 0 : Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
}

/**
 * Standard deviation of daily demand measured on weekly totals (σ_week / √7): the protection interval is at least
 * a week, and weekly buckets absorb the weekday pattern and the lumpiness of weekly transfers and production
 * batches, which a day-by-day σ would multiply by √L as if days were independent.
 */
function dailySdFromWeeks(history: readonly number[], days: number): number {
  const weeks = weekly(history, Math.floor(days / 7));
  return meanSd(weeks).sd / Math.sqrt(7);
}

/** The history from the first day with demand: weeks before an item was stocked or launched are not demand of zero. */
function sinceFirstDemand(history: readonly number[]): readonly number[] {
  const first = history.findIndex((v) => v > 0);
  return first < 0 ? history : history.slice(first);
}

function weekly(history: readonly number[], weeks: number): number[] {
  const out: number[] = [];
  for (let w = weeks; w >= 1; w--) {
    const slice = history.slice(Math.max(0, history.length - w * 7), history.length - (w - 1) * 7);
    if (slice.length === 7) out.push(slice.reduce((s, v) => s + v, 0));
  }
  return out;
}

/** Domain validation errors become 400s naming the field; everything else passes through. */
export function asHttpError(error: unknown): unknown {
  if (error instanceof DomainError) {
    const code = error.code === 'unknown_reference' || error.code === 'invalid_input' ? 'VALIDATION_FAILED' : error.code === 'invalid_transition' ? 'CONFLICT' : error.code === 'forbidden' ? 'FORBIDDEN' : error.code === 'step_up_required' ? 'STEP_UP_REQUIRED' : 'BAD_REQUEST';
    return new AppError(code, error.message, { errors: [{ field: error.field ?? '(root)', message: error.message }] });
  }
  return error;
}

/** Inventory policy per item × warehouse, planner settings, and the held-out policy simulation. */
export function createInventoryService(deps: { db: DbHandle; forecasts?: ForecastReader | undefined; now?: () => Date; options?: InventoryOptions }) {
  const { db } = deps;
  const orderingCostGbp = deps.options?.orderingCostGbp ?? '15';
  const holdingRate = deps.options?.holdingRate ?? 0.25;
  const serviceMeasure = deps.options?.serviceMeasure ?? 'fill_rate';
  const baselineWindowDays = deps.options?.baselineWindowDays ?? VARIABILITY_DAYS;
  const classLevels = deps.options?.serviceLevels ?? defaults.serviceLevel;
  const pctOf = (v: number) => `${Number((v * 100).toFixed(1))} %`;
  const today = (): IsoDate => (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);

  function settingsOf(row: repo.PolicySettingsRow | undefined, abc: AbcClass, lead: { mean: number; sd: number }): PolicySettings {
    const overridden: PolicySettings['overridden'] = [];
    if (row?.serviceLevel != null) overridden.push('serviceLevel');
    if (row?.leadTimeDays != null) overridden.push('leadTimeDays');
    if (row?.leadTimeStdDays != null) overridden.push('leadTimeStdDays');
    if (row?.reviewPeriodDays != null) overridden.push('reviewPeriodDays');
    return {
      serviceLevel: row?.serviceLevel != null ? Number(row.serviceLevel) : classLevels[abc],
      leadTimeDays: row?.leadTimeDays ?? Math.max(1, Math.ceil(lead.mean - 1e-9)),
      leadTimeStdDays: row?.leadTimeStdDays != null ? Number(row.leadTimeStdDays) : round(lead.sd),
      reviewPeriodDays: row?.reviewPeriodDays ?? defaults.reviewPeriodDays,
      overridden,
      version: row?.version ?? 0,
    };
  }

  /** Loads and computes every item (or one kind); the policy table and purchasing both start here. */
  async function computeItems(kind?: ItemKind): Promise<PolicyItem[]> {
    const t = today();
    const from = addDays(t, -HISTORY_DAYS);
    const wantProducts = kind !== 'material';
    const wantMaterials = kind !== 'product';
    const [products, materials, productUse, materialUse, transit, leadTimes, onOrder, offers, fx, settings] = await Promise.all([
      wantProducts ? repo.productStock(db.db) : [],
      wantMaterials ? repo.materialStock(db.db) : [],
      wantProducts ? repo.productDemand(db.db, from, t) : [],
      wantMaterials ? repo.materialDemand(db.db, from, t) : [],
      wantProducts ? repo.productInTransit(db.db, t) : [],
      wantProducts ? repo.transferLeadTimes(db.db, t) : new Map<string, { mean: number; sd: number; count: number }>(),
      wantMaterials ? repo.materialOnOrder(db.db) : [],
      wantMaterials ? repo.supplierOffers(db.db) : [],
      repo.latestGbpRates(db.db),
      repo.allSettings(db.db),
    ]);
    const stocks = [...products, ...materials];
    const histories = new Map<string, number[]>();
    for (const s of stocks) histories.set(keyOf(s.kind, s.code, s.warehouseCode), new Array<number>(HISTORY_DAYS).fill(0));
    for (const u of [...productUse.map((u) => ({ ...u, kind: 'product' })), ...materialUse.map((u) => ({ ...u, kind: 'material' }))]) {
      const h = histories.get(keyOf(u.kind, u.code, u.warehouseCode));
      const index = daysBetween(from, u.date);
      if (h && index >= 0 && index < HISTORY_DAYS) h[index] = (h[index] as number) + u.units;
    }
    const estimates = await estimateDemand({
      items: stocks.map((s) => ({ kind: s.kind, code: s.code, warehouseCode: s.warehouseCode, history: histories.get(keyOf(s.kind, s.code, s.warehouseCode)) ?? [] })),
      today: t,
      horizon: HORIZON_DAYS,
      forecasts: deps.forecasts,
    });
    const toGbp = (amount: string, currency: string): Decimal => new Dec(amount).dividedBy(fx.get(currency as 'GBP') ?? 1);
    const abcByKind = new Map<string, AbcClass>();
    for (const k of ['product', 'material'] as const) {
      const ofKind = stocks.filter((s) => s.kind === k);
      const ranked = classifyAbc(
        ofKind.map((s) => {
          const h = histories.get(keyOf(s.kind, s.code, s.warehouseCode)) ?? [];
          return { id: keyOf(s.kind, s.code, s.warehouseCode), annualConsumptionValue: toGbp(s.unitCost, s.currency).times(h.reduce((a, b) => a + b, 0)).toDecimalPlaces(4) };
        }),
      );
      for (const r of ranked) abcByKind.set(r.id, r.class);
    }
    const settingsByKey = new Map(settings.map((r) => [keyOf(r.itemKind, r.itemCode, r.warehouseCode), r]));
    const offerByMaterial = new Map(offers.map((o) => [o.materialCode, o]));

    return stocks.map((stock): PolicyItem => {
      const key = keyOf(stock.kind, stock.code, stock.warehouseCode);
      const history = histories.get(key) ?? [];
      const estimate = estimates.get(key) ?? { dailyForecast: new Array<number>(HORIZON_DAYS).fill(0), source: 'moving_average' as const };
      const abc = abcByKind.get(key) ?? 'C';
      const active = sinceFirstDemand(history);
      const weeks = weekly(active, 52);
      const xyz = weeks.length >= 2 ? (classifyXyz([{ id: key, demand: weeks }])[0]?.class ?? 'Z') : 'Z';
      const observed = stock.kind === 'material'
        ? (() => {
            const o = offerByMaterial.get(stock.code);
            return o ? { mean: o.leadTimeDays, sd: o.leadTimeStdDays } : defaults.fallbackLeadTime;
          })()
        : stock.warehouseCode === 'UK-MAIN'
          ? defaults.productionLeadTime
          : (leadTimes.get(stock.warehouseCode) ?? defaults.fallbackLeadTime);
      const settings = settingsOf(settingsByKey.get(key), abc, observed);
      const variability = { sd: dailySdFromWeeks(active, VARIABILITY_DAYS) };
      const averageDailyDemand = estimate.dailyForecast.slice(0, 28).reduce((s, v) => s + v, 0) / 28;
      const receipts =
        stock.kind === 'product'
          ? transit.filter((r) => r.code === stock.code && r.warehouseCode === stock.warehouseCode).map((r) => ({ date: addDays(r.shippedOn, settings.leadTimeDays) < t ? t : addDays(r.shippedOn, settings.leadTimeDays), quantity: r.units }))
          : onOrder.filter((r) => r.code === stock.code && r.warehouseCode === stock.warehouseCode).map((r) => ({ date: r.expectedDate < t ? t : r.expectedDate, quantity: r.units }));
      const unitCostGbp = toGbp(stock.unitCost, stock.currency);
      const policy = computeInventoryPolicy({
        serviceLevel: settings.serviceLevel,
        averageDailyDemand,
        dailyDemandStdDev: variability.sd,
        leadTimeDays: settings.leadTimeDays,
        leadTimeStdDevDays: settings.leadTimeStdDays,
        reviewPeriodDays: settings.reviewPeriodDays,
        unitCost: unitCostGbp.greaterThan(0) ? unitCostGbp.toDecimalPlaces(6) : '0.0001',
        orderingCost: orderingCostGbp,
        holdingRate,
        serviceMeasure,
        ...(estimate.residuals ? { forecastResiduals: estimate.residuals } : {}),
        onHand: Math.max(0, stock.onHand),
        allocated: Math.min(Math.max(0, stock.onHand), stock.allocated),
        startDate: t,
        dailyForecast: estimate.dailyForecast,
        receipts,
      });
      const onOrderQty = receipts.reduce((s, r) => s + r.quantity, 0);
      const position = stock.onHand + onOrderQty - stock.allocated;
      const risk: StockoutRisk =
        policy.stockoutDate !== null && daysBetween(t, policy.stockoutDate) < settings.leadTimeDays ? 'high' : averageDailyDemand > 0 && position <= policy.reorderPoint ? 'medium' : 'low';
      return { stock, history, historyStart: from, estimate, receipts, onOrder: onOrderQty, abc, xyz, averageDailyDemand, dailyDemandStdDev: variability.sd, settings, policy, unitCostGbp, risk };
    });
  }

  const toRow = (i: PolicyItem): InventoryPolicyRow => ({
    kind: i.stock.kind,
    code: i.stock.code,
    name: i.stock.name,
    warehouseCode: i.stock.warehouseCode,
    unit: i.stock.unit,
    abcClass: i.abc,
    xyzClass: i.xyz,
    onHand: round(i.stock.onHand),
    allocated: round(i.stock.allocated),
    onOrder: round(i.onOrder),
    averageDailyDemand: round(i.averageDailyDemand, 3),
    dailyDemandStdDev: round(i.dailyDemandStdDev, 3),
    economicOrderQuantity: i.policy.economicOrderQuantity,
    safetyStock: i.policy.safetyStock,
    reorderPoint: i.policy.reorderPoint,
    min: i.policy.min,
    max: i.policy.max,
    orderUpTo: i.policy.orderUpTo,
    daysOfCover: i.policy.daysOfCover === null ? null : round(i.policy.daysOfCover, 1),
    stockoutDate: i.policy.stockoutDate,
    stockoutRisk: i.risk,
    safetyStockMethod: i.policy.safetyStockMethod,
    demandSource: i.estimate.source,
    unitCost: new Dec(i.stock.unitCost).toFixed(),
    currency: i.stock.currency,
    stockValueGbp: i.unitCostGbp.times(Math.max(0, i.stock.onHand)).toDecimalPlaces(2).toFixed(2),
    settings: i.settings,
  });

  const assumptions = (): string[] => [
    ...demandAssumptions,
    `Service level: the planner\u2019s, else ${pctOf(classLevels.A)} for class A, ${pctOf(classLevels.B)} B, ${pctOf(classLevels.C)} C, read as ${serviceMeasure === 'fill_rate' ? 'a fill rate (share of demand served from stock)' : 'a cycle service level (chance of no stock-out per replenishment cycle)'}. Review period 7 days unless set.`,
    'Lead time: finished goods in UK-MAIN are made, 14 ± 3 days (production is planned a week ahead); other warehouses are replenished by transfer, with the transit time observed over the last year; materials use their preferred supplier\u2019s lead time.',
    `EOQ with ${orderingCostGbp} GBP per replenishment and ${Math.round(holdingRate * 100)} % a year carrying cost on unit cost (GBP at the latest rate). Min = reorder point, max = reorder point + EOQ.`,
    'ABC by the last year\u2019s consumption value within finished goods and within materials (A ≤ 80 %, B ≤ 95 %); XYZ by the coefficient of variation of weekly demand over the last 52 weeks (X ≤ 0.5, Y ≤ 1.0).',
    'Stock-out risk: high when stock is projected to run out within the lead time, medium when the inventory position is at or below the reorder point.',
  ];

  async function list(q: PolicyListQuery): Promise<InventoryPolicyList> {
    let items: PolicyItem[];
    try {
      items = await computeItems(q.kind);
    } catch (error) {
      throw asHttpError(error);
    }
    const rows = items
      .filter((i) => (!q.warehouse || i.stock.warehouseCode === q.warehouse) && (!q.abc || i.abc === q.abc) && (!q.xyz || i.xyz === q.xyz) && (!q.risk || i.risk === q.risk))
      .map(toRow);
    return { asOf: today(), assumptions: assumptions(), rows };
  }

  async function findItem(kind: ItemKind, code: string, warehouse: string): Promise<PolicyItem> {
    const item = (await computeItems(kind)).find((i) => i.stock.code === code && i.stock.warehouseCode === warehouse);
    if (!item) throw new AppError('NOT_FOUND', `No ${kind} ${code} is stocked in ${warehouse}.`);
    return item;
  }

  async function detail(kind: ItemKind, code: string, warehouse: string): Promise<InventoryPolicyDetail> {
    const item = await findItem(kind, code, warehouse);
    const t = today();
    const projection = projectStockout({ available: Math.max(0, item.stock.onHand - item.stock.allocated), startDate: t, dailyForecast: item.estimate.dailyForecast.slice(0, 90), receipts: item.receipts });
    return {
      ...toRow(item),
      projection: projection.projectedStock.map((stock, i) => ({ date: addDays(t, i), stock: round(stock), demand: round(item.estimate.dailyForecast[i] ?? 0, 3) })),
      history: item.history.slice(-90).map((demand, i, arr) => ({ date: addDays(t, i - arr.length), demand: round(demand) })),
    };
  }

  /** Sets (or with null resets) planner parameters; a stale `version` is a 409 and changes nothing. Audited. */
  async function putSettings(kind: ItemKind, code: string, warehouse: string, body: PutPolicySettings, principal: AuthPrincipal, actor: AuditActor): Promise<InventoryPolicyDetail> {
    await findItem(kind, code, warehouse);
    await db.db.transaction(async (tx) => {
      const before = await repo.settingsFor(tx, kind, code, warehouse);
      const current = before?.version ?? 0;
      if (body.version !== undefined && body.version !== current) {
        throw new AppError('CONFLICT', `These settings changed since you read them (version ${current}, you sent ${body.version}); reload and try again.`, { errors: [{ field: 'version', message: `is ${current} now` }] });
      }
      const pick = <K extends 'serviceLevel' | 'leadTimeDays' | 'leadTimeStdDays' | 'reviewPeriodDays'>(k: K) => (body[k] === undefined ? (before?.[k] ?? null) : body[k]);
      const values = {
        serviceLevel: pick('serviceLevel') === null ? null : String(pick('serviceLevel')),
        leadTimeDays: pick('leadTimeDays') as number | null,
        leadTimeStdDays: pick('leadTimeStdDays') === null ? null : String(pick('leadTimeStdDays')),
        reviewPeriodDays: pick('reviewPeriodDays') as number | null,
      };
      if (before) {
        const updated = await tx
          .update(inventoryPolicySettings)
          .set({ ...values, version: current + 1, updatedBy: principal.userId, updatedAt: new Date() })
          .where(and(eq(inventoryPolicySettings.itemKind, kind), eq(inventoryPolicySettings.itemCode, code), eq(inventoryPolicySettings.warehouseCode, warehouse), eq(inventoryPolicySettings.version, current)))
          .returning();
        if (updated.length === 0) throw new AppError('CONFLICT', 'These settings were changed by someone else at the same time; reload and try again.', { errors: [{ field: 'version', message: 'changed concurrently' }] });
      } else {
        const inserted = await tx.insert(inventoryPolicySettings).values({ itemKind: kind, itemCode: code, warehouseCode: warehouse, ...values, version: 1, updatedBy: principal.userId }).onConflictDoNothing().returning();
        if (inserted.length === 0) throw new AppError('CONFLICT', 'These settings were created by someone else at the same time; reload and try again.', { errors: [{ field: 'version', message: 'changed concurrently' }] });
      }
      await recordAudit(tx, { ...actor, action: 'inventory.policy-settings.updated', entityType: 'inventory_policy_settings', entityId: `${kind}:${code}:${warehouse}`, before: before ?? null, after: values });
    });
    return detail(kind, code, warehouse);
  }

  /**
   * Replays the last `holdoutDays` of each finished SKU × warehouse's demand, day by day, against the recommended
   * policy and the baseline (8 weeks of cover of the recent demand rate, re-read at each monthly review), each
   * knowing only the demand before the day it decides on.
   */
  async function simulate(q: SimulationQuery): Promise<PolicySimulation> {
    const t = today();
    const holdoutFrom = addDays(t, -q.holdoutDays);
    const trainingDays = HISTORY_DAYS;
    const trainFrom = addDays(holdoutFrom, -trainingDays);
    const [stocks, use, leadTimes, fx, startStock] = await Promise.all([
      repo.productStock(db.db),
      repo.productDemand(db.db, trainFrom, t),
      repo.transferLeadTimes(db.db, t),
      repo.latestGbpRates(db.db),
      repo.productOnHandAt(db.db, holdoutFrom),
    ]);
    const total = trainingDays + q.holdoutDays;
    const series = new Map<string, number[]>();
    for (const s of stocks) series.set(`${s.code}|${s.warehouseCode}`, new Array<number>(total).fill(0));
    for (const u of use) {
      const h = series.get(`${u.code}|${u.warehouseCode}`);
      const index = daysBetween(trainFrom, u.date);
      if (h && index >= 0 && index < total) h[index] = (h[index] as number) + u.units;
    }
    const values = stocks.map((s) => {
      const h = series.get(`${s.code}|${s.warehouseCode}`) as number[];
      return { id: `${s.code}|${s.warehouseCode}`, annualConsumptionValue: new Dec(s.unitCost).dividedBy(fx.get(s.currency) ?? 1).times(h.slice(0, trainingDays).reduce((a, b) => a + b, 0)).toDecimalPlaces(4) };
    });
    const abc = new Map(classifyAbc(values).map((r) => [r.id, r.class]));
    const agg = () => ({ served: 0, demanded: 0, stockoutDays: 0, days: 0, value: new Dec(0), carrying: new Dec(0), orders: 0 });
    const totals = { recommended: agg(), static: agg(), baseline: agg(), baselineFrozen: agg() };
    const perItem: PolicySimulation['perItem'] = [];
    for (const s of stocks) {
      const id = `${s.code}|${s.warehouseCode}`;
      const h = series.get(id) as number[];
      const training = h.slice(trainingDays - VARIABILITY_DAYS, trainingDays);
      const { mean } = meanSd(training);
      const sd = dailySdFromWeeks(sinceFirstDemand(training), VARIABILITY_DAYS);
      if (mean <= 0) continue;
      const holdout = h.slice(trainingDays);
      const history = h.slice(0, trainingDays);
      const lead = s.warehouseCode === 'UK-MAIN' ? defaults.productionLeadTime : (leadTimes.get(s.warehouseCode) ?? defaults.fallbackLeadTime);
      const unitCost = new Dec(s.unitCost).dividedBy(fx.get(s.currency) ?? 1).toDecimalPlaces(6);
      const serviceLevel = classLevels[abc.get(id) ?? 'C'];
      const leadTimeDays = Math.max(1, Math.ceil(lead.mean - 1e-9));
      const costs = { unitCost, orderingCost: orderingCostGbp, holdingRate, serviceMeasure };
      const fixed = computeInventoryPolicy({ serviceLevel, averageDailyDemand: mean, dailyDemandStdDev: sd, leadTimeDays, leadTimeStdDevDays: lead.sd, ...costs });
      // At every weekly review the planner re-estimates from the demand seen so far: moving-average forecast,
      // safety stock from that forecast's recent errors, reorder point and EOQ recomputed.
      const reestimated = (observed: readonly number[]): SimulatedPolicy => {
        const e = rollingDemandEstimate(observed, { windowDays: MOVING_AVERAGE_DAYS.product, errorWeeks: VARIABILITY_DAYS / 7 });
        if (e.averageDailyDemand <= 0) return { kind: 'reorder_point', reorderPoint: 0, orderUpTo: 0 };
        const p = computeInventoryPolicy({ serviceLevel, averageDailyDemand: e.averageDailyDemand, dailyDemandStdDev: e.dailyErrorStdDev, leadTimeDays, leadTimeStdDevDays: lead.sd, ...costs });
        return { kind: 'reorder_point', reorderPoint: p.reorderPoint, orderUpTo: p.max, reviewDays: 1 };
      };
      const common = { demand: holdout, initialOnHand: startStock.get(id) ?? 0, unitCost, carryingCostRate: holdingRate, leadTime: { meanDays: Math.max(1, lead.mean), stdDevDays: lead.sd }, seed: q.seed };
      const staticPolicy: SimulatedPolicy = { kind: 'reorder_point', reorderPoint: fixed.reorderPoint, orderUpTo: fixed.max, reviewDays: 1 };
      // The baseline is 8 weeks of cover of the demand rate a planner reads at each monthly review: the average of the
      // last `baselineWindowDays` observed. Its frozen variant keeps the rate read before the hold-out (a sensitivity).
      const baselinePolicy: SimulatedPolicy = { kind: 'weeks_of_cover', weeks: 8, averageDailyDemand: meanSd(history.slice(-baselineWindowDays)).mean, reviewDays: 30 };
      const baselineRevision = { everyDays: 30, history, policyFor: (observed: readonly number[]): SimulatedPolicy => ({ ...baselinePolicy, averageDailyDemand: meanSd(observed.slice(-baselineWindowDays)).mean }) };
      const cmp = comparePolicies(common, staticPolicy, baselinePolicy, { everyDays: defaults.reviewPeriodDays, history, policyFor: reestimated }, baselineRevision);
      const runs = {
        recommended: cmp.recommended,
        baseline: cmp.baseline,
        static: simulatePolicy({ ...common, policy: staticPolicy }),
        baselineFrozen: simulatePolicy({ ...common, policy: baselinePolicy }),
      };
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
        const target = totals[key];
        const r = runs[key];
        target.served += r.unitsDemanded - r.unitsLost;
        target.demanded += r.unitsDemanded;
        target.stockoutDays += r.stockoutDays;
        target.days += holdout.length;
        target.value = target.value.plus(r.averageInventoryValue);
        target.carrying = target.carrying.plus(r.carryingCost);
        target.orders += r.ordersPlaced;
      }
      perItem.push({
        code: s.code,
        warehouseCode: s.warehouseCode,
        recommendedFillRate: round(cmp.recommended.fillRate, 4),
        baselineFillRate: round(cmp.baseline.fillRate, 4),
        recommendedCarryingCostGbp: cmp.recommended.carryingCost.toDecimalPlaces(2).toFixed(2),
        baselineCarryingCostGbp: cmp.baseline.carryingCost.toDecimalPlaces(2).toFixed(2),
        frozenBaselineFillRate: round(runs.baselineFrozen.fillRate, 4),
        frozenBaselineCarryingCostGbp: runs.baselineFrozen.carryingCost.toDecimalPlaces(2).toFixed(2),
      });
    }
    const change = (a: ReturnType<typeof agg>, against = totals.baseline): number | null => (against.carrying.isZero() ? null : round(a.carrying.minus(against.carrying).dividedBy(against.carrying).times(100).toNumber(), 1));
    const figures = (a: ReturnType<typeof agg>) => ({
      fillRate: a.demanded === 0 ? 1 : round(a.served / a.demanded, 4),
      stockoutDays: a.stockoutDays,
      onTimeShare: a.days === 0 ? 1 : round((a.days - a.stockoutDays) / a.days, 4),
      averageInventoryValueGbp: a.value.toDecimalPlaces(2).toFixed(2),
      carryingCostGbp: a.carrying.toDecimalPlaces(2).toFixed(2),
      ordersPlaced: a.orders,
    });
    return {
      from: holdoutFrom,
      to: addDays(t, -1),
      holdoutDays: q.holdoutDays,
      trainingDays,
      items: perItem.length,
      carryingRate: holdingRate,
      recommended: figures(totals.recommended),
      baseline: figures(totals.baseline),
      carryingCostChangePct: change(totals.recommended),
      carryingCostChangeVsFrozenBaselinePct: change(totals.recommended, totals.baselineFrozen),
      variants: [
        { name: 'recommended_static', description: `The recommended policy set once from the ${VARIABILITY_DAYS} days before the hold-out and never re-estimated.`, figures: figures(totals.static), carryingCostChangePct: change(totals.static) },
        {
          name: 'baseline_frozen',
          description: `Sensitivity, not the baseline: 8 weeks of cover of the average demand of the ${baselineWindowDays} days before the hold-out, never re-read.`,
          figures: figures(totals.baselineFrozen),
          carryingCostChangePct: change(totals.baselineFrozen),
        },
      ],
      method: [
        `Each finished SKU × warehouse with demand replays its last ${q.holdoutDays} days of observed demand (sales and transfers out), day by day, lost sales, starting from its actual stock on ${holdoutFrom}.`,
        `Recommended: continuous review (s, S), s = reorder point, S = s + EOQ, re-estimated at every ${defaults.reviewPeriodDays}-day review from the demand seen so far (nothing later): ${MOVING_AVERAGE_DAYS.product}-day moving-average forecast, σ from that forecast’s weekly errors over the last ${VARIABILITY_DAYS / 7} weeks ÷ √7, with the lead-time variability; class service level (${serviceMeasure === 'fill_rate' ? 'read as a fill rate' : 'cycle service level'}).`,
        `Baseline: every 30 days order up to 8 weeks of cover of the current demand rate, the average daily demand of the last ${baselineWindowDays} days observed (re-read at each review). The frozen variant keeps the rate of the ${baselineWindowDays} days before the hold-out.`,
        'Lead times drawn from normal(mean, sd) of the warehouse’s replenishment (seeded; every policy gets the same draws). On-time share = item-days whose demand was met in full.',
        `Carrying cost = Σ day-end stock value × ${Math.round(holdingRate * 100)} % / 365, at standard cost in GBP.`,
      ],
      perItem,
    };
  }

  return {
    computeItems,
    list,
    detail,
    putSettings,
    simulate,
    today,
    /** Latest units of each currency per GBP. */
    gbpRates: (tx?: DbTransaction) => repo.latestGbpRates(tx ?? db.db),
    /** What suppliers sell: the preferred offer per material, or everything one supplier sells. */
    supplierOffers: (supplierId?: string, tx?: DbTransaction) => repo.supplierOffers(tx ?? db.db, supplierId),
    /** COGS in GBP over [from, to], for CCC effects. */
    cogsGbp: (from: IsoDate, to: IsoDate) => repo.cogsGbp(db.db, from, to),
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
