import type { DbHandle } from '@sentia/db/create-db';
import { users } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import type { Cache } from '../../cache/create-cache.ts';
import { AppError } from '../../http/app-error.ts';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { authCacheTags } from '../auth/auth.service.ts';
import { EXPORT_MAX_AUDIT_ENTRIES, anonymiseUser, findAllSessions, findAuditEntriesOf, findUserMfa, findUserProfile } from './user-data.repository.ts';

const auditOf = (p: AuthPrincipal, actor: AuditActor): AuditActor => ({ ...actor, actor: p.email, userId: p.userId, actorRole: p.role });

export interface UserDataService {
  /** Everything stored about the principal (GDPR Art. 15/20), as JSON; the export itself is audited. */
  exportOwnData(principal: AuthPrincipal, actor: AuditActor): Promise<Record<string, unknown>>;
  /**
   * Erasure by anonymisation (GDPR Art. 17): the user row keeps its id but loses e-mail, name, password and external id;
   * sessions and second factor are deleted. Audit entries are kept unchanged (append-only, hash-chained; retained as
   * security records under Art. 17(3)(b) and (e)), so the chain still verifies. Refuses erasing yourself.
   */
  eraseUser(admin: AuthPrincipal, userId: string, actor: AuditActor): Promise<{ erased: true }>;
}

export function createUserDataService(deps: { db: DbHandle; cache: Cache; now?: () => Date }): UserDataService {
  const { db, cache } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async exportOwnData(p, actor) {
      const profile = await findUserProfile(db.db, p.userId);
      if (!profile) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
      const mfa = await findUserMfa(db.db, p.userId);
      const sessionRows = await findAllSessions(db.db, p.userId);
      const audit = await findAuditEntriesOf(db.db, p.userId, EXPORT_MAX_AUDIT_ENTRIES + 1);
      await recordAudit(db.db, { ...auditOf(p, actor), action: 'user.data-exported', entityType: 'user', entityId: p.userId, after: { sessions: sessionRows.length, auditEntries: Math.min(audit.length, EXPORT_MAX_AUDIT_ENTRIES) } });
      return {
        exportedAt: now().toISOString(),
        user: profile,
        secondFactor: mfa ? { method: 'totp', enabledAt: mfa.enabledAt, createdAt: mfa.createdAt, recoveryCodesLeft: mfa.recoveryCodeHashes.length } : null,
        sessions: sessionRows,
        auditTrail: { entries: audit.slice(0, EXPORT_MAX_AUDIT_ENTRIES), isTruncated: audit.length > EXPORT_MAX_AUDIT_ENTRIES },
      };
    },

    async eraseUser(admin, userId, actor) {
      if (admin.userId === userId) throw new AppError('CONFLICT', 'You cannot erase your own account; ask another administrator.');
      await db.db.transaction(async (tx) => {
        const [user] = await tx.select({ id: users.id, role: users.role, email: users.email }).from(users).where(eq(users.id, userId)).for('update');
        if (!user) throw new AppError('NOT_FOUND', 'No user with that id.');
        if (user.email.endsWith('@erased.invalid')) throw new AppError('CONFLICT', 'This user has already been erased.');
        await anonymiseUser(tx, userId, now());
        // No personal data in the entry: it must survive the erasure it records.
        await recordAudit(tx, { ...auditOf(admin, actor), action: 'user.erased', entityType: 'user', entityId: userId, before: { role: user.role }, after: { anonymised: true } });
      });
      await cache.invalidate([authCacheTags.sessions]);
      return { erased: true };
    },
  };
}
