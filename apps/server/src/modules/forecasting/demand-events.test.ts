import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, dailySales, demandEvents, products } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessJobProvider } from '../../jobs/in-process-provider.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { createForecastRunJob } from './forecast-run.job.ts';
import { forecastingModule } from './forecasting.routes.ts';

/*
 * One SKU sold in the UK on Amazon UK and Shopify UK from 2024-01-01 to 2025-12-28 (104 ISO weeks), ~30 a day on
 * Amazon. A "Flash sale" on Amazon UK for three days every eight weeks triples Amazon's sales; the calendar holds
 * those past sales and two planned ones inside the 8-week horizon from 2025-12-29.
 */
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const START = Date.parse('2024-01-01');
const flashStarts = Array.from({ length: 13 }, (_, k) => START + (10 + 56 * k) * DAY);
const planned = [Date.parse('2026-01-08'), Date.parse('2026-02-05')];
const inFlash = (t: number) => flashStarts.some((s) => t >= s && t < s + 3 * DAY);

async function seed(handle: DbHandle): Promise<void> {
  await handle.db.insert(products).values({ sku: 'T-GIN', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2020-01-01' });
  const rows = [];
  for (let t = START; t <= Date.parse('2025-12-28'); t += DAY) {
    const i = (t - START) / DAY;
    const amazon = Math.round((30 + ((i * 7) % 5)) * (inFlash(t) ? 3 : 1));
    const shopify = 10 + (i % 3);
    for (const [channelCode, u] of [['AMAZON_UK', amazon], ['SHOPIFY_UK', shopify]] as const) {
      rows.push({ salesDate: iso(t), sku: 'T-GIN', regionCode: 'UK' as const, channelCode, orders: u, units: u, revenue: `${u * 30}.00`, cogs: `${u * 5}.00`, currency: 'GBP' as const, revenueGbp: `${u * 30}.00`, cogsGbp: `${u * 5}.00` });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await handle.db.insert(dailySales).values(rows.slice(i, i + 500));
  await handle.db.insert(demandEvents).values(
    [...flashStarts, ...planned].map((s) => ({ kind: 'PROMOTION', name: 'Flash sale', code: 'FLASH', startsOn: iso(s), endsOn: iso(s + 2 * DAY), channels: ['AMAZON_UK'] })),
  );
}

let t: TestApp;
let jobs: JobProvider;
let manager: string;
let viewer: string;
let operator: string;
const enc = encodeURIComponent;

beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      await seed(db);
      jobs = createInProcessJobProvider({ db: db.db, definitions: [createForecastRunJob({ db: db.db })], exclusiveDatabase: false, pollIntervalMs: 50 });
      await jobs.startWorkers();
    },
    modules: [forecastingModule({ get jobs() { return jobs; } })],
  });
  [manager, viewer, operator] = await Promise.all([signIn(t.app, 'MANAGER'), signIn(t.app, 'VIEWER'), signIn(t.app, 'OPERATOR')]);
}, 120_000);
afterAll(async () => {
  await jobs?.close({ graceMs: 500 });
  await t?.close();
});

const valid = { kind: 'PROMOTION', name: 'Spring pink offer', code: 'SPRINGPINK', startsOn: '2026-04-14', endsOn: '2026-04-27', skus: ['T-GIN'], channels: ['SHOPIFY_UK'] };

describe('demand calendar API', () => {
  it('when a manager adds, changes and deletes an event, then each answer is the stored event and each change is audited', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/forecasts/events', headers: { cookie: manager }, payload: valid });
    expect(created.statusCode).toBe(201);
    const event = created.json() as { id: string; regions: null; notes: null; skus: string[] };
    expect(event).toMatchObject({ ...valid, regions: null, notes: null });

    const changed = await t.app.inject({ method: 'PUT', url: `/api/forecasts/events/${event.id}`, headers: { cookie: manager }, payload: { ...valid, endsOn: '2026-04-30', notes: 'extended' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: event.id, endsOn: '2026-04-30', notes: 'extended' });

    const listed = (await t.app.inject({ url: '/api/forecasts/events?from=2026-04-01&to=2026-04-30', headers: { cookie: viewer } })).json() as { events: { id: string }[] };
    expect(listed.events.map((e) => e.id)).toEqual([event.id]);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/forecasts/events/${event.id}`, headers: { cookie: manager } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/forecasts/events/${event.id}`, headers: { cookie: manager } })).statusCode).toBe(404);
    const audit = await t.db.db.select().from(auditLogs).where(eq(auditLogs.entityId, event.id));
    expect(audit.map((a) => a.actionType).sort()).toEqual(['forecast.event.created', 'forecast.event.deleted', 'forecast.event.updated']);
    const updated = audit.find((a) => a.actionType === 'forecast.event.updated')!;
    expect(updated.oldValues).toMatchObject({ endsOn: '2026-04-27' });
    expect(updated.newValues).toMatchObject({ endsOn: '2026-04-30', notes: 'extended' });
  });

  it('when the input is bad, then 400 problem+json names each field at fault and nothing is stored', async () => {
    const before = (await t.db.db.select().from(demandEvents)).length;
    const bad = async (payload: object) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/events', headers: { cookie: manager }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return (res.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
    };
    expect(await bad({ ...valid, endsOn: '2026-04-01' })).toEqual(['endsOn']);
    expect(await bad({ ...valid, endsOn: '2026-09-01' })).toEqual(['endsOn']);
    expect(await bad({ ...valid, kind: 'PARTY', channels: ['AMAZON_XX'], startsOn: '2026-02-30' })).toEqual(['channels.0', 'kind', 'startsOn']);
    expect(await bad({ ...valid, skus: ['T-GIN', 'NO-SUCH'] })).toEqual(['skus.1']);
    expect(await bad({ ...valid, name: ' ' })).toEqual(['name']);
    expect((await t.db.db.select().from(demandEvents)).length).toBe(before);
  });

  it('when a viewer writes, then 403; an operator reads, then 403; an unknown event, then 404', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/forecasts/events', headers: { cookie: viewer }, payload: valid })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/forecasts/events', headers: { cookie: operator } })).statusCode).toBe(403);
    const missing = await t.app.inject({ method: 'PUT', url: '/api/forecasts/events/00000000-0000-4000-8000-000000000000', headers: { cookie: manager }, payload: valid });
    expect(missing.statusCode).toBe(404);
  });

  it('when listing for a series, then only the events whose scope reaches it come back', async () => {
    const forShopify = (await t.app.inject({ url: `/api/forecasts/events?seriesKey=${enc('T-GIN|UK|SHOPIFY_UK')}`, headers: { cookie: viewer } })).json() as { events: unknown[] };
    expect(forShopify.events).toEqual([]);
    const forAmazon = (await t.app.inject({ url: `/api/forecasts/events?seriesKey=${enc('T-GIN|UK|AMAZON_UK')}`, headers: { cookie: viewer } })).json() as { events: unknown[] };
    expect(forAmazon.events).toHaveLength(15);
    const forTotal = (await t.app.inject({ url: `/api/forecasts/events?seriesKey=${enc('*|*|*')}&from=2026-01-01`, headers: { cookie: viewer } })).json() as { events: unknown[] };
    expect(forTotal.events).toHaveLength(2);
  });
});

describe('calendar events in the forecast', () => {
  it('when a weekly run forecasts a series with planned promotions, then Prophet learns the promotion lift and the decomposition and the series show it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/forecasts/runs', headers: { cookie: manager }, payload: { granularity: 'week', horizon: 8, series: ['T-GIN|UK|AMAZON_UK', 'T-GIN|UK|SHOPIFY_UK'] } });
    expect(res.statusCode).toBe(202);
    const runId = (res.json() as { id: string }).id;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const body = (await t.app.inject({ url: `/api/forecasts/runs/${runId}`, headers: { cookie: viewer } })).json() as { status: string; error: string | null };
      if (body.status === 'SUCCEEDED') break;
      if (body.status === 'FAILED' || Date.now() > deadline) throw new Error(`run ${body.status}: ${body.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const run = (await t.app.inject({ url: `/api/forecasts/runs/${runId}`, headers: { cookie: viewer } })).json() as { modelVersions: Record<string, string> };
    expect(run.modelVersions.calendar).toBe('15 holiday and promotion events; Prophet regressors for 1 of 2 series');
    const detail = (await t.app.inject({ url: `/api/forecasts/series/${enc('T-GIN|UK|AMAZON_UK')}?granularity=week`, headers: { cookie: viewer } })).json();
    expect(detail.events.filter((e: { startsOn: string }) => e.startsOn >= '2025-12-29').map((e: { name: string; startsOn: string }) => [e.name, e.startsOn])).toEqual([
      ['Flash sale', '2026-01-08'],
      ['Flash sale', '2026-02-05'],
    ]);
    const pd = detail.forecast.prophetDecomposition as { periods: string[]; regressors: Record<string, number[]> };
    const lift = pd.regressors['Flash sale']!;
    expect(lift).toHaveLength(pd.periods.length);
    const at = (period: string) => lift[pd.periods.indexOf(period)]!;
    // the weeks of 5 and 2 February hold a planned 3-day sale (+ ~2 × 30 × 3 units); the week after none
    expect(at('2026-01-05')).toBeGreaterThan(100);
    expect(at('2026-02-02')).toBeGreaterThan(100);
    expect(at('2026-01-12')).toBe(0);
    // Prophet's own forecast rises in the sale weeks
    const points = detail.forecast.points as { period: string; mean: number }[];
    expect(points.map((p) => p.period)).toContain('2026-01-05');

    // Shopify is outside the sale's scope: no regressor
    const shop = (await t.app.inject({ url: `/api/forecasts/series/${enc('T-GIN|UK|SHOPIFY_UK')}?granularity=week`, headers: { cookie: viewer } })).json();
    expect(shop.events).toEqual([]);
    expect(Object.keys(shop.forecast.prophetDecomposition?.regressors ?? {})).toEqual([]);
  }, 180_000);
});
