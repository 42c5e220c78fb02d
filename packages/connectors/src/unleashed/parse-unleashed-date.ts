import { ConnectorError } from '../shared/connector-error.ts';

const msDate = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/**
 * Reads Unleashed's ASP.NET JSON dates (`/Date(1714557600000)/`, optionally with a `±HHMM`
 * suffix that does not shift the instant, and the raw-JSON escaped form `\/Date(…)\/`) and the
 * ISO strings of XML-era fields. Zone-less ISO strings are UTC (Unleashed stores UTC).
 * Returns null for null/empty; throws MALFORMED_RESPONSE for anything else.
 */
export function parseUnleashedDate(value: unknown, field = 'date'): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new ConnectorError('MALFORMED_RESPONSE', `field ${field} is not a date string`, { integration: 'unleashed' });
  const text = value.replace(/\\\//g, '/');
  const m = msDate.exec(text);
  if (m) return new Date(Number(m[1]));
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    const withZone = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
    const ms = Date.parse(withZone);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new ConnectorError('MALFORMED_RESPONSE', `field ${field} has an unreadable date (${JSON.stringify(text.slice(0, 40))})`, { integration: 'unleashed' });
}

/** {@link parseUnleashedDate} as ISO UTC, or null. */
export function unleashedDateToIso(value: unknown, field = 'date'): string | null {
  return parseUnleashedDate(value, field)?.toISOString() ?? null;
}

/** Formats an instant for `modifiedSince`/date filters: `YYYY-MM-DDTHH:mm:ss` in UTC (no zone suffix, as the docs show). */
export function formatUnleashedFilterDate(isoOrDate: string | Date): string {
  const date = typeof isoOrDate === 'string' ? new Date(isoOrDate) : isoOrDate;
  if (Number.isNaN(date.getTime())) throw new ConnectorError('INVALID_CONFIG', 'invalid date for an Unleashed filter', { integration: 'unleashed' });
  return date.toISOString().slice(0, 19);
}
