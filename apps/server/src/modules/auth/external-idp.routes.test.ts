import { users } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { type JWTPayload, SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testAccounts } from '../../test/create-test-app.ts';

const ISSUER = 'https://clerk.sentia.test';
let t: TestApp;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let other: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  other = await generateKeyPair('RS256');
  t = await createTestApp({ externalIdp: { issuer: ISSUER, publicKeyPem: await exportSPKI(keys.publicKey), authorizedParties: ['https://dash.sentia.test'] } });
});
afterAll(async () => t?.close());

const token = (claims: JWTPayload, key = keys.privateKey) =>
  new SignJWT({ azp: 'https://dash.sentia.test', sid: 'sess_1', fva: [5, -1], ...claims })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(ISSUER)
    .setSubject(String(claims.sub ?? 'user_abc'))
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
const get = async (url: string, jwt: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${jwt}` } });

describe('bearer tokens from the external identity provider', () => {
  it('when a valid token arrives, then the user is provisioned on first sight and gets the permissions of the role in metadata.role', async () => {
    const res = await get('/api/auth/me', await token({ sub: 'user_viewer1', email: 'vee@sentia.test', metadata: { role: 'viewer' } }));
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'vee@sentia.test', role: 'VIEWER' });
    const [row] = await t.db.db.select().from(users).where(eq(users.externalId, 'user_viewer1'));
    expect(row).toMatchObject({ role: 'VIEWER', passwordHash: null });
    expect((await get('/api/admin/audit', await token({ sub: 'user_viewer1', metadata: { role: 'viewer' } }))).statusCode).toBe(403);
    expect((await get('/api/admin/audit', await token({ sub: 'user_admin1', metadata: { role: 'admin' }, fva: [5, 2] }))).statusCode).toBe(200);
  });

  it('when the token is forged or has no allowed azp, then 401 problem+json; a session cookie still works alongside', async () => {
    const forged = await get('/api/auth/me', await token({ metadata: { role: 'admin' } }, other.privateKey));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(forged.json().detail).toMatch(/signature/);
    expect((await get('/api/auth/me', await token({ azp: 'https://evil.example' }))).statusCode).toBe(401);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: testAccounts.VIEWER.email, password: testAccounts.VIEWER.password } });
    expect(signIn.statusCode).toBe(200);
  });

  it('when a step-up guarded action is called, then the IdP second-factor age decides: none or older than 10 minutes → STEP_UP_REQUIRED, recent → allowed', async () => {
    const [target] = await t.db.db.select({ id: users.id }).from(users).where(eq(users.email, testAccounts.OPERATOR.email));
    const unlock = async (fva: [number, number]) =>
      t.app.inject({ method: 'POST', url: `/api/admin/users/${target!.id}/unlock`, headers: { authorization: `Bearer ${await token({ sub: 'user_admin2', metadata: { role: 'admin' }, fva })}` } });
    const none = await unlock([5, -1]);
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('STEP_UP_REQUIRED');
    expect(none.headers['www-authenticate']).toContain('idp-reverification');
    expect((await unlock([30, 11])).json().code).toBe('STEP_UP_REQUIRED');
    expect((await unlock([30, 10])).statusCode).toBe(200);
    const enrol = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/totp/enrol', headers: { authorization: `Bearer ${await token({ sub: 'user_admin2', metadata: { role: 'admin' } })}` } });
    expect(enrol.statusCode).toBe(409);
  });
});
