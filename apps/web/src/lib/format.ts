import type { Currency } from '@sentia/contracts/common';

/** Display locale: the company reports from the UK; numbers must read the same for every user. */
export const displayLocale = 'en-GB';

type Decimalish = string | number;

/**
 * Intl formats a decimal string exactly (Intl.NumberFormat v3), so money never passes through a
 * JS float on its way to the screen: "0.285" rounds to "0.29", not "0.28".
 */
function asNumeric(value: Decimalish): Intl.StringNumericLiteral | number {
  return typeof value === 'number' ? value : (value as Intl.StringNumericLiteral);
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(displayLocale, options);
    cache.set(key, format);
  }
  return format;
}

/** Money in the reporting currency, e.g. "£1,234,567" (whole units) or "£1.23M" when compact. */
export function formatMoney(amount: Decimalish, currency: Currency, options: { compact?: boolean; fractionDigits?: number } = {}): string {
  if (options.compact) {
    return numberFormat({ style: 'currency', currency, notation: 'compact', maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(asNumeric(amount));
  }
  const digits = options.fractionDigits ?? 0;
  return numberFormat({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(asNumeric(amount));
}

/** A count such as units sold, e.g. "12,480"; compact gives "12.5K". */
export function formatCount(value: Decimalish, options: { compact?: boolean } = {}): string {
  return numberFormat(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 }).format(asNumeric(value));
}

/** A value already expressed in percent (0–100), e.g. "42.5%". */
export function formatPercent(value: Decimalish, fractionDigits = 1): string {
  return numberFormat({ style: 'unit', unit: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(asNumeric(value));
}

/** A ratio such as inventory turnover, e.g. "4.2×". */
export function formatRatio(value: Decimalish, fractionDigits = 1): string {
  return `${numberFormat({ minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(asNumeric(value))}×`;
}

/** A duration in days, e.g. "38.5 days". */
export function formatDays(value: Decimalish, fractionDigits = 1): string {
  return numberFormat({ style: 'unit', unit: 'day', unitDisplay: 'long', minimumFractionDigits: 0, maximumFractionDigits: fractionDigits }).format(asNumeric(value));
}

/** A signed relative change in percent, e.g. "+3.4%", "−1.2%", "0.0%". */
export function formatChange(pct: number): string {
  return numberFormat({ style: 'unit', unit: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(pct);
}

/** A calendar date (YYYY-MM-DD, UTC) as "26 Nov 2026". */
export function formatDate(isoDate: string, options: { withYear?: boolean } = {}): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return new Intl.DateTimeFormat(displayLocale, {
    day: 'numeric',
    month: 'short',
    ...(options.withYear === false ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(date);
}

/** "just now", "3 min ago", "2 h ago", "4 days ago" for an age in seconds. */
export function formatAge(seconds: number): string {
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
