import { rbacChangeResponseSchema, type RbacChangeRequest, type RbacMatrix } from '@sentia/contracts/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';
import { rbacMatrixQueryKey } from './get-rbac-matrix.ts';

/** Grants and revokes cells of the matrix in one transaction; answers the matrix as saved. */
export function changeRbacMatrix(changes: RbacChangeRequest['changes']): Promise<{ matrix: RbacMatrix; changed: number }> {
  return apiRequest('/api/admin/rbac', { method: 'PATCH', body: { changes }, schema: rbacChangeResponseSchema });
}

export function useChangeRbacMatrix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeRbacMatrix,
    onSuccess: ({ matrix }) => {
      queryClient.setQueryData(rbacMatrixQueryKey, matrix);
      // The admin's own permissions may have changed too.
      void queryClient.invalidateQueries({ queryKey: ['auth'] });
    },
  });
}
