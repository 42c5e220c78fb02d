import { describe, expect, it } from 'vitest';
import { currentFreshness, freshnessStatus } from './freshness.ts';

describe('freshnessStatus', () => {
  it('when data is under 2 minutes old, then green; 2–5 minutes yellow; over 5 minutes red', () => {
    expect(freshnessStatus(0)).toBe('green');
    expect(freshnessStatus(119)).toBe('green');
    expect(freshnessStatus(120)).toBe('yellow');
    expect(freshnessStatus(300)).toBe('yellow');
    expect(freshnessStatus(301)).toBe('red');
  });
});

describe('currentFreshness', () => {
  it('when time passes after the server answered, then the age and status move on', () => {
    const freshness = { lastDataAt: '2026-11-26T10:00:00.000Z', ageSeconds: 30, status: 'green' as const };
    expect(currentFreshness(freshness, Date.parse('2026-11-26T10:00:30Z'))).toEqual({ ageSeconds: 30, status: 'green' });
    expect(currentFreshness(freshness, Date.parse('2026-11-26T10:03:00Z'))).toEqual({ ageSeconds: 180, status: 'yellow' });
    expect(currentFreshness(freshness, Date.parse('2026-11-26T10:06:00Z'))).toEqual({ ageSeconds: 360, status: 'red' });
  });

  it('when there is no data timestamp, then the server status is kept', () => {
    expect(currentFreshness({ lastDataAt: null, ageSeconds: null, status: 'red' }, Date.now())).toEqual({ ageSeconds: null, status: 'red' });
  });
});
