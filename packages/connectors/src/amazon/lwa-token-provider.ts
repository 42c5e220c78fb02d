import { type Clock, systemClock } from '../shared/clock.ts';
import { ConnectorError } from '../shared/connector-error.ts';
import { type HttpClient, parseJsonBody } from '../shared/http-client.ts';

export interface LwaCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface LwaTokenProvider {
  /** A valid access token, exchanging the refresh token when the cached one is missing or near expiry. */
  getAccessToken(): Promise<string>;
  /** Forgets the cached token (after SP-API answers 403 "expired"). */
  invalidate(): void;
  /** Expiry of the cached token in epoch ms, or null. */
  expiresAt(): number | null;
}

/**
 * Login with Amazon refresh-token exchange (reference A.3) with caching. The token is refreshed
 * `refreshSkewMs` (default 60 s) before `expires_in` runs out, and concurrent callers share one
 * exchange. LWA errors (`invalid_grant`, `invalid_client`, …) become AUTH_FAILED with the OAuth code;
 * 5xx and `temporarily_unavailable` are SERVER_ERROR so the retry policy covers them.
 */
export function createLwaTokenProvider(
  credentials: LwaCredentials,
  http: HttpClient,
  options: { clock?: Clock; refreshSkewMs?: number } = {},
): LwaTokenProvider {
  const clock = options.clock ?? systemClock;
  const skew = options.refreshSkewMs ?? 60_000;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function exchange(): Promise<string> {
    const response = await http.send({
      method: 'POST',
      url: credentials.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credentials.refreshToken,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }).toString(),
    });
    const body = parseJsonBody(response, 'amazon') as Record<string, unknown> | null;
    if (response.status !== 200) {
      const oauthCode = typeof body?.error === 'string' ? body.error : undefined;
      const description = typeof body?.error_description === 'string' ? body.error_description : '';
      const transient = response.status >= 500 || oauthCode === 'server_error' || oauthCode === 'temporarily_unavailable';
      throw new ConnectorError(transient ? 'SERVER_ERROR' : 'AUTH_FAILED', `LWA token exchange failed: HTTP ${response.status} ${oauthCode ?? ''} ${description}`.trim(), {
        integration: 'amazon',
        status: response.status,
        vendorCode: oauthCode,
      });
    }
    const token = body?.access_token;
    const expiresIn = body?.expires_in;
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw new ConnectorError('MALFORMED_RESPONSE', 'LWA token response lacks access_token/expires_in', { integration: 'amazon', status: 200 });
    }
    cached = { token, expiresAt: clock.now() + expiresIn * 1000 };
    return token;
  }

  return {
    getAccessToken() {
      if (cached && clock.now() < cached.expiresAt - skew) return Promise.resolve(cached.token);
      if (!inFlight) {
        inFlight = exchange().finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
    expiresAt: () => cached?.expiresAt ?? null,
  };
}
