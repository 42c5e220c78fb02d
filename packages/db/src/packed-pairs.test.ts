import { describe, expect, it } from 'vitest';
import { unpackPairs } from './packed-pairs.ts';

describe('unpackPairs', () => {
  it('when a group packs label:value pairs, then they come back in order with numeric values; empty input gives none', () => {
    expect(unpackPairs('2026-01-05:12,2026-01-12:-3.5,7:0')).toEqual([
      ['2026-01-05', 12],
      ['2026-01-12', -3.5],
      ['7', 0],
    ]);
    expect(unpackPairs(null)).toEqual([]);
    expect(unpackPairs('')).toEqual([]);
  });
});
