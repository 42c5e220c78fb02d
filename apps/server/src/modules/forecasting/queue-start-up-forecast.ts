import { startForecastRunSchema, type ForecastRun, type Granularity } from '@sentia/contracts/forecasting';
import type { Db } from '@sentia/db/create-db';
import { forecastRuns } from '@sentia/db/schema';
import { sql } from 'drizzle-orm';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { completePeriods, loadDemandData, seriesKeys } from './demand-series.ts';
import { createForecastingService } from './forecasting.service.ts';

/** Months ahead: the end of the spec's recommended 3–6 month horizon. */
const HORIZON_MONTHS = 6;
/** Weeks ahead for the inventory policy's demand: a quarter, the start of that recommended range. */
const HORIZON_WEEKS = 13;

/**
 * Queues, through the same job contract as `POST /api/forecasts/runs`, the forecast runs a fresh demo needs so it is
 * forecast-driven within a minute instead of showing moving-average fallbacks until someone runs a forecast:
 * - monthly, the aggregate series (the total, each SKU, region and channel; no SKU × region × channel cells): the
 *   channel series feed the cash runway's 80/95 % fan and the total is the series the forecasting page opens on;
 * - weekly, each SKU (`SKU|*|*`): the inventory policy's demand and safety stock.
 * Each is queued only when the database holds no run of its granularity and has a complete period of sales; several
 * processes starting at once (scale-out) queue one run of each between them. Returns the runs queued.
 */
export async function queueStartUpForecast(deps: { db: Db; jobs: JobProvider }): Promise<ForecastRun[]> {
  const service = createForecastingService({ db: deps.db, jobs: () => deps.jobs });
  const plans: Array<{ granularity: Granularity; horizon: number; keep: (key: string) => boolean }> = [
    { granularity: 'month', horizon: HORIZON_MONTHS, keep: (key) => key.includes('*') },
    { granularity: 'week', horizon: HORIZON_WEEKS, keep: (key) => /^[^*|]+\|\*\|\*$/.test(key) },
  ];
  const queued: ForecastRun[] = [];
  for (const plan of plans) {
    // a cheap look first; `startFirstRun` checks again under a lock
    const existing = await deps.db.select({ id: forecastRuns.id }).from(forecastRuns).where(sql`${forecastRuns.params}->>'granularity' = ${plan.granularity}`).limit(1);
    if (existing.length > 0) continue;
    const data = await loadDemandData(deps.db, plan.granularity);
    const series = seriesKeys(data, true).filter(plan.keep);
    if (series.length === 0 || completePeriods(data).length === 0) continue;
    const run = await service.startFirstRun(startForecastRunSchema.parse({ granularity: plan.granularity, horizon: plan.horizon, series }));
    if (run) queued.push(run);
  }
  return queued;
}
