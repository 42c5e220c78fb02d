import type { FastifyInstance } from 'fastify';
import { base32Decode, totp } from '../../auth/totp.ts';

/**
 * Makes an ADMIN session fit for step-up guarded calls: a session that already proved a second factor is returned
 * as is; an account without TOTP enrols one through the API (confirming enrolment counts as a step-up).
 */
export async function stepUpCookie(app: FastifyInstance, cookie: string, now: () => Date = () => new Date()): Promise<string> {
  const status = (await app.inject({ method: 'GET', url: '/api/auth/mfa', headers: { cookie } })).json() as { enrolled: boolean; stepUpValidUntil: string | null };
  if (status.stepUpValidUntil) return cookie;
  if (status.enrolled) throw new Error('stepUpCookie: the account has TOTP but this session has no fresh step-up');
  const start = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/enrol', headers: { cookie } });
  if (start.statusCode !== 200) throw new Error(`stepUpCookie: enrol answered ${start.statusCode} ${start.body}`);
  const { secret } = start.json() as { secret: string };
  const done = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/confirm', headers: { cookie }, payload: { code: totp(base32Decode(secret), now()) } });
  if (done.statusCode !== 200) throw new Error(`stepUpCookie: confirm answered ${done.statusCode} ${done.body}`);
  return cookie;
}
