import type { IntegrationSource } from '@sentia/contracts/integrations';

export const connectorErrorCodes = [
  'TIMEOUT',
  'NETWORK',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'AUTH_FAILED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'MALFORMED_RESPONSE',
  'CIRCUIT_OPEN',
  'QUOTA_EXHAUSTED',
  'INVALID_SIGNATURE',
  'INVALID_CONFIG',
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

/** Codes worth another attempt: the same request may succeed later. */
const retryableCodes: ReadonlySet<ConnectorErrorCode> = new Set(['TIMEOUT', 'NETWORK', 'RATE_LIMITED', 'SERVER_ERROR']);

/**
 * The one error type every connector throws. `code` drives retry and breaker decisions and maps to
 * the sync health page; `message` never contains a secret.
 */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly integration: IntegrationSource | 'http';
  readonly status: number | undefined;
  /** Server-requested wait before retrying (Retry-After), if any. */
  readonly retryAfterMs: number | undefined;
  /** Vendor error code (`QuotaExceeded`, `THROTTLED`, `invalid_grant`, …). */
  readonly vendorCode: string | undefined;

  constructor(
    code: ConnectorErrorCode,
    message: string,
    options: {
      integration?: IntegrationSource | 'http';
      status?: number;
      retryAfterMs?: number;
      vendorCode?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.integration = options.integration ?? 'http';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.vendorCode = options.vendorCode;
  }

  get retryable(): boolean {
    return retryableCodes.has(this.code);
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/** Maps an HTTP status to the error code used when the vendor body says nothing more specific. */
export function codeForStatus(status: number): ConnectorErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 401 || status === 403) return 'AUTH_FAILED';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'SERVER_ERROR';
  return 'BAD_REQUEST';
}
