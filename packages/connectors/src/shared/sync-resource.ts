import type { SyncCursor } from '@sentia/contracts/integrations';

export interface FetchPageInput {
  /** Lower bound of the window (ISO UTC) — the stored watermark minus the overlap; null on the first sync. */
  since: string | null;
  /** Vendor page token (NextToken, GraphQL endCursor, Unleashed page number); null for the first page. */
  pageToken: string | null;
}

export interface SyncPage<T> {
  records: T[];
  /** Null/empty when this was the last page. */
  nextPageToken: string | null;
}

export interface SyncResourceOptions<T> {
  fetchPage(input: FetchPageInput): Promise<SyncPage<T>>;
  /** The stored cursor for this (connection, resource). */
  cursor: SyncCursor;
  /** Updated-at of a record (ISO UTC) used to move the watermark; null when the record has none. */
  updatedAtOf(record: T): string | null;
  /**
   * Re-read this much before the watermark: all three order sources change records after creation
   * and their indexes lag slightly, so a small overlap costs a few duplicate upserts and loses nothing.
   */
  overlapMs?: number;
  /** Stop after this many pages (the cursor then holds the page token so the next run continues). */
  maxPages?: number;
}

export interface SyncPageResult<T> {
  records: T[];
  /** Persist this together with `records` (same transaction) so a crash resumes at the next page. */
  cursor: SyncCursor;
  pageNumber: number;
  /** True on the final page of the run. */
  done: boolean;
}

/**
 * Incremental sync driver. Yields each page of normalised records with the cursor to store after
 * persisting it. The watermark advances only when a run completes — pages are not guaranteed to be
 * ordered by update time, so a mid-run watermark could skip records on earlier, unfinished pages —
 * and never moves backwards. Idempotency is the caller's upsert keyed by source id: re-running
 * from any cursor writes the same rows.
 */
export async function* syncResource<T>(options: SyncResourceOptions<T>): AsyncGenerator<SyncPageResult<T>, SyncCursor, undefined> {
  const overlapMs = options.overlapMs ?? 5 * 60_000;
  const start = options.cursor;
  const since =
    start.pageToken !== null
      ? start.runSince
      : start.watermark === null
        ? null
        : new Date(Date.parse(start.watermark) - overlapMs).toISOString();
  let pageToken = start.pageToken;
  let maxSeen = start.watermark;
  let pageNumber = 0;
  for (;;) {
    const page = await options.fetchPage({ since, pageToken });
    pageNumber += 1;
    for (const record of page.records) {
      const updatedAt = options.updatedAtOf(record);
      if (updatedAt !== null && (maxSeen === null || Date.parse(updatedAt) > Date.parse(maxSeen))) maxSeen = updatedAt;
    }
    const next = page.nextPageToken === null || page.nextPageToken === '' ? null : page.nextPageToken;
    const stopping = next !== null && options.maxPages !== undefined && pageNumber >= options.maxPages;
    if (next === null) {
      const cursor: SyncCursor = { watermark: maxSeen, pageToken: null, runSince: null };
      yield { records: page.records, cursor, pageNumber, done: true };
      return cursor;
    }
    const cursor: SyncCursor = { watermark: start.watermark, pageToken: next, runSince: since };
    yield { records: page.records, cursor, pageNumber, done: stopping };
    if (stopping) return cursor;
    pageToken = next;
  }
}
