import { describe, expect, it } from 'vitest';
import { checkPassword, isCommonPassword, loadCommonPasswords, passwordPolicies } from './password-policy.ts';

const codes = (pw: string, role: Parameters<typeof checkPassword>[1], ctx = {}) => checkPassword(pw, role, ctx).failures.map((f) => f.code);

describe('passwordPolicies', () => {
  it('when read, then the minimum lengths are the spec matrix: ADMIN 14, MANAGER 12, OPERATOR 10, VIEWER 8', () => {
    expect(Object.fromEntries(Object.entries(passwordPolicies).map(([r, p]) => [r, p.minLength]))).toEqual({ ADMIN: 14, MANAGER: 12, OPERATOR: 10, VIEWER: 8 });
  });
});

describe('checkPassword', () => {
  it('when each role gets a password exactly at its minimum, then it passes; one character shorter fails as too short', () => {
    const cases = [
      ['ADMIN', 'Kv7#qPz!m2Lx9w'],
      ['MANAGER', 'Kv7qPzQm2Lx9'],
      ['OPERATOR', 'Kv7qPzm2Lx'],
      ['VIEWER', 'KvqPzmLx'],
    ] as const;
    for (const [role, pw] of cases) {
      expect([...pw].length).toBe(passwordPolicies[role].minLength);
      expect(checkPassword(pw, role), role).toEqual({ ok: true, failures: [] });
      expect(codes(pw.slice(1), role), role).toEqual(['too-short']);
    }
  });

  it('when ADMIN lacks a symbol, MANAGER lacks a digit, OPERATOR lacks upper case or VIEWER lacks lower case, then that rule fails', () => {
    expect(codes('Kv7qPzqm2Lx9wR', 'ADMIN')).toEqual(['missing-symbol']);
    expect(codes('KvRqPzQmsLxwT', 'MANAGER')).toEqual(['missing-digit']);
    expect(codes('kv7qpzm2lx9w', 'OPERATOR')).toEqual(['missing-uppercase']);
    expect(codes('KVQPZMLXW', 'VIEWER')).toEqual(['missing-lowercase']);
    // VIEWER needs mixed case only: no digit, no symbol.
    expect(codes('KvqPzmLxw', 'VIEWER')).toEqual([]);
  });

  it('when everything is wrong, then every failure is listed at once', () => {
    expect(codes('abc', 'ADMIN')).toEqual(['too-short', 'missing-uppercase', 'missing-digit', 'missing-symbol']);
  });

  it('when the password is a common one dressed up with case, digits, symbols or leetspeak, then it is refused as breached even if it meets the rules', () => {
    for (const pw of ['Password123!', 'P@ssw0rd2026!!', 'Summer2026!', '!!Qwerty123456', 'Iloveyou1234', 'Manchesterunited1!', 'L3tm3in12345#']) {
      expect(codes(pw, 'OPERATOR'), pw).toContain('breached');
    }
  });

  it('when the password contains the e-mail name or a name part, then it is refused', () => {
    expect(codes('Grace-Hopper-1906-x', 'ADMIN', { email: 'ghopper@navy.example', name: 'Grace Hopper' })).toEqual(['contains-identity']);
    expect(codes('xGhopper1906!zzQ', 'ADMIN', { email: 'ghopper@navy.example' })).toEqual(['contains-identity']);
  });

  it('when characters are outside ASCII, then length counts code points and Unicode letters count as upper/lower case', () => {
    expect(codes('Ünïcödé😀Ab', 'VIEWER')).toEqual([]);
    expect(codes('😀😀😀😀😀😀😀', 'VIEWER')).toContain('too-short');
  });

  it('when a long passphrase is used, then it passes without being mistaken for a common password', () => {
    expect(checkPassword('Correct horse battery staple 42', 'MANAGER').ok).toBe(true);
  });
});

describe('the bundled breached-password list', () => {
  it('when loaded, then it holds thousands of entries including the classic top ones', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThan(2_000);
    for (const pw of ['123456', 'password', 'qwerty', 'iloveyou', 'dragon', 'monkey', 'letmein', 'trustno1']) expect(list.has(pw), pw).toBe(true);
    expect(isCommonPassword('xq7!Vb9#Lm2@Rt')).toBe(false);
  });
});
