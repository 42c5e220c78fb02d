import type { DbHandle } from '@sentia/db/create-db';
import { sessionStepUps, userMfa } from '@sentia/db/schema';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
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
}

const auditOf = (p: AuthPrincipal, actor: AuditActor): AuditActor => ({ ...actor, actor: p.email, userId: p.userId, actorRole: p.role });

/** TOTP enrolment, recovery codes and step-up freshness over the user_mfa and session_step_ups tables. */
export function createTotpService(deps: { db: DbHandle; now?: () => Date }): TotpService {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const stepUpRequired = (detail: string, methods: string) =>
    new AppError('STEP_UP_REQUIRED', detail, { headers: { 'www-authenticate': `StepUp realm="sentia", methods="${methods}", max_age="${STEP_UP_MAX_AGE_SECONDS}"` } });

  const markStepUp = async (tx: Parameters<Parameters<typeof db.db.transaction>[0]>[0], sessionId: string, method: string, at: Date) => {
    await tx
      .insert(sessionStepUps)
      .values({ sessionId, verifiedAt: at, method })
      .onConflictDoUpdate({ target: sessionStepUps.sessionId, set: { verifiedAt: at, method, verifications: sql`${sessionStepUps.verifications} + 1` } });
  };

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
        const at = now();
        await tx
          .insert(userMfa)
          .values({ userId: p.userId, secret, enabledAt: null, recoveryCodeHashes: [], lastUsedStep: null, createdAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: userMfa.userId, set: { secret, enabledAt: null, recoveryCodeHashes: [], lastUsedStep: null, updatedAt: at } });
        await recordAudit(tx, { ...auditOf(p, actor), action: 'auth.mfa.enrol.started', entityType: 'user', entityId: p.userId });
        return { secret, otpauthUri: otpauthUri({ issuer: TOTP_ISSUER, account: p.email, secret }) };
      });
    },

    async confirmEnrolment(p, code, actor) {
      refuseExternal(p);
      return db.db.transaction(async (tx) => {
        const [mfa] = await tx.select().from(userMfa).where(eq(userMfa.userId, p.userId)).for('update');
        if (!mfa) throw new AppError('CONFLICT', 'Start TOTP enrolment first.');
        if (mfa.enabledAt) throw new AppError('CONFLICT', 'TOTP is already enabled for this account.');
        const at = now();
        const step = verifyTotp(base32Decode(mfa.secret), code, at);
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
    },

    async stepUp(p, proof, actor) {
      refuseExternal(p);
      const outcome = await db.db.transaction(async (tx) => {
        const [mfa] = await tx.select().from(userMfa).where(eq(userMfa.userId, p.userId)).for('update');
        if (!mfa?.enabledAt) throw stepUpRequired('Set up an authenticator app (TOTP) before using this action.', 'enrol');
        const at = now();
        let method: 'totp' | 'recovery-code' | null = null;
        if (proof.code) {
          const step = verifyTotp(base32Decode(mfa.secret), proof.code, at, { lastUsedStep: mfa.lastUsedStep });
          if (step !== null) {
            method = 'totp';
            await tx.update(userMfa).set({ lastUsedStep: step, updatedAt: at }).where(eq(userMfa.userId, p.userId));
          }
        } else if (proof.recoveryCode) {
          const hash = hashRecoveryCode(proof.recoveryCode);
          if (mfa.recoveryCodeHashes.includes(hash)) {
            method = 'recovery-code';
            await tx.update(userMfa).set({ recoveryCodeHashes: mfa.recoveryCodeHashes.filter((h) => h !== hash), updatedAt: at }).where(eq(userMfa.userId, p.userId));
          }
        }
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
  };
  return service;
}

/**
 * A route preHandler for high-risk actions: the signed-in session must have proved a second factor within the last
 * 10 minutes, else 401 problem+json with code STEP_UP_REQUIRED and a `WWW-Authenticate: StepUp …` challenge. Use it
 * beside the route's permission declaration: `{ config: { permission: 'admin:manage' }, preHandler: requireStepUp(ctx) }`.
 */
export function requireStepUp(ctx: { mfa: TotpService }): preHandlerAsyncHookHandler {
  return async function requireStepUpGuard(request: FastifyRequest) {
    if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
    await ctx.mfa.assertRecentStepUp(request.principal);
  };
}
