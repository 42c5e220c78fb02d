import type { Role } from '@sentia/contracts/common';
import { roleCodes } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { users } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors as joseErrors, importSPKI, jwtVerify } from 'jose';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { recordAudit } from '../audit/record-audit.ts';

/** How to trust bearer tokens from an external identity provider (Clerk or any OIDC provider). */
export interface ExternalIdpConfig {
  /** Expected `iss`, e.g. `https://clerk.example.com`. */
  issuer: string;
  /** Where the signing keys are published (`…/.well-known/jwks.json`); or give `publicKeyPem` for networkless verification. */
  jwksUrl?: string | undefined;
  /** SPKI PEM public key (Clerk's "JWKS Public Key", CLERK_JWT_KEY). */
  publicKeyPem?: string | undefined;
  /** Accepted signature algorithms; RS256 by default (what Clerk signs with). `none` can never be accepted. */
  algorithms?: string[] | undefined;
  /** Allowed `azp` origins; when set, a token without a matching `azp` is refused (Clerk's CSRF defence). */
  authorizedParties?: string[] | undefined;
  /** Allowed clock skew for exp/nbf/iat, seconds (default 5, as Clerk's SDK). */
  clockSkewSeconds?: number | undefined;
  /** Dot path of the role claim; default Clerk's public metadata `metadata.role`. */
  roleClaimPath?: string | undefined;
  /** IdP role names to local roles (case-insensitive); names equal to a local role code map to it without an entry. */
  roleMap?: Record<string, Role> | undefined;
  /** Role for a token whose role claim is missing or unknown: least privilege by default. */
  defaultRole?: Role | undefined;
}

/** What a verified token says about its holder. */
export interface ExternalIdentity {
  subject: string;
  sessionId: string | null;
  email: string | null;
  name: string | null;
  role: Role;
  /** Minutes since the second factor was verified in this IdP session (Clerk `fva[1]`); null when never. */
  secondFactorAgeMinutes: number | null;
  claims: JWTPayload;
}

export type ExternalTokenVerifier = (token: string) => Promise<ExternalIdentity>;

const claimAt = (claims: JWTPayload, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), claims);

/** Maps an IdP role name to a local role; unknown or missing names get `fallback`. */
export function mapExternalRole(value: unknown, roleMap: Record<string, Role> = {}, fallback: Role = 'VIEWER'): Role {
  if (typeof value !== 'string') return fallback;
  const key = value.trim().toLowerCase();
  const mapped = Object.entries(roleMap).find(([name]) => name.toLowerCase() === key)?.[1];
  if (mapped) return mapped;
  return roleCodes.find((r) => r.toLowerCase() === key) ?? fallback;
}

/**
 * Builds a verifier for bearer JWTs: the signature (JWKS URL with key rotation, or a PEM key), the algorithm allow-list
 * (so `alg: none` and HMAC-with-the-public-key tricks fail), `iss`, `exp`/`nbf`/`iat` with a small skew, `azp`
 * against the allowed origins, and Clerk's `sts: pending`. Throws UNAUTHENTICATED naming what failed.
 */
export async function createExternalTokenVerifier(config: ExternalIdpConfig, now: () => Date = () => new Date()): Promise<ExternalTokenVerifier> {
  const algorithms = (config.algorithms ?? ['RS256']).filter((a) => a.toLowerCase() !== 'none');
  if (algorithms.length === 0) throw new Error('external IdP: no usable signature algorithm configured');
  let key: JWTVerifyGetKey | Awaited<ReturnType<typeof importSPKI>>;
  if (config.publicKeyPem) key = await importSPKI(config.publicKeyPem, algorithms[0]!);
  else if (config.jwksUrl) key = createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: 5 * 60_000, cooldownDuration: 30_000 });
  else throw new Error('external IdP: configure a JWKS URL or a PEM public key');
  const skew = config.clockSkewSeconds ?? 5;

  return async (token) => {
    let claims: JWTPayload;
    try {
      const options = { issuer: config.issuer, algorithms, clockTolerance: skew, currentDate: now(), requiredClaims: ['exp', 'sub'] };
      const result = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      claims = result.payload;
    } catch (error) {
      throw new AppError('UNAUTHENTICATED', `The bearer token was refused: ${describeJoseError(error)}.`, { cause: error });
    }
    const at = Math.floor(now().getTime() / 1000);
    if (typeof claims.iat === 'number' && claims.iat > at + skew) throw new AppError('UNAUTHENTICATED', 'The bearer token was refused: issued in the future.');
    if (config.authorizedParties?.length && (typeof claims.azp !== 'string' || !config.authorizedParties.includes(claims.azp))) {
      throw new AppError('UNAUTHENTICATED', 'The bearer token was refused: it was not issued for an allowed origin (azp).');
    }
    if (claims.sts === 'pending') throw new AppError('UNAUTHENTICATED', 'The bearer token was refused: the session is still pending.');
    const fva = claims.fva;
    const secondFactorAgeMinutes = Array.isArray(fva) && typeof fva[1] === 'number' && fva[1] >= 0 ? fva[1] : null;
    return {
      subject: claims.sub!,
      sessionId: typeof claims.sid === 'string' ? claims.sid : null,
      email: typeof claims.email === 'string' ? claims.email.toLowerCase() : null,
      name: typeof claims.name === 'string' ? claims.name : null,
      role: mapExternalRole(claimAt(claims, config.roleClaimPath ?? 'metadata.role'), config.roleMap, config.defaultRole ?? 'VIEWER'),
      secondFactorAgeMinutes,
      claims,
    };
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} failed (${error.reason})`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'its signature algorithm is not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no published key matches it';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'it is malformed';
  return 'it could not be verified';
}

/**
 * The local user for an external identity: created on first sight (no password: sign-in only through the IdP), and
 * kept in step with the IdP's role afterwards. Creation and role changes are audited.
 */
export async function provisionExternalUser(db: Db, identity: ExternalIdentity, origin: { ipAddress?: string | null; userAgent?: string | null; requestId?: string | null } = {}) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.externalId, identity.subject)).for('update');
    const actor = { actor: `idp:${identity.subject}`, actorRole: identity.role, ...origin };
    if (!existing) {
      const email = identity.email ?? `${identity.subject.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}@external.invalid`;
      const [created] = await tx
        .insert(users)
        .values({ email, name: identity.name ?? email, role: identity.role, externalId: identity.subject, passwordHash: null })
        .returning();
      if (!created) throw new Error('provisionExternalUser: insert returned no row');
      await recordAudit(tx, { ...actor, userId: created.id, action: 'user.provisioned', entityType: 'user', entityId: created.id, after: { email, role: identity.role, externalId: identity.subject } });
      return created;
    }
    if (existing.role !== identity.role) {
      const [updated] = await tx.update(users).set({ role: identity.role, updatedAt: new Date() }).where(eq(users.id, existing.id)).returning();
      await recordAudit(tx, { ...actor, userId: existing.id, action: 'user.role.synced', entityType: 'user', entityId: existing.id, before: { role: existing.role }, after: { role: identity.role } });
      return updated ?? existing;
    }
    return existing;
  });
}

/**
 * Resolves the principal from an `Authorization: Bearer <jwt>` header: verifies the token, provisions or syncs the local
 * user (remembered per subject and role for a minute, so a burst of requests costs one database round trip) and loads
 * the role's permissions. Null when there is no bearer token or the local user is deactivated; throws UNAUTHENTICATED
 * for a token that fails verification.
 */
export function createExternalPrincipalResolver(deps: { db: Db; verify: ExternalTokenVerifier; permissionsFor: (role: Role) => Promise<readonly string[]>; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const known = new Map<string, { userId: string; email: string; name: string; isActive: boolean; at: number }>();
  return async (request: FastifyRequest): Promise<AuthPrincipal | null> => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s+/i.test(header)) return null;
    const identity = await deps.verify(header.replace(/^Bearer\s+/i, '').trim());
    const cacheKey = `${identity.subject}|${identity.role}`;
    let user = known.get(cacheKey);
    if (!user || now().getTime() - user.at > 60_000) {
      const userAgent = request.headers['user-agent'];
      const row = await provisionExternalUser(deps.db, identity, { ipAddress: request.ip, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null, requestId: request.id });
      user = { userId: row.id, email: row.email, name: row.name, isActive: row.isActive, at: now().getTime() };
      if (known.size > 10_000) known.clear();
      known.set(cacheKey, user);
    }
    if (!user.isActive) return null;
    const permissions = new Set(await deps.permissionsFor(identity.role));
    return {
      sessionId: `external:${identity.sessionId ?? identity.subject}`,
      userId: user.userId,
      email: user.email,
      name: user.name,
      role: identity.role,
      permissions,
      expiresAt: new Date((identity.claims.exp ?? 0) * 1000),
      source: 'external',
      secondFactorAgeMinutes: identity.secondFactorAgeMinutes,
    };
  };
}
