import {
  forecastRules,
  levelOfKey,
  maxHorizon,
  periodsPerMonth,
  type AccuracyHistory,
  type ForecastRun,
  type Granularity,
  type PutOverride,
  type SeriesDetail,
  type SeriesList,
} from '@sentia/contracts/forecasting';
import type { startForecastRunSchema } from '@sentia/contracts/forecasting';
import type { Db } from '@sentia/db/create-db';
import type { ProphetDecomposition } from '@sentia/forecast/ensemble/ensemble';
import { forecastOverrides, forecastRuns, forecastSeriesResults, forecastValues } from '@sentia/db/schema';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { AppError } from '../../http/app-error.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ComparisonRow } from './compute-forecasts.ts';
import { loadCalendarEvents } from './demand-events.service.ts';
import { buildSeries, completePeriods, keyParts, loadDemandData, periodEnd, periodsAfter, seriesKeys, type DemandData } from './demand-series.ts';
import { eventApplies } from './event-regressors.ts';
import { createForecastRunJob, modelVersions, type RunParams } from './forecast-run.job.ts';

type StartInput = z.output<typeof startForecastRunSchema>;
/** Advisory lock serialising `startFirstRun` across processes (other keys: 727_003_* db, 727_006_001 schedule). */
const FIRST_RUN_LOCK_KEY = 727_005_001;

const n = (v: string | null): number | null => (v === null ? null : Number(v));
const round = (v: number, d = 4) => Number(v.toFixed(d));

/** Warnings for a horizon outside the recommended 3–6 months (allowed, but advised against). */
export function horizonWarnings(g: Granularity, horizon: number): string[] {
  const months = horizon / periodsPerMonth[g];
  const [lo, hi] = forecastRules.recommendedHorizonMonths;
  if (months < lo - 1e-9 || months > hi + 1e-9) return [`A horizon of ${horizon} ${g}s (${months.toFixed(1)} months) is outside the recommended ${lo}–${hi} months; accuracy falls with distance.`];
  return [];
}

function toRun(row: typeof forecastRuns.$inferSelect, progress: number | null): ForecastRun {
  const p = row.params as RunParams;
  return {
    id: row.id,
    status: row.status,
    model: row.model,
    granularity: p.granularity,
    horizon: p.horizon,
    trainingEnd: row.trainingEnd,
    seriesCount: row.seriesCount,
    progress: row.status === 'SUCCEEDED' ? 100 : progress,
    jobId: row.jobId,
    error: row.error,
    warnings: p.warnings ?? [],
    modelVersions: p.modelVersions ?? {},
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** 100 − WAPE in percent, null without actual volume. */
function accuracyOf(actual: number[], forecast: number[]): number | null {
  const den = actual.reduce((s, v) => s + Math.abs(v), 0);
  if (actual.length === 0 || den === 0) return null;
  const num = actual.reduce((s, v, i) => s + Math.abs(v - forecast[i]!), 0);
  return round(100 - (100 * num) / den, 2);
}

/** An override row with the ordering keys of the run it was saved on. */
interface OverrideRow {
  readonly runId: string;
  readonly periodStart: string;
  readonly value: string | null;
  readonly reason: string;
  readonly updatedAt: Date;
  readonly trainingEnd: string;
  readonly createdAt: Date;
}

/**
 * The overrides that apply to a run, by period: a planner's override is a decision about a period, not about one
 * run, so it carries to every later run of the series (same granularity) until it is removed (a later null value
 * wins) or its period passes (a run trained past it no longer forecasts that period). Among the runs up to and
 * including `run` (ordered by training end, then creation) the most recently saved entry per period wins; a
 * removal answers as no override.
 */
export function effectiveOverrides(rows: readonly OverrideRow[], run: { id: string; trainingEnd: string; createdAt: Date }): Map<string, OverrideRow> {
  const notLater = (r: OverrideRow) => r.runId === run.id || r.trainingEnd < run.trainingEnd || (r.trainingEnd === run.trainingEnd && r.createdAt <= run.createdAt);
  const latest = new Map<string, OverrideRow>();
  for (const r of rows) {
    if (!notLater(r)) continue;
    const cur = latest.get(r.periodStart);
    if (!cur || r.updatedAt > cur.updatedAt) latest.set(r.periodStart, r);
  }
  for (const [period, r] of latest) if (r.value === null) latest.delete(period);
  return latest;
}

/** The stored result of a series in a run, with the run. */
interface ResultRow {
  readonly r: typeof forecastSeriesResults.$inferSelect;
  readonly run: typeof forecastRuns.$inferSelect;
}

/** One stored forecast value of a successful run, for the accuracy history. */
interface TrackRow {
  readonly seriesKey: string;
  readonly runId: string;
  readonly createdAt: Date;
  readonly trainingEnd: string;
  readonly period: string;
  readonly mean: string;
  readonly upper95: string | null;
  readonly lower95: string | null;
}

/** A snapshot's read-ahead of the stored forecasts of some series in one granularity. */
interface ReadAhead {
  readonly keys: ReadonlySet<string>;
  readonly latest: Promise<Map<string, ResultRow>>;
  readonly values: Promise<Map<string, (typeof forecastValues.$inferSelect)[]>>;
  readonly overrides: Promise<Map<string, OverrideRow[]>>;
  readonly track: Promise<Map<string, TrackRow[]>>;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** Prophet's stored decomposition on the calendar: its fitted window's periods, then the forecast periods. */
function prophetDecompositionOf(pc: ProphetDecomposition | null, history: readonly string[], forecast: readonly string[]): NonNullable<SeriesDetail['forecast']>['prophetDecomposition'] {
  if (!pc) return null;
  const periods = [...history.slice(pc.start), ...forecast];
  if (pc.trend.length !== periods.length) return null; // a run stored with a different history cannot be placed
  return { model: pc.model, periods, forecastFrom: forecast[0] ?? null, trend: pc.trend, seasonal: pc.seasonal, regressors: pc.regressors };
}

/** Forecasting use cases: demand series, runs (as jobs), stored forecasts, accuracy history and planner overrides. */
export function createForecastingService(deps: {
  db: Db;
  jobs: () => JobProvider | undefined;
  demandData?: (g: Granularity) => Promise<DemandData>;
  /** Stored forecasts read ahead for some series (a snapshot's `prefetch`): their reads need no query. */
  ahead?: Map<Granularity, ReadAhead>;
}) {
  const { db } = deps;
  const load = deps.demandData ?? ((g: Granularity) => loadDemandData(db, g));
  const job = createForecastRunJob({ db });

  /** The latest successful result of each series (one query for all of them). */
  async function latestResults(keys: readonly string[], g: Granularity): Promise<Map<string, ResultRow>> {
    const rows = await db
      .selectDistinctOn([forecastSeriesResults.seriesKey], { r: forecastSeriesResults, run: forecastRuns })
      .from(forecastSeriesResults)
      .innerJoin(forecastRuns, eq(forecastRuns.id, forecastSeriesResults.runId))
      .where(and(inArray(forecastSeriesResults.seriesKey, [...keys]), eq(forecastSeriesResults.granularity, g), eq(forecastRuns.status, 'SUCCEEDED')))
      .orderBy(forecastSeriesResults.seriesKey, desc(forecastRuns.trainingEnd), desc(forecastRuns.createdAt));
    return new Map(rows.map((row) => [row.r.seriesKey, row]));
  }

  async function latestResultFor(key: string, g: Granularity, runId?: string): Promise<ResultRow | undefined> {
    if (!runId) return (await (readAhead(g, key)?.latest ?? latestResults([key], g))).get(key);
    const [row] = await db
      .select({ r: forecastSeriesResults, run: forecastRuns })
      .from(forecastSeriesResults)
      .innerJoin(forecastRuns, eq(forecastRuns.id, forecastSeriesResults.runId))
      .where(and(eq(forecastSeriesResults.seriesKey, key), eq(forecastSeriesResults.runId, runId)))
      .limit(1);
    return row;
  }

  /** The values each series has in the given result's run. */
  async function valuesOf(results: readonly ResultRow[]): Promise<Map<string, (typeof forecastValues.$inferSelect)[]>> {
    if (results.length === 0) return new Map();
    const rows = await db
      .select()
      .from(forecastValues)
      .where(and(inArray(forecastValues.runId, [...new Set(results.map((l) => l.run.id))]), inArray(forecastValues.seriesKey, [...new Set(results.map((l) => l.r.seriesKey))])))
      .orderBy(asc(forecastValues.forecastDate));
    const runOf = new Map(results.map((l) => [l.r.seriesKey, l.run.id]));
    return groupBy(rows.filter((v) => runOf.get(v.seriesKey) === v.runId), (v) => v.seriesKey);
  }

  /** Every override saved for the series in one granularity, with the ordering of the run it was saved on. */
  async function overridesOf(keys: readonly string[], g: Granularity, q: Pick<Db, 'select'> = db): Promise<Map<string, OverrideRow[]>> {
    const rows = await q
      .select({ seriesKey: forecastOverrides.seriesKey, runId: forecastOverrides.runId, periodStart: forecastOverrides.periodStart, value: forecastOverrides.value, reason: forecastOverrides.reason, updatedAt: forecastOverrides.updatedAt, trainingEnd: forecastRuns.trainingEnd, createdAt: forecastRuns.createdAt })
      .from(forecastOverrides)
      .innerJoin(forecastRuns, eq(forecastRuns.id, forecastOverrides.runId))
      .innerJoin(forecastSeriesResults, and(eq(forecastSeriesResults.runId, forecastOverrides.runId), eq(forecastSeriesResults.seriesKey, forecastOverrides.seriesKey)))
      .where(and(inArray(forecastOverrides.seriesKey, [...keys]), eq(forecastSeriesResults.granularity, g)));
    return groupBy(rows, (r) => r.seriesKey);
  }

  async function overridesFor(key: string, g: Granularity, q: Pick<Db, 'select'> = db): Promise<OverrideRow[]> {
    const ahead = q === db ? readAhead(g, key) : undefined; // a transaction reads its own view
    return (await (ahead?.overrides ?? overridesOf([key], g, q))).get(key) ?? [];
  }

  /** Every successful run's values of the series (their track record). */
  async function trackOf(keys: readonly string[], g: Granularity): Promise<Map<string, TrackRow[]>> {
    const rows = await db
      .select({ seriesKey: forecastValues.seriesKey, runId: forecastRuns.id, createdAt: forecastRuns.createdAt, trainingEnd: forecastRuns.trainingEnd, period: forecastValues.forecastDate, mean: forecastValues.mean, upper95: forecastValues.upper95, lower95: forecastValues.lower95 })
      .from(forecastValues)
      .innerJoin(forecastRuns, eq(forecastRuns.id, forecastValues.runId))
      .innerJoin(forecastSeriesResults, and(eq(forecastSeriesResults.runId, forecastRuns.id), eq(forecastSeriesResults.seriesKey, forecastValues.seriesKey)))
      .where(and(inArray(forecastValues.seriesKey, [...keys]), eq(forecastRuns.status, 'SUCCEEDED'), eq(forecastSeriesResults.granularity, g)))
      .orderBy(asc(forecastValues.forecastDate));
    return groupBy(rows, (r) => r.seriesKey);
  }

  /** The snapshot's read-ahead when it covers the series, else undefined. */
  function readAhead(g: Granularity, key: string): ReadAhead | undefined {
    const ahead = deps.ahead?.get(g);
    return ahead?.keys.has(key) ? ahead : undefined;
  }

  /**
   * Queues a run. With `onlyIfNoRun`, the run row is written only when the database holds no forecast run of that
   * granularity yet, checked and inserted under a transaction-scoped advisory lock, so several processes starting at once (scale-out)
   * queue one run between them; the others get null.
   */
  async function queueRun(input: StartInput, principal: AuthPrincipal | null, options: { onlyIfNoRun?: boolean } = {}): Promise<ForecastRun | null> {
    const jobs = deps.jobs();
    if (!jobs) throw new AppError('UNAVAILABLE', 'Background jobs are not running in this process.');
    const g = input.granularity;
    if (input.horizon > maxHorizon(g)) throw new AppError('VALIDATION_FAILED', 'Horizon too long.', { errors: [{ field: 'horizon', message: `must be at most ${maxHorizon(g)}` }] });
    const data = await load(g);
    const periods = completePeriods(data).filter((p) => !input.asOf || periodEnd(p, g) <= input.asOf);
    const last = periods.at(-1);
    if (!last) {
      throw new AppError('VALIDATION_FAILED', 'There is no complete period of sales history to forecast from.', {
        errors: [{ field: input.asOf ? 'asOf' : 'series', message: `no complete ${g} of sales${input.asOf ? ` ending on or before ${input.asOf}` : ''}` }],
      });
    }
    if (input.series !== 'all') {
      const errors = input.series.flatMap((key, i) => (buildSeries(data, key, periods).values.length === 0 ? [{ field: `series.${i}`, message: `${key} has no sales history` }] : []));
      if (errors.length > 0) throw new AppError('VALIDATION_FAILED', 'Some series have no sales history to forecast from.', { errors });
    }
    const count = input.series === 'all' ? seriesKeys(data, input.includeAggregates).length : new Set(input.series).size;
    const params: RunParams = {
      granularity: g,
      horizon: input.horizon,
      series: input.series === 'all' ? 'all' : [...new Set(input.series)],
      includeAggregates: input.includeAggregates,
      asOf: input.asOf ?? null,
      warnings: horizonWarnings(g, input.horizon),
      modelVersions,
    };
    const values = {
      model: 'ensemble',
      horizonDays: periodsAfter(last, g, input.horizon).length > 0 ? Math.round((Date.parse(periodEnd(periodsAfter(last, g, input.horizon).at(-1)!, g)) - Date.parse(periodEnd(last, g))) / 86_400_000) : 0,
      trainingEnd: periodEnd(last, g),
      params,
      seriesCount: count,
      triggeredBy: principal?.userId ?? null,
    };
    const run = options.onlyIfNoRun
      ? await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_RUN_LOCK_KEY})`);
          const same = await tx.select({ id: forecastRuns.id }).from(forecastRuns).where(sql`${forecastRuns.params}->>'granularity' = ${g}`).limit(1);
          if (same.length > 0) return undefined;
          return (await tx.insert(forecastRuns).values(values).returning())[0];
        })
      : (await db.insert(forecastRuns).values(values).returning())[0];
    if (!run) return null;
    const { id: jobId } = await jobs.enqueue(job, { runId: run.id }, { idempotencyKey: `forecast-run-${run.id}` });
    const [updated] = await db.update(forecastRuns).set({ jobId }).where(eq(forecastRuns.id, run.id)).returning();
    return toRun(updated!, 0);
  }

  return {
    /** Validates, stores a QUEUED run and enqueues `forecast.run`. */
    async startRun(input: StartInput, principal: AuthPrincipal | null): Promise<ForecastRun> {
      return (await queueRun(input, principal))!;
    },

    /**
     * The same reads over one snapshot of the sales history: each granularity's demand data is loaded once, however
     * many series are read (the inventory policy reads every SKU's forecast and track record in one request).
     */
    snapshot() {
      const loaded = new Map<Granularity, Promise<DemandData>>();
      const ahead = new Map<Granularity, ReadAhead>();
      const service = createForecastingService({
        ...deps,
        demandData: (g) => {
          if (!loaded.has(g)) loaded.set(g, load(g));
          return loaded.get(g)!;
        },
        ahead,
      });
      return {
        ...service,
        /**
         * Reads the stored forecasts of these series ahead, together (four queries however many series): later
         * `seriesDetail` (latest run) and `accuracyHistory` calls for them answer from it. Resolves to the series
         * that have a successful run.
         */
        async prefetch(keys: readonly string[], g: Granularity): Promise<string[]> {
          const latest = latestResults(keys, g);
          const values = latest.then((l) => valuesOf([...l.values()]));
          const overrides = overridesOf(keys, g);
          const track = trackOf(keys, g);
          ahead.set(g, { keys: new Set(keys), latest, values, overrides, track });
          await Promise.all([values, overrides, track]);
          return [...(await latest).keys()];
        },
      };
    },

    /** As `startRun`, but only when the database holds no run of that granularity yet (else null); safe across processes. */
    startFirstRun(input: StartInput): Promise<ForecastRun | null> {
      return queueRun(input, null, { onlyIfNoRun: true });
    },

    async getRun(id: string): Promise<ForecastRun> {
      const [row] = await db.select().from(forecastRuns).where(eq(forecastRuns.id, id));
      if (!row) throw new AppError('NOT_FOUND', `Forecast run ${id} does not exist.`);
      let progress: number | null = null;
      const jobs = deps.jobs();
      if (row.jobId && jobs && row.status !== 'SUCCEEDED') progress = (await jobs.getJob(row.jobId))?.progress ?? null;
      return toRun(row, progress);
    },

    async listSeries(g: Granularity): Promise<SeriesList> {
      const data = await load(g);
      const periods = completePeriods(data);
      const latest = await db.execute<{ series_key: string; run_id: string }>(
        sql`select distinct on (r.series_key) r.series_key, r.run_id from forecast_series_results r join forecast_runs f on f.id = r.run_id
            where r.granularity = ${g} and f.status = 'SUCCEEDED' order by r.series_key, f.training_end desc, f.created_at desc`,
      );
      const latestByKey = new Map(latest.rows.map((r) => [r.series_key, r.run_id]));
      const series = seriesKeys(data, true).map((key) => {
        const s = buildSeries(data, key, periods);
        return { key, level: s.level, sku: s.sku, region: s.region, channel: s.channel, historyLength: s.values.length, totalUnits: s.values.reduce((a, b) => a + b, 0), latestRunId: latestByKey.get(key) ?? null };
      });
      return { granularity: g, lastActualDate: data.lastDate, series };
    },

    async seriesDetail(key: string, g: Granularity, runId?: string): Promise<SeriesDetail> {
      const found = await latestResultFor(key, g, runId);
      if (runId && !found) throw new AppError('NOT_FOUND', `Run ${runId} has no forecast for ${key}.`);
      // A run chosen by id answers in its own granularity.
      const rg = (found?.r.granularity as Granularity | undefined) ?? g;
      const s = buildSeries(await load(rg), key);
      if (!found && s.values.length === 0) throw new AppError('NOT_FOUND', `No sales history for series ${key}.`);
      const history = s.periods.map((period, i) => ({ period, units: s.values[i]! }));
      // calendar events that apply to the series, from its first period to the end of its last forecast period
      const eventsIn = async (last: string | undefined) => {
        const first = s.periods[0] ?? found?.r.historyStart ?? null;
        if (!first || !last) return [];
        const scope = keyParts(key);
        return (await loadCalendarEvents(db, { from: first, to: periodEnd(last, rg) }))
          .filter((e) => eventApplies(e, scope))
          .map((e) => ({ id: e.id, kind: e.kind as 'HOLIDAY' | 'PROMOTION', name: e.name, startsOn: e.startsOn, endsOn: e.endsOn }));
      };
      if (!found) return { key, level: levelOfKey(key), granularity: g, history, events: await eventsIn(s.periods.at(-1)), forecast: null };
      const { r, run } = found;
      const values = (await ((!runId && readAhead(rg, key)?.values) || valuesOf([found]))).get(key) ?? [];
      const events = await eventsIn(values.at(-1)?.forecastDate ?? s.periods.at(-1));
      const ovr = effectiveOverrides(await overridesFor(key, rg), run);
      const comps = r.components as { model: string; level: number[]; slope: number[]; season: number[] } | null;
      const histPeriods = r.historyStart ? [r.historyStart, ...periodsAfter(r.historyStart, rg, r.historyLength - 1)] : [];
      const params = run.params as RunParams;
      return {
        key,
        level: levelOfKey(key),
        granularity: rg,
        history,
        events,
        forecast: {
          runId: run.id,
          createdAt: run.createdAt.toISOString(),
          model: r.model,
          method: r.method,
          fallback: (r.fallback as { code: string; reason: string } | null) ?? null,
          points: values.map((v) => ({
            period: v.forecastDate,
            mean: Number(v.mean),
            lower80: n(v.lower80),
            upper80: n(v.upper80),
            lower95: n(v.lower95),
            upper95: n(v.upper95),
            override: n(ovr.get(v.forecastDate)?.value ?? null),
            overrideReason: ovr.get(v.forecastDate)?.reason ?? null,
            overrideRunId: ovr.get(v.forecastDate)?.runId ?? null,
          })),
          weights: r.weights as Record<string, number>,
          intervalScale: r.intervalScale as Record<string, number>,
          comparison: (r.comparison as ComparisonRow[]).map((c) => ({ ...c })),
          decomposition: comps && comps.level.length === histPeriods.length ? { model: comps.model, periods: histPeriods, level: comps.level, slope: comps.slope, season: comps.season } : null,
          prophetDecomposition: prophetDecompositionOf(r.prophetComponents as ProphetDecomposition | null, histPeriods, values.map((v) => v.forecastDate)),
          modelVersions: params.modelVersions ?? {},
        },
      };
    },

    /** For each completed period, the latest forecast made before it started against the actual (and any override). */
    async accuracyHistory(key: string, g: Granularity): Promise<AccuracyHistory> {
      const data = await load(g);
      const s = buildSeries(data, key);
      const rows = (await (readAhead(g, key)?.track ?? trackOf([key], g))).get(key) ?? [];
      const overrides = await overridesFor(key, g);
      const effective = new Map<string, Map<string, OverrideRow>>();
      const overrideOf = (run: { runId: string; trainingEnd: string; createdAt: Date }, period: string): number | null => {
        let byPeriod = effective.get(run.runId);
        if (!byPeriod) effective.set(run.runId, (byPeriod = effectiveOverrides(overrides, { id: run.runId, trainingEnd: run.trainingEnd, createdAt: run.createdAt })));
        return n(byPeriod.get(period)?.value ?? null);
      };
      const actual = new Map(s.periods.map((p, i) => [p, s.values[i]!]));
      const best = new Map<string, (typeof rows)[number]>();
      for (const row of rows) {
        if (!actual.has(row.period) || row.trainingEnd >= row.period) continue;
        const cur = best.get(row.period);
        if (!cur || row.trainingEnd > cur.trainingEnd || (row.trainingEnd === cur.trainingEnd && row.createdAt > cur.createdAt)) best.set(row.period, row);
      }
      const points = [...best.values()]
        .sort((a, b) => a.period.localeCompare(b.period))
        .map((row) => {
          const steps = rows.filter((x) => x.runId === row.runId && x.period <= row.period).length;
          return {
            period: row.period,
            runId: row.runId,
            forecastMadeAt: row.trainingEnd,
            stepsAhead: steps,
            actual: actual.get(row.period)!,
            forecast: Number(row.mean),
            lower95: n(row.lower95),
            upper95: n(row.upper95),
            override: overrideOf(row, row.period),
          };
        });
      const a = points.map((p) => p.actual);
      const withOverride = points.filter((p) => p.override !== null);
      return {
        key,
        granularity: g,
        points,
        statisticalAccuracy: accuracyOf(a, points.map((p) => p.forecast)),
        overrideAccuracy: withOverride.length > 0 ? accuracyOf(a, points.map((p) => p.override ?? p.forecast)) : null,
        overridesEvaluated: withOverride.length,
        overridesBetter: withOverride.filter((p) => Math.abs(p.override! - p.actual) < Math.abs(p.forecast - p.actual)).length,
      };
    },

    /** Saves (or clears) a planner override beside the statistical value, and audits the change in the hash-chained log. */
    async putOverride(input: PutOverride, principal: AuthPrincipal, meta: { ip?: string; userAgent?: string; requestId?: string }) {
      const [value] = await db
        .select()
        .from(forecastValues)
        .where(and(eq(forecastValues.runId, input.runId), eq(forecastValues.seriesKey, input.seriesKey), eq(forecastValues.forecastDate, input.period)));
      if (!value) throw new AppError('NOT_FOUND', `Run ${input.runId} has no forecast for ${input.seriesKey} in the period starting ${input.period}.`);
      return db.transaction(async (tx) => {
        const [run] = await tx.select().from(forecastRuns).where(eq(forecastRuns.id, input.runId));
        const g = (run!.params as RunParams).granularity;
        // "before" is what the planner saw: this run's override or one carried from an earlier run
        const old = effectiveOverrides(await overridesFor(input.seriesKey, g, tx), run!).get(input.period);
        const newValue = input.value === null ? null : input.value.toFixed(4);
        const now = new Date();
        const [saved] = await tx
          .insert(forecastOverrides)
          .values({ runId: input.runId, seriesKey: input.seriesKey, periodStart: input.period, statistical: value.mean, value: newValue, reason: input.reason, updatedBy: principal.userId, updatedByName: principal.email })
          .onConflictDoUpdate({
            target: [forecastOverrides.runId, forecastOverrides.seriesKey, forecastOverrides.periodStart],
            set: { value: newValue, reason: input.reason, updatedBy: principal.userId, updatedByName: principal.email, updatedAt: now, revokedAt: input.value === null ? now : null },
          })
          .returning();
        await recordAudit(tx, {
          userId: principal.userId,
          actor: principal.email,
          actorRole: principal.role,
          action: input.value === null ? 'forecast.override.cleared' : 'forecast.override.saved',
          entityType: 'forecast_override',
          entityId: `${input.runId}|${input.seriesKey}|${input.period}`,
          before: old ? { value: old.value, reason: old.reason } : null,
          after: { value: newValue, reason: input.reason, statistical: value.mean },
          ipAddress: meta.ip ?? null,
          userAgent: meta.userAgent ?? null,
          requestId: meta.requestId ?? null,
        });
        return {
          runId: saved!.runId,
          seriesKey: saved!.seriesKey,
          period: saved!.periodStart,
          statistical: Number(saved!.statistical),
          value: n(saved!.value),
          reason: saved!.reason,
          updatedBy: saved!.updatedByName,
          updatedAt: saved!.updatedAt.toISOString(),
        };
      });
    },
  };
}

export type ForecastingService = ReturnType<typeof createForecastingService>;
