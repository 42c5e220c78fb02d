import type { Meta } from '@sentia/contracts/meta';
import { describe, expect, it } from 'vitest';
import { parseReportFilters } from '@/lib/report-filters.ts';
import { resolveKpiParams } from './kpi-params.ts';

const meta = (dataTo: string | null, baseCurrency: Meta['company']['baseCurrency'] = 'GBP'): Meta => ({
  company: { name: 'Sentia Spirits Ltd', baseCurrency },
  regions: [],
  channels: [],
  skus: [],
  dataRange: dataTo ? { from: '2024-01-01', to: dataTo } : null,
});

describe('resolveKpiParams', () => {
  it('when no filters are in the URL, then the last 30 days up to today in the base currency are asked for', () => {
    expect(resolveKpiParams(parseReportFilters(new URLSearchParams()), meta('2026-11-26', 'EUR'), '2026-11-26')).toEqual({
      from: '2026-10-28',
      to: '2026-11-26',
      currency: 'EUR',
      region: undefined,
      channel: undefined,
      sku: undefined,
      granularity: 'day',
    });
  });

  it('when the data stops before today, then the preset ends on the last data day', () => {
    const params = resolveKpiParams(parseReportFilters(new URLSearchParams('range=7d')), meta('2026-06-30'), '2026-11-26');
    expect(params).toMatchObject({ from: '2026-06-24', to: '2026-06-30' });
  });

  it('when a custom range and drill-downs are in the URL, then they are passed through unchanged', () => {
    const filters = parseReportFilters(new URLSearchParams('range=custom&from=2025-01-01&to=2025-03-31&currency=USD&channel=AMAZON_US&sku=SEN-GIN-70&granularity=month'));
    expect(resolveKpiParams(filters, meta('2026-11-26'), '2026-11-26')).toEqual({
      from: '2025-01-01',
      to: '2025-03-31',
      currency: 'USD',
      region: undefined,
      channel: 'AMAZON_US',
      sku: 'SEN-GIN-70',
      granularity: 'month',
    });
  });
});
