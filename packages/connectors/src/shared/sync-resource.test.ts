import { describe, expect, it } from 'vitest';
import { emptySyncCursor } from '@sentia/contracts/integrations';
import { syncResource, type FetchPageInput } from './sync-resource.ts';

interface Rec { id: string; updatedAt: string }
const pages: Record<string, { records: Rec[]; next: string | null }> = {
  start: { records: [{ id: 'a', updatedAt: '2024-05-02T00:00:00.000Z' }, { id: 'b', updatedAt: '2024-05-04T00:00:00.000Z' }], next: 'p2' },
  p2: { records: [{ id: 'c', updatedAt: '2024-05-03T00:00:00.000Z' }], next: null },
};
const fetchPage = (calls: FetchPageInput[]) => async (input: FetchPageInput) => {
  calls.push(input);
  const page = pages[input.pageToken ?? 'start'];
  if (!page) throw new Error('unknown page');
  return { records: page.records, nextPageToken: page.next };
};

describe('syncResource', () => {
  it('when run from scratch, then it yields every page and the final cursor holds the max updatedAt', async () => {
    const calls: FetchPageInput[] = [];
    const results = [];
    for await (const page of syncResource({ fetchPage: fetchPage(calls), cursor: emptySyncCursor, updatedAtOf: (r) => r.updatedAt })) results.push(page);
    expect(results.map((r) => r.records.map((x) => x.id))).toEqual([['a', 'b'], ['c']]);
    expect(results[0]?.cursor).toEqual({ watermark: null, pageToken: 'p2', runSince: null });
    expect(results[1]?.cursor).toEqual({ watermark: '2024-05-04T00:00:00.000Z', pageToken: null, runSince: null });
    expect(calls).toEqual([{ since: null, pageToken: null }, { since: null, pageToken: 'p2' }]);
  });

  it('when a watermark is stored, then the window starts the overlap before it and the watermark never moves back', async () => {
    const calls: FetchPageInput[] = [];
    const cursor = { watermark: '2024-06-01T00:00:00.000Z', pageToken: null, runSince: null };
    const results = [];
    for await (const page of syncResource({ fetchPage: fetchPage(calls), cursor, updatedAtOf: (r) => r.updatedAt, overlapMs: 60_000 })) results.push(page);
    expect(calls[0]?.since).toBe('2024-05-31T23:59:00.000Z');
    expect(results.at(-1)?.cursor.watermark).toBe('2024-06-01T00:00:00.000Z');
  });

  it('when maxPages stops a run, then resuming from its cursor asks for the same window from the next page', async () => {
    const calls: FetchPageInput[] = [];
    const cursor = { watermark: '2024-05-01T00:10:00.000Z', pageToken: null, runSince: null };
    let last = cursor as typeof cursor | { watermark: string | null; pageToken: string | null; runSince: string | null };
    for await (const page of syncResource({ fetchPage: fetchPage(calls), cursor, updatedAtOf: (r) => r.updatedAt, maxPages: 1, overlapMs: 0 })) last = page.cursor;
    expect(last).toEqual({ watermark: '2024-05-01T00:10:00.000Z', pageToken: 'p2', runSince: '2024-05-01T00:10:00.000Z' });
    for await (const page of syncResource({ fetchPage: fetchPage(calls), cursor: last, updatedAtOf: (r) => r.updatedAt })) last = page.cursor;
    expect(calls[1]).toEqual({ since: '2024-05-01T00:10:00.000Z', pageToken: 'p2' });
    expect(last).toEqual({ watermark: '2024-05-03T00:00:00.000Z', pageToken: null, runSince: null });
  });
});
