import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbHandle } from '@sentia/db/create-db';
import { auditLogs, users } from '@sentia/db/schema';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { eq } from 'drizzle-orm';
import { type JWTPayload, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExternalTokenVerifier, createExternalTokenVerifier, mapExternalRole, provisionExternalUser } from './external-idp.ts';

const ISSUER = 'https://clerk.sentia.test';
const ORIGIN = 'https://dash.sentia.test';
const now = new Date('2026-06-01T12:00:00Z');
const nowSec = Math.floor(now.getTime() / 1000);

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let signing: KeyPair;
let stranger: KeyPair;
let server: Server;
let jwksHits = 0;
let viaJwks: ExternalTokenVerifier;
let viaPem: ExternalTokenVerifier;

beforeAll(async () => {
  signing = await generateKeyPair('RS256', { modulusLength: 2048 });
  stranger = await generateKeyPair('RS256', { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'ins_test_1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      jwksHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  // Any free port the system picks (its ephemeral range holds none of the ports fetch refuses, such as 3659, which a
  // fixed 3600–3699 range once drew: "fetch failed: bad port").
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  viaJwks = await createExternalTokenVerifier({ issuer: ISSUER, jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, authorizedParties: [ORIGIN] }, () => now);
  viaPem = await createExternalTokenVerifier({ issuer: ISSUER, publicKeyPem: await exportSPKI(signing.publicKey) }, () => now);
});
afterAll(async () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A Clerk-shaped session token (60 s lifetime, nbf = iat − 5). */
function mint(overrides: JWTPayload = {}, options: { key?: KeyPair['privateKey']; kid?: string; iat?: number } = {}): Promise<string> {
  const iat = options.iat ?? nowSec - 10;
  return new SignJWT({ azp: ORIGIN, sid: 'sess_2abc', sts: 'active', v: 2, fva: [12, 3], metadata: { role: 'manager' }, email: 'Pat@Sentia.Test', name: 'Pat Lee', ...overrides })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'ins_test_1', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject('user_2xyz')
    .setIssuedAt(iat)
    .setNotBefore(iat - 5)
    .setExpirationTime(iat + 60)
    .sign(options.key ?? signing.privateKey);
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('createExternalTokenVerifier', () => {
  it('when a valid token is verified via the JWKS server or the PEM key, then subject, session, role from metadata.role and MFA age from fva come out', async () => {
    for (const verify of [viaJwks, viaPem]) {
      const id = await verify(await mint());
      expect(id).toMatchObject({ subject: 'user_2xyz', sessionId: 'sess_2abc', email: 'pat@sentia.test', name: 'Pat Lee', role: 'MANAGER', secondFactorAgeMinutes: 3 });
    }
    expect(jwksHits).toBeGreaterThan(0);
    expect((await viaPem(await mint({ fva: [12, -1] }))).secondFactorAgeMinutes).toBeNull();
  });

  it('when the signature is forged (another key, or a tampered payload), then it is refused', async () => {
    await expect(viaJwks(await mint({}, { key: stranger.privateKey }))).rejects.toThrow(/signature does not verify/);
    await expect(viaPem(await mint({}, { key: stranger.privateKey }))).rejects.toThrow(/signature does not verify/);
    const [h, p, s] = (await mint()).split('.');
    const escalated = b64({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), metadata: { role: 'admin' } });
    await expect(viaJwks(`${h}.${escalated}.${s}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when the token uses alg none (unsigned), then it is refused', async () => {
    const payload = JSON.parse(Buffer.from((await mint()).split('.')[1]!, 'base64url').toString());
    for (const token of [`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`, `${b64({ alg: 'none' })}.${b64(payload)}`]) {
      await expect(viaJwks(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(viaPem(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(createExternalTokenVerifier({ issuer: ISSUER, publicKeyPem: 'x', algorithms: ['none'] })).rejects.toThrow(/no usable signature algorithm/);
  });

  it('when the token has expired (beyond the 5 s skew) or is not yet valid, then it is refused; within the skew it passes', async () => {
    await expect(viaPem(await mint({}, { iat: nowSec - 66 }))).rejects.toThrow(/expired/);
    await expect(viaPem(await mint({}, { iat: nowSec - 64 }))).resolves.toMatchObject({ subject: 'user_2xyz' });
    await expect(viaPem(await mint({}, { iat: nowSec + 20 }))).rejects.toThrow(/nbf/);
  });

  it('when the issuer is wrong, the azp is missing or foreign, or the session is pending, then it is refused', async () => {
    const wrongIssuer = await new SignJWT({ azp: ORIGIN }).setProtectedHeader({ alg: 'RS256', kid: 'ins_test_1' }).setIssuer('https://evil.example').setSubject('user_2xyz').setIssuedAt(nowSec).setExpirationTime(nowSec + 60).sign(signing.privateKey);
    await expect(viaJwks(wrongIssuer)).rejects.toThrow(/claim iss/);
    await expect(viaJwks(await mint({ azp: 'https://evil.example' }))).rejects.toThrow(/azp/);
    await expect(viaJwks(await mint({ azp: undefined }))).rejects.toThrow(/azp/);
    await expect(viaJwks(await mint({ sts: 'pending' }))).rejects.toThrow(/pending/);
  });

  it('when the kid is unknown to the JWKS, then it is refused', async () => {
    await expect(viaJwks(await mint({}, { kid: 'ins_other' }))).rejects.toThrow(/no published key/);
  });
});

describe('mapExternalRole', () => {
  it('when the claim names a role (any case) or a mapped name, then that role; missing or unknown, then the least-privilege default', () => {
    expect(mapExternalRole('admin')).toBe('ADMIN');
    expect(mapExternalRole('Production_Manager', { production_manager: 'MANAGER' })).toBe('MANAGER');
    expect(mapExternalRole('superuser')).toBe('VIEWER');
    expect(mapExternalRole(undefined)).toBe('VIEWER');
    expect(mapExternalRole(['ADMIN'])).toBe('VIEWER');
  });
});

describe('provisionExternalUser', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb();
    await seedReferenceData(h);
  });
  afterAll(async () => h?.close());

  it('when a subject is seen for the first time, then a password-less local user is created; later the IdP role is synced; both audited', async () => {
    const first = await provisionExternalUser(h.db, await viaPem(await mint()));
    expect(first).toMatchObject({ email: 'pat@sentia.test', role: 'MANAGER', externalId: 'user_2xyz', passwordHash: null });
    const again = await provisionExternalUser(h.db, await viaPem(await mint()));
    expect(again.id).toBe(first.id);
    const promoted = await provisionExternalUser(h.db, await viaPem(await mint({ metadata: { role: 'admin' } })));
    expect(promoted.role).toBe('ADMIN');
    expect(await h.db.select({ id: users.id }).from(users).where(eq(users.externalId, 'user_2xyz'))).toHaveLength(1);
    const trail = await h.db.select().from(auditLogs).where(eq(auditLogs.entityId, first.id));
    expect(trail.map((e) => e.actionType)).toEqual(['user.provisioned', 'user.role.synced']);
    expect(trail[1]).toMatchObject({ oldValues: { role: 'MANAGER' }, newValues: { role: 'ADMIN' } });
  });
});
