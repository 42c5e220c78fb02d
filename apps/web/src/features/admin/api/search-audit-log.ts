import { auditPageSchema, type AuditPage, type AuditQuery } from '@sentia/contracts/audit';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, buildUrl } from '@/lib/api-client.ts';

export type AuditFilters = Omit<AuditQuery, 'limit' | 'before'>;

/** One page of audit entries, newest first; `before` is the cursor from the previous page. */
export function searchAuditLog(filters: AuditFilters, before: number | undefined, signal?: AbortSignal): Promise<AuditPage> {
  return apiRequest('/api/admin/audit', { query: { ...filters, before, limit: 50 }, schema: auditPageSchema, signal });
}

export function useAuditLog(filters: AuditFilters, before: number | undefined) {
  return useQuery({ queryKey: ['admin', 'audit', filters, before ?? null], queryFn: ({ signal }) => searchAuditLog(filters, before, signal), placeholderData: keepPreviousData });
}

/** The CSV export of every entry matching the filters (a plain link: the browser downloads it with the session cookie). */
export const auditExportUrl = (filters: AuditFilters) => buildUrl('/api/admin/audit/export.csv', filters);
