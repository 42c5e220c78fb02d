import type { ImportIssue } from '@sentia/contracts/imports';

/**
 * A cell a spreadsheet would run as a formula when the report is opened (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, per OWASP's CSV-injection advice; then it is quoted as RFC 4180 requires.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const errorReportHeader = 'row,column,value,message\r\n';

/** One line of the error report. */
export function errorReportLine(issue: ImportIssue): string {
  return `${[String(issue.row), issue.column, issue.value, issue.message].map(csvCell).join(',')}\r\n`;
}
