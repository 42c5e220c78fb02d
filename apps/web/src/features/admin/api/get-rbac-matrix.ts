import { rbacMatrixSchema, type RbacMatrix } from '@sentia/contracts/admin';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

export const rbacMatrixQueryKey = ['admin', 'rbac'] as const;

/** The role × permission matrix as stored. */
export function getRbacMatrix(signal?: AbortSignal): Promise<RbacMatrix> {
  return apiRequest('/api/admin/rbac', { schema: rbacMatrixSchema, signal });
}

export function useRbacMatrix() {
  return useQuery({ queryKey: rbacMatrixQueryKey, queryFn: ({ signal }) => getRbacMatrix(signal) });
}
