import type { AuditEntryView } from '@sentia/contracts/audit';

export const auditCsvColumns = ['seq', 'createdAt', 'actor', 'actorRole', 'userId', 'action', 'entityType', 'entityId', 'before', 'after', 'ipAddress', 'userAgent', 'requestId', 'prevHash', 'hash'] as const;

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (leading =, +, -, @, tab, CR) is prefixed with
 * an apostrophe (OWASP CSV injection advice): audit text such as user agents is attacker-controlled.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line of the audit CSV export. */
export const auditCsvHeader = `${auditCsvColumns.join(',')}\r\n`;

/** One audit entry as a CSV line (CRLF-terminated). */
export function auditCsvLine(e: AuditEntryView): string {
  return `${auditCsvColumns.map((c) => csvField(e[c])).join(',')}\r\n`;
}
