import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const hostOf = (origin: string): string | null => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

/**
 * Why a state-changing request is refused as cross-site, or null when it may go on. Browsers label every request
 * with `Sec-Fetch-Site` (Fetch Metadata) and add `Origin` to cross-origin and to POST requests; a page on another
 * site cannot forge either. Same-origin requests and the configured CORS origins pass. Requests carrying neither
 * header do not come from a browser page (curl, server-to-server, tests) and cannot ride on a victim's cookie.
 */
export function crossSiteRefusal(request: FastifyRequest, allowedOrigins: readonly string[]): string | null {
  const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
  const isAllowedOrigin = origin !== undefined && origin !== 'null' && (hostOf(origin) === request.host || allowedOrigins.includes(origin));
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return null;
    return isAllowedOrigin && origin !== undefined && allowedOrigins.includes(origin) ? null : `Sec-Fetch-Site is ${site}`;
  }
  if (origin !== undefined) return isAllowedOrigin ? null : `Origin ${origin} is not this site`;
  return null;
}

/**
 * CSRF defence for cookie sessions: unsafe methods under /api from another site are refused with 403 CSRF_REJECTED,
 * checked on Fetch Metadata and Origin (OWASP's "verifying origin with standard headers" and "Fetch Metadata"
 * defences; the cookie's SameSite=Lax is a second layer). Requests authenticated only by a bearer token are exempt:
 * a browser never attaches one on its own.
 */
export function registerCsrfDefence(app: FastifyInstance, options: { allowedOrigins: readonly string[] }): void {
  app.addHook('onRequest', async (request) => {
    if (!UNSAFE.has(request.method) || !request.url.startsWith('/api/')) return;
    if (!request.headers.cookie && /^Bearer\s/i.test(request.headers.authorization ?? '')) return;
    const refusal = crossSiteRefusal(request, options.allowedOrigins);
    if (refusal) {
      request.log.warn({ origin: request.headers.origin, secFetchSite: request.headers['sec-fetch-site'] }, 'cross-site request refused');
      throw new AppError('CSRF_REJECTED', `This request came from another site (${refusal}) and was refused.`);
    }
  });
}
