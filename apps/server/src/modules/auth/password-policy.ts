import { readFileSync } from 'node:fs';
import type { Role } from '@sentia/contracts/common';

/** One role's password rules (spec 6.4.1.5, "Password Policy Matrix"). */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  /** Rotation period from the spec's matrix, in days. */
  maxAgeDays: number;
}

const MAX_LENGTH = 256;

/** ADMIN 14 with upper, lower, digits and symbols; MANAGER 12 and OPERATOR 10 with upper, lower and digits; VIEWER 8 with mixed case. */
export const passwordPolicies: Readonly<Record<Role, PasswordPolicy>> = {
  ADMIN: { minLength: 14, maxLength: MAX_LENGTH, requireUppercase: true, requireLowercase: true, requireDigit: true, requireSymbol: true, maxAgeDays: 90 },
  MANAGER: { minLength: 12, maxLength: MAX_LENGTH, requireUppercase: true, requireLowercase: true, requireDigit: true, requireSymbol: false, maxAgeDays: 120 },
  OPERATOR: { minLength: 10, maxLength: MAX_LENGTH, requireUppercase: true, requireLowercase: true, requireDigit: true, requireSymbol: false, maxAgeDays: 180 },
  VIEWER: { minLength: 8, maxLength: MAX_LENGTH, requireUppercase: true, requireLowercase: true, requireDigit: false, requireSymbol: false, maxAgeDays: 365 },
};

export type PasswordFailureCode = 'too-short' | 'too-long' | 'missing-uppercase' | 'missing-lowercase' | 'missing-digit' | 'missing-symbol' | 'breached' | 'contains-identity';

export interface PasswordFailure {
  code: PasswordFailureCode;
  message: string;
}

/** The verdict on a candidate password; every failed rule is listed so the UI can show them all at once (OWASP feedback advice). */
export interface PasswordCheck {
  ok: boolean;
  failures: PasswordFailure[];
}

let commonPasswords: ReadonlySet<string> | undefined;

/** The bundled list of common breached passwords (lower-cased), read once. */
export function loadCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
  return commonPasswords;
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '6': 'g', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't', '2': 'z' };
const unLeet = (s: string, one: 'i' | 'l') => [...s].map((c) => (c === '1' ? one : (LEET[c] ?? c))).join('');

/**
 * True when the password is on the bundled breached list, or is a listed password dressed up the usual ways:
 * different case, digits or symbols added before or after ("Summer2026!", "!!password1"), or leetspeak ("P@ssw0rd").
 */
export function isCommonPassword(password: string): boolean {
  const list = loadCommonPasswords();
  const lower = password.normalize('NFKC').toLowerCase();
  const core = lower.replace(/^[\d\W_]+/u, '').replace(/[\d\W_]+$/u, '');
  const candidates = new Set([lower, lower.replace(/\s+/g, ''), unLeet(lower, 'i'), unLeet(lower, 'l')]);
  if (core.length >= 4) {
    candidates.add(core);
    candidates.add(unLeet(core, 'i'));
    candidates.add(unLeet(core, 'l'));
  }
  // A leetspeak core can itself end in digits that stood for letters ("p@ssw0rd1" → "password" + "1").
  for (const c of [...candidates]) {
    const stripped = c.replace(/[\d\W_]+$/u, '');
    if (stripped.length >= 4) candidates.add(stripped);
  }
  for (const c of candidates) if (list.has(c)) return true;
  return false;
}

const identityParts = (context: { email?: string | null; name?: string | null }) =>
  [context.email?.split('@')[0], ...(context.name?.split(/\s+/) ?? [])].map((p) => p?.trim().toLowerCase() ?? '').filter((p) => p.length >= 4);

/**
 * Checks a candidate password against the role's policy, the breached list and the user's own e-mail and name.
 * Length counts Unicode code points after NFKC normalisation (as the hash sees it).
 */
export function checkPassword(password: string, role: Role, context: { email?: string | null; name?: string | null } = {}): PasswordCheck {
  const policy = passwordPolicies[role];
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  const failures: PasswordFailure[] = [];
  if (length < policy.minLength) failures.push({ code: 'too-short', message: `Use at least ${policy.minLength} characters (${role} accounts).` });
  if (length > policy.maxLength) failures.push({ code: 'too-long', message: `Use at most ${policy.maxLength} characters.` });
  if (policy.requireUppercase && !/\p{Lu}/u.test(normalised)) failures.push({ code: 'missing-uppercase', message: 'Include an upper-case letter.' });
  if (policy.requireLowercase && !/\p{Ll}/u.test(normalised)) failures.push({ code: 'missing-lowercase', message: 'Include a lower-case letter.' });
  if (policy.requireDigit && !/\p{N}/u.test(normalised)) failures.push({ code: 'missing-digit', message: 'Include a digit.' });
  if (policy.requireSymbol && !/[^\p{L}\p{N}]/u.test(normalised)) failures.push({ code: 'missing-symbol', message: 'Include a symbol (anything other than a letter or digit).' });
  if (isCommonPassword(normalised)) failures.push({ code: 'breached', message: 'This password is on a list of commonly used, breached passwords. Choose another.' });
  const lower = normalised.toLowerCase();
  if (identityParts(context).some((part) => lower.includes(part))) failures.push({ code: 'contains-identity', message: 'Do not use your name or e-mail address in your password.' });
  return { ok: failures.length === 0, failures };
}
