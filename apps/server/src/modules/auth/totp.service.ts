import type { DbHandle, DbTransaction } from '@sentia/db/create-db';
import { sessionStepUps, userMfa } from '@sentia/db/schema';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Cache } from '../../cache/create-cache.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { openTotpSecret, sealTotpSecret } from './mfa-secret-key.ts';
import { base32Decode, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, otpauthUri, verifyTotp } from './totp.ts';

/** Spec: high-risk actions need a second factor proved within the last 10 minutes. */
export const STEP_UP_MAX_AGE_SECONDS = 600;
export const TOTP_ISSUER = 'Sentia Manufacturing';

export interface MfaStatus {
  enrolled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  /** Until when the current session counts as freshly stepped up, or null. */
  stepUpValidUntil: Date | null;
}

export interface TotpService {
  status(principal: AuthPrincipal): Promise<MfaStatus>;
  /** Starts (or restarts) enrolment with a new secret; refused with CONFLICT once TOTP is enabled. */
  beginEnrolment(principal: AuthPrincipal, actor: AuditActor): Promise<{ secret: string; otpauthUri: string }>;
  /** Confirms enrolment with a first code; returns the one-time recovery codes (shown once) and counts as a step-up. */
  confirmEnrolment(principal: AuthPrincipal, code: string, actor: AuditActor): Promise<{ recoveryCodes: string[] }>;
  /** Proves the second factor for this session (a TOTP code or an unused recovery code). */
  stepUp(principal: AuthPrincipal, proof: { code?: string | undefined; recoveryCode?: string | undefined }, actor: AuditActor): Promise<{ verifiedAt: Date; validUntil: Date }>;
  /** Throws STEP_UP_REQUIRED unless the session proved a second factor within the last 10 minutes. */
  assertRecentStepUp(principal: AuthPrincipal): Promise<void>;
  /** Removes a user's TOTP and recovery codes (ADMIN action, e.g. a lost phone); the user enrols again. Audited. */
  resetMfa(admin: AuthPrincipal, userId: string, actor: AuditActor): Promise<{ wasEnrolled: boolean }>;
}

/** A second-factor proof: a TOTP code or an unused recovery code. */
export interface SecondFactorProof {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Checks a proof against the user's TOTP inside the caller's transaction (row locked), consuming it: the code's time
 * step becomes the last used one (no replay), a recovery code is struck off. Returns the method that matched, null for
 * a wrong proof, `not-enrolled` when the user has no enabled TOTP.
 */
export async function verifySecondFactor(tx: DbTransaction, userId: string, proof: SecondFactorProof, at: Date, key: Buffer): Promise<'totp' | 'recovery-code' | 'not-enrolled' | null> {
  const [mfa] = await tx.select().from(userMfa).where(eq(userMfa.userId, userId)).for('update');
  if (!mfa?.enabledAt) return 'not-enrolled';
  if (proof.code) {
    const step = verifyTotp(base32Decode(openTotpSecret(mfa.secret, key, userId)), proof.code, at, { lastUsedStep: mfa.lastUsedStep });
    if (step === null) return null;
    await tx.update(userMfa).set({ lastUsedStep: step, updatedAt: at }).where(eq(userMfa.userId, userId));
    return 'totp';
  }
  if (proof.recoveryCode) {
    const hash = hashRecoveryCode(proof.recoveryCode);
    if (!mfa.recoveryCodeHashes.includes(hash)) return null;
    await tx.update(userMfa).set({ recoveryCodeHashes: mfa.recoveryCodeHashes.filter((h) => h !== hash), updatedAt: at }).where(eq(userMfa.userId, userId));
    return 'recovery-code';
  }
  return null;
}

/** Records that the session proved a second factor at `at` (sign-in with TOTP, enrolment, step-up). */
export async function markStepUp(tx: DbTransaction, sessionId: string, method: string, at: Date): Promise<void> {
  await tx
    .insert(sessionStepUps)
    .values({ sessionId, verifiedAt: at, method })
    .onConflictDoUpdate({ target: sessionStepUps.sessionId, set: { verifiedAt: at, method, verifications: sql`${sessionStepUps.verifications} + 1` } });
}

/**
 * Enrols a user with a given secret (no confirmation step): for the demo ADMIN, whose published secret lets anyone
 * trying the demo add it to an authenticator app. No-op when the user already has TOTP enabled.
 */
export async function enrolWithKnownSecret(db: DbHandle, input: { userId: string; secret: string; key: Buffer; at?: Date }): Promise<boolean> {
  const at = input.at ?? new Date();
  const rows = await db.db
    .insert(userMfa)
    .values({ userId: input.userId, secret: sealTotpSecret(input.secret, input.key, input.userId), enabledAt: at, recoveryCodeHashes: [], lastUsedStep: null, createdAt: at, updatedAt: at })
    .onConflictDoNothing()
    .returning({ userId: userMfa.userId });
  return rows.length > 0;
}

const auditOf = (p: AuthPrincipal, actor: AuditActor): AuditActor => ({ ...actor, actor: p.email, userId: p.userId, actorRole: p.role });

/**
 * TOTP enrolment, recovery codes and step-up freshness over the user_mfa and session_step_ups tables. Secrets are
 * stored encrypted with `secretKey` (AES-256-GCM). `cache` is told when enrolment changes, because cached sessions
 * carry whether their user still has to enrol. With `stepUpWaived` (development mock sign-in) every session counts as
 * stepped up.
 */
export function createTotpService(deps: { db: DbHandle; secretKey: Buffer; cache?: Cache; now?: () => Date; stepUpWaived?: boolean }): TotpService {
  const { db, secretKey } = deps;
  const sessionsChanged = async () => deps.cache?.invalidate(['sessions']);
  const now = deps.now ?? (() => new Date());

  const stepUpRequired = (detail: string, methods: string) =>
    new AppError('STEP_UP_REQUIRED', detail, { headers: { 'www-authenticate': `StepUp realm="sentia", methods="${methods}", max_age="${STEP_UP_MAX_AGE_SECONDS}"` } });

  const refuseExternal = (p: AuthPrincipal) => {
    if (p.source === 'external') throw new AppError('CONFLICT', 'Your second factor is managed by the identity provider.');
  };

  const service: TotpService = {
    async status(p) {
      if (p.source === 'external') {
        const fresh = p.secondFactorAgeMinutes !== null && p.secondFactorAgeMinutes !== undefined;
        return { enrolled: fresh, enabledAt: null, recoveryCodesLeft: 0, stepUpValidUntil: null };
      }
      const [mfa] = await db.db.select().from(userMfa).where(eq(userMfa.userId, p.userId));
      const [step] = await db.db.select().from(sessionStepUps).where(eq(sessionStepUps.sessionId, p.sessionId));
      const validUntil = step ? new Date(step.verifiedAt.getTime() + STEP_UP_MAX_AGE_SECONDS * 1000) : null;
      return {
        enrolled: Boolean(mfa?.enabledAt),
        enabledAt: mfa?.enabledAt ?? null,
        recoveryCodesLeft: mfa?.enabledAt ? mfa.recoveryCodeHashes.length : 0,
        stepUpValidUntil: validUntil && validUntil > now() ? validUntil : null,
      };
    },

    async beginEnrolment(p, actor) {
      refuseExternal(p);
      return db.db.transaction(async (tx) => {
        const [existing] = await tx.select().from(userMfa).where(eq(userMfa.userId, p.userId)).for('update');
        if (existing?.enabledAt) throw new AppError('CONFLICT', 'TOTP is already enabled for this account; an administrator can reset it.');
        const secret = generateTotpSecret();
        const sealed = sealTotpSecret(secret, secretKey, p.userId);
        const at = now();
        await tx
          .insert(userMfa)
          .values({ userId: p.userId, secret: sealed, enabledAt: null, recoveryCodeHashes: [], lastUsedStep: null, createdAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: userMfa.userId, set: { secret: sealed, enabledAt: null, recoveryCodeHashes: [], lastUsedStep: null, updatedAt: at } });
        await recordAudit(tx, { ...auditOf(p, actor), action: 'auth.mfa.enrol.started', entityType: 'user', entityId: p.userId });
        return { secret, otpauthUri: otpauthUri({ issuer: TOTP_ISSUER, account: p.email, secret }) };
      });
    },

    async confirmEnrolment(p, code, actor) {
      refuseExternal(p);
      const result = await db.db.transaction(async (tx) => {
        const [mfa] = await tx.select().from(userMfa).where(eq(userMfa.userId, p.userId)).for('update');
        if (!mfa) throw new AppError('CONFLICT', 'Start TOTP enrolment first.');
        if (mfa.enabledAt) throw new AppError('CONFLICT', 'TOTP is already enabled for this account.');
        const at = now();
        const step = verifyTotp(base32Decode(openTotpSecret(mfa.secret, secretKey, p.userId)), code, at);
        if (step === null) {
          await recordAudit(tx, { ...auditOf(p, actor), action: 'auth.mfa.enrol.failed', entityType: 'user', entityId: p.userId });
          throw new AppError('BAD_REQUEST', 'That code is not valid: check the authenticator app and the device clock, then try the current code.');
        }
        const recoveryCodes = generateRecoveryCodes();
        await tx.update(userMfa).set({ enabledAt: at, lastUsedStep: step, recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode), updatedAt: at }).where(eq(userMfa.userId, p.userId));
        await markStepUp(tx, p.sessionId, 'totp', at);
        await recordAudit(tx, { ...auditOf(p, actor), action: 'auth.mfa.enrolled', entityType: 'user', entityId: p.userId, after: { method: 'totp', recoveryCodes: recoveryCodes.length } });
        return { recoveryCodes };
      });
      await sessionsChanged();
      return result;
    },

    async stepUp(p, proof, actor) {
      refuseExternal(p);
      const outcome = await db.db.transaction(async (tx) => {
        const at = now();
        const method = await verifySecondFactor(tx, p.userId, proof, at, secretKey);
        if (method === 'not-enrolled') throw stepUpRequired('Set up an authenticator app (TOTP) before using this action.', 'enrol');
        if (!method) {
          await recordAudit(tx, { ...auditOf(p, actor), action: 'auth.step-up.failed', entityType: 'session', entityId: p.sessionId, after: { method: proof.code ? 'totp' : 'recovery-code' } });
          return null;
        }
        await markStepUp(tx, p.sessionId, method, at);
        await recordAudit(tx, { ...auditOf(p, actor), action: 'auth.step-up.succeeded', entityType: 'session', entityId: p.sessionId, after: { method } });
        return { verifiedAt: at, validUntil: new Date(at.getTime() + STEP_UP_MAX_AGE_SECONDS * 1000) };
      });
      // Thrown after the transaction so the failed attempt's audit entry is kept.
      if (!outcome) throw stepUpRequired('That code is not valid or was already used.', 'totp recovery-code');
      return outcome;
    },

    async assertRecentStepUp(p) {
      if (deps.stepUpWaived) return;
      if (p.source === 'external') {
        // The identity provider owns the second factor; its token says how long ago it was verified.
        if (p.secondFactorAgeMinutes !== null && p.secondFactorAgeMinutes !== undefined && p.secondFactorAgeMinutes * 60 <= STEP_UP_MAX_AGE_SECONDS) return;
        throw stepUpRequired('This action needs a fresh second factor: re-verify with the identity provider.', 'idp-reverification');
      }
      const [step] = await db.db.select({ verifiedAt: sessionStepUps.verifiedAt }).from(sessionStepUps).where(eq(sessionStepUps.sessionId, p.sessionId));
      if (step && now().getTime() - step.verifiedAt.getTime() <= STEP_UP_MAX_AGE_SECONDS * 1000) return;
      const [mfa] = await db.db.select({ enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, p.userId));
      if (!mfa?.enabledAt) throw stepUpRequired('This action needs a second factor: set up an authenticator app (TOTP) first.', 'enrol');
      throw stepUpRequired('This action needs a fresh second factor: confirm a code from your authenticator app (POST /api/auth/step-up).', 'totp recovery-code');
    },

    async resetMfa(admin, userId, actor) {
      const wasEnrolled = await db.db.transaction(async (tx) => {
        const removed = await tx.delete(userMfa).where(eq(userMfa.userId, userId)).returning({ enabledAt: userMfa.enabledAt });
        const enrolled = removed.some((r) => r.enabledAt !== null);
        await recordAudit(tx, { ...auditOf(admin, actor), action: 'auth.mfa.reset', entityType: 'user', entityId: userId, before: { enrolled }, after: { enrolled: false } });
        return enrolled;
      });
      await sessionsChanged();
      return { wasEnrolled };
    },
  };
  return service;
}

/**
 * A route preHandler for high-risk actions (user and role changes, permission edits, integration secrets, feature
 * flags, data erasure): the session must have proved a second factor within the last 10 minutes, else 401
 * problem+json with code STEP_UP_REQUIRED and a `WWW-Authenticate: StepUp …` challenge, which the web client answers
 * with a TOTP prompt and a retry. Use it beside the route's permission declaration:
 * `{ config: { permission: 'admin:manage' }, preHandler: requireStepUp(ctx) }`. When only the handler knows whether
 * the action is high-risk (approving a purchase order above `config.stepUpPurchaseOrderAbove`), call
 * {@link assertStepUp} there instead.
 */
export function requireStepUp(ctx: { mfa: Pick<TotpService, 'assertRecentStepUp'> }): preHandlerAsyncHookHandler {
  return async function requireStepUpGuard(request: FastifyRequest) {
    await assertStepUp(ctx, request);
  };
}

/** The check behind {@link requireStepUp}, for handlers that decide case by case. */
export async function assertStepUp(ctx: { mfa: Pick<TotpService, 'assertRecentStepUp'> }, request: FastifyRequest): Promise<void> {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
  await ctx.mfa.assertRecentStepUp(request.principal);
}
