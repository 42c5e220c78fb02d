import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** HMAC algorithms RFC 6238 allows. Authenticator apps broadly support only SHA1, the default. */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpOptions {
  /** Code length; 6 (the default) or 8. */
  digits?: number;
  /** Seconds per time step; 30 by default. */
  period?: number;
  algorithm?: TotpAlgorithm;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (the form otpauth URIs use). */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, spaces and `=` padding ignored). @throws Error on a character outside the alphabet. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of clean) {
    const index = BASE32.indexOf(c);
    if (index < 0) throw new Error(`base32Decode: '${c}' is not a base32 character`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226): dynamic truncation of HMAC(key, counter) to `digits` decimal digits. */
export function hotp(key: Uint8Array, counter: number, options: Pick<TotpOptions, 'digits' | 'algorithm'> = {}): string {
  const digits = options.digits ?? 6;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac((options.algorithm ?? 'SHA1').toLowerCase(), key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step containing `at`. */
export function totpStep(at: Date, period = 30): number {
  return Math.floor(at.getTime() / 1000 / period);
}

/** The TOTP code (RFC 6238) for the time `at`. */
export function totp(key: Uint8Array, at: Date, options: TotpOptions = {}): string {
  return hotp(key, totpStep(at, options.period), options);
}

/**
 * Checks a code against the current time step and one step either side (clock drift of ±30 s), in constant time per
 * candidate. Returns the matched step, or null. A step at or below `lastUsedStep` is refused, so a code cannot be
 * replayed (not even a neighbouring step's code once a later one has been used).
 */
export function verifyTotp(key: Uint8Array, code: string, at: Date, options: TotpOptions & { window?: number; lastUsedStep?: number | null } = {}): number | null {
  const digits = options.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const window = options.window ?? 1;
  const current = totpStep(at, options.period);
  let matched: number | null = null;
  for (let step = current - window; step <= current + window; step += 1) {
    const expected = hotp(key, step, options);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code)) && matched === null) matched = step;
  }
  if (matched === null) return null;
  if (options.lastUsedStep !== undefined && options.lastUsedStep !== null && matched <= options.lastUsedStep) return null;
  return matched;
}

/** A new random TOTP secret: 20 bytes (160 bits, RFC 4226's recommended length), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/**
 * The `otpauth://totp/…` URI authenticator apps read from a QR code (Key Uri Format). The web renders it as a QR
 * code on the client; the secret is shown only during enrolment.
 */
export function otpauthUri(input: { issuer: string; account: string; secret: string } & TotpOptions): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const params = new URLSearchParams({ secret: input.secret, issuer: input.issuer, algorithm: input.algorithm ?? 'SHA1', digits: String(input.digits ?? 6), period: String(input.period ?? 30) });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** Ten one-time recovery codes like `k3vq-8x2m-p7dz` (about 59 bits each, no look-alike characters), shown to the user once. */
export function generateRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** How a recovery code is stored: SHA-256 of its normalised form (codes are random, so no slow hash is needed). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}
