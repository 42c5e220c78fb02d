import { describe, expect, it } from 'vitest';
import { keysToInvalidate } from './invalidation-rules.ts';

describe('keysToInvalidate', () => {
  it('when a burst of events arrives, then each affected query prefix is invalidated once', () => {
    expect(keysToInvalidate(['order.created', 'order.created', 'kpi.updated'])).toEqual([['kpis'], ['orders'], ['meta']]);
  });

  it('when an event type has no rule, then nothing is invalidated', () => {
    expect(keysToInvalidate(['something.else'])).toEqual([]);
  });

  it('when a job changes, then only the jobs queries are refreshed', () => {
    expect(keysToInvalidate(['job.updated'])).toEqual([['jobs']]);
  });
});
