import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.ts';

describe('password hashing', () => {
  it('when a password is hashed, then it verifies and a wrong one does not', async () => {
    const stored = await hashPassword('Sentia-Admin-2026!');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Sentia-Admin-2026!', stored)).toBe(true);
    expect(await verifyPassword('Sentia-Admin-2026?', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('when the same password is hashed twice, then the salts (and hashes) differ', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('when the stored value is malformed or has absurd parameters, then it verifies as false', async () => {
    const stored = await hashPassword('pw');
    const parts = stored.split('$');
    expect(await verifyPassword('pw', 'plaintext')).toBe(false);
    expect(await verifyPassword('pw', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await verifyPassword('pw', ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('pw', ['scrypt', '1000', ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('pw', [...parts.slice(0, 5), ''].join('$'))).toBe(false);
  });

  it('when the stored hash was made with other valid cost parameters, then they are read from it', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('pw', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword('pw', stored)).toBe(true);
    expect(await verifyPassword('pw', stored.replace('scrypt$1024$', 'scrypt$2048$'))).toBe(false);
  });
});
