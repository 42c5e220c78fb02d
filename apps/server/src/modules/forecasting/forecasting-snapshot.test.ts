import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/create-test-app.ts';
import { loadDemandData } from './demand-series.ts';
import { createForecastingService } from './forecasting.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('forecasting reads over one snapshot', () => {
  it('when many series are read through a snapshot, then each granularity’s sales history is loaded once, not once per read', async () => {
    const loads: string[] = [];
    const service = createForecastingService({
      db: t.db.db,
      jobs: () => undefined,
      demandData: (g) => {
        loads.push(g);
        return loadDemandData(t.db.db, g);
      },
    });
    const reads = async (s: Pick<typeof service, 'listSeries' | 'accuracyHistory'>) => {
      await s.listSeries('week');
      await s.accuracyHistory('*|*|*', 'week');
      await s.accuracyHistory('*|UK|*', 'week');
      await s.listSeries('month');
    };
    await reads(service.snapshot());
    expect(loads).toEqual(['week', 'month']);
    loads.length = 0;
    // without the snapshot every read loads again (new sales may have arrived between requests)
    await reads(service);
    expect(loads).toEqual(['week', 'week', 'week', 'month']);
  });
});
