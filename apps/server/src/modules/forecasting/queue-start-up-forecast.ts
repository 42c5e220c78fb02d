import { startForecastRunSchema, type ForecastRun } from '@sentia/contracts/forecasting';
import type { Db } from '@sentia/db/create-db';
import { forecastRuns } from '@sentia/db/schema';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { completePeriods, loadDemandData, seriesKeys } from './demand-series.ts';
import { createForecastingService } from './forecasting.service.ts';

/** Months ahead: the end of the spec's recommended 3–6 month horizon. */
const HORIZON_MONTHS = 6;

/**
 * Queues one monthly `forecast.run` of the aggregate series (the total, each SKU, region and channel; no
 * SKU × region × channel cells) when the database holds no forecast run at all, through the same job contract as
 * `POST /api/forecasts/runs`. The channel series feed the cash runway's 80/95 % fan and the total is the series the
 * forecasting page opens on, so a fresh demo is forecast-driven within a minute instead of showing the moving-average
 * fallback until someone runs a forecast. Returns the queued run, or null when a run already exists or there is no
 * complete month of sales. Several processes starting at once (scale-out) queue one run between them.
 */
export async function queueStartUpForecast(deps: { db: Db; jobs: JobProvider }): Promise<ForecastRun | null> {
  // a cheap look first; `startFirstRun` checks again under a lock, so API processes starting together queue one run
  const existing = await deps.db.select({ id: forecastRuns.id }).from(forecastRuns).limit(1);
  if (existing.length > 0) return null;
  const data = await loadDemandData(deps.db, 'month');
  const aggregates = seriesKeys(data, true).filter((key) => key.includes('*'));
  if (aggregates.length === 0 || completePeriods(data).length === 0) return null;
  const service = createForecastingService({ db: deps.db, jobs: () => deps.jobs });
  const input = startForecastRunSchema.parse({ granularity: 'month', horizon: HORIZON_MONTHS, series: aggregates });
  return service.startFirstRun(input);
}
