import { readFileSync } from 'node:fs';
import { periodOf, periodsPerMonth, forecastRules, type Granularity } from '@sentia/contracts/forecasting';
import type { Db } from '@sentia/db/create-db';
import { forecastAccuracy, forecastRuns, forecastSeriesResults, forecastValues } from '@sentia/db/schema';
import { DEFAULT_COMBINATION, DEFAULT_INTERMITTENT_MEMBERS, DEFAULT_WINDOWS } from '@sentia/forecast/ensemble/ensemble';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { EventBus } from '../../events/create-event-bus.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import { runInWorkerThread } from '../../jobs/run-in-worker-thread.ts';
import { PRODUCT_MEMBERS, type ComputeInput, type ComputeItem, type ComputeOutput } from './compute-forecasts.ts';
import { buildSeries, completePeriods, loadDemandData, periodEnd, periodsAfter, seriesKeys, type DemandSeries } from './demand-series.ts';
import { loadCalendarEvents } from './demand-events.service.ts';
import { eventRegressors, type CalendarEvent } from './event-regressors.ts';

const forecastPackage = JSON.parse(readFileSync(new URL('../../../../../packages/forecast/package.json', import.meta.url), 'utf8')) as { version: string };

/** Engine and model versions stored with every run, so a stored forecast says what produced it. */
export const modelVersions: Record<string, string> = {
  engine: `@sentia/forecast@${forecastPackage.version}`,
  ensemble: `${DEFAULT_COMBINATION} combination (members ${PRODUCT_MEMBERS.join(', ')}; intermittent ${DEFAULT_INTERMITTENT_MEMBERS.join(', ')}; ${DEFAULT_WINDOWS} backtest origin${DEFAULT_WINDOWS === 1 ? '' : 's'} for the interval calibration)`,
  fallback: 'moving_average',
};

/** What a run row's `params` hold. */
export interface RunParams {
  granularity: Granularity;
  horizon: number;
  series: 'all' | string[];
  includeAggregates: boolean;
  asOf: string | null;
  warnings: string[];
  modelVersions: Record<string, string>;
}

export const LEVELS = [80, 95];
/** Series per worker-thread call: small enough for steady progress, large enough to amortise thread start-up. */
const CHUNK = 24;
/** Worker threads at once (the host has two cores). */
const THREADS = 2;

const computeModule = new URL('./compute-forecasts.ts', import.meta.url);

/**
 * The series a run covers, with their engine input: seasonal models only with ≥ 24 months, trend models with ≥ 12
 * (spec 4.x validation rules); the calendar's holidays and promotions that apply to a series become its Prophet
 * regressors (one per event name, see {@link eventRegressors}).
 */
export function prepareItems(series: readonly DemandSeries[], g: Granularity, h: number, events: readonly CalendarEvent[] = []): ComputeItem[] {
  const seasonalMin = Math.ceil(forecastRules.seasonalMinMonths * periodsPerMonth[g]);
  return series.map((s) => {
    const item: ComputeItem = { id: s.key, values: s.values, period: s.values.length >= seasonalMin ? periodOf[g] : 1, h };
    const last = s.periods.at(-1);
    if (events.length === 0 || !last) return item;
    const { regressors, futureRegressors } = eventRegressors(events, s, s.periods, periodsAfter(last, g, h), g);
    return Object.keys(regressors).length > 0 ? { ...item, regressors, futureRegressors } : item;
  });
}

/** Fewer points than this → the moving-average fallback. */
export const minHistoryPoints = (g: Granularity) => Math.ceil(forecastRules.trendMinMonths * periodsPerMonth[g]);

/**
 * Forecasts items in worker threads, `CHUNK` series per call and `THREADS` calls at once, so the event loop stays
 * free and both cores work. `onProgress` gets the number of series done after each chunk.
 */
export async function computeInThreads(
  items: readonly ComputeItem[],
  g: Granularity,
  options: { signal?: AbortSignal; onProgress?: (done: number) => Promise<void> | void; threads?: number } = {},
): Promise<ComputeOutput[]> {
  const chunks: ComputeItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  const outputs: ComputeOutput[][] = new Array(chunks.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const i = next++;
      const input: ComputeInput = { items: chunks[i]!, levels: LEVELS, minHistory: minHistoryPoints(g), seed: 1, comparisonWindows: 3 };
      outputs[i] = await runInWorkerThread<ComputeOutput[]>(computeModule, 'computeForecasts', input, options.signal ? { signal: options.signal } : {});
      done += chunks[i]!.length;
      await options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.threads ?? THREADS, chunks.length) }, worker));
  return outputs.flat();
}

const num = (v: number | null | undefined, digits = 6): string | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v.toFixed(digits));

/**
 * `forecast.run`: forecasts the run's series with the ensemble in worker threads (CPU work off the event loop),
 * reports progress, stores values, intervals, weights and backtest accuracy, and raises `forecast.completed`.
 * Idempotent per run: a retry replaces what an earlier attempt stored.
 */
export function createForecastRunJob(deps: { db: Db; bus?: EventBus | undefined }) {
  return defineJob({
    name: 'forecast.run',
    payloadSchema: z.object({ runId: z.uuid() }),
    retry: 'forecast',
    timeout: 'heavy',
    handler: async ({ runId }, ctx) => {
      const { db } = deps;
      const [run] = await db.select().from(forecastRuns).where(eq(forecastRuns.id, runId));
      if (!run) throw new Error(`forecast run ${runId} does not exist`);
      const params = run.params as RunParams;
      const g = params.granularity;
      await db.update(forecastRuns).set({ status: 'RUNNING', startedAt: new Date(), error: null }).where(eq(forecastRuns.id, runId));
      try {
        const data = await loadDemandData(db, g);
        const periods = completePeriods(data).filter((p) => periodEnd(p, g) <= run.trainingEnd);
        const keys = params.series === 'all' ? seriesKeys(data, params.includeAggregates) : params.series;
        const series = keys.map((k) => buildSeries(data, k, periods));
        const calendar = await loadCalendarEvents(db);
        const items = prepareItems(series, g, params.horizon, calendar);
        // the run records what its forecasts used: the calendar as it stood
        const withRegressors = items.filter((i) => i.regressors).length;
        const runParams: RunParams = { ...params, modelVersions: { ...params.modelVersions, calendar: `${calendar.length} holiday and promotion events; Prophet regressors for ${withRegressors} of ${items.length} series` } };
        await ctx.reportProgress(5);

        const results = await computeInThreads(items, g, {
          signal: ctx.signal,
          onProgress: async (done) => {
            const progress = Math.min(95, 5 + Math.round((90 * done) / Math.max(1, items.length)));
            await ctx.reportProgress(progress);
            // Managers start runs but job.updated goes to admins only: the page follows this event instead.
            await deps.bus?.publish('forecast.progress', { runId, progress, done, total: items.length }, { roles: ['ADMIN', 'MANAGER', 'VIEWER'] });
          },
        });

        const lastPeriod = periods.at(-1);
        await db.transaction(async (tx) => {
          await tx.delete(forecastValues).where(eq(forecastValues.runId, runId));
          await tx.delete(forecastAccuracy).where(eq(forecastAccuracy.runId, runId));
          await tx.delete(forecastSeriesResults).where(eq(forecastSeriesResults.runId, runId));
          const valueRows = [];
          const accuracyRows = [];
          const resultRows = [];
          for (const [i, r] of results.entries()) {
            const s = series[i]!;
            const future = lastPeriod ? periodsAfter(lastPeriod, g, params.horizon) : [];
            const iv = (level: number) => r.intervals.find((x) => x.level === level);
            for (const [t, period] of future.entries()) {
              valueRows.push({
                runId,
                seriesKey: s.key,
                sku: s.sku,
                regionCode: s.region as 'UK' | 'EU' | 'US' | null,
                channelCode: s.channel as never,
                model: r.model,
                forecastDate: period,
                mean: num(Math.max(0, r.mean[t]!), 4)!,
                lower80: num(Math.max(0, iv(80)?.lower[t] ?? NaN), 4),
                upper80: num(iv(80)?.upper[t], 4),
                lower95: num(Math.max(0, iv(95)?.lower[t] ?? NaN), 4),
                upper95: num(iv(95)?.upper[t], 4),
              });
            }
            for (const c of r.comparison) {
              accuracyRows.push({
                runId,
                seriesKey: s.key,
                sku: s.sku,
                regionCode: s.region as 'UK' | 'EU' | 'US' | null,
                channelCode: s.channel as never,
                model: c.model,
                points: c.points,
                mae: num(c.mae),
                rmse: num(c.rmse),
                mape: num(c.mape),
                smape: num(c.smape),
                mase: num(c.mase),
                coverage80: num(c.coverage80),
                coverage95: num(c.coverage95),
              });
            }
            resultRows.push({
              runId,
              seriesKey: s.key,
              granularity: g,
              model: r.model,
              method: r.method,
              historyStart: s.periods[0] ?? null,
              historyLength: s.values.length,
              weights: r.weights,
              intervalScale: r.intervalScale,
              comparison: r.comparison,
              components: r.components,
              prophetComponents: r.prophetComponents,
              fallback: r.fallback,
            });
          }
          for (let i = 0; i < valueRows.length; i += 1000) await tx.insert(forecastValues).values(valueRows.slice(i, i + 1000));
          for (let i = 0; i < accuracyRows.length; i += 1000) await tx.insert(forecastAccuracy).values(accuracyRows.slice(i, i + 1000));
          for (let i = 0; i < resultRows.length; i += 500) await tx.insert(forecastSeriesResults).values(resultRows.slice(i, i + 500));
          await tx.update(forecastRuns).set({ status: 'SUCCEEDED', seriesCount: results.length, finishedAt: new Date(), params: runParams }).where(eq(forecastRuns.id, runId));
        });
        await ctx.reportProgress(100);
        await deps.bus?.publish('forecast.completed', { runId, seriesCount: results.length });
        return { runId, seriesCount: results.length, fallbacks: results.filter((r) => r.fallback).length };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await db.update(forecastRuns).set({ status: 'FAILED', error: message.slice(0, 2000), finishedAt: new Date() }).where(eq(forecastRuns.id, runId));
        throw error;
      }
    },
  });
}
