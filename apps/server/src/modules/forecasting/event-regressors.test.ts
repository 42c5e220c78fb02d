import { describe, expect, it } from 'vitest';
import { eventApplies, eventRegressors, periodShare, type CalendarEvent } from './event-regressors.ts';

const ev = (name: string, startsOn: string, endsOn: string, scope: Partial<Pick<CalendarEvent, 'skus' | 'regions' | 'channels'>> = {}): CalendarEvent => ({
  kind: 'PROMOTION', name, startsOn, endsOn, skus: null, regions: null, channels: null, ...scope,
});

describe('event regressors', () => {
  it('when an event covers part of a period, then the value is the share of the period’s days it covers', () => {
    // ISO week of Monday 2026-07-06: Prime Day 9–10 July covers 2 of 7 days
    expect(periodShare(ev('Prime Day', '2026-07-09', '2026-07-10'), '2026-07-06', 'week')).toBeCloseTo(2 / 7, 12);
    expect(periodShare(ev('Prime Day', '2026-07-09', '2026-07-10'), '2026-07-01', 'month')).toBeCloseTo(2 / 31, 12);
    // spanning two weeks: 3 days in the first (Fri–Sun), 2 in the next
    expect(periodShare(ev('x', '2026-07-10', '2026-07-14'), '2026-07-06', 'week')).toBeCloseTo(3 / 7, 12);
    expect(periodShare(ev('x', '2026-07-10', '2026-07-14'), '2026-07-13', 'week')).toBeCloseTo(2 / 7, 12);
    expect(periodShare(ev('x', '2026-07-10', '2026-07-14'), '2026-07-20', 'week')).toBe(0);
  });

  it('when an event is scoped, then it applies to the series inside its scope and to the aggregates that contain them', () => {
    const amazonGin = ev('Summer G&T', '2026-06-01', '2026-06-14', { skus: ['SEN-GIN-70'], channels: ['AMAZON_UK', 'AMAZON_EU'] });
    expect(eventApplies(amazonGin, { sku: 'SEN-GIN-70', region: 'UK', channel: 'AMAZON_UK' })).toBe(true);
    expect(eventApplies(amazonGin, { sku: 'SEN-GIN-70', region: 'UK', channel: 'SHOPIFY_UK' })).toBe(false);
    expect(eventApplies(amazonGin, { sku: 'SEN-RUM-70', region: null, channel: null })).toBe(false);
    expect(eventApplies(amazonGin, { sku: null, region: null, channel: null })).toBe(true);
    expect(eventApplies(amazonGin, { sku: null, region: 'US', channel: 'AMAZON_EU' })).toBe(true);
    const ukOnly = ev("Father's Day (UK)", '2026-06-21', '2026-06-21', { regions: ['UK'] });
    expect(eventApplies(ukOnly, { sku: 'SEN-GIN-70', region: 'US', channel: 'AMAZON_US' })).toBe(false);
  });

  it('when two events always fall in the same periods, then they share one regressor named after both, valued by their summed shares', () => {
    const periods = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
    const future = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'];
    const events = ['2024', '2025', '2026'].flatMap((y) => [
      ev('Black Friday week', `${y}-11-24`, `${y}-11-30`),
      ev('Black Friday', `${y}-11-27`, `${y}-11-27`),
      ev('Spring offer', `${y}-04-14`, `${y}-04-27`),
    ]);
    const r = eventRegressors(events, { sku: null, region: null, channel: null }, periods, future, 'month');
    expect(Object.keys(r.regressors).sort()).toEqual(['Black Friday + Black Friday week', 'Spring offer']);
    const nov = r.regressors['Black Friday + Black Friday week']!;
    expect(nov[10]).toBeCloseTo(8 / 30, 12);
    expect(r.futureRegressors['Black Friday + Black Friday week']![10]).toBeCloseTo(8 / 30, 12);
    expect(nov.filter((v) => v > 0)).toHaveLength(2);
  });

  it('when building a series’ regressors, then each event name is one regressor over history and horizon, and names the history cannot teach are skipped with a reason', () => {
    const periods = ['2025-05-01', '2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01'];
    const future = ['2026-07-01', '2026-08-01', '2026-09-01'];
    const events = [
      ev('Prime Day', '2025-07-08', '2025-07-09', { channels: ['AMAZON_UK'] }),
      ev('Prime Day', '2026-07-09', '2026-07-10', { channels: ['AMAZON_UK'] }),
      ev('Launch party', '2026-08-01', '2026-08-01'),
      ev('Shopify only', '2025-07-01', '2025-07-03', { channels: ['SHOPIFY_UK'] }),
      ev('Long ago', '2020-01-01', '2020-01-05'),
    ];
    const r = eventRegressors(events, { sku: 'SEN-GIN-70', region: 'UK', channel: 'AMAZON_UK' }, periods, future, 'month');
    expect(Object.keys(r.regressors)).toEqual(['Prime Day']);
    expect(r.regressors['Prime Day']).toHaveLength(periods.length);
    expect(r.regressors['Prime Day']![2]).toBeCloseTo(2 / 31, 12);
    expect(r.regressors['Prime Day']!.filter((v) => v > 0)).toHaveLength(1);
    expect(r.futureRegressors['Prime Day']).toEqual([2 / 31, 0, 0]);
    expect(r.skipped['Launch party']).toMatch(/not in the history/);
    expect(r.skipped['Shopify only']).toBeUndefined();
    expect(r.skipped['Long ago']).toBeUndefined();
    // an event in every period cannot be told from the trend
    const always = eventRegressors([ev('Always', '2025-01-01', '2026-12-31')], { sku: null, region: null, channel: null }, periods, future, 'month');
    expect(always.regressors).toEqual({});
    expect(always.skipped.Always).toMatch(/every period/);
  });
});
