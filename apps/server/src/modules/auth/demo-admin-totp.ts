import type { DbHandle } from '@sentia/db/create-db';
import { demoAccounts } from '@sentia/db/demo/demo-accounts';
import { users } from '@sentia/db/schema';
import { eq } from 'drizzle-orm';
import { TOTP_ISSUER, enrolWithKnownSecret } from './totp.service.ts';
import { otpauthUri } from './totp.ts';

/**
 * The demo ADMIN's TOTP secret. Public by design, like the demo passwords (printed at start-up, in the README): ADMIN
 * must have a second factor, and a published secret keeps the demo usable by anyone — add it to an authenticator app,
 * or print the current code with `npm run -s demo:totp`. It exists only in the demo world.
 */
export const DEMO_ADMIN_TOTP_SECRET = 'KRSXG5CTMVXHI2LBEBSGK3LPEBQWI3LJ';

const demoAdmin = demoAccounts.find((a) => a.role === 'ADMIN')!;

/** The demo ADMIN's otpauth:// URI (what the QR code of an enrolment would hold). */
export const demoAdminOtpauthUri = otpauthUri({ issuer: TOTP_ISSUER, account: demoAdmin.email, secret: DEMO_ADMIN_TOTP_SECRET });

/** Enrols the demo ADMIN with {@link DEMO_ADMIN_TOTP_SECRET} unless it has a TOTP row already; true when it did. */
export async function enrolDemoAdminTotp(db: DbHandle, key: Buffer): Promise<boolean> {
  const [admin] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, demoAdmin.email));
  if (!admin) return false;
  return enrolWithKnownSecret(db, { userId: admin.id, secret: DEMO_ADMIN_TOTP_SECRET, key });
}
