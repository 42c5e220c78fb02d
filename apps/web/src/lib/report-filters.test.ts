import { describe, expect, it } from 'vitest';
import { applyReportFilters, parseReportFilters } from './report-filters.ts';

describe('parseReportFilters', () => {
  it('when the URL is empty, then the defaults apply', () => {
    expect(parseReportFilters(new URLSearchParams())).toEqual({
      range: '30d',
      from: undefined,
      to: undefined,
      currency: undefined,
      region: undefined,
      channel: undefined,
      sku: undefined,
      granularity: 'day',
    });
  });

  it('when the URL holds valid drill-down filters, then they are read', () => {
    const filters = parseReportFilters(new URLSearchParams('range=ytd&currency=USD&region=EU&channel=AMAZON_EU&sku=SEN-001&granularity=week'));
    expect(filters).toMatchObject({ range: 'ytd', currency: 'USD', region: 'EU', channel: 'AMAZON_EU', sku: 'SEN-001', granularity: 'week' });
  });

  it('when values are unknown or malformed, then they are ignored rather than sent to the API', () => {
    const filters = parseReportFilters(new URLSearchParams('range=decade&currency=JPY&region=APAC&channel=EBAY&granularity=hour'));
    expect(filters).toMatchObject({ range: '30d', currency: undefined, region: undefined, channel: undefined, granularity: 'day' });
  });

  it('when a custom range is incomplete or reversed, then the default preset is used', () => {
    expect(parseReportFilters(new URLSearchParams('range=custom&from=2026-01-01')).range).toBe('30d');
    expect(parseReportFilters(new URLSearchParams('range=custom&from=2026-02-01&to=2026-01-01')).range).toBe('30d');
    expect(parseReportFilters(new URLSearchParams('range=custom&from=2026-01-01&to=2026-01-31'))).toMatchObject({ range: 'custom', from: '2026-01-01', to: '2026-01-31' });
  });
});

describe('applyReportFilters', () => {
  it('when a filter is set to undefined, then it leaves the URL and other params stay', () => {
    const next = applyReportFilters(new URLSearchParams('channel=AMAZON_UK&sku=SEN-001&other=1'), { sku: undefined });
    expect(next.toString()).toBe('channel=AMAZON_UK&other=1');
  });

  it('when defaults are applied, then they are dropped to keep URLs short', () => {
    expect(applyReportFilters(new URLSearchParams('range=ytd&granularity=week'), { range: '30d', granularity: 'day' }).toString()).toBe('');
  });

  it('when switching from a custom range to a preset, then from and to are removed', () => {
    const next = applyReportFilters(new URLSearchParams('range=custom&from=2026-01-01&to=2026-01-31'), { range: '90d' });
    expect(next.toString()).toBe('range=90d');
  });
});
