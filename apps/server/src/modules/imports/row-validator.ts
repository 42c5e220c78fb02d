import type { ImportFieldDefinition, ImportIssue } from '@sentia/contracts/imports';
import { Dec } from '@sentia/domain/money/money';

/** A row as the validators see it: the mapped cells by field. */
export interface MappedRow {
  row: number;
  values: Map<string, string>;
  /** Fields whose cell held a spreadsheet formula (xlsx). */
  formulas: Set<string>;
}

/** Longest text accepted in one cell: keeps a pasted document out of a product name. */
export const MAX_CELL_LENGTH = 500;
const FORMULA_START = /^(?:[=@\t\r]|[+-](?![\d.]))/;

/**
 * Reads typed values out of one row and collects what is wrong with it, so one pass reports every problem of
 * the row (not just the first). Each reader returns undefined when the value is missing or invalid.
 */
export function createRowValidator(row: MappedRow, fields: readonly ImportFieldDefinition[]) {
  const issues: ImportIssue[] = [];
  const labels = new Map(fields.map((f) => [f.field, f.label]));
  const label = (field: string) => labels.get(field) ?? field;
  const issue = (field: string, value: string, message: string) => issues.push({ row: row.row, column: label(field), value: value.slice(0, 200), message });

  /** The trimmed cell, after the checks every cell gets (formulas, length); undefined when empty. */
  const raw = (field: string, required: boolean): string | undefined => {
    const value = (row.values.get(field) ?? '').trim();
    if (row.formulas.has(field)) {
      issue(field, value, 'the cell holds a spreadsheet formula: paste the value instead');
      return undefined;
    }
    if (value === '') {
      if (required) issue(field, '', 'required value is missing');
      return undefined;
    }
    if (FORMULA_START.test(value)) {
      issue(field, value, 'starts like a spreadsheet formula (=, +, -, @): remove the leading character');
      return undefined;
    }
    if (value.length > MAX_CELL_LENGTH) {
      issue(field, value, `longer than ${MAX_CELL_LENGTH} characters`);
      return undefined;
    }
    return value;
  };

  return {
    issues,
    issue,
    text(field: string, opts: { required?: boolean; max?: number; pattern?: RegExp; patternMessage?: string } = {}): string | undefined {
      const value = raw(field, opts.required ?? false);
      if (value === undefined) return undefined;
      if (opts.max !== undefined && value.length > opts.max) return void issue(field, value, `longer than ${opts.max} characters`);
      if (opts.pattern && !opts.pattern.test(value)) return void issue(field, value, opts.patternMessage ?? 'has an invalid format');
      return value;
    },
    oneOf<T extends string>(field: string, allowed: readonly T[], opts: { required?: boolean; what?: string } = {}): T | undefined {
      const value = raw(field, opts.required ?? false);
      if (value === undefined) return undefined;
      const upper = value.toUpperCase().replace(/[\s-]+/g, '_');
      const found = allowed.find((a) => a === upper);
      if (!found) return void issue(field, value, `${opts.what ?? 'value'} must be one of ${allowed.join(', ')}`);
      return found;
    },
    integer(field: string, opts: { required?: boolean; min?: number; max?: number; negativeMessage?: string } = {}): number | undefined {
      const value = raw(field, opts.required ?? false);
      if (value === undefined) return undefined;
      const cleaned = value.replace(/,/g, '');
      if (!/^-?\d+(\.0+)?$/.test(cleaned)) return void issue(field, value, 'must be a whole number');
      const n = Number.parseInt(cleaned, 10);
      if (n < 0 && opts.negativeMessage) return void issue(field, value, opts.negativeMessage);
      if (opts.min !== undefined && n < opts.min) return void issue(field, value, `must be at least ${opts.min}`);
      const max = opts.max ?? 1_000_000_000;
      if (n > max) return void issue(field, value, `must be at most ${max}`);
      return n;
    },
    /** A decimal as a normalised string (never a float), at most `scale` decimals. */
    decimal(field: string, opts: { required?: boolean; min?: string; max?: string; scale?: number; negativeMessage?: string } = {}): string | undefined {
      const value = raw(field, opts.required ?? false);
      if (value === undefined) return undefined;
      const cleaned = value.replace(/^[£€$]/, '').replace(/,/g, '');
      if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return void issue(field, value, 'must be a number (use . for decimals)');
      const d = new Dec(cleaned);
      if (d.isNegative() && !d.isZero() && opts.negativeMessage) return void issue(field, value, opts.negativeMessage);
      if (opts.min !== undefined && d.lt(opts.min)) return void issue(field, value, `must be at least ${opts.min}`);
      if (opts.max !== undefined && d.gt(opts.max)) return void issue(field, value, `must be at most ${opts.max}`);
      const scale = opts.scale ?? 4;
      if (d.decimalPlaces() > scale) return void issue(field, value, `has more than ${scale} decimal places`);
      if (d.abs().gte('1e14')) return void issue(field, value, 'is too large');
      return d.toFixed();
    },
    /** A calendar day (YYYY-MM-DD) or an instant; `from`/`to` bound the UTC day (inclusive). */
    instant(field: string, opts: { required?: boolean; from: string; to: string; rangeMessage?: string }): Date | undefined {
      const value = raw(field, opts.required ?? false);
      if (value === undefined) return undefined;
      const at = parseInstant(value);
      if (!at) return void issue(field, value, 'is not a date (use YYYY-MM-DD or an ISO date-time)');
      const day = at.toISOString().slice(0, 10);
      if (day < opts.from || day > opts.to) return void issue(field, value, opts.rangeMessage ?? `must be between ${opts.from} and ${opts.to}`);
      return at;
    },
    boolean(field: string): boolean | undefined {
      const value = raw(field, false);
      if (value === undefined) return undefined;
      const v = value.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(v)) return true;
      if (['false', 'no', 'n', '0'].includes(v)) return false;
      return void issue(field, value, 'must be true/false or yes/no');
    },
  };
}

export type RowValidator = ReturnType<typeof createRowValidator>;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * ISO dates and date-times (a time without offset is UTC), and Excel serial day numbers (what a date cell holds
 * when its format is lost). Anything else (locale formats like 03/04/2026 are ambiguous) is refused.
 */
export function parseInstant(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d;
  }
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (iso) {
    const d = new Date(`${iso[1]}T${iso[2]}${iso[5] ?? 'Z'}`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (/^\d{5}(\.\d+)?$/.test(value)) {
    const d = new Date(EXCEL_EPOCH_MS + Math.round(Number(value) * 86_400_000));
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (day: string, days: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
