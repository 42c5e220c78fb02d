import type { ImportFieldDefinition, ImportIssue, ImportMapping } from '@sentia/contracts/imports';

/** Lower case, punctuation and spacing folded, so "Order-ID", "order_id" and " Order ID " all read "order id". */
export const normaliseHeader = (header: string): string =>
  header
    .replace(/^\uFEFF/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();

export interface HeaderMapping {
  /** Field → column index in the row, for the fields found. */
  columns: Map<string, number>;
  /** Field → header text (null when absent), as reported back. */
  mapping: Record<string, string | null>;
  unmappedHeaders: string[];
  issues: ImportIssue[];
}

/**
 * Matches the file's headers to the entity's fields: an explicit user mapping first (field → header, or null to
 * ignore the field), then the field's aliases, its name and its label. Each header feeds at most one field.
 */
export function mapHeaders(headers: readonly string[], fields: readonly ImportFieldDefinition[], userMapping: ImportMapping = {}): HeaderMapping {
  const columns = new Map<string, number>();
  const issues: ImportIssue[] = [];
  const used = new Set<number>();
  const normalised = headers.map(normaliseHeader);
  const known = new Set(fields.map((f) => f.field));

  for (const [field, header] of Object.entries(userMapping)) {
    if (!known.has(field)) {
      issues.push({ row: 0, column: field, value: header ?? '', message: `"${field}" is not a field of this import` });
      continue;
    }
    if (header === null) continue;
    const index = headers.findIndex((h) => h === header);
    const fallback = index >= 0 ? index : normalised.indexOf(normaliseHeader(header));
    if (fallback < 0) issues.push({ row: 0, column: field, value: header, message: `the file has no column "${header}"` });
    else {
      columns.set(field, fallback);
      used.add(fallback);
    }
  }
  for (const def of fields) {
    if (columns.has(def.field) || def.field in userMapping) continue;
    const candidates = [...def.aliases, def.field, def.label].map(normaliseHeader);
    const index = candidates.map((c) => normalised.findIndex((h, i) => h === c && !used.has(i))).find((i) => i >= 0);
    if (index !== undefined) {
      columns.set(def.field, index);
      used.add(index);
    }
  }
  for (const def of fields) {
    if (def.required && !columns.has(def.field)) issues.push({ row: 1, column: def.label, value: '', message: `required column "${def.label}" is missing: add it or map a column to it` });
  }
  const mapping = Object.fromEntries(fields.map((def) => [def.field, columns.has(def.field) ? (headers[columns.get(def.field)!] ?? null) : null]));
  const unmappedHeaders = headers.filter((h, i) => !used.has(i) && h.trim() !== '');
  return { columns, mapping, unmappedHeaders, issues };
}
