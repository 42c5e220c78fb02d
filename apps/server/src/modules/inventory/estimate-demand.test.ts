import type { AccuracyHistory, SeriesDetail } from '@sentia/contracts/forecasting';
import { describe, expect, it } from 'vitest';
import { estimateDemand, type ForecastReader } from './estimate-demand.ts';

const today = '2026-03-30'; // a Monday
const history = new Array<number>(28).fill(2); // the warehouse: 56 units over the last four weeks

function reader(firstPeriod: string): ForecastReader {
  const points = [0, 7].map((k) => ({ period: new Date(Date.parse(firstPeriod) + k * 86_400_000).toISOString().slice(0, 10), mean: 70, lower80: null, upper80: null, lower95: null, upper95: null, override: null, overrideReason: null }));
  return {
    snapshot: () => ({
      // only the SKU P has a run
      prefetch: async (keys: readonly string[]) => keys.filter((k) => k === 'P|*|*'),
      // The SKU sold 112 units over its last four weeks, so this warehouse carries half of it.
      seriesDetail: async () => ({ key: 'P|*|*', level: 'sku', granularity: 'week', history: [28, 28, 28, 28].map((units, i) => ({ period: `2026-03-0${i + 1}`, units })), forecast: { points } }) as unknown as SeriesDetail,
      accuracyHistory: async () => ({ points: [{ actual: 80, forecast: 70, override: null }, { actual: 60, forecast: 70, override: null }] }) as unknown as AccuracyHistory,
    }),
  };
}

describe('estimateDemand', () => {
  it('when a weekly SKU forecast covers today, then the warehouse gets its share per day and the scaled forecast errors', async () => {
    const out = await estimateDemand({ items: [{ kind: 'product', code: 'P', warehouseCode: 'W', history }], today, horizon: 21, forecasts: reader(today) });
    const e = out.get('product|P|W')!;
    expect(e.source).toBe('forecast_run');
    // 70 a week ÷ 7 × 0.5 = 5 a day for the two forecast weeks, then the 28-day moving average (2) after them.
    expect(e.dailyForecast.slice(0, 14)).toEqual(new Array(14).fill(5));
    expect(e.dailyForecast.slice(14)).toEqual(new Array(7).fill(2));
    expect(e.residuals!.map((r) => Number(r.toFixed(6)))).toEqual([5 / Math.sqrt(7), -5 / Math.sqrt(7)].map((r) => Number(r.toFixed(6))));
  });

  it('when the latest run ends before today, or there is no forecast reader, then the moving average answers', async () => {
    const stale = await estimateDemand({ items: [{ kind: 'product', code: 'P', warehouseCode: 'W', history }], today, horizon: 7, forecasts: reader('2026-01-05') });
    expect(stale.get('product|P|W')).toEqual({ dailyForecast: new Array(7).fill(2), source: 'moving_average' });
    const none = await estimateDemand({ items: [{ kind: 'material', code: 'M', warehouseCode: 'W', history: [...new Array(28).fill(0), ...new Array(28).fill(4)] }], today, horizon: 3 });
    // Materials average over 56 days: 28 × 4 / 56 = 2.
    expect(none.get('material|M|W')).toEqual({ dailyForecast: [2, 2, 2], source: 'moving_average' });
  });
});
