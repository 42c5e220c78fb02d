import { hkdfSync } from 'node:crypto';
import { decryptSecret, encryptSecret, parseEncryptionKey } from '@sentia/connectors/shared/secrets';

const SEALED_PREFIX = 'v1:';

/**
 * The AES-256 key for TOTP secrets at rest: MFA_ENCRYPTION_KEY when configured, otherwise derived from the session
 * secret with HKDF-SHA256 (so a default install encrypts too). With the derived key, changing SESSION_SECRET makes the
 * stored secrets unreadable and every enrolled user has to enrol again: set MFA_ENCRYPTION_KEY to rotate them apart.
 */
export function mfaSecretKey(configured: string | null, sessionSecret: string): Buffer {
  if (configured) return parseEncryptionKey(configured);
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'sentia', 'totp-secret-encryption-v1', 32));
}

/** Encrypts a user's TOTP secret with AES-256-GCM, bound to the user id so a row copied to another user fails to open. */
export function sealTotpSecret(secret: string, key: Buffer, userId: string): string {
  return encryptSecret(secret, key, `user_mfa:${userId}`);
}

/**
 * Opens a stored TOTP secret. Rows written before encryption (bare base32) are read as they are; they are sealed the
 * next time the user enrols.
 */
export function openTotpSecret(stored: string, key: Buffer, userId: string): string {
  return stored.startsWith(SEALED_PREFIX) ? decryptSecret(stored, key, `user_mfa:${userId}`) : stored;
}
