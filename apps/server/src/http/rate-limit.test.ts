import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../test/create-test-app.ts';

let t: TestApp;
beforeAll(async () => {
  // The spec's numbers (the other suites raise them): 20 a minute per IP for authentication, 100 per signed-in user.
  t = await createTestApp({ env: { TRUST_PROXY: 'true', AUTH_RATE_LIMIT_PER_MINUTE: '20', RATE_LIMIT_PER_MINUTE: '100' } });
});
afterAll(async () => t?.close());

describe('rate limits', () => {
  it('when one address makes 21 sign-in requests within a minute, then the 21st answers 429 problem+json with Retry-After; another address is unaffected', async () => {
    // Every request counts, answered or not; malformed ones keep the test clear of the deliberate hashing cost.
    const attempt = (ip: string) => t.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'x-forwarded-for': ip }, payload: { email: 'not-an-email' } });
    for (let i = 1; i <= 20; i += 1) expect((await attempt('198.51.100.7')).statusCode, `request ${i}`).toBe(400);
    const limited = await attempt('198.51.100.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt('198.51.100.8')).statusCode).toBe(400);
  });

  it('when a signed-in user makes 101 API requests within a minute, then the 101st is 429, counted per user (not per address)', async () => {
    const viewer = await signIn(t.app, 'VIEWER');
    const manager = await signIn(t.app, 'MANAGER');
    const me = (cookie: string, ip: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, 'x-forwarded-for': ip } });
    // Spread over addresses: the limit follows the user wherever they connect from.
    for (let i = 1; i <= 100; i += 1) expect((await me(viewer, `203.0.113.${i}`)).statusCode, `request ${i}`).toBe(200);
    const limited = await me(viewer, '203.0.113.200');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await me(manager, '203.0.113.1')).statusCode).toBe(200);
  });
});
