import { auditChainReportSchema, type AuditChainReport } from '@sentia/contracts/audit';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Recomputes the audit hash chain on the server: intact, or the first broken entry. */
export function verifyAuditChain(signal?: AbortSignal): Promise<AuditChainReport> {
  return apiRequest('/api/admin/audit/verify', { schema: auditChainReportSchema, signal });
}

export function useAuditChain() {
  return useQuery({ queryKey: ['admin', 'audit-chain'], queryFn: ({ signal }) => verifyAuditChain(signal), staleTime: 60_000 });
}
