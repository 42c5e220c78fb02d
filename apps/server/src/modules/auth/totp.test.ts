import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, hotp, otpauthUri, totp, verifyTotp } from './totp.ts';

const sha1Key = Buffer.from('12345678901234567890');
const sha256Key = Buffer.from('12345678901234567890123456789012');
const sha512Key = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('hotp (RFC 4226 appendix D)', () => {
  it('when counters 0..9 are computed, then the published values come out', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(sha1Key, i))).toEqual(expected);
  });
});

describe('totp (RFC 6238 appendix B)', () => {
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)('when T=%i, then SHA1 %s, SHA256 %s, SHA512 %s', (seconds, s1, s256, s512) => {
    const at = new Date(seconds * 1000);
    expect(totp(sha1Key, at, { digits: 8 })).toBe(s1);
    expect(totp(sha256Key, at, { digits: 8, algorithm: 'SHA256' })).toBe(s256);
    expect(totp(sha512Key, at, { digits: 8, algorithm: 'SHA512' })).toBe(s512);
  });
});

describe('verifyTotp', () => {
  const now = new Date('2026-11-26T10:00:15Z');
  const codeAt = (offsetSeconds: number) => totp(sha1Key, new Date(now.getTime() + offsetSeconds * 1000));

  it('when the code is from the current step or one step either side (±30 s drift), then it is accepted', () => {
    expect(verifyTotp(sha1Key, codeAt(0), now)).toBe(Math.floor(now.getTime() / 30_000));
    expect(verifyTotp(sha1Key, codeAt(-30), now)).not.toBeNull();
    expect(verifyTotp(sha1Key, codeAt(30), now)).not.toBeNull();
  });

  it('when the code is two steps away, malformed or wrong, then it is refused', () => {
    expect(verifyTotp(sha1Key, codeAt(-60), now)).toBeNull();
    expect(verifyTotp(sha1Key, codeAt(60), now)).toBeNull();
    expect(verifyTotp(sha1Key, '12345', now)).toBeNull();
    expect(verifyTotp(sha1Key, 'abcdef', now)).toBeNull();
    const good = codeAt(0);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(sha1Key, wrong, now)).toBeNull();
  });

  it('when a code for an already used step is replayed, then it is refused', () => {
    const step = verifyTotp(sha1Key, codeAt(0), now)!;
    expect(verifyTotp(sha1Key, codeAt(0), now, { lastUsedStep: step })).toBeNull();
    expect(verifyTotp(sha1Key, codeAt(-30), now, { lastUsedStep: step })).toBeNull();
    expect(verifyTotp(sha1Key, codeAt(30), now, { lastUsedStep: step })).toBe(step + 1);
  });
});

describe('secrets, URIs and recovery codes', () => {
  it('when a secret is generated, then it is 160 bits of base32 that round-trips', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi==').toString()).toBe('foobar');
    expect(() => base32Decode('MZ1W')).toThrow(/not a base32/);
  });

  it('when an otpauth URI is built, then it carries label, secret, issuer and parameters', () => {
    expect(otpauthUri({ issuer: 'Sentia Dashboard', account: 'ada@example.com', secret: 'JBSWY3DPEHPK3PXP' })).toBe(
      'otpauth://totp/Sentia%20Dashboard:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Sentia+Dashboard&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('when recovery codes are generated, then ten distinct codes whose hash ignores case and dashes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replaceAll('-', ' '))).toBe(hashRecoveryCode(codes[0]!));
  });
});
