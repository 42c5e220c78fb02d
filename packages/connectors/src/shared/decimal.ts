import { Decimal } from 'decimal.js';
import type { IntegrationSource } from '@sentia/contracts/integrations';
import { ConnectorError } from './connector-error.ts';

const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Money or quantity from a vendor payload as a plain decimal string ("34.99", "0", "-1.5").
 * Strings are parsed exactly (never through a float); JSON numbers (Unleashed) go through their
 * shortest round-trip text, which is exactly what the vendor serialised. Bad input throws
 * MALFORMED_RESPONSE naming the field.
 */
export function toDecimalString(value: unknown, field: string, integration?: IntegrationSource): string {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else throw malformed(field, value, integration);
  if (!decimalPattern.test(text) && !(typeof value === 'number' && /e/i.test(text))) throw malformed(field, value, integration);
  return new Decimal(text).toFixed();
}

/** Like {@link toDecimalString} but null/undefined stay null. */
export function toOptionalDecimalString(value: unknown, field: string, integration?: IntegrationSource): string | null {
  return value === null || value === undefined ? null : toDecimalString(value, field, integration);
}

export function addDecimals(...values: (string | null | undefined)[]): string {
  return values.reduce<Decimal>((sum, v) => (v == null ? sum : sum.plus(v)), new Decimal(0)).toFixed();
}

export function subtractDecimals(a: string, b: string): string {
  return new Decimal(a).minus(b).toFixed();
}

export function multiplyDecimals(a: string, b: string): string {
  return new Decimal(a).times(b).toFixed();
}

/** a ÷ b rounded half-up to `dp` places; null when b is zero. */
export function divideDecimals(a: string, b: string, dp = 4): string | null {
  const divisor = new Decimal(b);
  if (divisor.isZero()) return null;
  return new Decimal(a).dividedBy(divisor).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP).toFixed();
}

/**
 * Vendor timestamp (ISO-8601, any offset) as ISO UTC with `Z`. Throws MALFORMED_RESPONSE for
 * anything `Date` cannot read or that lacks a time zone (a zone-less time is ambiguous).
 */
export function toUtcIso(value: unknown, field: string, integration?: IntegrationSource): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw malformed(field, value, integration);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw malformed(field, value, integration);
  return new Date(ms).toISOString();
}

export function toOptionalUtcIso(value: unknown, field: string, integration?: IntegrationSource): string | null {
  return value === null || value === undefined || value === '' ? null : toUtcIso(value, field, integration);
}

function malformed(field: string, value: unknown, integration?: IntegrationSource): ConnectorError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  return new ConnectorError('MALFORMED_RESPONSE', `field ${field} has an unexpected value (${shown})`, { integration });
}
