import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConnectorError } from './connector-error.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Reads the 32-byte AES-256 key from configuration: base64 (44 chars) or hex (64 chars).
 * Anything else is rejected with a message that never echoes the value.
 */
export function parseEncryptionKey(configured: string): Buffer {
  const trimmed = configured.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new ConnectorError('INVALID_CONFIG', `credential encryption key must be 32 bytes as base64 or hex (got ${key.length} bytes)`);
  }
  return key;
}

/**
 * Encrypts a credential with AES-256-GCM. Output `v1:<iv>:<tag>:<ciphertext>` (base64 parts) so the
 * format can change later; a fresh random 96-bit IV per call. `associatedData` (e.g. the connection
 * id) binds the ciphertext to its row so it cannot be copied to another connection.
 */
export function encryptSecret(plaintext: string, key: Buffer, associatedData?: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

/** Decrypts {@link encryptSecret} output; a wrong key, tampered data or different associated data throws INVALID_CONFIG. */
export function decryptSecret(encrypted: string, key: Buffer, associatedData?: string): string {
  assertKey(key);
  const parts = encrypted.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new ConnectorError('INVALID_CONFIG', 'encrypted secret has an unknown format');
  }
  const iv = Buffer.from(parts[1] ?? '', 'base64');
  const tag = Buffer.from(parts[2] ?? '', 'base64');
  const ciphertext = Buffer.from(parts[3] ?? '', 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new ConnectorError('INVALID_CONFIG', 'encrypted secret has an unknown format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new ConnectorError('INVALID_CONFIG', 'encrypted secret could not be decrypted (wrong key or tampered data)', { cause: error });
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new ConnectorError('INVALID_CONFIG', 'credential encryption key must be 32 bytes');
}

const secretKeyPattern = /(secret|token|password|passwd|api[-_]?key|apikey|authorization|signature|hmac|credential|refresh|cookie|private)/i;
const secretValuePatterns = [/Atz[ar]\|[^\s"'&]+/g, /shp(at|ss|ca|pa)_[A-Za-z0-9]+/g, /amzn1\.oa2-cs\.[^\s"'&]+/g];

/** Replacement used for secret values. */
export const REDACTED = '[REDACTED]';

/**
 * Copy of `value` safe to log: properties whose name looks secret (token, secret, signature,
 * authorization, api key, …) are replaced, and token-shaped strings (LWA `Atza|…`/`Atzr|…`,
 * Shopify `shpat_…`) are masked wherever they appear.
 */
export function redactSecrets<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]' as T;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, seen)) as T;
  if (value instanceof Headers) {
    const out: Record<string, string> = {};
    value.forEach((v, k) => {
      out[k] = secretKeyPattern.test(k) ? REDACTED : redactString(v);
    });
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretKeyPattern.test(k) && v != null && v !== '' ? REDACTED : redactSecrets(v, seen);
  }
  return out as T;
}

function redactString(value: string): string {
  let out = value;
  for (const pattern of secretValuePatterns) out = out.replace(pattern, REDACTED);
  return out;
}
