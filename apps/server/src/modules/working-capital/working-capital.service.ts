import type { Currency } from '@sentia/contracts/common';
import type {
  CashRunway,
  CashRunwayQuery,
  CashScenarioParams,
  CccBreachDto,
  CreateScenario,
  SavedScenario,
  MitigationPlanDto,
  MitigationQuery,
  ScenarioComparison,
  WorkingCapitalFigures,
  WorkingCapitalQuery,
  WorkingCapitalSummary,
  WorkingCapitalTrend,
  WorkingCapitalTrendQuery,
} from '@sentia/contracts/working-capital';
import { cashScenarioParamsSchema } from '@sentia/contracts/working-capital';
import type { DbHandle } from '@sentia/db/create-db';
import { addDays, addMonths, daysBetween, endOfMonth, monthKey, startOfMonth, type IsoDate } from '@sentia/domain/calendar/utc-date';
import { DomainError } from '@sentia/domain/domain-error';
import { Dec } from '@sentia/domain/money/money';
import { applyCashScenario, compareCashScenarios, type CashScenario } from '@sentia/domain/working-capital/apply-cash-scenario';
import { classifyCccBreach, specCccThresholds, type CccBreach } from '@sentia/domain/working-capital/classify-ccc-breach';
import { computeWorkingCapital } from '@sentia/domain/working-capital/compute-working-capital';
import { dailySalesFromForecast } from '@sentia/domain/working-capital/daily-sales-from-forecast';
import { estimatePaymentDelays } from '@sentia/domain/working-capital/estimate-payment-delays';
import { projectCash, type CashProjection, type CashProjectionInput, type ChannelSalesForecast, type PlannedPurchaseOrder } from '@sentia/domain/working-capital/project-cash';
import { rankCccMitigations } from '@sentia/domain/working-capital/rank-ccc-mitigations';
import type { Decimal } from 'decimal.js';
import { asc, inArray, sql } from 'drizzle-orm';
import { workingCapitalScenarios } from '@sentia/db/schema';
import type { EventBus } from '../../events/create-event-bus.ts';
import { AppError } from '../../http/app-error.ts';
import * as repo from './working-capital.repository.ts';

const DAY_COUNT =
  'Actual days: each period has its calendar days from `from` to `to`, both inclusive. Balances are daily averages of day-end balances ' +
  '(receivables and payables from issue to payment, inventory at standard cost). DSO = receivables ÷ net revenue × days; DIO and DPO use COGS. ' +
  'With a region or channel filter, revenue and receivables (DSO) are scoped; inventory and payables (DIO, DPO) stay company-wide.';
const DEMAND_WINDOW_DAYS = 28;
const Z = { 80: new Dec('1.2815515655'), 95: new Dec('1.9599639845') } as const;
const BASE_CACHE_MS = 60_000;

type DemandSource = CashRunway['demandSource'];

export interface WorkingCapitalServiceDeps {
  db: DbHandle;
  events?: EventBus | undefined;
  /** Clock; tests fix "today". */
  now?: () => Date;
}

const days1 = (d: Decimal | null): string | null => (d === null ? null : d.toDecimalPlaces(1).toFixed(1));
const money2 = (d: Decimal): string => d.toDecimalPlaces(2).toFixed(2);
const breachDto = (b: CccBreach): CccBreachDto => ({ severity: b.severity, escalation: b.escalation, notify: [...b.notify], daysAboveTarget: b.daysAboveTarget.toDecimalPlaces(1).toFixed(1) });

/** Turns a domain validation error into a 400 naming the field; everything else passes through. */
function asHttpError(error: unknown): unknown {
  if (error instanceof DomainError && error.code === 'invalid_input') {
    return new AppError('VALIDATION_FAILED', error.message, { errors: [{ field: error.field ?? '(root)', message: error.message }] });
  }
  return error;
}

/** Converts amounts with the GBP-based fixings (latest on or before the day). */
function fxConverter(history: Map<Currency, [string, string][]>, target: Currency) {
  const rateOn = (currency: Currency, day: string): Decimal => {
    if (currency === 'GBP') return new Dec(1);
    const list = history.get(currency) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const entry = list[mid] as [string, string];
      if (entry[0] <= day) {
        found = entry[1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === undefined) throw new AppError('UNAVAILABLE', `No FX rate GBP→${currency} on or before ${day}.`);
    return new Dec(found);
  };
  return (amount: string | Decimal, currency: Currency, day: string): Decimal => {
    if (currency === target) return new Dec(amount);
    return new Dec(amount).dividedBy(rateOn(currency, day)).times(rateOn(target, day));
  };
}

type Convert = ReturnType<typeof fxConverter>;
const sumIn = (amounts: readonly repo.Amount[] | undefined, convert: Convert, day: string): Decimal =>
  (amounts ?? []).reduce((acc, a) => acc.plus(convert(a.amount, a.currency, day)), new Dec(0));

/** Working-capital figures, trend, mitigations, cash runway and saved scenarios, composed from the domain functions. */
export function createWorkingCapitalService(deps: WorkingCapitalServiceDeps) {
  const { db } = deps;
  const today = (): IsoDate => (deps.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const baseCache = new Map<string, { at: number; input: CashProjectionInput; assumptions: string[]; demandSource: DemandSource }>();

  async function figuresFor(windows: repo.MonthWindow[], currency: Currency, scope: repo.Scope): Promise<Map<string, WorkingCapitalFigures>> {
    const first = windows[0] as repo.MonthWindow;
    const last = windows[windows.length - 1] as repo.MonthWindow;
    const [sales, ar, ap, inv, fx] = await Promise.all([
      repo.salesByWindow(db.db, windows, scope),
      repo.averageOpenBalanceByWindow(db.db, 'ar_invoices', windows, scope),
      repo.averageOpenBalanceByWindow(db.db, 'ap_bills', windows),
      repo.averageInventoryByWindow(db.db, windows),
      repo.gbpRateHistory(db.db, first.start, last.end),
    ]);
    const convert = fxConverter(fx, currency);
    const out = new Map<string, WorkingCapitalFigures>();
    for (const w of windows) {
      const s = sales.get(w.key) ?? { revenue: '0', cogs: '0' };
      const revenue = convert(s.revenue, 'GBP', w.end);
      const cogs = convert(s.cogs, 'GBP', w.end);
      const r = computeWorkingCapital({
        periodStart: w.start,
        periodEnd: w.end,
        netRevenue: revenue,
        cogs,
        receivables: [sumIn(ar.get(w.key), convert, w.end)],
        inventory: [Dec.max(0, sumIn(inv.get(w.key), convert, w.end))],
        payables: [sumIn(ap.get(w.key), convert, w.end)],
      });
      out.set(w.key, {
        from: w.start,
        to: w.end,
        periodDays: r.periodDays,
        netRevenue: money2(revenue),
        cogs: money2(cogs),
        averageReceivables: money2(r.averageReceivables),
        averageInventory: money2(r.averageInventory),
        averagePayables: money2(r.averagePayables),
        dsoDays: days1(r.dso),
        dioDays: days1(r.dio),
        dpoDays: days1(r.dpo),
        cccDays: days1(r.ccc),
        breach: r.ccc === null ? null : breachDto(classifyCccBreach(r.ccc)),
      });
    }
    return out;
  }

  /**
   * Stores one alert per month and severity (the partial unique index on open alerts' dedupe_key makes a repeat
   * a no-op) and raises `alert.raised` only when the row is new.
   */
  async function recordBreach(figures: WorkingCapitalFigures, currency: Currency): Promise<{ id: string; isNew: boolean } | null> {
    const breach = figures.breach;
    if (!breach || breach.severity === 'on_target') return null;
    const dedupeKey = `ccc-breach:${monthKey(figures.to)}:${breach.severity}`;
    const severity = breach.severity === 'yellow' ? 'WARNING' : 'CRITICAL';
    const title = `Cash conversion cycle ${figures.cccDays} days (${breach.severity})`;
    const message = `CCC is ${figures.cccDays} days for ${figures.from} to ${figures.to}, ${breach.daysAboveTarget} days above the ${specCccThresholds.target}-day target. Escalate to: ${breach.notify.join(', ') || 'none'}.`;
    const data = { ...figures, currency };
    const inserted = (await db.db.execute(
      sql`insert into alerts (kind, severity, title, message, entity_type, entity_id, data, dedupe_key)
          values ('ccc_breach', ${severity}::alert_severity, ${title}, ${message}, 'period', ${monthKey(figures.to)}, ${JSON.stringify(data)}::jsonb, ${dedupeKey})
          on conflict (dedupe_key) where status <> 'RESOLVED' do update set last_seen_at = now()
          returning id::text as id, (xmax = 0) as is_new`,
    )) as unknown as { rows: { id: string; is_new: boolean }[] };
    const row = inserted.rows[0];
    if (!row) return null;
    if (row.is_new && deps.events) {
      const eventSeverity = breach.severity === 'critical' ? 'critical' : breach.severity === 'red' ? 'high' : 'medium';
      await deps.events.publish('alert.raised', { alertId: row.id, severity: eventSeverity, title, message, source: 'working-capital' });
    }
    return { id: row.id, isNew: row.is_new };
  }

  async function summary(q: WorkingCapitalQuery): Promise<WorkingCapitalSummary> {
    try {
      const scope = { region: q.region, channel: q.channel };
      const figures = (await figuresFor([{ key: 'period', start: q.from, end: q.to }], q.currency, scope)).get('period') as WorkingCapitalFigures;
      // Only the company-wide figure of a period that is still running (ends yesterday or later) is the "current" CCC.
      const isCurrent = !q.region && !q.channel && q.to >= addDays(today(), -1) && q.from <= today();
      const alert = isCurrent ? await recordBreach(figures, q.currency) : null;
      return { ...figures, currency: q.currency, region: q.region ?? null, channel: q.channel ?? null, targetDays: specCccThresholds.target, dayCountConvention: DAY_COUNT, alert };
    } catch (error) {
      throw asHttpError(error);
    }
  }

  async function trend(q: WorkingCapitalTrendQuery): Promise<WorkingCapitalTrend> {
    const now = today();
    const lastMonth = q.until ? `${q.until}-01` : startOfMonth(now);
    const windows: repo.MonthWindow[] = [];
    for (let i = q.months - 1; i >= 0; i--) {
      const start = addMonths(lastMonth, -i);
      const monthEnd = endOfMonth(start);
      if (start > now) continue;
      windows.push({ key: monthKey(start), start, end: monthEnd > now ? now : monthEnd });
    }
    if (windows.length === 0) throw new AppError('VALIDATION_FAILED', 'The trend would hold no month up to today.', { errors: [{ field: 'until', message: 'must not be in the future' }] });
    const figures = await figuresFor(windows, q.currency, {});
    return { currency: q.currency, targetDays: specCccThresholds.target, months: windows.map((w) => ({ month: w.key, ...(figures.get(w.key) as WorkingCapitalFigures) })) };
  }

  async function mitigations(q: MitigationQuery): Promise<MitigationPlanDto> {
    const to = today();
    const from = addDays(to, -(q.periodDays - 1));
    const figures = (await figuresFor([{ key: 'p', start: from, end: to }], q.currency, {})).get('p') as WorkingCapitalFigures;
    const base = { from, to, currency: q.currency, cccDays: figures.cccDays, targetDays: specCccThresholds.target };
    if (figures.cccDays === null) return { ...base, actionsToTarget: null, actions: [] };
    const [receivables, stock, suppliers, customers, fx] = await Promise.all([
      repo.openReceivables(db.db),
      repo.excessStock(db.db, to, q.excessCoverDays, q.limit),
      repo.supplierPurchases(db.db, from, to, q.limit),
      repo.customerSales(db.db, from, to, q.limit),
      repo.gbpRateHistory(db.db, from, to),
    ]);
    const convert = fxConverter(fx, q.currency);
    const overdue = receivables
      .filter((r) => r.dueDate < to)
      .map((r) => ({ ...r, value: convert(r.amount, r.currency, to) }))
      .sort((a, b) => b.value.comparedTo(a.value))
      .slice(0, q.limit);
    const daysLate = (due: string) => Math.round((Date.parse(to) - Date.parse(due)) / 86_400_000);
    const plan = rankCccMitigations(
      { periodDays: figures.periodDays, netRevenue: figures.netRevenue, cogs: figures.cogs, ccc: figures.cccDays, targetDays: specCccThresholds.target },
      {
        receivables: overdue.map((r) => ({ id: r.id, customerId: r.partyName, amount: r.value, daysOverdue: daysLate(r.dueDate) })),
        excessStock: stock.map((s) => ({ sku: s.sku, warehouseId: s.warehouse, excessValue: convert(s.excessValue, s.currency, to) })),
        supplierTerms: suppliers.map((s) => ({ supplierId: s.name, purchases: convert(s.purchases, s.currency, to), currentDays: s.termsDays, proposedDays: s.termsDays + q.supplierTermsExtensionDays })),
        customerTerms: customers.map((c) => ({ customerId: c.name, sales: convert(c.sales, c.currency, to), currentDays: c.termsDays, proposedDays: Math.max(0, c.termsDays - q.customerTermsReductionDays) })),
      },
    );
    return {
      ...base,
      actionsToTarget: plan.actionsToTarget,
      actions: plan.actions.slice(0, q.limit).map((a) => ({
        kind: a.kind,
        reference: a.reference,
        description: a.description,
        cccDaysReduction: a.cccDaysReduction.toDecimalPlaces(2).toFixed(2),
        cashReleased: money2(a.cashReleased),
        cumulativeCccDays: a.cumulativeCcc.toDecimalPlaces(1).toFixed(1),
      })),
    };
  }

  /** The projection inputs from today's data (cached for a minute so slider moves only re-run the arithmetic). */
  async function baseInput(currency: Currency, horizonDays: number): Promise<{ input: CashProjectionInput; assumptions: string[]; demandSource: DemandSource }> {
    const start = today();
    const key = `${currency}:${start}:${horizonDays}:${await repo.latestRunStamp(db.db)}`;
    const hit = baseCache.get(key);
    if (hit && Date.now() - hit.at < BASE_CACHE_MS) return hit;
    const [cash, receivables, payables, paid, pos, overheads, materials, daily, channels, fx, lastSettled, run] = await Promise.all([
      repo.latestCashBalances(db.db),
      repo.openReceivables(db.db),
      repo.openPayables(db.db),
      repo.paidReceivables(db.db, addDays(start, -365)),
      repo.openPurchaseOrders(db.db),
      repo.billsIssued(db.db, addDays(start, -90), addDays(start, -1), 'overheads'),
      repo.billsIssued(db.db, addDays(start, -90), addDays(start, -1), 'materials'),
      repo.dailyRevenueByChannel(db.db, addDays(start, -(DEMAND_WINDOW_DAYS + 31)), addDays(start, -1)),
      repo.channelList(db.db),
      repo.gbpRateHistory(db.db, addDays(start, -31), start),
      db.db.execute(sql`select channel_code::text as channel, max(coalesce(period_end, issue_date))::text as last from ar_invoices where channel_code is not null group by 1`) as unknown as Promise<{ rows: { channel: string; last: string }[] }>,
      repo.latestChannelForecast(db.db),
    ]);
    const convert = fxConverter(fx, currency);
    const at = (amount: string, ccy: Currency) => convert(amount, ccy, start);
    const delays = estimatePaymentDelays(paid);
    const settledUntil = new Map(lastSettled.rows.map((r) => [r.channel, r.last.slice(0, 10)]));

    // A run is usable when one of its periods holds today (an older run only forecasts the past).
    const periodEndOf = (p: string, g: 'week' | 'month') => addDays(g === 'week' ? addDays(p, 7) : addMonths(p, 1), -1);
    const usableRun = run && run.periods.some((p) => p.period <= start && periodEndOf(p.period, run.granularity) >= start) ? run : null;
    const channelSources: DemandSource['channels'] = [];
    const salesForecasts: ChannelSalesForecast[] = channels.map((ch) => {
      const rows = daily.filter((d) => d.channel === ch.code);
      const window: Decimal[] = [];
      let windowRevenue = new Dec(0);
      let windowUnits = 0;
      for (let i = 1; i <= DEMAND_WINDOW_DAYS; i++) {
        const d = addDays(start, -i);
        const row = rows.find((r) => r.date === d);
        window.push(row ? at(row.revenue, 'GBP') : new Dec(0));
        if (row) {
          windowRevenue = windowRevenue.plus(at(row.revenue, 'GBP'));
          windowUnits += row.units;
        }
      }
      const mean = window.reduce((a, b) => a.plus(b), new Dec(0)).dividedBy(DEMAND_WINDOW_DAYS);
      const sd = window.reduce((a, b) => a.plus(b.minus(mean).pow(2)), new Dec(0)).dividedBy(DEMAND_WINDOW_DAYS - 1).sqrt();
      const flat = (v: Decimal) => new Array<Decimal>(horizonDays).fill(v);
      const movingAverage = {
        mean: flat(mean),
        intervals: ([80, 95] as const).map((level) => ({ level, lower: flat(Dec.max(0, mean.minus(sd.times(Z[level])))), upper: flat(mean.plus(sd.times(Z[level]))) })),
      };
      const periods = usableRun?.periods.filter((p) => p.channel === ch.code) ?? [];
      // Units become revenue at the channel's average price over the same 28 days.
      const fromRun =
        usableRun && periods.length > 0 && windowUnits > 0
          ? dailySalesFromForecast({ startDate: start, horizonDays, granularity: usableRun.granularity, periods, pricePerUnit: windowRevenue.dividedBy(windowUnits), fallback: movingAverage })
          : null;
      channelSources.push({ channel: ch.code, source: fromRun && fromRun.coveredDays > 0 ? 'forecast_run' : 'moving_average', daysFromRun: fromRun?.coveredDays ?? 0 });
      const sales = fromRun ?? movingAverage;
      const settled = settledUntil.get(ch.code) ?? addDays(start, -1);
      const unsettledSales = rows.filter((r) => r.date > settled).map((r) => ({ date: r.date, amount: at(r.revenue, 'GBP') }));
      const payout =
        ch.platform === 'AMAZON'
          ? ({ kind: 'settlement', cycleDays: 14, anchorDate: settled, disbursementLagDays: 3 } as const)
          : ({ kind: 'business_days', days: 2 } as const);
      return { channel: ch.code, payout, feeRate: ch.feeRate, mean: sales.mean, intervals: sales.intervals, unsettledSales };
    });
    const usedRun = usableRun && channelSources.some((c) => c.source === 'forecast_run') ? usableRun : null;
    const movingAverageWords = `${DEMAND_WINDOW_DAYS}-day moving average of each channel's daily revenue; the 80 % and 95 % bands are ±1.28 and ±1.96 standard deviations of those days`;
    const demandSource: DemandSource = usedRun
      ? {
          kind: 'forecast_run',
          runId: usedRun.runId,
          runCreatedAt: usedRun.createdAt,
          trainingEnd: usedRun.trainingEnd,
          granularity: usedRun.granularity,
          description: `Forecast run ${usedRun.runId.slice(0, 8)} (${usedRun.granularity}ly, trained to ${usedRun.trainingEnd}): each channel's ${usedRun.level === 'channel' ? 'forecast' : 'SKU × region forecasts added up'}, spread evenly over each period's days and priced at the channel's revenue per unit of the last ${DEMAND_WINDOW_DAYS} days; the fan uses the run's 80 % and 95 % intervals. Days the run does not cover, and channels it does not forecast: ${movingAverageWords}.`,
          channels: channelSources,
        }
      : {
          kind: 'moving_average',
          runId: null,
          runCreatedAt: null,
          trainingEnd: null,
          granularity: null,
          description: `${run ? `The latest forecast run (${run.runId.slice(0, 8)}, trained to ${run.trainingEnd}) does not cover today, so: ` : 'No completed forecast run by channel, so: '}${movingAverageWords}.`,
          channels: channelSources,
        };

    const lastPoPayment = pos.reduce((max, p) => {
      const d = addDays(p.expectedDate, p.paymentTermsDays);
      return d > max ? d : max;
    }, start);
    const monthlyOverhead = sumIn(overheads, convert, start).dividedBy(3).toDecimalPlaces(2);
    // Orders not yet placed still have to be paid for: material bills continue at their recent rate once the
    // known purchase orders are paid (or after a month of terms, whichever is later).
    const monthlyMaterials = sumIn(materials, convert, start).dividedBy(3).toDecimalPlaces(2);
    const materialsFrom = addDays(lastPoPayment, 1) > addDays(start, 30) ? addDays(lastPoPayment, 1) : addDays(start, 30);
    const input: CashProjectionInput = {
      currency,
      startDate: start,
      horizonDays,
      openingBalance: sumIn(cash.balances, convert, start),
      receivables: receivables.map((r) => ({ id: r.id, customerId: r.partyId, amount: at(r.amount, r.currency), dueDate: r.dueDate })),
      customerPaymentDelays: delays.byCustomer,
      defaultPaymentDelayDays: delays.overall,
      salesForecasts,
      payables: payables.map((p) => ({ id: p.id, supplierId: p.partyId, amount: at(p.amount, p.currency), dueDate: p.dueDate })),
      purchaseOrders: pos.map((p) => ({ id: p.id, supplierId: p.supplierId, status: p.status, amount: at(p.amount, p.currency), expectedReceiptDate: p.expectedDate, paymentTermsDays: p.paymentTermsDays, orderDate: p.orderDate })),
      recurringCosts: [
        ...(monthlyOverhead.greaterThan(0) ? [{ label: 'overheads (non-PO bills, 90-day monthly average)', amount: monthlyOverhead, firstDate: addDays(start, 30), every: 'month' as const }] : []),
        ...(monthlyMaterials.greaterThan(0) ? [{ label: 'materials (PO bills, 90-day monthly average)', amount: monthlyMaterials, firstDate: materialsFrom, every: 'month' as const }] : []),
      ],
      minimumRunwayDays: 90,
    };
    const assumptions = [
      `Opening balance: day-end cash of ${cash.date ?? 'no date'} across all accounts, converted at the latest fixing.`,
      `Demand: ${demandSource.description}`,
      'Payouts: Amazon channels in 14-day settlements paid 3 days after the period ends; Shopify T+2 business days; channel fees deducted.',
      `Receivables: due date plus each customer's observed amount-weighted lateness over the last year (overall ${delays.overall} days).`,
      `Payables on their due dates; open and draft purchase orders paid on terms after receipt (last known payment ${lastPoPayment}).`,
      `Overheads: ${money2(monthlyOverhead)} ${currency} a month from day 30 (bills without a purchase order, last 90 days).`,
      `Future material purchases: ${money2(monthlyMaterials)} ${currency} a month (bills against purchase orders, last 90 days) from ${materialsFrom}; demand levers scale only draft purchase orders, not this run rate.`,
      'Minimum cash: 90 days of the projection\u2019s average daily outflow.',
    ];
    const entry = { at: Date.now(), input, assumptions, demandSource };
    baseCache.set(key, entry);
    return entry;
  }

  const toScenario = (name: string, p: CashScenarioParams, start: IsoDate): CashScenario => ({
    name,
    demandChangePct: p.demandChangePct,
    priceChangePct: p.priceChangePct,
    customerTermsChangeDays: p.customerTermsChangeDays,
    supplierTermsChangeDays: p.supplierTermsChangeDays,
    leadTimeChangeDays: p.leadTimeChangeDays,
    oneOffCosts: new Dec(p.oneOffCost).greaterThan(0) ? [{ label: 'one-off cost', date: p.oneOffDate ?? start, amount: p.oneOffCost }] : [],
  });

  async function project(currency: Currency, horizonDays: number, params: CashScenarioParams, name: string): Promise<{ projection: CashProjection; assumptions: string[]; opening: Decimal; demandSource: DemandSource }> {
    const { input, assumptions, demandSource } = await baseInput(currency, horizonDays);
    try {
      const projection = projectCash(applyCashScenario(input, toScenario(name, params, input.startDate)));
      return { projection, assumptions, opening: new Dec(input.openingBalance), demandSource };
    } catch (error) {
      throw asHttpError(error);
    }
  }

  async function cashRunway(q: CashRunwayQuery): Promise<CashRunway> {
    const { horizonDays, currency, ...params } = q;
    if (params.oneOffDate && (params.oneOffDate < today() || params.oneOffDate > addDays(today(), horizonDays - 1))) {
      throw new AppError('VALIDATION_FAILED', 'oneOffDate must fall inside the projection.', { errors: [{ field: 'oneOffDate', message: 'must be between today and the end of the horizon' }] });
    }
    const { projection: p, assumptions, opening, demandSource } = await project(currency, horizonDays, params, 'what-if');
    const band = p.fan.find((f) => f.level === 80);
    const band95 = p.fan.find((f) => f.level === 95);
    const start = today();
    const side = (path: readonly Decimal[], zeroDate: IsoDate | null, minimumDate: IsoDate | null) => ({
      runwayDays: zeroDate === null ? null : daysBetween(start, zeroDate),
      zeroCrossingDate: zeroDate,
      minimumCashCrossingDate: minimumDate,
      endingBalance: money2(path.at(-1) ?? opening),
    });
    return {
      currency,
      startDate: today(),
      horizonDays,
      openingBalance: money2(opening),
      runwayDays: p.runwayDays,
      zeroCrossingDate: p.zeroCrossingDate,
      minimumCash: money2(p.minimumCash),
      minimumCashCrossingDate: p.minimumCashCrossingDate,
      isRunwayBelowMinimum: p.isRunwayBelowMinimum,
      lowestBalance: { date: p.lowestBalance.date, amount: money2(p.lowestBalance.amount) },
      endingBalance: money2(p.endingBalance),
      doubtfulReceivables: money2(p.doubtfulReceivables),
      assumptions,
      demandSource,
      fan: p.fan.map((f) => ({ level: f.level, low: side(f.lower, f.lowerZeroCrossingDate, f.lowerMinimumCashCrossingDate), high: side(f.upper, f.upperZeroCrossingDate, f.upperMinimumCashCrossingDate) })),
      days: p.days.map((d, i) => {
        const inflow = [d.customerReceipts, d.salesPayouts, d.oneOffs].filter((v) => v.isPositive()).reduce((a, b) => a.plus(b), new Dec(0));
        return {
          date: d.date,
          inflow: money2(inflow),
          outflow: money2(inflow.minus(d.net)),
          closing: money2(d.closing),
          low: band ? money2(band.lower[i] as Decimal) : null,
          high: band ? money2(band.upper[i] as Decimal) : null,
          low95: band95 ? money2(band95.lower[i] as Decimal) : null,
          high95: band95 ? money2(band95.upper[i] as Decimal) : null,
        };
      }),
    };
  }

  async function compare(scenarios: { id: string; name: string; horizonDays: number; currency: Currency; params: CashScenarioParams }[]): Promise<ScenarioComparison> {
    const first = scenarios[0];
    if (!first) throw new AppError('VALIDATION_FAILED', 'Name at least one scenario.', { errors: [{ field: 'ids', message: 'must not be empty' }] });
    const neutral: CashScenarioParams = { demandChangePct: 0, priceChangePct: 0, customerTermsChangeDays: 0, supplierTermsChangeDays: 0, leadTimeChangeDays: 0, oneOffCost: '0' };
    const runs = [{ id: null as string | null, name: 'Base (no change)', params: neutral }, ...scenarios.map((s) => ({ id: s.id as string | null, name: s.name, params: s.params }))];
    const projections = [];
    for (const r of runs) projections.push({ name: r.name, projection: (await project(first.currency, first.horizonDays, r.params, r.name)).projection });
    const rows = compareCashScenarios(projections);
    return {
      currency: first.currency,
      rows: rows.map((row, i) => ({
        id: runs[i]?.id ?? null,
        name: row.name,
        runwayDays: row.runwayDays,
        zeroCrossingDate: row.zeroCrossingDate,
        minimumCashCrossingDate: row.minimumCashCrossingDate,
        lowestBalance: money2(row.lowestBalance),
        lowestBalanceDate: row.lowestBalanceDate,
        endingBalance: money2(row.endingBalance),
        endingBalanceChange: money2(row.endingBalanceChange),
      })),
    };
  }

  const toSaved = (r: typeof workingCapitalScenarios.$inferSelect): SavedScenario => ({
    id: r.id,
    name: r.name,
    horizonDays: r.horizonDays,
    currency: r.currency,
    params: cashScenarioParamsSchema.parse(r.params),
    createdAt: r.createdAt.toISOString(),
  });

  async function saveScenario(body: CreateScenario, userId: string): Promise<SavedScenario> {
    const rows = await db.db
      .insert(workingCapitalScenarios)
      .values({ name: body.name, horizonDays: body.horizonDays, currency: body.currency, params: body.params, createdBy: userId })
      .onConflictDoNothing({ target: workingCapitalScenarios.name })
      .returning();
    const row = rows[0];
    if (!row) throw new AppError('CONFLICT', `A scenario named "${body.name}" already exists.`, { errors: [{ field: 'name', message: 'is already taken' }] });
    return toSaved(row);
  }

  async function listScenarios(): Promise<SavedScenario[]> {
    return (await db.db.select().from(workingCapitalScenarios).orderBy(asc(workingCapitalScenarios.createdAt))).map(toSaved);
  }

  async function compareSaved(ids: string[]): Promise<ScenarioComparison> {
    const rows = (await db.db.select().from(workingCapitalScenarios).where(inArray(workingCapitalScenarios.id, ids))).map(toSaved);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', `No saved scenario ${missing.join(', ')}.`);
    return compare(ids.map((id) => rows.find((r) => r.id === id) as SavedScenario));
  }

  /**
   * Today's cash projection without and with `orders` added (amounts in `currency`): how purchase-order proposals
   * would move runway and balances before anyone approves them.
   */
  async function purchaseOrderImpact(orders: readonly PlannedPurchaseOrder[], currency: Currency, horizonDays = 180): Promise<{ before: CashProjection; after: CashProjection }> {
    const { input } = await baseInput(currency, horizonDays);
    try {
      return { before: projectCash(input), after: projectCash({ ...input, purchaseOrders: [...(input.purchaseOrders ?? []), ...orders] }) };
    } catch (error) {
      throw asHttpError(error);
    }
  }

  return { summary, trend, mitigations, cashRunway, saveScenario, listScenarios, compareSaved, purchaseOrderImpact };
}

export type WorkingCapitalService = ReturnType<typeof createWorkingCapitalService>;
