import type { AccuracyHistory, SeriesDetail } from '@sentia/contracts/forecasting';
import { addDays, type IsoDate } from '@sentia/domain/calendar/utc-date';
import { movingAverageForecast } from '@sentia/domain/inventory/moving-average-forecast';

/** What the policy needs to know about coming demand of one item × warehouse. */
export interface DemandEstimate {
  /** Units per day from today, `horizon` days long. */
  dailyForecast: number[];
  /** Daily one-step forecast errors when a fitted forecast exists (drives safety stock), else undefined. */
  residuals?: number[];
  source: 'forecast_run' | 'moving_average';
}

export interface DemandItem {
  kind: 'product' | 'material';
  code: string;
  warehouseCode: string;
  /** Daily demand, oldest first, ending yesterday. */
  history: readonly number[];
}

/**
 * The part of the forecasting service the estimate reads: a snapshot (the sales history loaded once) that reads the
 * SKUs' weekly forecasts and track records ahead in a few queries, then answers the per-SKU reads from that.
 */
export interface ForecastReader {
  snapshot(): {
    /** Reads these series' stored forecasts ahead; resolves to the ones with a successful run. */
    prefetch(keys: readonly string[], g: 'week'): Promise<string[]>;
    seriesDetail(key: string, g: 'week'): Promise<SeriesDetail>;
    accuracyHistory(key: string, g: 'week'): Promise<AccuracyHistory>;
  };
}

/** Moving-average windows: finished goods sell daily; materials are drawn in production batches, so a longer window. */
export const MOVING_AVERAGE_DAYS = { product: 28, material: 56 } as const;

export const demandAssumptions = [
  `Demand without a forecast run: the mean of the last ${MOVING_AVERAGE_DAYS.product} days (finished goods: sales and transfers out of the warehouse) or ${MOVING_AVERAGE_DAYS.material} days (materials: completed production orders exploded through the bill of materials, with scrap), flat over the horizon.`,
  'With a successful weekly forecast run for a SKU (SKU|*|*), the warehouse gets that forecast ÷ 7 per day, scaled by its share of the SKU\u2019s last four weeks of sales; its safety stock then comes from the forecast errors (actual − forecast of past weeks, scaled the same way and ÷ √7 per day) instead of raw demand variability.',
];

const sum = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0);

/**
 * Daily demand per item from the latest forecast run when one covers today, else the documented moving average.
 * Both answer the same shape, so the policy code never knows which one it got.
 */
export async function estimateDemand(args: { items: readonly DemandItem[]; today: IsoDate; horizon: number; forecasts?: ForecastReader | undefined }): Promise<Map<string, DemandEstimate>> {
  const { items, today, horizon } = args;
  const out = new Map<string, DemandEstimate>();
  const fitted = new Map<string, { daily: (number | null)[]; weeklyHistory: number[]; weeklyErrors: number[] }>();
  const skus = new Set(items.filter((i) => i.kind === 'product').map((i) => i.code));
  // Forecast runs are per SKU: materials alone read no forecasts.
  const forecasts = args.forecasts?.snapshot();
  if (forecasts && skus.size > 0) {
    // SKU-level series (SKU|*|*) with a successful weekly run
    const keys = await forecasts.prefetch([...skus].map((sku) => `${sku}|*|*`), 'week').catch(() => [] as string[]);
    const wanted = keys.map((key) => ({ key, sku: key.split('|')[0]! }));
    // read together: on PostgreSQL the reads of the SKUs overlap on the pool's connections
    const reads = await Promise.all(
      wanted.map(async (s) => {
        const detail = await forecasts.seriesDetail(s.key, 'week').catch(() => null);
        if (!detail?.forecast) return null;
        const daily: (number | null)[] = new Array<number | null>(horizon).fill(null);
        for (const p of detail.forecast.points) {
          const perDay = Math.max(0, p.override ?? p.mean) / 7;
          for (let k = 0; k < 7; k++) {
            const index = Math.round((Date.parse(addDays(p.period, k)) - Date.parse(today)) / 86_400_000);
            if (index >= 0 && index < horizon) daily[index] = perDay;
          }
        }
        if (daily[0] === null) return null; // the run ends before today: stale, use the moving average
        const accuracy = await forecasts.accuracyHistory(s.key, 'week').catch(() => null);
        return {
          sku: s.sku,
          daily,
          weeklyHistory: detail.history.slice(-4).map((h) => h.units),
          weeklyErrors: (accuracy?.points ?? []).map((p) => p.actual - (p.override ?? p.forecast)),
        };
      }),
    );
    for (const r of reads) if (r) fitted.set(r.sku, r);
  }
  for (const item of items) {
    const key = `${item.kind}|${item.code}|${item.warehouseCode}`;
    const window = MOVING_AVERAGE_DAYS[item.kind];
    const history = item.history.length > 0 ? item.history : [0];
    const fallback = movingAverageForecast(history, { h: horizon, window, levels: [] }).mean.slice();
    const fit = item.kind === 'product' ? fitted.get(item.code) : undefined;
    const skuRecent = fit ? sum(fit.weeklyHistory) : 0;
    if (!fit || skuRecent <= 0) {
      out.set(key, { dailyForecast: fallback, source: 'moving_average' });
      continue;
    }
    const share = sum(item.history.slice(-28)) / skuRecent;
    const dailyForecast = fit.daily.map((v, i) => (v === null ? (fallback[i] as number) : v * share));
    const residuals = fit.weeklyErrors.length >= 2 ? fit.weeklyErrors.map((e) => (e * share) / Math.sqrt(7)) : undefined;
    out.set(key, { dailyForecast, ...(residuals ? { residuals } : {}), source: 'forecast_run' });
  }
  return out;
}
