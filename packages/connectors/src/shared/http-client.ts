import type { IntegrationSource } from '@sentia/contracts/integrations';
import { ConnectorError, codeForStatus } from './connector-error.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpClientOptions {
  integration: IntegrationSource;
  /** Whole-request timeout including reading the body; the spec's SLA for external APIs is 10 s. */
  timeoutMs?: number;
  fetch?: FetchLike;
}

export interface HttpClient {
  /** Sends one request; resolves for every HTTP status, rejects only on timeout or network failure. */
  send(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * A thin wrapper over global `fetch` (undici in Node 20) adding a timeout that also covers the body
 * read and turning transport failures into typed {@link ConnectorError}s. Status handling is left to
 * the caller, which knows the vendor's error bodies.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const defaultTimeout = options.timeoutMs ?? 10_000;
  return {
    async send(request) {
      const timeoutMs = request.timeoutMs ?? defaultTimeout;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await doFetch(request.url, {
          method: request.method ?? 'GET',
          headers: request.headers,
          body: request.body,
          signal: controller.signal,
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, text };
      } catch (error) {
        if (controller.signal.aborted) {
          throw new ConnectorError('TIMEOUT', `${request.method ?? 'GET'} ${redactUrl(request.url)} timed out after ${timeoutMs} ms`, {
            integration: options.integration,
            cause: error,
          });
        }
        throw new ConnectorError('NETWORK', `${request.method ?? 'GET'} ${redactUrl(request.url)} failed: ${(error as Error).message}`, {
          integration: options.integration,
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Parses `Retry-After` (seconds, possibly fractional as Shopify sends, or an HTTP date) into ms. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Parses a JSON body or throws a typed MALFORMED_RESPONSE error (never a raw SyntaxError). */
export function parseJsonBody(response: HttpResponse, integration: IntegrationSource): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    throw new ConnectorError('MALFORMED_RESPONSE', `response (HTTP ${response.status}) is not valid JSON`, {
      integration,
      status: response.status,
      cause: error,
    });
  }
}

/** Default error for a non-2xx response when the vendor body gives no better classification. */
export function errorForStatus(response: HttpResponse, integration: IntegrationSource, detail: string, vendorCode?: string): ConnectorError {
  return new ConnectorError(codeForStatus(response.status), `HTTP ${response.status}: ${detail}`, {
    integration,
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    vendorCode,
  });
}

/** Drops the query string from URLs put in messages: query strings may hold tokens. */
function redactUrl(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : `${url.slice(0, i)}?…`;
}
