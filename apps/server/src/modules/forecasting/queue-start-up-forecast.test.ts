import type { DbHandle } from '@sentia/db/create-db';
import { dailySales, forecastRuns, products } from '@sentia/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessJobProvider } from '../../jobs/in-process-provider.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { type TestApp, createTestApp } from '../../test/create-test-app.ts';
import type { RunParams } from './forecast-run.job.ts';
import { createForecastRunJob } from './forecast-run.job.ts';
import { queueStartUpForecast } from './queue-start-up-forecast.ts';

/* One SKU sold in the UK on Amazon UK and in the US on Shopify US, every day of January–March 2026 (3 complete months). */
async function seedSales(handle: DbHandle): Promise<void> {
  await handle.db.insert(products).values({ sku: 'T-GIN', name: 'Test gin', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '5.0000', costCurrency: 'GBP', launchDate: '2020-01-01' });
  const rows = [];
  for (let t = Date.parse('2026-01-01'); t <= Date.parse('2026-03-31'); t += 86_400_000) {
    const salesDate = new Date(t).toISOString().slice(0, 10);
    const sale = { salesDate, sku: 'T-GIN', orders: 4, units: 4, revenue: '120.00', cogs: '20.00', revenueGbp: '120.00', cogsGbp: '20.00' };
    rows.push({ ...sale, regionCode: 'UK' as const, channelCode: 'AMAZON_UK' as const, currency: 'GBP' as const });
    rows.push({ ...sale, regionCode: 'US' as const, channelCode: 'SHOPIFY_US' as const, currency: 'GBP' as const });
  }
  await handle.db.insert(dailySales).values(rows);
}

let t: TestApp;
let jobs: JobProvider;
beforeAll(async () => {
  t = await createTestApp({ seed: seedSales });
  // Workers are not started: the test looks at what was queued, not at the forecast.
  jobs = createInProcessJobProvider({ db: t.db.db, definitions: [createForecastRunJob({ db: t.db.db })], exclusiveDatabase: false });
}, 120_000);
afterAll(async () => {
  await jobs?.close({ graceMs: 100 });
  await t?.close();
});

describe('start-up forecast run', () => {
  it('when the database has sales and no forecast run, then a monthly run of the aggregate series and a weekly run of each SKU are queued as forecast.run jobs; a second start queues nothing', async () => {
    const runs = await queueStartUpForecast({ db: t.db.db, jobs });
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ status: 'QUEUED', granularity: 'month', horizon: 6, trainingEnd: '2026-03-31', seriesCount: 6 });
    expect(runs[1]).toMatchObject({ status: 'QUEUED', granularity: 'week', horizon: 13, seriesCount: 1 });
    const rows = await t.db.db.select().from(forecastRuns);
    const monthly = rows.find((r) => (r.params as RunParams).granularity === 'month')!;
    // Total, the SKU, both regions and both channels; the two SKU × region × channel cells are left out.
    expect((monthly.params as RunParams).series).toEqual(['*|*|*', 'T-GIN|*|*', '*|UK|*', '*|US|*', '*|*|AMAZON_UK', '*|*|SHOPIFY_US']);
    expect(monthly.triggeredBy).toBeNull();
    expect(await jobs.getJob(monthly.jobId!)).toMatchObject({ name: 'forecast.run', state: 'waiting' });
    const weekly = rows.find((r) => (r.params as RunParams).granularity === 'week')!;
    // the inventory policy reads SKU-level weekly forecasts
    expect((weekly.params as RunParams).series).toEqual(['T-GIN|*|*']);
    expect(await jobs.getJob(weekly.jobId!)).toMatchObject({ name: 'forecast.run', state: 'waiting' });

    expect(await queueStartUpForecast({ db: t.db.db, jobs })).toEqual([]);
    expect(await t.db.db.select().from(forecastRuns)).toHaveLength(2);
  });

  it('when several processes start at once on a database without a run, then exactly one run of each granularity is queued between them', async () => {
    await t.db.db.delete(forecastRuns);
    const runs = (await Promise.all(Array.from({ length: 4 }, () => queueStartUpForecast({ db: t.db.db, jobs })))).flat();
    expect(runs.map((r) => r.granularity).sort()).toEqual(['month', 'week']);
    expect(await t.db.db.select().from(forecastRuns)).toHaveLength(2);
  });
});
