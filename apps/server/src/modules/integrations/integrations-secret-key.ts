import { hkdfSync } from 'node:crypto';
import { decryptSecret, encryptSecret, parseEncryptionKey } from '@sentia/connectors/shared/secrets';
import { type Config, resolveSessionSecret } from '../../config.ts';
import { AppError } from '../../http/app-error.ts';

const derived = new WeakMap<Config, Buffer | null>();

/**
 * The AES-256-GCM key for connection credentials: INTEGRATIONS_SECRET_KEY when set. Unset, it is derived from
 * the session secret (HKDF, its own label) outside production and for the single-process embedded install
 * (`npm start` without DATABASE_URL, whose session secret lives in DATA_DIR), so the demo works with nothing
 * configured. In production on PostgreSQL it must be set (rotating SESSION_SECRET must not make stored
 * credentials unreadable); null here makes every credential operation refuse with 503.
 */
export function integrationsSecretKey(config: Config): Buffer | null {
  if (derived.has(config)) return derived.get(config)!;
  let key: Buffer | null = null;
  if (config.integrationsSecretKey) key = parseEncryptionKey(config.integrationsSecretKey);
  else if (!config.isProduction || !config.databaseUrl) key = Buffer.from(hkdfSync('sha256', resolveSessionSecret(config), 'sentia', 'integration-credentials-v1', 32));
  derived.set(config, key);
  return key;
}

function requireKey(key: Buffer | null): Buffer {
  if (!key) throw new AppError('UNAVAILABLE', 'INTEGRATIONS_SECRET_KEY is not configured: connection credentials cannot be stored or read.');
  return key;
}

/** Credentials (a JSON object) sealed for one connection row: the id is the associated data, so a ciphertext copied to another row fails to open. */
export function sealCredentials(key: Buffer | null, connectionId: string, credentials: Record<string, unknown>): string {
  return encryptSecret(JSON.stringify(credentials), requireKey(key), connectionId);
}

export function openCredentials(key: Buffer | null, connectionId: string, sealed: string): Record<string, unknown> {
  return JSON.parse(decryptSecret(sealed, requireKey(key), connectionId)) as Record<string, unknown>;
}
