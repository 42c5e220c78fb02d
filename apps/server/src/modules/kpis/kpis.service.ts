import type { Currency } from '@sentia/contracts/common';
import {
  type BreakdownDimension,
  type Freshness,
  type KpiBreakdown,
  type KpiQuery,
  type KpiSummary,
  type KpiTrend,
  type KpiValue,
  kpiBreakdownSchema,
  kpiSummarySchema,
  kpiTrendSchema,
} from '@sentia/contracts/kpi';
import type { DbHandle } from '@sentia/db/create-db';
import { addDays, daysInclusive, eachDay, startOfMonth, addMonths } from '@sentia/domain/calendar/utc-date';
import { cashConversionCycle, daysInventoryOutstanding, daysPayablesOutstanding, daysSalesOutstanding } from '@sentia/domain/kpi/cash-conversion-cycle';
import { firstPassYield } from '@sentia/domain/kpi/first-pass-yield';
import { grossMargin } from '@sentia/domain/kpi/gross-margin';
import { annualise, inventoryTurnover } from '@sentia/domain/kpi/inventory-turnover';
import { oee } from '@sentia/domain/kpi/oee';
import { changePercent, toPercent } from '@sentia/domain/kpi/ratio';
import { convertMoney } from '@sentia/domain/money/convert-money';
import { Dec, money } from '@sentia/domain/money/money';
import type { Decimal } from 'decimal.js';
import type { Cache } from '../../cache/create-cache.ts';
import { AppError } from '../../http/app-error.ts';
import { degradedSourcesOf } from '../integrations/integrations.service.ts';
import {
  type AmountsByCurrency,
  type ProductionTotals,
  type SalesFilter,
  type SalesTotals,
  averageInventoryAtCost,
  averageOpenBalance,
  gbpRatesOn,
  lastIngestedAt,
  skuExists,
  sumFirstPassInspections,
  sumProduction,
  sumProductionByBucket,
  sumSales,
  sumSalesByBucket,
  sumSalesByDimension,
} from './kpis.repository.ts';

/**
 * Cache tags for KPI results. Whatever writes the underlying tables must call `cache.invalidate([...])` with
 * the matching tags (ingest of orders → `sales`; production records → `production`; invoices/bills →
 * `finance`; stock movements → `inventory`; FX rates → `fx`), or `kpiCacheTags.all` when unsure.
 */
export const kpiCacheTags = {
  sales: 'sales',
  production: 'production',
  finance: 'finance',
  inventory: 'inventory',
  fx: 'fx',
  all: ['sales', 'production', 'finance', 'inventory', 'fx'],
} as const;

/**
 * Whole KPI answers are served stale-while-revalidate after an invalidation: with live orders arriving every
 * few seconds, callers get the previous figures (a second or so old) instead of queueing behind the recompute.
 */
const SWR = { staleWhileRevalidate: true } as const;

/** Results are checked against the response contract once, when computed, rather than on every response. */
const summaryBodySchema = kpiSummarySchema.omit({ freshness: true });

/** Longest period a KPI query may span: bounded so one request cannot tie up the embedded database. */
export const MAX_RANGE_DAYS = 1096;
/** Most points a trend may return. */
export const MAX_TREND_POINTS = 400;

export interface KpiService {
  summary(query: KpiQuery): Promise<KpiSummary>;
  /**
   * The summary as a JSON string. The cached body is serialised once per cache entry and the per-request
   * freshness is spliced in, so a hot dashboard request costs no serialisation of the KPI figures.
   */
  summaryJson(query: KpiQuery): Promise<string>;
  /** The trend / breakdown as JSON strings, serialised once per cache entry. */
  trendJson(query: KpiQuery): Promise<string>;
  breakdownJson(query: KpiQuery, dimension: BreakdownDimension): Promise<string>;
  trend(query: KpiQuery): Promise<KpiTrend>;
  breakdown(query: KpiQuery, dimension: BreakdownDimension): Promise<KpiBreakdown>;
  /** Data freshness from the newest ingested row (green < 2 min, yellow 2–5 min, red > 5 min). */
  freshness(): Promise<Freshness>;
}

const fixed = (d: Decimal | null, dp: number) => (d === null ? null : d.toDecimalPlaces(dp).toFixed(dp));
const num = (d: Decimal | null, dp: number) => (d === null ? null : d.toDecimalPlaces(dp).toNumber());

function kpiValue(current: Decimal | null, previous: Decimal | null, unit: KpiValue['unit'], dp: number): KpiValue {
  return { value: fixed(current, dp), previous: fixed(previous, dp), changePct: num(changePercent(current, previous), 1), unit };
}

/** Freshness status for a data age (spec: green < 2 min, yellow 2–5 min, red > 5 min or no data). */
export function freshnessFor(lastDataAt: Date | null, now: Date): Freshness {
  if (!lastDataAt) return { lastDataAt: null, ageSeconds: null, status: 'red' };
  const ageSeconds = Math.max(0, Math.round((now.getTime() - lastDataAt.getTime()) / 1000));
  return { lastDataAt: lastDataAt.toISOString(), ageSeconds, status: ageSeconds < 120 ? 'green' : ageSeconds <= 300 ? 'yellow' : 'red' };
}

interface PeriodFigures {
  sales: SalesTotals;
  companySales: SalesTotals;
  production: ProductionTotals;
  fpy: { inspected: string; defective: string };
  receivables: Decimal | null;
  payables: Decimal | null;
  inventory: Decimal | null;
}

function sumInCurrency(amounts: AmountsByCurrency, target: Currency, rates: Partial<Record<Currency, string>>, field: string): Decimal {
  let total = new Dec(0);
  for (const a of amounts) {
    if (a.currency !== target && a.currency !== 'GBP' && rates[a.currency] === undefined) throw missingFx(a.currency, field);
    if (target !== 'GBP' && rates[target] === undefined) throw missingFx(target, field);
    total = total.plus(convertMoney(money(a.amount, a.currency), target, { base: 'GBP', rates: rates as Record<string, string> }).amount);
  }
  return total;
}

const missingFx = (currency: string, what: string) =>
  new AppError('UNAVAILABLE', `No FX rate between GBP and ${currency} is stored for the period, so ${what} cannot be reported in the requested currency.`);

function checkSalesFx(totals: SalesTotals, currency: Currency) {
  if (totals.missingFx > 0) throw missingFx(currency, 'sales');
}

/**
 * The executive KPIs over SQL aggregates (see README "KPI definitions"). Sales KPIs honour every drill-down
 * filter; OEE is plant-wide (date range only), first-pass yield honours the SKU; the working-capital KPIs
 * (inventory turnover, DSO, DIO, DPO, CCC) are company-wide for the date range. Results are cached per
 * query and dropped when the data behind them changes (see {@link kpiCacheTags}).
 */
export function createKpiService(deps: { db: DbHandle; cache: Cache; now?: () => Date }): KpiService {
  const db = deps.db.db;
  const { cache } = deps;
  const now = deps.now ?? (() => new Date());

  const validate = async (q: KpiQuery) => {
    if (daysInclusive(q.from, q.to) > MAX_RANGE_DAYS) {
      throw new AppError('VALIDATION_FAILED', 'The date range is too long.', { errors: [{ field: 'from', message: `the range may span at most ${MAX_RANGE_DAYS} days` }] });
    }
    if (q.sku && !(await cache.getOrCompute(`kpi:sku-exists:${q.sku}`, ['catalog'], () => skuExists(db, q.sku!)))) {
      throw new AppError('VALIDATION_FAILED', `Unknown SKU ${q.sku}.`, { errors: [{ field: 'sku', message: 'is not a known SKU' }] });
    }
  };

  const lastData = () => cache.getOrCompute('kpi:last-ingested', [kpiCacheTags.sales], async () => (await lastIngestedAt(db))?.toISOString() ?? null, { ttlSeconds: 15 });
  const degraded = () => cache.getOrCompute('kpi:degraded-sources', [kpiCacheTags.sales], () => degradedSourcesOf(db), { ttlSeconds: 15 });

  // Each group of figures is cached under the tags of the tables it reads, so a new order (tag `sales`)
  // recomputes only the sales sums while production and balance figures come from the cache.
  const part = <T>(name: string, args: unknown[], tags: readonly string[], compute: () => Promise<T>) =>
    cache.getOrCompute(`kpi:part:${name}:${JSON.stringify(args)}`, tags, compute);

  const salesPart = (f: SalesFilter, currency: Currency) =>
    part('sales', [f.from, f.to, f.region ?? null, f.channel ?? null, f.sku ?? null, currency], [kpiCacheTags.sales, kpiCacheTags.fx], async () => {
      const totals = await sumSales(db, f, currency);
      checkSalesFx(totals, currency);
      return totals;
    });

  const balancesPart = (from: string, to: string, currency: Currency) =>
    part('balances', [from, to, currency], [kpiCacheTags.finance, kpiCacheTags.inventory, kpiCacheTags.fx], async () => {
      const [ar, ap, inv, rates] = await Promise.all([
        averageOpenBalance(db, 'ar_invoices', from, to),
        averageOpenBalance(db, 'ap_bills', from, to),
        averageInventoryAtCost(db, from, to),
        gbpRatesOn(db, to),
      ]);
      const total = (amounts: AmountsByCurrency, what: string) => (amounts.length ? sumInCurrency(amounts, currency, rates, what).toString() : null);
      return { receivables: total(ar, 'receivables'), payables: total(ap, 'payables'), inventory: total(inv, 'inventory') };
    });

  const figures = async (f: SalesFilter, currency: Currency): Promise<PeriodFigures> => {
    const hasFilter = Boolean(f.region || f.channel || f.sku);
    const [sales, companySales, production, fpy, balances] = await Promise.all([
      salesPart(f, currency),
      hasFilter ? salesPart({ from: f.from, to: f.to }, currency) : salesPart(f, currency),
      part('production', [f.from, f.to], [kpiCacheTags.production], () => sumProduction(db, f.from, f.to)),
      part('fpy', [f.from, f.to, f.sku ?? null], [kpiCacheTags.production], () => sumFirstPassInspections(db, f.from, f.to, f.sku)),
      balancesPart(f.from, f.to, currency),
    ]);
    const dec = (v: string | null) => (v === null ? null : new Dec(v));
    return { sales, companySales, production, fpy, receivables: dec(balances.receivables), payables: dec(balances.payables), inventory: dec(balances.inventory) };
  };

  const derive = (p: PeriodFigures, days: number) => {
    const o = oee({
      plannedMinutes: p.production.plannedMinutes,
      downtimeMinutes: p.production.downtimeMinutes,
      // Counts are already expressed in ideal minutes, so the ideal cycle time is 1.
      idealCycleMinutes: 1,
      totalCount: p.production.idealMinutesTotal,
      goodCount: p.production.idealMinutesGood,
    });
    const inspected = new Dec(p.fpy.inspected);
    const cogs = p.companySales.cogs;
    const dso = p.receivables && daysSalesOutstanding(p.receivables, p.companySales.revenue, days);
    const dio = p.inventory && daysInventoryOutstanding(p.inventory, cogs, days);
    const dpo = p.payables && daysPayablesOutstanding(p.payables, cogs, days);
    return {
      revenue: new Dec(p.sales.revenue),
      units: new Dec(p.sales.units),
      grossMarginPct: toPercent(grossMargin(p.sales.revenue, p.sales.cogs)),
      oeePct: toPercent(o.oee),
      firstPassYieldPct: toPercent(firstPassYield(inspected.minus(p.fpy.defective), inspected)),
      inventoryTurnover: p.inventory ? annualise(inventoryTurnover(cogs, p.inventory), days) : null,
      dso,
      dio,
      dpo,
      ccc: cashConversionCycle(dso, dio, dpo),
    };
  };

  const computeSummary = async (q: KpiQuery): Promise<Omit<KpiSummary, 'freshness'>> => {
    const days = daysInclusive(q.from, q.to);
    const filter = { region: q.region, channel: q.channel, sku: q.sku };
    const prevFrom = addDays(q.from, -days);
    const prevTo = addDays(q.from, -1);
    const [cur, prev] = await Promise.all([figures({ from: q.from, to: q.to, ...filter }, q.currency), figures({ from: prevFrom, to: prevTo, ...filter }, q.currency)]);
    const c = derive(cur, days);
    const p = derive(prev, days);
    return {
      from: q.from,
      to: q.to,
      currency: q.currency,
      kpis: {
        revenue: kpiValue(c.revenue, p.revenue, 'money', 2),
        units: kpiValue(c.units, p.units, 'count', 0),
        grossMarginPct: kpiValue(c.grossMarginPct, p.grossMarginPct, 'percent', 2),
        oeePct: kpiValue(c.oeePct, p.oeePct, 'percent', 2),
        firstPassYieldPct: kpiValue(c.firstPassYieldPct, p.firstPassYieldPct, 'percent', 2),
        inventoryTurnover: kpiValue(c.inventoryTurnover, p.inventoryTurnover, 'ratio', 2),
        cashConversionCycleDays: kpiValue(c.ccc, p.ccc, 'days', 1),
        dsoDays: kpiValue(c.dso, p.dso, 'days', 1),
        dioDays: kpiValue(c.dio, p.dio, 'days', 1),
        dpoDays: kpiValue(c.dpo, p.dpo, 'days', 1),
      },
    };
  };

  // Cached values are shared objects, so their JSON can be memoised by identity (and is dropped with them).
  const jsonOf = new WeakMap<object, string>();
  const toJson = (value: object) => {
    let json = jsonOf.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      jsonOf.set(value, json);
    }
    return json;
  };
  const summaryBody = async (q: KpiQuery) => {
    await validate(q);
    const key = `kpi:summary:${JSON.stringify([q.from, q.to, q.region ?? null, q.channel ?? null, q.sku ?? null, q.currency])}`;
    return cache.getOrCompute(key, kpiCacheTags.all, async () => summaryBodySchema.parse(await computeSummary(q)), SWR);
  };

  const service: KpiService = {
    async summaryJson(q) {
      const [body, freshness] = await Promise.all([summaryBody(q), service.freshness()]);
      return `{"freshness":${JSON.stringify(freshness)},${toJson(body).slice(1)}`;
    },
    async trendJson(q) {
      return toJson(await service.trend(q));
    },
    async breakdownJson(q, dimension) {
      return toJson(await service.breakdown(q, dimension));
    },

    async freshness() {
      const [at, sources] = await Promise.all([lastData(), degraded()]);
      const freshness = freshnessFor(at ? new Date(at) : null, now());
      return sources.length > 0 ? { ...freshness, degradedSources: sources } : freshness;
    },

    async summary(q) {
      const [body, freshness] = await Promise.all([summaryBody(q), service.freshness()]);
      return { ...body, freshness };
    },

    async trend(q) {
      await validate(q);
      const starts = bucketStarts(q.from, q.to, q.granularity);
      if (starts.length > MAX_TREND_POINTS) {
        throw new AppError('VALIDATION_FAILED', 'Too many points for this granularity.', {
          errors: [{ field: 'granularity', message: `the range gives ${starts.length} ${q.granularity}s; at most ${MAX_TREND_POINTS} points (use week or month)` }],
        });
      }
      const key = `kpi:trend:${JSON.stringify([q.from, q.to, q.region ?? null, q.channel ?? null, q.sku ?? null, q.currency, q.granularity])}`;
      return cache.getOrCompute(key, [kpiCacheTags.sales, kpiCacheTags.production, kpiCacheTags.fx], async () => {
        const f = { from: q.from, to: q.to, region: q.region, channel: q.channel, sku: q.sku };
        const [sales, production] = await Promise.all([
          sumSalesByBucket(db, f, q.currency, q.granularity),
          part('production-buckets', [q.from, q.to, q.granularity], [kpiCacheTags.production], () => sumProductionByBucket(db, q.from, q.to, q.granularity)),
        ]);
        for (const s of sales) checkSalesFx(s, q.currency);
        const salesBy = new Map(sales.map((s) => [s.bucket, s]));
        const prodBy = new Map(production.map((p) => [p.bucket, p]));
        return kpiTrendSchema.parse({
          currency: q.currency,
          granularity: q.granularity,
          points: starts.map((date) => {
            const s = salesBy.get(date);
            const p = prodBy.get(date);
            const o = p ? oee({ plannedMinutes: p.plannedMinutes, downtimeMinutes: p.downtimeMinutes, idealCycleMinutes: 1, totalCount: p.idealMinutesTotal, goodCount: p.idealMinutesGood }) : null;
            return {
              date,
              revenue: new Dec(s?.revenue ?? 0).toFixed(2),
              units: s?.units ?? 0,
              grossMarginPct: s ? num(toPercent(grossMargin(s.revenue, s.cogs)), 2) : null,
              oeePct: o ? num(toPercent(o.oee), 2) : null,
            };
          }),
        });
      }, SWR);
    },

    async breakdown(q, dimension) {
      await validate(q);
      const key = `kpi:breakdown:${JSON.stringify([dimension, q.from, q.to, q.region ?? null, q.channel ?? null, q.sku ?? null, q.currency])}`;
      return cache.getOrCompute(key, [kpiCacheTags.sales, kpiCacheTags.fx], async () => {
        const groups = await sumSalesByDimension(db, { from: q.from, to: q.to, region: q.region, channel: q.channel, sku: q.sku }, q.currency, dimension);
        for (const g of groups) checkSalesFx(g, q.currency);
        const total = groups.reduce((t, g) => t.plus(g.revenue), new Dec(0));
        const rows = groups
          .map((g) => ({
            key: g.key,
            label: g.label,
            revenue: new Dec(g.revenue).toFixed(2),
            units: g.units,
            grossMarginPct: num(toPercent(grossMargin(g.revenue, g.cogs)), 2),
            sharePct: total.isZero() ? 0 : new Dec(g.revenue).div(total).times(100).toDecimalPlaces(2).toNumber(),
          }))
          .sort((a, b) => new Dec(b.revenue).comparedTo(a.revenue) || a.key.localeCompare(b.key));
        return kpiBreakdownSchema.parse({ dimension, currency: q.currency, rows });
      }, SWR);
    },
  };
  return service;
}

/** First day of every bucket overlapping [from, to]: days, ISO weeks (Monday) or calendar months. */
export function bucketStarts(from: string, to: string, granularity: 'day' | 'week' | 'month'): string[] {
  if (granularity === 'day') return eachDay(from, to);
  const out: string[] = [];
  if (granularity === 'week') {
    const weekday = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
    for (let d = addDays(from, -weekday); d <= to; d = addDays(d, 7)) out.push(d);
    return out;
  }
  for (let d = startOfMonth(from); d <= to; d = addMonths(d, 1)) out.push(d);
  return out;
}
