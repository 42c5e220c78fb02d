import { describe, expect, it } from 'vitest';
import { buildSeries, completePeriods, demandDataFromDaily, nextPeriod, periodEnd, periodStart, seriesKeys } from './demand-series.ts';

const row = (salesDate: string, sku: string, regionCode: string, channelCode: string, units: number) => ({ salesDate, sku, regionCode, channelCode, units });

describe('demand series', () => {
  it('when bucketing days, then weeks start on the ISO Monday and months on the 1st (UTC)', () => {
    expect(periodStart('2026-11-26', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23');
    expect(periodStart('2026-11-22', 'week')).toBe('2026-11-16');
    expect(periodStart('2026-11-26', 'month')).toBe('2026-11-01');
    expect(nextPeriod('2026-12-01', 'month')).toBe('2027-01-01');
    expect(periodEnd('2024-02-01', 'month')).toBe('2024-02-29');
    expect(periodEnd('2026-11-23', 'week')).toBe('2026-11-29');
  });

  it('when the data starts and ends mid-period, then only complete periods are used', () => {
    const data = demandDataFromDaily([row('2026-01-15', 'A', 'UK', 'AMAZON_UK', 1), row('2026-04-10', 'A', 'UK', 'AMAZON_UK', 1)], 'month');
    expect(completePeriods(data)).toEqual(['2026-02-01', '2026-03-01']);
  });

  it('when cells are aggregated, then an aggregate sums its cells, gaps are zero and a late launch starts at its first sale', () => {
    const data = demandDataFromDaily(
      [
        row('2026-01-01', 'A', 'UK', 'AMAZON_UK', 5),
        row('2026-01-20', 'A', 'UK', 'AMAZON_UK', 5),
        row('2026-03-03', 'A', 'UK', 'AMAZON_UK', 2),
        row('2026-02-10', 'B', 'US', 'SHOPIFY_US', 7),
        row('2026-04-30', 'B', 'US', 'SHOPIFY_US', 1),
      ],
      'month',
    );
    expect(buildSeries(data, 'A|UK|AMAZON_UK')).toMatchObject({ periods: ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'], values: [10, 0, 2, 0], level: 'sku_region_channel' });
    expect(buildSeries(data, 'B|*|*')).toMatchObject({ periods: ['2026-02-01', '2026-03-01', '2026-04-01'], values: [7, 0, 1], level: 'sku', sku: 'B', region: null });
    expect(buildSeries(data, '*|*|*').values).toEqual([10, 7, 2, 1]);
    expect(buildSeries(data, '*|EU|*').values).toEqual([]);
    expect(seriesKeys(data, true)).toEqual(['*|*|*', 'A|*|*', 'B|*|*', '*|UK|*', '*|US|*', '*|*|AMAZON_UK', '*|*|SHOPIFY_US', 'A|UK|AMAZON_UK', 'B|US|SHOPIFY_US']);
  });
});
