import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, dailySales, forecastAccuracy, forecastOverrides, forecastValues, products } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import { createInProcessJobProvider } from '../../jobs/in-process-provider.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { createForecastRunJob } from './forecast-run.job.ts';
import { forecastingModule } from './forecasting.routes.ts';
import { createForecastingService } from './forecasting.service.ts';

/*
 * Two SKUs sold in the UK on Amazon UK from 2023-07-01 to 2025-12-31 (30 complete months): T-GIN with a trend and
 * a December peak, T-NEW launched on 2025-06-01 (7 months: below the spec's 12-month minimum → fallback).
 */
const DAY = 86_400_000;
async function seedSales(handle: DbHandle): Promise<void> {
  await handle.db.insert(products).values([
    { sku: 'T-GIN', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2020-01-01' },
    { sku: 'T-NEW', name: 'Test new', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2025-06-01' },
  ]);
  const rows = [];
  for (let t = Date.parse('2023-07-01'); t <= Date.parse('2025-12-31'); t += DAY) {
    const d = new Date(t);
    const day = d.toISOString().slice(0, 10);
    const month = d.getUTCMonth();
    const i = (t - Date.parse('2023-07-01')) / DAY;
    const units = Math.round(20 + i * 0.01 + (month === 11 ? 15 : 0) + ((i * 7) % 5));
    const sale = (sku: string, u: number) => ({ salesDate: day, sku, regionCode: 'UK' as const, channelCode: 'AMAZON_UK' as const, orders: u, units: u, revenue: `${u * 30}.00`, cogs: `${u * 5}.00`, currency: 'GBP' as const, revenueGbp: `${u * 30}.00`, cogsGbp: `${u * 5}.00` });
    rows.push(sale('T-GIN', units));
    if (day >= '2025-06-01') rows.push(sale('T-NEW', 3 + (i % 3)));
  }
  for (let i = 0; i < rows.length; i += 500) await handle.db.insert(dailySales).values(rows.slice(i, i + 500));
}

let t: TestApp;
let jobs: JobProvider;
let bus: EventBus;
let admin: string;
let manager: string;
let viewer: string;
let operator: string;

const waitFor = async <T,>(check: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      await seedSales(db);
      bus = await createEventBus({ db: db.db });
      jobs = createInProcessJobProvider({ db: db.db, definitions: [createForecastRunJob({ db: db.db, bus })], exclusiveDatabase: false, pollIntervalMs: 50 });
      await jobs.startWorkers();
    },
    modules: [forecastingModule({ get jobs() { return jobs; } })],
  });
  [admin, manager, viewer, operator] = await Promise.all([signIn(t.app, 'ADMIN'), signIn(t.app, 'MANAGER'), signIn(t.app, 'VIEWER'), signIn(t.app, 'OPERATOR')]);
}, 120_000);
afterAll(async () => {
  await jobs?.close({ graceMs: 500 });
  await bus?.close();
  await t?.close();
});

const enc = encodeURIComponent;

describe('forecast API: validation and access', () => {
  it('when the horizon is beyond 12 months, then 400 problem+json naming horizon', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: manager }, payload: { granularity: 'month', horizon: 13, series: ['T-GIN|UK|AMAZON_UK'] } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'horizon' })]);
  });

  it('when a weekly horizon exceeds 52 weeks or a key is malformed, then 400 naming each field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: admin }, payload: { granularity: 'week', horizon: 53, series: ['T-GIN|XX|AMAZON_UK'] } });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['horizon', 'series.0']);
  });

  it('when a series has no sales, then 400 naming that series', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: admin }, payload: { horizon: 3, series: ['T-GIN|UK|AMAZON_UK', 'T-GIN|US|*'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'series.1', message: 'T-GIN|US|* has no sales history' }]);
  });

  it('when a viewer starts a run, then 403; when an operator reads, then 403; signed out, then 401', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: viewer }, payload: { horizon: 3, series: 'all' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/forecasts/series', headers: { cookie: operator } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/forecasts/series' })).statusCode).toBe(401);
  });

  it('when listing series, then cells and aggregates come with their complete-period history length', async () => {
    const res = await t.app.inject({ url: '/api/forecasts/series?granularity=month', headers: { cookie: viewer } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { series: { key: string; level: string; historyLength: number; totalUnits: number }[] };
    const byKey = Object.fromEntries(body.series.map((s) => [s.key, s]));
    expect(byKey['T-GIN|UK|AMAZON_UK']).toMatchObject({ level: 'sku_region_channel', historyLength: 30 });
    expect(byKey['T-NEW|UK|AMAZON_UK']).toMatchObject({ historyLength: 7 });
    expect(byKey['*|*|*']).toMatchObject({ level: 'total', historyLength: 30 });
    expect(byKey['*|*|*']!.totalUnits).toBe(byKey['T-GIN|UK|AMAZON_UK']!.totalUnits + byKey['T-NEW|UK|AMAZON_UK']!.totalUnits);
  });
});

describe('forecast runs end to end', () => {
  let runId: string;

  it('when a manager runs all series monthly with a 4-month horizon, then the job stores forecasts, intervals, weights and backtest accuracy and raises forecast.completed', async () => {
    const afterSeq = await bus.latestSeq();
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: manager }, payload: { granularity: 'month', horizon: 4, series: 'all', includeAggregates: true } });
    expect(res.statusCode).toBe(202);
    const started = res.json() as { id: string; status: string; warnings: string[]; trainingEnd: string; seriesCount: number; modelVersions: Record<string, string> };
    expect(started).toMatchObject({ status: 'QUEUED', warnings: [], trainingEnd: '2025-12-31', seriesCount: 7 });
    expect(started.modelVersions.engine).toMatch(/^@sentia\/forecast@/);
    runId = started.id;

    const run = await waitFor(async () => {
      const r = await t.app.inject({ url: `/api/forecasts/runs/${runId}`, headers: { cookie: viewer } });
      const body = r.json() as { status: string; progress: number | null };
      return (body.status === 'SUCCEEDED' || body.status === 'FAILED') && body;
    });
    expect(run).toMatchObject({ status: 'SUCCEEDED', progress: 100 });

    const values = await t.db.db.select().from(forecastValues).where(eq(forecastValues.runId, runId));
    expect(values).toHaveLength(7 * 4);
    const gin = values.filter((v) => v.seriesKey === 'T-GIN|UK|AMAZON_UK').sort((a, b) => a.forecastDate.localeCompare(b.forecastDate));
    expect(gin.map((v) => v.forecastDate)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    for (const v of gin) {
      expect(Number(v.lower95)).toBeLessThanOrEqual(Number(v.lower80));
      expect(Number(v.lower80)).toBeLessThanOrEqual(Number(v.mean));
      expect(Number(v.mean)).toBeLessThanOrEqual(Number(v.upper80));
      expect(Number(v.upper80)).toBeLessThanOrEqual(Number(v.upper95));
    }
    // ~20–25 units a day → roughly 600–800 a month
    expect(Number(gin[0]!.mean)).toBeGreaterThan(400);
    expect(Number(gin[0]!.mean)).toBeLessThan(1200);
    const accuracy = await t.db.db.select().from(forecastAccuracy).where(eq(forecastAccuracy.runId, runId));
    expect(accuracy.some((a) => a.seriesKey === 'T-GIN|UK|AMAZON_UK' && a.model === 'ets' && a.mape !== null)).toBe(true);

    const events = await bus.readAfter(afterSeq, 100);
    expect(events.find((e) => e.type === 'forecast.completed')?.data).toEqual({ runId, seriesCount: 7 });
    const progress = events.filter((e) => e.type === 'forecast.progress').map((e) => e.data as { runId: string; progress: number; done: number; total: number });
    expect(progress.at(-1)).toEqual({ runId, progress: 95, done: 7, total: 7 });
  }, 180_000);

  it('when reading a series, then history, forecast with intervals, weights summing to 1 and a model comparison come back', async () => {
    const res = await t.app.inject({ url: `/api/forecasts/series/${enc('T-GIN|UK|AMAZON_UK')}?granularity=month`, headers: { cookie: viewer } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.history).toHaveLength(30);
    expect(body.forecast.runId).toBe(runId);
    expect(body.forecast.points).toHaveLength(4);
    const weights = Object.values(body.forecast.weights as Record<string, number>);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const models = (body.forecast.comparison as { model: string; mase: number | null; rmse: number | null; coverage95: number | null }[]).map((c) => c.model);
    expect(models).toEqual(expect.arrayContaining(['ets', 'theta']));
    const ets = body.forecast.comparison.find((c: { model: string }) => c.model === 'ets');
    expect(ets.rmse).toBeGreaterThan(0);
    expect(ets.mase).toBeGreaterThan(0);
    expect(ets.coverage95).toBeGreaterThanOrEqual(0);
    // Prophet's decomposition: its fitted window then the 4 forecast periods, trend + season (+ regressors); with 30
    // months (two to three seasons) the ensemble carries the season, and the decomposition says so
    const pd = body.forecast.prophetDecomposition as { model: string; periods: string[]; forecastFrom: string; trend: number[]; seasonal: Record<string, number[]>; regressors: Record<string, number[]> };
    expect(pd.model).toMatch(/^prophet/);
    expect(pd.forecastFrom).toBe(body.forecast.points[0].period);
    expect(pd.periods.slice(-4)).toEqual(body.forecast.points.map((p: { period: string }) => p.period));
    expect(pd.trend).toHaveLength(pd.periods.length);
    expect(Object.keys(pd.seasonal)).toEqual(['season (12 periods, ensemble)']);
    expect(pd.model).toMatch(/on seasonally adjusted data/);
    for (const v of [...Object.values(pd.seasonal), ...Object.values(pd.regressors)]) expect(v).toHaveLength(pd.periods.length);
  });

  it('when a series has less than 12 months, then it is forecast by the fallback and says why', async () => {
    const res = await t.app.inject({ url: `/api/forecasts/series/${enc('T-NEW|UK|AMAZON_UK')}`, headers: { cookie: viewer } });
    const body = res.json();
    expect(body.forecast.model).toBe('moving_average');
    expect(body.forecast.fallback.code).toBe('too_short');
    expect(body.forecast.points).toHaveLength(4);
  });

  it('when a manager overrides a period, then it is stored beside the statistical value and audited; a viewer gets 403', async () => {
    const payload = { runId, seriesKey: 'T-GIN|UK|AMAZON_UK', period: '2026-02-01', value: 900, reason: 'Valentine promotion on Amazon' };
    expect((await t.app.inject({ method: 'PUT', url: '/api/forecasts/overrides', headers: { cookie: viewer }, payload })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'PUT', url: '/api/forecasts/overrides', headers: { cookie: manager }, payload });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ value: 900, reason: payload.reason, period: '2026-02-01' });
    const [row] = await t.db.db.select().from(forecastOverrides).where(eq(forecastOverrides.runId, runId));
    expect(Number(row!.value)).toBe(900);
    expect(Number(row!.statistical)).toBeGreaterThan(0);
    const audit = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityType, 'forecast_override'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actionType: 'forecast.override.saved', actor: 'manager@test.sentia.local', actorRole: 'MANAGER', entityId: `${runId}|T-GIN|UK|AMAZON_UK|2026-02-01` });
    expect(audit[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const detail = (await t.app.inject({ url: `/api/forecasts/series/${enc('T-GIN|UK|AMAZON_UK')}`, headers: { cookie: viewer } })).json();
    expect(detail.forecast.points[1]).toMatchObject({ override: 900, overrideReason: payload.reason });
  });

  it('when a newer run forecasts an overridden period, then the override carries to it (visible, audited "before") until it is removed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: manager }, payload: { granularity: 'month', horizon: 4, series: ['T-GIN|UK|AMAZON_UK'] } });
    const newer = res.json().id as string;
    await waitFor(async () => (await t.app.inject({ url: `/api/forecasts/runs/${newer}`, headers: { cookie: admin } })).json().status === 'SUCCEEDED');
    const url = `/api/forecasts/series/${enc('T-GIN|UK|AMAZON_UK')}?granularity=month`;
    const carried = (await t.app.inject({ url, headers: { cookie: viewer } })).json();
    expect(carried.forecast.runId).toBe(newer);
    expect(carried.forecast.points[1]).toMatchObject({ period: '2026-02-01', override: 900, overrideReason: 'Valentine promotion on Amazon', overrideRunId: runId });
    expect(carried.forecast.points[0]).toMatchObject({ override: null, overrideRunId: null });
    // the run the override was saved on still shows it; an older view never shows a later decision
    const own = (await t.app.inject({ url: `${url}&runId=${runId}`, headers: { cookie: viewer } })).json();
    expect(own.forecast.points[1]).toMatchObject({ override: 900, overrideRunId: runId });

    const cleared = await t.app.inject({ method: 'PUT', url: '/api/forecasts/overrides', headers: { cookie: manager }, payload: { runId: newer, seriesKey: 'T-GIN|UK|AMAZON_UK', period: '2026-02-01', value: null, reason: 'Promotion cancelled' } });
    expect(cleared.statusCode).toBe(200);
    const [audit] = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, `${newer}|T-GIN|UK|AMAZON_UK|2026-02-01`));
    expect(audit).toMatchObject({ actionType: 'forecast.override.cleared', oldValues: { value: '900.0000', reason: 'Valentine promotion on Amazon' } });
    const after = (await t.app.inject({ url, headers: { cookie: viewer } })).json();
    expect(after.forecast.points[1]).toMatchObject({ override: null, overrideRunId: null });
  }, 120_000);

  it('when an override names a period the run did not forecast or has no reason, then 404 / 400', async () => {
    const missing = await t.app.inject({ method: 'PUT', url: '/api/forecasts/overrides', headers: { cookie: admin }, payload: { runId, seriesKey: 'T-GIN|UK|AMAZON_UK', period: '2030-01-01', value: 1, reason: 'test value' } });
    expect(missing.statusCode).toBe(404);
    const noReason = await t.app.inject({ method: 'PUT', url: '/api/forecasts/overrides', headers: { cookie: admin }, payload: { runId, seriesKey: 'T-GIN|UK|AMAZON_UK', period: '2026-01-01', value: -5, reason: '' } });
    expect(noReason.statusCode).toBe(400);
    expect((noReason.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['reason', 'value']);
  });

  it('when a run is made as of an earlier date, then the accuracy history compares its forecasts with the actuals (accuracy = 100 − WAPE) and tracks overrides', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: admin }, payload: { horizon: 3, series: ['T-GIN|UK|AMAZON_UK'], asOf: '2025-09-30' } });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    expect(res.json().trainingEnd).toBe('2025-09-30');
    await waitFor(async () => (await t.app.inject({ url: `/api/forecasts/runs/${id}`, headers: { cookie: admin } })).json().status === 'SUCCEEDED');
    await t.app.inject({ method: 'PUT', url: '/api/forecasts/overrides', headers: { cookie: admin }, payload: { runId: id, seriesKey: 'T-GIN|UK|AMAZON_UK', period: '2025-12-01', value: 1100, reason: 'Christmas uplift' } });

    const acc = (await t.app.inject({ url: `/api/forecasts/series/${enc('T-GIN|UK|AMAZON_UK')}/accuracy`, headers: { cookie: viewer } })).json();
    expect(acc.points.map((p: { period: string }) => p.period)).toEqual(['2025-10-01', '2025-11-01', '2025-12-01']);
    expect(acc.points.map((p: { stepsAhead: number }) => p.stepsAhead)).toEqual([1, 2, 3]);
    const pts = acc.points as { actual: number; forecast: number; override: number | null }[];
    const wape = (100 * pts.reduce((s, p) => s + Math.abs(p.actual - p.forecast), 0)) / pts.reduce((s, p) => s + p.actual, 0);
    expect(acc.statisticalAccuracy).toBeCloseTo(100 - wape, 1);
    expect(acc.overridesEvaluated).toBe(1);
    expect(pts[2]!.override).toBe(1100);
    const withOverride = pts.map((p) => p.override ?? p.forecast);
    const wapeO = (100 * pts.reduce((s, p, i) => s + Math.abs(p.actual - withOverride[i]!), 0)) / pts.reduce((s, p) => s + p.actual, 0);
    expect(acc.overrideAccuracy).toBeCloseTo(100 - wapeO, 1);
  }, 120_000);

  it('when a horizon is outside 3–6 months, then the run starts with a warning; an unknown run is 404', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: admin }, payload: { horizon: 12, series: ['T-GIN|*|*'] } });
    expect(res.statusCode).toBe(202);
    expect(res.json().warnings[0]).toMatch(/outside the recommended 3–6 months/);
    await waitFor(async () => (await t.app.inject({ url: `/api/forecasts/runs/${res.json().id}`, headers: { cookie: admin } })).json().status === 'SUCCEEDED');
    expect((await t.app.inject({ url: '/api/forecasts/runs/00000000-0000-4000-8000-000000000000', headers: { cookie: admin } })).statusCode).toBe(404);
  }, 120_000);
});

describe('forecast reads read ahead together', () => {
  it('when a snapshot prefetches several series, then their details and accuracy histories equal the one-by-one reads, and only series with a run are named', async () => {
    const service = createForecastingService({ db: t.db.db, jobs: () => undefined });
    const keys = ['T-GIN|UK|AMAZON_UK', 'T-GIN|*|*', 'T-NEW|UK|AMAZON_UK', 'T-NONE|*|*'];
    const snapshot = service.snapshot();
    const withRun = await snapshot.prefetch(keys, 'month');
    expect(withRun.sort()).toEqual(['T-GIN|*|*', 'T-GIN|UK|AMAZON_UK', 'T-NEW|UK|AMAZON_UK']);
    for (const key of withRun) {
      const [ahead, direct] = await Promise.all([snapshot.seriesDetail(key, 'month'), service.seriesDetail(key, 'month')]);
      expect(ahead).toEqual(direct);
      expect(ahead.forecast?.points.length).toBeGreaterThan(0);
      expect(await snapshot.accuracyHistory(key, 'month')).toEqual(await service.accuracyHistory(key, 'month'));
    }
    // the override saved above carries into the prefetched reads as into the direct ones
    const acc = await snapshot.accuracyHistory('T-GIN|UK|AMAZON_UK', 'month');
    expect(acc.points.some((p) => p.override === 1100)).toBe(true);
    // a series outside the read-ahead is read directly
    await expect(snapshot.seriesDetail('T-NEW|*|*', 'month')).resolves.toEqual(await service.seriesDetail('T-NEW|*|*', 'month'));
  }, 120_000);
});
