import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, decryptSecret, encryptSecret, parseEncryptionKey, redactSecrets } from './secrets.ts';

const key = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  it('when a secret is encrypted, then it round-trips and the ciphertext differs every time', () => {
    const a = encryptSecret('shpat_abc123', key, 'conn-1');
    const b = encryptSecret('shpat_abc123', key, 'conn-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('shpat_abc123');
    expect(decryptSecret(a, key, 'conn-1')).toBe('shpat_abc123');
  });

  it('when the key, associated data or ciphertext differ, then decryption is refused', () => {
    const sealed = encryptSecret('Atzr|refresh', key, 'conn-1');
    expect(() => decryptSecret(sealed, randomBytes(32), 'conn-1')).toThrow(/could not be decrypted/);
    expect(() => decryptSecret(sealed, key, 'conn-2')).toThrow(/could not be decrypted/);
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3] ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptSecret([parts[0], parts[1], parts[2], flipped.toString('base64')].join(':'), key, 'conn-1')).toThrow();
    expect(() => decryptSecret('garbage', key)).toThrow(/unknown format/);
  });

  it('when the configured key is base64 or hex of 32 bytes, then it parses; otherwise the error does not echo it', () => {
    expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('hex')).equals(key)).toBe(true);
    expect(() => parseEncryptionKey('short-secret-value')).toThrow(/32 bytes/);
    try {
      parseEncryptionKey('short-secret-value');
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret-value');
    }
  });
});

describe('redactSecrets', () => {
  it('when an object holds credentials, then secret-named fields and token-shaped strings are masked', () => {
    const out = redactSecrets({
      clientId: 'amzn1.application-oa2-client.abc',
      clientSecret: 'amzn1.oa2-cs.v1.xyz',
      nested: { refreshToken: 'Atzr|IwEB', 'x-amz-access-token': 'Atza|abc' },
      message: 'call failed with token Atza|IwEBIExample and shpat_12345',
      headers: new Headers({ 'X-Shopify-Access-Token': 'shpat_1', accept: 'application/json' }),
      list: [{ apiKey: 'k' }],
    });
    expect(out).toEqual({
      clientId: 'amzn1.application-oa2-client.abc',
      clientSecret: REDACTED,
      nested: { refreshToken: REDACTED, 'x-amz-access-token': REDACTED },
      message: `call failed with token ${REDACTED} and ${REDACTED}`,
      headers: { 'x-shopify-access-token': REDACTED, accept: 'application/json' },
      list: [{ apiKey: REDACTED }],
    });
  });
});
