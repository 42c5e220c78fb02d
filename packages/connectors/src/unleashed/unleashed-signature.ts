import { createHmac } from 'node:crypto';

/**
 * `api-auth-signature`: base64 HMAC-SHA256 of the query string (without `?`, without the path;
 * empty string when there is none), keyed with the API key (reference C.2).
 */
export function unleashedSignature(queryString: string, apiKey: string): string {
  return createHmac('sha256', apiKey).update(queryString, 'utf8').digest('base64');
}

/** Characters sent as-is in query values: unreserved plus `:` and `,` (legal in a query, and ISO dates/CSV need them). */
const safeValue = /^[A-Za-z0-9\-._~:,]*$/;

export interface UnleashedQuery {
  /** The query string to send (values percent-encoded only where needed). */
  sent: string;
  /** The string that was signed: the same unless a value needed encoding and `signDecoded` is set. */
  signed: string;
}

/**
 * Builds the query string from params in the given order. Unleashed verifies the signature
 * against the query as it decodes it (the community TS client signs un-encoded values), so by
 * default values needing escapes are signed decoded and sent encoded; `signDecoded: false`
 * signs exactly what is sent (the PHP client's behaviour). For ordinary values both are equal.
 */
export function buildUnleashedQuery(params: Record<string, string | number | boolean | null | undefined>, options: { signDecoded?: boolean } = {}): UnleashedQuery {
  const sent: string[] = [];
  const signed: string[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (raw === null || raw === undefined) continue;
    const value = String(raw);
    const encoded = safeValue.test(value) ? value : encodeURIComponent(value);
    sent.push(`${key}=${encoded}`);
    signed.push(`${key}=${options.signDecoded === false ? encoded : value}`);
  }
  return { sent: sent.join('&'), signed: signed.join('&') };
}
