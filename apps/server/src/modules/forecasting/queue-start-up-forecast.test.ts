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
  it('when the database has sales and no forecast run, then one monthly run of the aggregate series is queued as a forecast.run job; a second start queues nothing', async () => {
    const run = await queueStartUpForecast({ db: t.db.db, jobs });
    expect(run).toMatchObject({ status: 'QUEUED', granularity: 'month', horizon: 6, trainingEnd: '2026-03-31', seriesCount: 6 });
    const [row] = await t.db.db.select().from(forecastRuns);
    // Total, the SKU, both regions and both channels; the two SKU × region × channel cells are left out.
    expect((row!.params as RunParams).series).toEqual(['*|*|*', 'T-GIN|*|*', '*|UK|*', '*|US|*', '*|*|AMAZON_UK', '*|*|SHOPIFY_US']);
    expect(row!.triggeredBy).toBeNull();
    const job = await jobs.getJob(row!.jobId!);
    expect(job).toMatchObject({ name: 'forecast.run', state: 'waiting' });

    expect(await queueStartUpForecast({ db: t.db.db, jobs })).toBeNull();
    expect(await t.db.db.select().from(forecastRuns)).toHaveLength(1);
  });

  it('when several processes start at once on a database without a run, then exactly one run is queued between them', async () => {
    await t.db.db.delete(forecastRuns);
    const runs = await Promise.all(Array.from({ length: 4 }, () => queueStartUpForecast({ db: t.db.db, jobs })));
    expect(runs.filter((r) => r !== null)).toHaveLength(1);
    expect(await t.db.db.select().from(forecastRuns)).toHaveLength(1);
  });
});
